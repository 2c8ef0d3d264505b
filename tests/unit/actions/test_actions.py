"""Custom actions run with real rasa_sdk trackers and dispatchers, on a pinned Bogotá clock."""

import asyncio
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import (
    ActionAcknowledgeProduct,
    ActionAnswerEscalation,
    ActionAnswerIncident,
    ActionAnswerInformation,
    ActionAnswerPqrsa,
    ActionOfferOptions,
)
from actions.conversation import ActionSessionStart
from actions.forms import ActionAskOperationStopped, ActionAskProduct, ValidateIncidentForm
from actions.satisfaction import ActionTakeSatisfaction
from bot import words
from bot.cases import remembered
from bot.clock import FROZEN_NOW_VARIABLE
from bot.routing import Request, RequestKind

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[3] / "domain.yml").read_text(encoding="utf-8"))
CELL = "(57) 318 717 49 37"
MONDAY_NIGHT, MONDAY_MORNING = "2026-11-23T22:00", "2026-11-23T10:00"


def tracker(slots=None, intent="report_incident", entities=(), text="", requested_slot=None, ranking=()):
    values = {name: None for name in DOMAIN["slots"]}
    values.update(slots or {}, requested_slot=requested_slot)
    return Tracker(
        sender_id="prueba",
        slots=values,
        events=[],
        paused=False,
        followup_action=None,
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": 0.9},
            "entities": [{"entity": e, "value": v} for e, v in entities],
            "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking],
        },
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action, at, monkeypatch, **tracker_args):
    monkeypatch.setenv(FROZEN_NOW_VARIABLE, at)
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker(**tracker_args), DOMAIN))
    return dispatcher.messages, events


def texts(messages):
    return "\n".join(m.get("text") or "" for m in messages)


def test_critical_certigestor_incident_at_night_gets_the_cell(monkeypatch):
    messages, events = run(
        ActionAnswerIncident(), MONDAY_NIGHT, monkeypatch, slots={"product": "certigestor", "operation_stopped": True}
    )
    assert CELL in messages[0]["text"].splitlines()[1]
    # After the phone, the written case is offered, to the product's support desk.
    assert "¿Quiere que envíe su caso al soporte de CertiGestor" in messages[1]["text"]
    assert [b["payload"] for b in messages[1]["buttons"]] == ["/affirm", "/deny"]
    # Criticality is assessed afresh for the next incident; the product stays, and the answer is
    # remembered for a corrected product.
    assert events == [
        # What was handed over, for the desk's report.
        SlotSet("handed_over", {"need": "incidente_critico", "product": "certigestor", "contact": "celular_p1"}),
        SlotSet("case_offer", remembered(Request(RequestKind.INCIDENT, "certigestor", critical=True))),
        SlotSet("product", "certigestor"),
        SlotSet("criticality", None),
        SlotSet("operation_stopped", None),
        SlotSet("last_request", "incidente_critico"),
    ]


def test_a_stray_criticality_word_does_not_make_it_critical(monkeypatch):
    messages, _ = run(
        ActionAnswerIncident(), MONDAY_NIGHT, monkeypatch, slots={"product": "certigestor", "criticality": "no"}
    )
    assert CELL not in messages[0]["text"].splitlines()[1]


def test_product_slot_as_nlu_wrote_it_is_understood(monkeypatch):
    messages, _ = run(ActionAnswerIncident(), MONDAY_MORNING, monkeypatch, slots={"product": "CertiGestor"})
    assert "(601) 7442727, Opción 2 - opción 4" in texts(messages)


def test_forged_product_gets_the_general_contacts(monkeypatch):
    messages, _ = run(ActionAnswerIncident(), MONDAY_NIGHT, monkeypatch, slots={"product": "<script>x</script>"})
    reply = texts(messages)
    assert "<script>" not in reply
    assert "(601) 3906642" in reply and CELL in reply


@pytest.mark.parametrize(
    "current, requested, level, contact",
    [
        (None, None, 2, "extensiones 1104, 1108 o 1102"),
        (2.0, "siguiente", 3, "extensión 1101"),
        (None, "3", 3, "coordinador.mesadeayuda@certicamara.com"),
        (3.0, None, 3, "Es el último nivel"),
    ],
)
def test_escalation_moves_up_from_the_remembered_level(monkeypatch, current, requested, level, contact):
    messages, events = run(
        ActionAnswerEscalation(),
        MONDAY_MORNING,
        monkeypatch,
        intent="escalate",
        slots={"product": "biometria", "escalation_level": current, "escalation_request": requested},
    )
    assert f"Nivel {level} de escalamiento" in texts(messages)
    assert contact in texts(messages)
    assert SlotSet("escalation_level", float(level)) in events
    assert SlotSet("escalation_request", None) in events


def test_pqrsa_type_in_capitals(monkeypatch):
    messages, _ = run(
        ActionAnswerPqrsa(), "2026-11-28T10:00", monkeypatch, intent="pqrsa", entities=[("pqrsa_type", "QUEJA")]
    )
    reply = texts(messages)
    assert reply.startswith("Para radicar su queja (PQRSA):")
    assert "abre el lunes a las 7:00 a. m." in reply


def test_hours_without_a_product_cover_both(monkeypatch):
    messages, _ = run(ActionAnswerInformation(), "2026-11-28T14:00", monkeypatch, intent="ask_hours")
    reply = texts(messages)
    assert "Autenticación Biométrica (huella):" in reply and "CertiGestor (gestión documental):" in reply
    assert "abre el lunes a las 7:00 a. m." in reply


def test_email_of_the_remembered_product(monkeypatch):
    messages, _ = run(
        ActionAnswerInformation(),
        MONDAY_MORNING,
        monkeypatch,
        intent="ask_contact",
        slots={"product": "biometria"},
        entities=[("channel_kind", "correo")],
    )
    reply = texts(messages)
    assert "soporte.huella@certicamara.com" in reply
    assert "(601) 3906642" not in reply


def test_hours_of_the_complaints_desk(monkeypatch):
    messages, _ = run(
        ActionAnswerInformation(), MONDAY_MORNING, monkeypatch, intent="ask_hours", entities=[("pqrsa_type", "reclamo")]
    )
    assert "certicamararesponde@certicamara.com" in texts(messages)


def test_low_confidence_offers_likely_options_and_a_way_out(monkeypatch):
    messages, _ = run(
        ActionOfferOptions(),
        MONDAY_NIGHT,
        monkeypatch,
        intent="nlu_fallback",
        ranking=[("nlu_fallback", 0.5), ("pqrsa", 0.3), ("ask_hours", 0.1), ("greet", 0.05)],
    )
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles[:2] == ["Radicar una PQRSA", "Horarios de atención"] and len(titles) == 3
    assert "(601) 3906642" in messages[1]["text"] and CELL in messages[1]["text"]


def test_product_buttons_come_from_the_catalogue(monkeypatch):
    messages, _ = run(ActionAskProduct(), MONDAY_MORNING, monkeypatch)
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        '/inform_product{"product":"biometria"}',
        '/inform_product{"product":"certigestor"}',
    ]


def test_product_named_alone_is_acknowledged(monkeypatch):
    messages, _ = run(
        ActionAcknowledgeProduct(),
        MONDAY_MORNING,
        monkeypatch,
        intent="inform_product",
        slots={"product": "certigestor"},
    )
    assert messages[0]["text"] == "Entendido: CertiGestor (gestión documental). ¿Qué necesita?"


def test_operation_question_says_when_support_opens(monkeypatch):
    messages, _ = run(ActionAskOperationStopped(), MONDAY_NIGHT, monkeypatch, slots={"product": "certigestor"})
    assert "cerrado ahora; abre mañana a las 7:00 a. m." in messages[0]["text"]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/affirm", "/deny"]


@pytest.mark.parametrize(
    "product, at, slots, expected",
    [
        ("certigestor", MONDAY_NIGHT, {}, ["product", "operation_stopped"]),
        ("certigestor", MONDAY_MORNING, {}, ["product"]),
        ("biometria", MONDAY_NIGHT, {}, ["product"]),
        ("certigestor", MONDAY_NIGHT, {"criticality": "critico"}, ["product"]),
        ("certigestor", MONDAY_NIGHT, {"criticality": "podemos"}, ["product", "operation_stopped"]),
        (None, MONDAY_NIGHT, {}, ["product"]),
    ],
)
def test_operation_question_only_when_it_changes_the_answer(monkeypatch, product, at, slots, expected):
    monkeypatch.setenv(FROZEN_NOW_VARIABLE, at)
    form = ValidateIncidentForm()
    required = asyncio.run(
        form.required_slots(["product"], CollectingDispatcher(), tracker(slots={"product": product, **slots}), DOMAIN)
    )
    assert required == expected


@pytest.mark.parametrize(
    "intent, criticality, expected",
    [
        ("affirm", None, {"operation_stopped": True}),
        ("deny", "critico", {"operation_stopped": False, "criticality": None}),
        ("report_incident", "critico", {"operation_stopped": True}),
        ("greet", None, {}),
    ],
)
def test_operation_answer(monkeypatch, intent, criticality, expected):
    monkeypatch.setenv(FROZEN_NOW_VARIABLE, MONDAY_NIGHT)
    state = tracker(
        slots={"product": "certigestor", "criticality": criticality}, intent=intent, requested_slot="operation_stopped"
    )
    assert (
        asyncio.run(ValidateIncidentForm().extract_operation_stopped(CollectingDispatcher(), state, DOMAIN)) == expected
    )


@pytest.mark.parametrize(
    "value, expected",
    [("huella", "biometria"), ("Gestión Documental", "certigestor"), ("certigestor", "certigestor"), ("nevera", None)],
)
def test_product_validation(value, expected):
    dispatcher = CollectingDispatcher()
    assert ValidateIncidentForm().validate_product(value, dispatcher, tracker(), DOMAIN) == {"product": expected}
    assert bool(dispatcher.messages) == (expected is None)


def test_product_typed_as_text_when_nlu_found_no_entity():
    state = tracker(text="es del lector de huellas", intent="inform_product", requested_slot="product")
    found = asyncio.run(ValidateIncidentForm().extract_product(CollectingDispatcher(), state, DOMAIN))
    assert found == {"product": "biometria"}


def test_information_is_followed_once_by_the_satisfaction_question(monkeypatch):
    _, events = run(ActionAnswerInformation(), MONDAY_MORNING, monkeypatch, intent="ask_hours")
    assert events[-1] == FollowupAction("action_ask_satisfaction")
    for pending in ({"satisfaction": "asked"}, {"satisfaction": "useful"}, {"case_offer": "{}"}):
        _, events = run(ActionAnswerInformation(), MONDAY_MORNING, monkeypatch, intent="ask_hours", slots=pending)
        assert FollowupAction("action_ask_satisfaction") not in events, pending


def test_a_no_gets_the_product_s_own_channels_and_the_question_of_what_was_missing(monkeypatch, catalogue):
    messages, events = run(
        ActionTakeSatisfaction(),
        MONDAY_NIGHT,
        monkeypatch,
        intent="deny",
        text="no me sirvió",
        slots={"product": "certigestor"},
    )
    # At night CertiGestor's line is closed: its e-mail first, and its line with when it opens; never
    # only the fingerprint line, which serves another product.
    gestor = catalogue.product("certigestor")
    said = texts(messages)
    assert said.index(gestor.channel("email").email) < said.index(gestor.channel("phone").phone)
    assert "abre mañana" in said and gestor.channel("chat").url in said
    assert catalogue.product("biometria").channel("phone").phone not in said
    assert events[0] == SlotSet("satisfaction", "not_useful")
    assert events[-1] == FollowupAction("action_ask_what_was_missing")


def test_a_yes_is_thanked(monkeypatch):
    messages, events = run(ActionTakeSatisfaction(), MONDAY_NIGHT, monkeypatch, intent="thank", text="sí, gracias")
    assert texts(messages) == words.say("satisfaction_thanks")
    assert events == [SlotSet("satisfaction", "useful")]


def test_a_new_session_carries_the_slots_over_but_not_the_desk_s_records(monkeypatch):
    slots = {"product": "certigestor", "satisfaction": "useful", "handed_over": {"need": "informacion"}}
    _, events = run(ActionSessionStart(), MONDAY_MORNING, monkeypatch, slots=slots)
    assert events[0]["event"] == "session_started" and events[-1]["name"] == "action_listen"
    carried = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert carried == {"product": "certigestor"}  # asked "¿Le sirvió?" afresh; no answer counted twice
