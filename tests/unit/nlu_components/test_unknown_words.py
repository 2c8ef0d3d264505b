"""UnknownWordsFallback (nlu_components/unknown_words.py) on its own.

Trained on a few tokenized intent examples (Rasa's WhitespaceTokenizer, so no spaCy model is
loaded); each message then arrives as the classifier left it: confidently wrong, with noise entities.
"""

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu_components.unknown_words import UnknownWordsFallback

TRAINING = [
    ("el lector de huellas no funciona", "report_incident"),
    ("la biometría está lenta", "report_incident"),
    ("buenas tardes", "greet"),
    ("necesito el horario de atención", "ask_hours"),
]
# What the classifier and the CRF said before the fallback: "affirm" at 0.97 and an entity from noise.
CLASSIFIER_RANKING = [
    {INTENT_NAME_KEY: "affirm", PREDICTED_CONFIDENCE_KEY: 0.97},
    {INTENT_NAME_KEY: "greet", PREDICTED_CONFIDENCE_KEY: 0.03},
]
NOISE_ENTITY = {ENTITY_ATTRIBUTE_TYPE: "product", ENTITY_ATTRIBUTE_VALUE: "gato", "start": 3, "end": 7}


@pytest.fixture(scope="module")
def storage(tmp_path_factory):
    return LocalModelStorage(tmp_path_factory.mktemp("unknown_words"))


@pytest.fixture(scope="module")
def context():
    return ExecutionContext(GraphSchema({}), "test")


@pytest.fixture(scope="module")
def tokenizer(storage, context):
    return WhitespaceTokenizer.create(
        {**WhitespaceTokenizer.get_default_config()}, storage, Resource("tokenizer"), context
    )


@pytest.fixture(scope="module")
def resource():
    return Resource("unknown_words")


@pytest.fixture(scope="module")
def fallback(tokenizer, storage, resource, context):
    training_data = TrainingData([Message(data={TEXT: text, INTENT: intent}) for text, intent in TRAINING])
    tokenizer.process_training_data(training_data)
    component = UnknownWordsFallback.create({**UnknownWordsFallback.get_default_config()}, storage, resource, context)
    assert component.train(training_data) == resource
    return component


def classified(tokenizer, text):
    message = Message(data={TEXT: text})
    tokenizer.process([message])
    message.set(INTENT, dict(CLASSIFIER_RANKING[0]), add_to_output=True)
    message.set(INTENT_RANKING_KEY, [dict(r) for r in CLASSIFIER_RANKING], add_to_output=True)
    message.set(ENTITIES, [dict(NOISE_ENTITY)], add_to_output=True)
    return message


def assert_sent_to_fallback(message):
    fallback = {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME, PREDICTED_CONFIDENCE_KEY: 1.0}
    assert message.get(INTENT) == fallback
    # The classifier's guesses stay behind it (the cue reader may still decide from them).
    assert message.get(INTENT_RANKING_KEY) == [fallback] + CLASSIFIER_RANKING
    assert message.get(ENTITIES) == []


def assert_left_alone(message):
    assert message.get(INTENT) == CLASSIFIER_RANKING[0]
    assert message.get(INTENT_RANKING_KEY) == CLASSIFIER_RANKING
    assert message.get(ENTITIES) == [NOISE_ENTITY]


@pytest.mark.parametrize("text", ["mi gato duerme sobre teclados", "qwerty asdf", "😀😀😀", "...", ""])
def test_a_message_made_only_of_unseen_words_goes_to_the_fallback(fallback, tokenizer, text):
    message = classified(tokenizer, text)

    fallback.process([message])

    assert_sent_to_fallback(message)


@pytest.mark.parametrize(
    "text",
    [
        "mi gato pisó las huellas",  # one word of the training examples among unseen ones
        "BIOMETRIA?",  # seen as "biometría": case and accents do not matter
        "¿Horario?",
    ],
)
def test_a_message_with_one_known_word_is_left_alone(fallback, tokenizer, text):
    message = classified(tokenizer, text)

    fallback.process([message])

    assert_left_alone(message)


def test_words_inside_markup_tags_are_not_words_a_person_said(fallback, tokenizer):
    # "huellas" is a known word, but inside a tag it is an attribute of an attack, not something said.
    attack, said = classified(tokenizer, '<img alt="huellas" onerror="x()">'), classified(tokenizer, "<b>huellas</b>")

    fallback.process([attack, said])

    assert_sent_to_fallback(attack)
    assert_left_alone(said)


def test_button_payloads_are_not_read_as_words(fallback, tokenizer):
    message = classified(tokenizer, "/affirm")

    fallback.process([message])

    assert_left_alone(message)


def test_loaded_back_it_knows_the_same_words(fallback, tokenizer, storage, resource, context):
    loaded = UnknownWordsFallback.load({}, storage, resource, context)
    unknown, known = classified(tokenizer, "mi gato duerme sobre teclados"), classified(tokenizer, "huellas raras")

    loaded.process([unknown, known])

    assert loaded.vocabulary == fallback.vocabulary
    assert_sent_to_fallback(unknown)
    assert_left_alone(known)
