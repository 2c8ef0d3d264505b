"""The case form's validation (actions/case_form.py) with real rasa_sdk trackers: each field's checks,
the corrections from the summary, and the way out after three answers it cannot take."""

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.case_form import ValidateCaseForm
from bot import words
from bot.cases import remembered
from bot.clock import FROZEN_NOW_VARIABLE
from bot.names import (
    SLOT_CASE_OFFER,
    SLOT_COMPANY,
    SLOT_CONFIRMED,
    SLOT_CONSENT,
    SLOT_CONTACT,
    SLOT_DETAILS,
    SLOT_EMAIL,
    SLOT_NAME,
    SLOT_PHONE,
)
from bot.routing import Request, RequestKind
from tests.unit.actions.test_actions import DOMAIN

CELL = "(57) 318 717 49 37"
OFFER = remembered(Request(RequestKind.INCIDENT, "certigestor", critical=True))
FILLED = {SLOT_NAME: "Ana", SLOT_CONTACT: "ana@x.co", SLOT_COMPANY: "Notaría 1", SLOT_DETAILS: "no carga nada"}


def asked(slot):
    return {"event": "slot", "name": "requested_slot", "value": slot}


def said(text):
    return {"event": "user", "text": text}


def form_tracker(text, requested, slots=None, events=()):
    values = {name: None for name in DOMAIN["slots"]}
    values.update({SLOT_CASE_OFFER: OFFER, SLOT_CONSENT: True}, **(slots or {}), requested_slot=requested)
    return Tracker(
        sender_id="formulario",
        slots=values,
        events=[*events, said(text)],
        paused=False,
        followup_action=None,
        latest_message={"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.9}, "entities": []},
        active_loop={"name": "case_form"},
        latest_action_name="action_listen",
    )


def validate(tracker, monkeypatch):
    monkeypatch.setenv(FROZEN_NOW_VARIABLE, "2026-11-23T22:00")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateCaseForm().run(dispatcher, tracker, DOMAIN))
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return slots, "\n".join(m.get("text") or "" for m in dispatcher.messages)


@pytest.mark.parametrize(
    "slot, bad, good, expected",
    [
        (SLOT_NAME, "@@", "Ana María Pérez", {SLOT_NAME: "Ana María Pérez"}),
        (SLOT_CONTACT, "no sé", "ana@notaria12.gov.co 3001234567", {SLOT_EMAIL: "ana@notaria12.gov.co"}),
        (SLOT_COMPANY, "1", "Notaría 12 de Bogotá", {SLOT_COMPANY: "Notaría 12 de Bogotá"}),
        (SLOT_DETAILS, "falla", "no carga ningún expediente", {SLOT_DETAILS: "no carga ningún expediente"}),
    ],
)
def test_each_field_refuses_what_it_cannot_use_and_takes_what_it_can(slot, bad, good, expected, monkeypatch):
    others = {field: value for field, value in FILLED.items() if field != slot}
    slots, text = validate(form_tracker(bad, slot, others, events=[asked(slot)]), monkeypatch)
    assert slots[slot] is None and slots["requested_slot"] == slot  # asked again
    assert text == words.say(f"invalid_case_{slot.removeprefix('case_')}")
    slots, text = validate(form_tracker(good, slot, others, events=[asked(slot)]), monkeypatch)
    assert expected.items() <= slots.items() and slots["requested_slot"] != slot and text == ""


def test_a_phone_alone_is_a_contact():
    slots = ValidateCaseForm().validate_case_contact("310 555 0123", CollectingDispatcher(), None, DOMAIN)
    assert slots[SLOT_PHONE] and slots[SLOT_EMAIL] is None


def test_a_correction_from_the_summary_clears_that_field_and_asks_it_again(monkeypatch):
    slots, _ = validate(form_tracker("corregir entidad", SLOT_CONFIRMED, {**FILLED, "case_since": "ayer"}), monkeypatch)
    assert slots[SLOT_COMPANY] is None and slots["requested_slot"] == SLOT_COMPANY


def test_the_third_answer_the_form_cannot_take_stops_it_with_the_contact(monkeypatch):
    earlier = [asked(SLOT_NAME), said("@@"), asked(SLOT_NAME), said("x"), asked(SLOT_NAME)]
    slots, text = validate(form_tracker("12", SLOT_NAME, events=earlier), monkeypatch)
    assert slots["requested_slot"] is None and slots[SLOT_CONFIRMED] is False  # nothing will be filed
    assert text.startswith(words.say("form_given_up")) and CELL in text
    assert words.say("invalid_case_name") not in text


def test_the_second_answer_is_still_asked_again(monkeypatch):
    slots, text = validate(
        form_tracker("x", SLOT_NAME, events=[asked(SLOT_NAME), said("@@"), asked(SLOT_NAME)]), monkeypatch
    )
    assert slots["requested_slot"] == SLOT_NAME and text == words.say("invalid_case_name")


def test_a_no_to_the_consent_on_the_third_try_is_an_answer_not_a_failure(monkeypatch):
    earlier = [asked(SLOT_CONSENT), said("mmm"), asked(SLOT_CONSENT), said("depende")]
    slots, text = validate(form_tracker("no", SLOT_CONSENT, {SLOT_CONSENT: None}, events=earlier), monkeypatch)
    assert slots[SLOT_CONSENT] is False and words.say("form_given_up") not in text
