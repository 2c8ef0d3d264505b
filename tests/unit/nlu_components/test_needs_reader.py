"""NeedsReader (nlu_components/needs_reader.py) on its own: trained on the project's training data, on
messages as the components before it leave them (the whole message's intent and entities)."""

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message

from bot.needs import Need, decode
from nlu_components.needs_reader import NeedsReader

ROOT = Path(__file__).resolve().parents[3]
CONTEXT = ExecutionContext(GraphSchema({}), "test")


@pytest.fixture(scope="module")
def storage(tmp_path_factory):
    return LocalModelStorage(tmp_path_factory.mktemp("needs_reader"))


@pytest.fixture(scope="module")
def reader(storage) -> NeedsReader:
    component = NeedsReader.create(NeedsReader.get_default_config(), storage, Resource("needs"), CONTEXT)
    component.train(load_data(str(ROOT / "data" / "nlu")))
    return component


def read(reader, text, intent, confidence=0.9, **entities):
    """The message as the pipeline leaves it, read by the component: its intent, entities and other needs."""
    message = Message(data={TEXT: text})
    message.set(INTENT, {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: confidence}, add_to_output=True)
    message.set(ENTITIES, [{"entity": k, "value": v, "start": 0, "end": 0} for k, v in entities.items()])
    reader.process([message])
    found = {e["entity"]: e["value"] for e in message.get(ENTITIES)}
    return message.get(INTENT)[INTENT_NAME_KEY], found, decode(found.get("more_needs"))


def test_two_needs_the_more_urgent_first_and_the_other_travels_with_it(reader):
    intent, entities, others = read(
        reader,
        "¿Me da el teléfono de biometría? También quiero radicar una petición",
        "pqrsa",
        1.0,
        pqrsa_type="peticion",
    )
    assert (intent, entities.get("pqrsa_type")) == ("pqrsa", "peticion")
    assert [(n.intent, n.product, n.detail("channel_kind")) for n in others] == [
        ("ask_contact", "biometria", "telefono")
    ]


def test_a_critical_outage_comes_before_anything_else(reader):
    text = "quiero dejar una queja por la demora de ayer. Y ahora se cayó el gestor documental y nadie puede radicar"
    intent, entities, others = read(reader, text, "pqrsa")
    assert (intent, entities.get("product"), entities.get("criticality")) == (
        "report_incident",
        "certigestor",
        "critico",
    )
    assert [n.intent for n in others] == ["pqrsa"]


def test_one_need_told_in_two_sentences_stays_one(reader):
    text = "se nos cayó el gestor documental. Estamos todos quietos"
    intent, entities, others = read(reader, text, "report_incident", 1.0, product="certigestor", criticality="critico")
    assert (intent, entities["product"], others) == ("report_incident", "certigestor", [])


def test_a_greeting_before_the_need_leaves_only_the_need(reader):
    text = "Buenas noches, les escribo de la alcaldía de Tenjo. El lector no me reconoce ningún dedo"
    intent, entities, others = read(reader, text, "greet", 0.6)
    assert (intent, entities.get("product"), others) == ("report_incident", "biometria", [])


def test_a_question_about_two_products_is_one_question_per_product(reader):
    intent, entities, others = read(reader, "¿la huella y el gestor documental atienden los sábados?", "ask_hours")
    assert (intent, entities["product"]) == ("ask_hours", "biometria")
    assert others == [Need("ask_hours", "certigestor")]


def test_what_a_message_says_of_the_operation_holds_for_the_failure_in_another_part(reader):
    text = "el certigestor no abre. No es urgente, lo reviso el lunes. ¿Me da el teléfono de la huella?"
    intent, entities, _ = read(reader, text, "ask_contact")
    assert (intent, entities["product"], entities["criticality"]) == ("report_incident", "certigestor", "no_critico")


def test_the_stored_classifier_reads_as_the_trained_one(reader, storage):
    loaded = NeedsReader.load(NeedsReader.get_default_config(), storage, Resource("needs"), CONTEXT)
    parts = ["quiero poner un reclamo por un cobro", "el captahuellas no prende"]
    assert loaded.classifier.classify(parts) == reader.classifier.classify(parts)


def test_button_payloads_are_left_alone(reader):
    assert read(reader, '/inform_product{"product":"biometria"}', "inform_product", 1.0)[0] == "inform_product"
