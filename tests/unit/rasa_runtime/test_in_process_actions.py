"""Actions run inside the Rasa process (rasa_runtime/in_process_actions.py), through Rasa's own
RemoteAction: the person gets the same answer as from the action server, and a failing action
leaves nothing of the conversation in the error or the log."""

import asyncio
import logging

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import ClientResponseError, EndpointConfig

from bot import words
from bot.clock import FROZEN_NOW_VARIABLE
from rasa_runtime import in_process_actions
from tests.forged_action_calls import MARKER, failing_escalation_call
from tests.unit.stores.test_conversation_store import DOMAIN_FILE


@pytest.fixture(autouse=True)
def in_process(monkeypatch):
    monkeypatch.setenv(FROZEN_NOW_VARIABLE, "2026-11-23T22:00")
    monkeypatch.delenv("CERTICHAT_SMTP_HOST", raising=False)
    in_process_actions.install()


def run_action(name: str, tracker: DialogueStateTracker, domain: Domain) -> list:
    action = RemoteAction(name, EndpointConfig(type=in_process_actions.ENDPOINT_TYPE))
    return asyncio.run(
        action.run(CollectingOutputChannel(), TemplatedNaturalLanguageGenerator(domain.responses), tracker, domain)
    )


def test_an_action_answers_through_rasa_as_from_the_action_server():
    domain = Domain.from_path(str(DOMAIN_FILE))
    tracker = DialogueStateTracker.from_events("rest:hola", [UserUttered("hola")], slots=domain.slots)
    events = run_action("action_greet", tracker, domain)
    said = [event.text for event in events if isinstance(event, BotUttered)]
    assert said == [words.say("greet")]


def test_a_failing_action_is_an_error_without_the_conversation(caplog):
    call = failing_escalation_call()
    with caplog.at_level(logging.DEBUG), pytest.raises(ClientResponseError) as failure:
        asyncio.run(in_process_actions.run(call))
    assert failure.value.status == 500
    assert "80123456" not in failure.value.text
    assert "80123456" not in caplog.text


def test_rasa_reports_a_failing_action_as_a_failed_action_not_a_crash():
    domain = Domain.from_path(str(DOMAIN_FILE))
    tracker = DialogueStateTracker.from_events("rest:fallo", [UserUttered(MARKER)], slots=domain.slots)
    tracker.slots["escalation_level"].value = "no-es-un-numero"
    tracker.slots["product"].value = "biometria"
    with pytest.raises(RasaException):
        run_action("action_answer_escalation", tracker, domain)


def test_an_unknown_action_is_not_found():
    with pytest.raises(ClientResponseError) as failure:
        asyncio.run(in_process_actions.run({"next_action": "action_que_no_existe", "tracker": {}}))
    assert failure.value.status == 404
