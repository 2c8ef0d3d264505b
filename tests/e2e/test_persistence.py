"""Conversations survive a crash of the Rasa server: they live in the SQL tracker store."""

import uuid

import pytest

from tests.servers import RunningBot


@pytest.fixture(scope="module")
def crashable_bot(tmp_path_factory):
    running = RunningBot(tmp_path_factory.mktemp("crashable"), {}).start()
    yield running
    running.stop()


def test_kill_9_in_the_middle_of_a_conversation_loses_nothing(crashable_bot):
    bot, sender = crashable_bot, f"persistente-{uuid.uuid4().hex}"
    bot.set_clock("2026-11-23T22:00")
    say = lambda text: "\n".join(m.get("text", "") for m in bot.send(sender, text))  # noqa: E731
    say("se cayo certigestor")
    say("si")
    assert "Nivel 2 de escalamiento de CertiGestor" in say("ya llamé y no me solucionaron")

    bot.crash_and_restart_rasa()

    # Product and escalation level are remembered: the next level is the coordinator of CertiGestor.
    after = say("quiero el siguiente nivel")
    assert "Nivel 3 de escalamiento de CertiGestor" in after
    assert "(601) 379 0300, extensión 1101" in after
