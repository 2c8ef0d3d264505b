"""SentenceCountsFeaturizer (nlu_components/sentence_counts.py) gives each message exactly the
sentence features of Rasa's CountVectorsFeaturizer, for words and for character n-grams, and no
per-token features."""

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu_components.sentence_counts import SentenceCountsFeaturizer

EXAMPLES = ["el lector de huellas no funciona", "cuál es el horario de CertiGestor", "hola, buenas noches"]
UNSEEN = ["la huella no sirve desde ayer", "certijestor esta caido!!", "", "qwerty"]
CONFIGS = {"words": {}, "char_ngrams": {"analyzer": "char_wb", "min_ngram": 2, "max_ngram": 5}}


def tokenized(texts, tokenizer):
    messages = [Message(data={TEXT: text}) for text in texts]
    tokenizer.process(messages)
    return messages


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_the_sentence_features_are_rasas_and_there_are_no_token_features(tmp_path, name):
    storage, context = LocalModelStorage(tmp_path), ExecutionContext(GraphSchema({}), "test")
    tokenizer = WhitespaceTokenizer.create(WhitespaceTokenizer.get_default_config(), storage, Resource("t"), context)
    featurizers = []
    for kind in (CountVectorsFeaturizer, SentenceCountsFeaturizer):
        featurizer = kind.create(
            {**kind.get_default_config(), **CONFIGS[name]}, storage, Resource(f"{kind.__name__}-{name}"), context
        )
        featurizer.train(TrainingData(tokenized(EXAMPLES, tokenizer)))
        featurizers.append(featurizer)
    rasas, ours = (featurizer.process(tokenized(EXAMPLES + UNSEEN, tokenizer)) for featurizer in featurizers)
    for theirs, mine in zip(rasas, ours):
        expected, got = theirs.get_sparse_features(TEXT)[1], mine.get_sparse_features(TEXT)[1]
        assert (expected is None) == (got is None)
        if expected is not None:
            assert np.array_equal(expected.features.toarray(), got.features.toarray())
        assert not [f for f in mine.features if f.type == FEATURE_TYPE_SEQUENCE]
        assert [f.type for f in mine.features] == [f.type for f in theirs.features if f.type == FEATURE_TYPE_SENTENCE]
