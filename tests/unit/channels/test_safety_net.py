"""channels/safety_net.py on its own: fake message handlers (answering, failing, slow, losing the
conversation store) behind the guard, and what the person receives. The same situations with the real
bot are exercised in tests/e2e/test_degraded_mode.py."""

import asyncio
import time
from typing import Any, Dict, List, Text

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, OutputChannel, UserMessage

from bot import words
from bot.catalogue import ChannelKind, load_catalogue
from channels.safety_net import with_safety_net
from stores.conversation_store import ConversationStoreUnavailable

DEADLINE = 0.2


class RecordingOutput(OutputChannel):
    """Keeps what the person would read, in order."""

    def __init__(self):
        self.sent: List[Dict[Text, Any]] = []

    @classmethod
    def name(cls) -> Text:
        return "recording"

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        self.sent.append({"to": recipient_id, "text": text})

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        self.sent.append({"to": recipient_id, "text": text, "buttons": buttons})


@pytest.fixture(scope="module")
def phone_numbers() -> List[str]:
    catalogue = load_catalogue()
    numbers = {
        product.channel(kind).phone
        for product in catalogue.products.values()
        for kind in (ChannelKind.PHONE, ChannelKind.PRIORITY_PHONE)
    }
    assert len(numbers) >= 2
    return sorted(numbers)


def assert_degraded(text: Text, apology_key: Text, phone_numbers: List[str]) -> None:
    apology = words.say(apology_key)
    assert text.startswith(apology + "\n")
    for number in phone_numbers:
        assert number in text, f"{number} missing from the degraded reply"


async def say(message: UserMessage, text: Text) -> None:
    """What Rasa does for every bot message: send_response on the message's output channel."""
    await message.output_channel.send_response(message.sender_id, {"text": text})


def run(handler, output: OutputChannel, text: Text = "hola", sender: Text = "ana") -> None:
    asyncio.run(with_safety_net(handler, deadline=DEADLINE)(UserMessage(text, output, sender)))


def test_a_handler_that_answers_is_passed_through_untouched():
    output = RecordingOutput()

    async def answers(message: UserMessage) -> None:
        await message.output_channel.send_response(message.sender_id, {"text": f"eco: {message.text}"})
        await message.output_channel.send_response(
            message.sender_id,
            {"text": "¿Cuál producto?", "buttons": [{"title": "CertiGestor", "payload": "/certigestor"}]},
        )

    run(answers, output, text="tengo una falla")
    assert output.sent == [
        {"to": "ana", "text": "eco: tengo una falla"},
        {"to": "ana", "text": "¿Cuál producto?", "buttons": [{"title": "CertiGestor", "payload": "/certigestor"}]},
    ]


def test_the_rest_channels_collector_gets_the_answer_only():
    collector = CollectingOutputChannel()

    async def answers(message: UserMessage) -> None:
        await message.output_channel.send_response(message.sender_id, {"text": "hola, ¿en qué le ayudo?"})

    run(answers, collector)
    assert [m["text"] for m in collector.messages] == ["hola, ¿en qué le ayudo?"]
    assert collector.messages[0]["recipient_id"] == "ana"


@pytest.mark.parametrize("error", [RuntimeError("action server said 500"), KeyError("slot"), ValueError()])
def test_a_failing_handler_gets_the_apology_and_the_general_contacts(error, phone_numbers):
    output = RecordingOutput()

    async def fails(message: UserMessage) -> None:
        raise error

    run(fails, output)
    [reply] = output.sent
    assert reply["to"] == "ana"
    assert_degraded(reply["text"], "technical_failure", phone_numbers)


def test_a_handler_that_answers_nothing_gets_the_apology_and_the_contacts(phone_numbers):
    output = RecordingOutput()

    async def silent(message: UserMessage) -> None:
        return None

    run(silent, output)
    [reply] = output.sent
    assert_degraded(reply["text"], "technical_failure", phone_numbers)


def test_a_slow_handler_gets_the_contacts_at_the_deadline_and_its_late_answer_still_goes_out(phone_numbers):
    output = RecordingOutput()
    late_answer_sent = None

    async def slow(message: UserMessage) -> None:
        await asyncio.sleep(DEADLINE * 2.5)
        await say(message, "respuesta tardía")
        late_answer_sent.set()

    async def scenario() -> float:
        nonlocal late_answer_sent
        late_answer_sent = asyncio.Event()
        started = time.monotonic()
        await with_safety_net(slow, deadline=DEADLINE)(UserMessage("hola", output, "ana"))
        waited = time.monotonic() - started
        # The person has the contacts now, not when the slow answer arrives.
        assert len(output.sent) == 1
        assert_degraded(output.sent[0]["text"], "technical_failure", phone_numbers)
        await asyncio.wait_for(late_answer_sent.wait(), timeout=5)
        return waited

    waited = asyncio.run(scenario())
    assert DEADLINE * 0.9 <= waited < DEADLINE * 2
    assert [m["text"] for m in output.sent][1:] == ["respuesta tardía"]


def test_a_slow_handler_that_answered_before_the_deadline_gets_no_apology():
    output = RecordingOutput()

    async def answers_then_keeps_working(message: UserMessage) -> None:
        await say(message, "un momento, por favor")
        await asyncio.sleep(DEADLINE * 2)
        await say(message, "listo")

    async def scenario() -> None:
        await with_safety_net(answers_then_keeps_working, deadline=DEADLINE)(UserMessage("hola", output, "ana"))
        assert [m["text"] for m in output.sent] == ["un momento, por favor"]
        await asyncio.sleep(DEADLINE * 2)

    asyncio.run(scenario())
    assert [m["text"] for m in output.sent] == ["un momento, por favor", "listo"]


def test_a_conversation_store_failure_is_said_plainly_with_the_contacts(phone_numbers):
    output = RecordingOutput()

    async def store_down(message: UserMessage) -> None:
        raise ConversationStoreUnavailable("could not connect to the database")

    run(store_down, output)
    [reply] = output.sent  # the plain explanation only, not the generic apology as well
    assert reply["to"] == "ana"
    assert_degraded(reply["text"], "conversation_store_down", phone_numbers)
    assert words.say("technical_failure") not in reply["text"]


def test_a_conversation_store_failure_is_said_even_after_an_answer(phone_numbers):
    output = RecordingOutput()

    async def answers_then_cannot_save(message: UserMessage) -> None:
        await say(message, "Puede llamar al (601) 7442727")
        raise ConversationStoreUnavailable("could not save the conversation")

    run(answers_then_cannot_save, output)
    assert len(output.sent) == 2
    assert output.sent[0]["text"] == "Puede llamar al (601) 7442727"
    assert_degraded(output.sent[1]["text"], "conversation_store_down", phone_numbers)


def test_the_output_channel_keeps_its_name_for_channel_specific_responses():
    output = RecordingOutput()
    names = []

    async def looks_at_the_channel(message: UserMessage) -> None:
        names.append(message.output_channel.name())
        await say(message, "hola")

    run(looks_at_the_channel, output)
    assert names == ["recording"]


def test_messages_are_guarded_independently(phone_numbers):
    output = RecordingOutput()

    async def fails_for_beto(message: UserMessage) -> None:
        if message.sender_id == "beto":
            raise RuntimeError("boom")
        await say(message, f"hola {message.sender_id}")

    async def scenario() -> None:
        handle = with_safety_net(fails_for_beto, deadline=DEADLINE)
        await asyncio.gather(*(handle(UserMessage("hola", output, who)) for who in ("ana", "beto", "carla")))

    asyncio.run(scenario())
    by_person = {m["to"]: m["text"] for m in output.sent}
    assert len(output.sent) == 3
    assert by_person["ana"] == "hola ana" and by_person["carla"] == "hola carla"
    assert_degraded(by_person["beto"], "technical_failure", phone_numbers)
