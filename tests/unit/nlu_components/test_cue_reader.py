"""CueReader (nlu_components/cue_reader.py) on its own, on messages the classifier has already read.

Each message is built by hand with the intent, ranking and entities the components before the cue
reader (the logistic regression, the CRF, the unknown-words fallback) would have left on it.
"""

from pathlib import Path

import pytest
import yaml
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot import understanding
from nlu_components import cue_reader
from nlu_components.cue_reader import CueReader

ROOT = Path(__file__).resolve().parents[3]

# The intent names live as literals in `decide` (bot/understanding.py has constants for entity values
# only), so they are taken from `decide` itself on readings built by hand: an outage said together
# with a priority-1 cue is an incident; an empty message is a greeting.
INCIDENT = cue_reader.decide(understanding.Reading(text="x", outage=True, critical=True), None, None)["intent"]
GREET = cue_reader.decide(understanding.Reading(text=""), None, None)["intent"]
CRITICALITY = "criticality"


@pytest.fixture(scope="module")
def reader(tmp_path_factory) -> CueReader:
    storage = LocalModelStorage(tmp_path_factory.mktemp("cue_reader"))
    return CueReader.create(
        {**CueReader.get_default_config()}, storage, Resource("cue_reader"), ExecutionContext(GraphSchema({}), "test")
    )


def classified(text, ranking, entities=()):
    """A message as the classifier leaves it: its best guess as INTENT, all guesses as the ranking."""
    ranking = [{INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence} for name, confidence in ranking]
    message = Message(data={TEXT: text})
    message.set(
        INTENT,
        dict(ranking[0]) if ranking else {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0},
        add_to_output=True,
    )
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
    message.set(ENTITIES, [dict(entity) for entity in entities], add_to_output=True)
    return message


def values(message, entity_type):
    return [e[ENTITY_ATTRIBUTE_VALUE] for e in message.get(ENTITIES) if e[ENTITY_ATTRIBUTE_TYPE] == entity_type]


def test_the_intent_names_taken_from_decide_are_intents_of_the_domain():
    intents = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"]
    assert INCIDENT in intents
    assert GREET in intents


def test_a_clear_outage_with_a_priority_cue_becomes_a_critical_incident(reader):
    message = classified(
        "se cayó todo el sistema de huellas, nadie puede trabajar",
        [(GREET, 0.46), (INCIDENT, 0.38), ("ask_contact", 0.16)],
    )

    reader.process([message])

    assert message.get(INTENT) == {INTENT_NAME_KEY: INCIDENT, PREDICTED_CONFIDENCE_KEY: 1.0}
    ranking = message.get(INTENT_RANKING_KEY)
    assert ranking[0] == message.get(INTENT)
    assert [r[INTENT_NAME_KEY] for r in ranking].count(INCIDENT) == 1
    # The classifier's other guesses stay, in order, at half weight: not ambiguous for FallbackClassifier.
    assert [(r[INTENT_NAME_KEY], r[PREDICTED_CONFIDENCE_KEY]) for r in ranking[1:]] == [
        (GREET, pytest.approx(0.23)),
        ("ask_contact", pytest.approx(0.08)),
    ]
    criticality = [e for e in message.get(ENTITIES) if e[ENTITY_ATTRIBUTE_TYPE] == CRITICALITY]
    assert len(criticality) == 1
    assert criticality[0][ENTITY_ATTRIBUTE_VALUE] == understanding.CRITICAL_VALUE
    assert criticality[0][EXTRACTOR] == cue_reader.EXTRACTOR


def test_a_negated_urgency_is_not_critical_and_drops_the_extractors_guess(reader):
    # The CRF saw "urgente" (a criticality synonym) and guessed "critico".
    crf_guess = {
        ENTITY_ATTRIBUTE_TYPE: CRITICALITY,
        ENTITY_ATTRIBUTE_VALUE: understanding.CRITICAL_VALUE,
        ENTITY_ATTRIBUTE_START: 6,
        ENTITY_ATTRIBUTE_END: 13,
        EXTRACTOR: "CRFEntityExtractor",
    }
    message = classified("no es urgente, es un detalle menor", [(INCIDENT, 0.58), (GREET, 0.42)], [crf_guess])

    reader.process([message])

    assert values(message, CRITICALITY) == [understanding.NOT_CRITICAL_VALUE]
    # No outage and no cue for a route: the classifier's intent is not promoted to a certainty.
    assert message.get(INTENT) == {INTENT_NAME_KEY: INCIDENT, PREDICTED_CONFIDENCE_KEY: 0.58}


def test_an_outage_said_not_to_be_urgent_is_an_incident_but_not_critical(reader):
    message = classified(
        "el lector de huellas está fallando, pero no es urgente, es un detalle menor", [(GREET, 0.5), (INCIDENT, 0.5)]
    )

    reader.process([message])

    assert message.get(INTENT)[INTENT_NAME_KEY] == INCIDENT
    assert values(message, CRITICALITY) == [understanding.NOT_CRITICAL_VALUE]


def test_a_message_without_cues_keeps_the_classifiers_reading(reader):
    ranking = [(INCIDENT, 0.55), (GREET, 0.3), ("ask_contact", 0.15)]
    message = classified("¿me pueden ayudar a cambiar mi contraseña?", ranking)
    before = (dict(message.get(INTENT)), [dict(r) for r in message.get(INTENT_RANKING_KEY)])

    reader.process([message])

    assert (message.get(INTENT), message.get(INTENT_RANKING_KEY)) == before
    assert message.get(ENTITIES) == []


def test_a_cue_drops_the_unknown_words_fallback_from_the_ranking(reader):
    # UnknownWordsFallback put nlu_fallback first, ahead of the classifier's guesses.
    message = classified(
        "nos quedamos sin sistema en toda la oficina",
        [(DEFAULT_NLU_FALLBACK_INTENT_NAME, 1.0), (GREET, 0.6), (INCIDENT, 0.4)],
    )

    reader.process([message])

    assert message.get(INTENT) == {INTENT_NAME_KEY: INCIDENT, PREDICTED_CONFIDENCE_KEY: 1.0}
    names = [r[INTENT_NAME_KEY] for r in message.get(INTENT_RANKING_KEY)]
    assert DEFAULT_NLU_FALLBACK_INTENT_NAME not in names
    assert names == [INCIDENT, GREET]


def test_a_criticality_the_extractor_already_found_keeps_its_span(reader):
    text = "urgente: desde esta mañana el sistema de firmas está caído en todas las sedes"
    crf_entity = {
        ENTITY_ATTRIBUTE_TYPE: CRITICALITY,
        ENTITY_ATTRIBUTE_VALUE: understanding.CRITICAL_VALUE,
        ENTITY_ATTRIBUTE_START: 0,
        ENTITY_ATTRIBUTE_END: 7,
        EXTRACTOR: "CRFEntityExtractor",
    }
    message = classified(text, [(INCIDENT, 0.9)], [crf_entity])

    reader.process([message])

    criticality = [e for e in message.get(ENTITIES) if e[ENTITY_ATTRIBUTE_TYPE] == CRITICALITY]
    assert criticality == [crf_entity]


def test_an_empty_message_the_classifier_could_not_read_is_a_greeting(reader):
    # IntentLogisticRegression leaves no intent and an empty ranking on a message without features.
    message = classified("", [])

    reader.process([message])

    assert message.get(INTENT) == {INTENT_NAME_KEY: GREET, PREDICTED_CONFIDENCE_KEY: 1.0}
    assert message.get(INTENT_RANKING_KEY) == [message.get(INTENT)]


def test_button_payloads_are_left_alone(reader):
    message = classified(f"/{GREET}", [(GREET, 1.0)])

    reader.process([message])

    assert message.get(INTENT) == {INTENT_NAME_KEY: GREET, PREDICTED_CONFIDENCE_KEY: 1.0}
    assert message.get(ENTITIES) == []
