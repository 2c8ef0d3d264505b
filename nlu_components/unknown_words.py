"""Sends messages made only of words never seen in training to the NLU fallback.

A classifier can be confidently wrong on text it has no vocabulary for: DIET rated "qwerty", "😀😀😀"
and "..." `affirm` with 0.99, which would answer "yes" to "is your operation stopped?". When not one
token of a message appeared in the training examples, nothing was understood: the intent becomes
`nlu_fallback` and the entities (noise) are dropped, so the bot offers its options and contacts.
"""

import json
import re
from typing import Any, Dict, Iterable, List, Optional, Set, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.spanish import fold

VOCABULARY_FILE = "vocabulary.json"


# An HTML or XML tag ("<img src=x onerror=…>") is markup, not words a person says.
_TAG = re.compile(r"<[^<>]*>")


def _words(message: Message) -> Iterable[Text]:
    """Folded tokens that contain a letter or digit (punctuation and emoji carry no meaning here),
    outside markup tags."""
    tags = [match.span() for match in _TAG.finditer(message.get(TEXT) or "")]
    for token in message.get(TOKENS_NAMES[TEXT], []) or []:
        if any(start <= token.start and token.end <= end for start, end in tags):
            continue
        word = fold(token.text)
        if any(character.isalnum() for character in word):
            yield word


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class UnknownWordsFallback(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    def __init__(self, model_storage: ModelStorage, resource: Resource, vocabulary: Optional[Set[Text]] = None):
        self._model_storage = model_storage
        self._resource = resource
        self.vocabulary = vocabulary or set()

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "UnknownWordsFallback":
        return cls(model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        self.vocabulary = {word for example in training_data.intent_examples for word in _words(example)}
        with self._model_storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(json.dumps(sorted(self.vocabulary)), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "UnknownWordsFallback":
        with model_storage.read_from(resource) as directory:
            vocabulary = set(json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8")))
        return cls(model_storage, resource, vocabulary)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if message.get(TEXT, "").startswith("/"):
                continue  # button payloads and typed intents are not natural language
            if not any(word in self.vocabulary for word in _words(message)):
                fallback = {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME, PREDICTED_CONFIDENCE_KEY: 1.0}
                message.set(INTENT, fallback, add_to_output=True)
                message.set(
                    INTENT_RANKING_KEY, [fallback] + list(message.get(INTENT_RANKING_KEY) or []), add_to_output=True
                )
                message.set(ENTITIES, [], add_to_output=True)
        return messages
