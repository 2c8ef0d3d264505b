"""rasa_runtime/action_response_check.py: Rasa's check of action-server responses, compiled once.

Under test: that the faster check (schema checked once, each event tried only against the
alternative its "event" names) gives exactly Rasa's verdict, `jsonschema.validate(response,
RemoteAction.action_response_format_spec())`, over a corpus of valid and broken responses: a
response Rasa accepts must not be rejected, and one Rasa rejects must still raise ValidationError.
"""

import copy

import jsonschema
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from rasa_runtime import action_response_check

# Every event kind in Rasa's schema that needs no field besides "event".
BARE_KINDS = [
    "user_featurization",
    "cancel_reminder",
    "reminder",
    "action_execution_rejected",
    "form_validation",
    "loop_interrupted",
    "form",
    "reset_slots",
    "resume",
    "pause",
    "export",
    "restart",
    "undo",
    "rewind",
    "bot",
    "session_started",
    "agent",
]
PARSE_DATA = {
    "text": "hola",
    "intent": {"name": "greet", "confidence": 0.9},
    "intent_ranking": [{"name": "greet", "confidence": 0.9}],
    "entities": [{"entity": "product", "value": "firma", "start": 0, "end": 5, "extractor": None}],
}
SELECTION = {"response": {"responses": [{"text": "sí"}], "confidence": 0.8}, "ranking": [{"id": 1}]}


def events(*items):
    return {"events": list(items), "responses": []}


VALID = {
    "empty object": {},
    "empty lists": {"events": [], "responses": []},
    "slot": events({"event": "slot", "name": "product", "value": "firma digital"}),
    "slot null value, timestamp, metadata": events(
        {"event": "slot", "name": "product", "value": None, "timestamp": 1.5, "metadata": {"a": 1}}
    ),
    "slot extra field": events({"event": "slot", "name": "n", "value": [1, 2], "extra": True}),
    "form starts": events(
        {"event": "active_loop", "name": "incident_form"},
        {"event": "slot", "name": "requested_slot", "value": "product"},
    ),
    "form ends": events(
        {"event": "active_loop", "name": None}, {"event": "slot", "name": "requested_slot", "value": None}
    ),
    "followup": events({"event": "followup", "name": "action_escalate"}),
    "text and buttons": {
        "events": [],
        "responses": [{"text": "¿Cuál producto?", "buttons": [{"title": "Firma", "payload": "/inform"}]}],
    },
    "named response": {"responses": [{"response": "utter_greet", "product": "firma"}]},
    "user": events(
        {"event": "user", "text": "hola", "input_channel": "rest", "message_id": None, "parse_data": PARSE_DATA}
    ),
    "user with retrieval selector": events(
        {"event": "user", "parse_data": {"response_selector": {"all_retrieval_intents": ["faq"], "faq": SELECTION}}}
    ),
    "action": events(
        {
            "event": "action",
            "name": "action_listen",
            "policy": None,
            "confidence": 1,
            "hide_rule_turn": False,
            "action_text": None,
        }
    ),
    "entities": events({"event": "entities", "entities": [{"entity": "product", "value": "firma"}]}),
    "every bare kind": events(*({"event": kind} for kind in BARE_KINDS)),
    **{f"bare {kind}": events({"event": kind, "timestamp": None}) for kind in BARE_KINDS[:4]},
}

INVALID = {
    "event missing": events({"name": "product", "value": 1}),
    "unknown kind": events({"event": "slots", "name": "product", "value": 1}),
    "unknown after valid": events({"event": "restart"}, {"event": "typo"}),
    "kind not a string": events({"event": 3}),
    "event not an object": events("slot"),
    "nested list": events([{"event": "restart"}]),
    "slot name int": events({"event": "slot", "name": 7, "value": "x"}),
    "slot without value": events({"event": "slot", "name": "product"}),
    "unknown and bad slot": events({"event": "nope"}, {"event": "slot", "name": 1, "value": 1}),
    "timestamp string": events({"event": "restart", "timestamp": "ayer"}),
    "metadata list": events({"event": "bot", "metadata": []}),
    "entity without value": events({"event": "entities", "entities": [{"entity": "product"}]}),
    "entities not a list": events({"event": "entities", "entities": {"entity": "p", "value": 1}}),
    "intent confidence string": events({"event": "user", "parse_data": {"intent": {"confidence": "alta"}}}),
    "ambiguous selector": events({"event": "user", "parse_data": {"response_selector": {"faq": SELECTION}}}),
    "hide_rule_turn string": events({"event": "action", "name": "x", "hide_rule_turn": "yes"}),
    "events an object": {"events": {"event": "restart"}},
    "events null": {"events": None},
    "responses a string": {"events": [], "responses": "hola"},
    "response not an object": {"responses": ["hola"]},
    "response a list": [],
    "response null": None,
    "response a string": "ok",
}


def verdict(check, response) -> str:
    try:
        check(copy.deepcopy(response))
    except ValidationError:
        return "invalid"
    return "valid"


def rasa_check(response):
    jsonschema.validate(response, RemoteAction.action_response_format_spec())


def compiled_check(response):
    assert action_response_check._validate_action_result(None, response) is True


@pytest.mark.parametrize(
    "expected, response",
    [("valid", r) for r in VALID.values()] + [("invalid", r) for r in INVALID.values()],
    ids=[*VALID, *INVALID],
)
def test_same_verdict_as_rasa(expected, response):
    assert verdict(rasa_check, response) == expected  # the corpus itself is labelled right
    assert verdict(compiled_check, response) == expected


def test_install_makes_remote_actions_use_it_with_rasas_error_text(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    action_response_check.install()
    action = RemoteAction("action_escalate", None)

    assert RemoteAction._validate_action_result is action_response_check._validate_action_result
    assert action._validate_action_result(VALID["form starts"]) is True
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(INVALID["unknown kind"])
