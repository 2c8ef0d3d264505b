"""The satisfaction policy: when it takes the turn, and when it leaves it to the rules."""

from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from policies.satisfaction import next_action

DOMAIN = Domain.load(str(Path(__file__).resolve().parents[3] / "domain.yml"))
LISTEN = "action_listen"


def _tracker(*events) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("persona", list(events), DOMAIN.slots)


def _answered_then(question: str, text: str, intent: str) -> DialogueStateTracker:
    return _tracker(
        ActionExecuted(LISTEN),
        UserUttered("cual es el horario de certigestor", {"name": "ask_hours", "confidence": 1.0}),
        ActionExecuted("action_answer_information"),
        BotUttered("Horario…"),
        ActionExecuted(question),
        BotUttered("¿…?"),
        ActionExecuted(LISTEN),
        UserUttered(text, {"name": intent, "confidence": 0.9}),
    )


@pytest.mark.parametrize(
    "text, intent",
    [
        ("sí, gracias", "thank"),
        ("no me sirvió", "nlu_fallback"),
        # The cue reader makes this an escalation anywhere else; after the question it is the answer.
        ("no me ayudó", "escalate"),
        ("/affirm", "affirm"),
        ("/deny", "deny"),
    ],
)
def test_an_answer_to_the_question_is_taken_whatever_the_intent(text, intent):
    assert next_action(_answered_then("action_ask_satisfaction", text, intent)) == "action_take_satisfaction"


@pytest.mark.parametrize(
    "text, intent",
    [
        ("no, porque nadie contesta en esa linea", "escalate"),
        ("no, la huella sigue sin funcionar", "report_incident"),
        ("y el correo de soporte?", "ask_contact"),
    ],
)
def test_a_new_need_is_left_to_the_rules(text, intent):
    assert next_action(_answered_then("action_ask_satisfaction", text, intent)) is None


@pytest.mark.parametrize(
    "text, intent",
    [
        ("que me contestaran rapido", "nlu_fallback"),
        ("nada mas", "deny"),
        # The NLU reads a phone number as a case number; after "¿Qué faltó?" it is the answer.
        ("que lo expliquen mejor, mi cel 300 123 4567", "case_status"),
    ],
)
def test_what_was_missing_is_thanked(text, intent):
    assert next_action(_answered_then("action_ask_what_was_missing", text, intent)) == "action_take_feedback"


@pytest.mark.parametrize(
    "text, intent",
    [
        ("la huella sigue sin funcionar", "report_incident"),
        ("necesito hablar con el supervisor", "escalate"),
        ("cual es el horario de certigestor", "ask_hours"),
    ],
)
def test_a_new_need_after_what_was_missing_is_answered_as_usual(text, intent):
    assert next_action(_answered_then("action_ask_what_was_missing", text, intent)) is None


def test_the_question_lasts_one_message():
    tracker = _answered_then("action_ask_satisfaction", "y el correo?", "ask_contact")
    for event in (ActionExecuted("action_answer_information"), ActionExecuted(LISTEN)):
        tracker.update(event)
    tracker.update(UserUttered("si", {"name": "affirm", "confidence": 1.0}))
    assert next_action(tracker) is None


def test_the_bot_listens_after_each_of_its_questions_and_thanks():
    for action in ("action_ask_satisfaction", "action_take_satisfaction", "action_take_feedback"):
        tracker = _answered_then("action_ask_satisfaction", "si", "affirm")
        tracker.update(ActionExecuted(action))
        assert next_action(tracker) == LISTEN


def test_nothing_is_taken_inside_a_form():
    tracker = _answered_then("action_ask_satisfaction", "si", "affirm")
    tracker.update(ActiveLoop("case_form"))
    assert next_action(tracker) is None


@pytest.mark.parametrize(
    "text, intent",
    [("ah no, perdón, es el del gestor documental", "inform_product"), ("no, certigestor", "inform_product")],
)
def test_a_corrected_product_is_answered_again_not_taken_for_a_no(text, intent):
    assert next_action(_answered_then("action_ask_satisfaction", text, intent)) is None


def test_a_product_named_after_the_question_is_a_correction_whatever_the_nlu_made_of_it():
    assert next_action(_answered_then("action_ask_satisfaction", "no, el del gestor", "nlu_fallback")) is None
    taken = next_action(_answered_then("action_ask_satisfaction", "no me sirvió lo de certigestor", "deny"))
    assert taken == "action_take_satisfaction"
