"""spaCy's rule-based Spanish tokenizer, without a trained spaCy model.

Rasa's SpacyNLP loads a whole model (tagger, morphologizer, lemmatizer, NER) and runs it on every
message. Without word vectors those only supplied lemmas, which changed no held-out result, and
`spacy.blank("es")` splits every training, held-out and conversation-suite sentence exactly as
es_core_news_sm's tokenizer did. So no model package is needed: the language's own rules suffice.
"""

from typing import Any, Dict, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MODEL_LOADER, DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER],
    is_trainable=False,
    model_from="SpacyTokensOnly",
)
class SpacyTokensOnly(SpacyNLP):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**SpacyNLP.get_default_config(), "language": "es"}

    @staticmethod
    def load_model(language: Text) -> SpacyModel:
        import spacy

        return SpacyModel(model=spacy.blank(language), model_name=f"blank:{language}")

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SpacyTokensOnly":
        config = {**cls.get_default_config(), **config}
        return cls(cls.load_model(config["language"]), config)
