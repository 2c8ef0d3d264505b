"""channels/socketio.py: the website widget's channel is Rasa's, with every message behind the safety net."""

import asyncio
from typing import Any, Dict, List, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from sanic import Blueprint

from bot import words
from channels.socketio import SocketIOInput


class RecordingOutput(OutputChannel):
    def __init__(self):
        self.sent: List[Dict[Text, Any]] = []

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        self.sent.append({"to": recipient_id, "text": text})


def handler_given_to_rasa(monkeypatch, on_new_message):
    """The handler SocketIOInput hands to Rasa's own Socket.IO blueprint."""
    given = {}

    def rasa_blueprint(self, handler):
        given["handler"] = handler
        return Blueprint("socketio_webhook_test")

    monkeypatch.setattr(RasaSocketIOInput, "blueprint", rasa_blueprint)
    blueprint = SocketIOInput().blueprint(on_new_message)
    assert isinstance(blueprint, Blueprint)
    return given["handler"]


def test_the_channel_keeps_rasas_name_for_the_widget():
    assert SocketIOInput.name() == "socketio"


def test_a_failing_message_on_the_widget_still_gets_the_contacts(monkeypatch):
    async def fails(message: UserMessage) -> None:
        raise RuntimeError("the action server is down")

    handler = handler_given_to_rasa(monkeypatch, fails)
    assert handler is not fails
    output = RecordingOutput()
    asyncio.run(handler(UserMessage("hola", output, "sid-1")))
    [reply] = output.sent
    assert reply["to"] == "sid-1"
    assert reply["text"].startswith(words.say("technical_failure"))


def test_an_answer_on_the_widget_goes_through_unchanged(monkeypatch):
    async def answers(message: UserMessage) -> None:
        await message.output_channel.send_response(message.sender_id, {"text": "hola"})

    handler = handler_given_to_rasa(monkeypatch, answers)
    output = RecordingOutput()
    asyncio.run(handler(UserMessage("hola", output, "sid-1")))
    assert output.sent == [{"to": "sid-1", "text": "hola"}]
