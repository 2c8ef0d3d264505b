"""Rasa's CountVectorsFeaturizer without the per-token counts that nothing in this pipeline reads.

For each message Rasa's featurizer counts words (or character n-grams) twice: token by token
(sequence features, which DIET-style components read) and for the whole sentence. In this pipeline
only the logistic regression reads these counts, and it reads the sentence; the CRF builds its own
token features. Counting the sentence only halved the featurizer's time per message
(benchmarks/README.md). Vocabulary, training, storage and the sentence features are Rasa's own.
"""

from typing import List, Optional, Text, Tuple

import scipy.sparse
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer

from rasa_runtime import compatibility

compatibility.check()  # _create_features below replaces a private method: refuse to train or serve if it moved

Counts = List[Optional[scipy.sparse.spmatrix]]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class SentenceCountsFeaturizer(CountVectorsFeaturizer):
    def _create_features(self, attribute: Text, all_tokens: List[List[Text]]) -> Tuple[Counts, Counts]:
        if not self.vectorizers.get(attribute):
            return [None], [None]
        sentences: Counts = []
        for tokens in all_tokens:
            if not tokens or attribute not in DENSE_FEATURIZABLE_ATTRIBUTES:
                sentences.append(None)
                continue
            counts = self.vectorizers[attribute].transform([" ".join(tokens)])
            counts.sort_indices()
            sentences.append(counts.tocoo())
        return [None] * len(sentences), sentences
