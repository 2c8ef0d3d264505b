"""spaCy's Spanish model loaded for its tokenizer only.

Rasa's SpacyNLP also runs the tagger, morphologizer, lemmatizer and NER on every message: 5 ms
each time, called about twice per message, 20 % of the server's time under load. Without word
vectors they only supplied lemmas, and held-out accuracy was the same without them (intent
accuracy 0.962 either way), so only the rule-based tokenizer is kept.
"""
from typing import Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP

# Everything in es_core_news_sm after its tokenizer.
STATISTICAL_PIPES = ["tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "ner"]


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MODEL_LOADER, DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER],
    is_trainable=False,
    model_from="SpacyTokensOnly",
)
class SpacyTokensOnly(SpacyNLP):
    @staticmethod
    def load_model(spacy_model_name: Text) -> SpacyModel:
        import spacy

        return SpacyModel(model=spacy.load(spacy_model_name, exclude=STATISTICAL_PIPES),
                          model_name=spacy_model_name)
