"""Rasa's REST channel with its input checked first.

Rasa 3.6's own REST channel answers 500 to an empty body or a JSON array, and silently nothing to a
number as message. Here every malformed request gets a 400 with a plain Spanish explanation, and a
message longer than MAX_MESSAGE_CHARS is cut before NLU (nobody describes a fault in 2,000 characters;
a megabyte of text would only slow everyone else down). A sender who floods the channel gets 429
for a few seconds while everyone else is still answered.
"""

import json
import time
from collections import deque
from typing import Any, Awaitable, Callable, Deque, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint, response
from sanic.request import Request

from bot import words
from channels.safety_net import with_safety_net

MAX_MESSAGE_CHARS = 2000
# One sender may send this many messages per window; more is a script or a stuck key, not a person.
FLOOD_MAX_MESSAGES = 15
FLOOD_WINDOW_SECONDS = 10.0


class FloodGuard:
    """Counts each sender's recent messages in this process."""

    def __init__(self, max_messages: int = FLOOD_MAX_MESSAGES, window: float = FLOOD_WINDOW_SECONDS):
        self.max_messages, self.window = max_messages, window
        self.recent: Dict[Text, Deque[float]] = {}

    def allows(self, sender: Text, now: float) -> bool:
        times = self.recent.setdefault(sender, deque())
        while times and now - times[0] > self.window:
            times.popleft()
        if len(times) >= self.max_messages:
            return False
        times.append(now)
        if len(self.recent) > 100_000:  # forget idle senders rather than grow without bound
            self.recent = {k: v for k, v in self.recent.items() if v and now - v[-1] <= self.window}
        return True


def request_problem(body: bytes) -> Optional[Text]:
    """Why a webhook body cannot be handled, in Spanish; None when it can."""
    if not body.strip():
        return words.say("request_empty")
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return words.say("request_not_json")
    if not isinstance(payload, dict):
        return words.say("request_not_object")
    if not isinstance(payload.get("message"), str):
        return words.say("request_message_not_text")
    if payload.get("sender") is not None and not isinstance(payload["sender"], (str, int)):
        return words.say("request_sender_not_text")
    if payload.get("metadata") is not None and not isinstance(payload["metadata"], dict):
        return words.say("request_metadata_not_object")
    return None


class RestInput(RasaRestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = super().blueprint(with_safety_net(on_new_message))
        flood_guard = FloodGuard()

        @webhook.middleware("request")
        async def reject_malformed_or_flooding(request: Request) -> Any:
            if request.method != "POST":
                return None
            problem = request_problem(request.body)
            if problem:
                return response.json({"error": problem}, status=400)
            if not flood_guard.allows(str(request.json.get("sender")), time.monotonic()):
                return response.json({"error": words.say("too_many_messages")}, status=429)
            return None

        return webhook

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        sender = req.json.get("sender")
        return None if sender is None else str(sender)

    def _extract_message(self, req: Request) -> Optional[Text]:
        return req.json["message"][:MAX_MESSAGE_CHARS]
