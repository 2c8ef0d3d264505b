"""The REST channel: an API for trusted back ends, with its input checked first.

Rasa 3.6's own REST channel answers 500 to an empty body or a JSON array, silently nothing to a
number as message, and takes any `sender` as the conversation. Here:
- with CERTICHAT_REST_TOKEN set, a request without `Authorization: Bearer <token>` gets 401 and is
  not read further;
- every malformed request gets a 400 with a plain Spanish explanation;
- a message longer than MAX_MESSAGE_CHARS is cut before NLU;
- a sender, or a client address rotating senders, that floods the channel gets 429 for a few seconds;
- the conversation is `rest:<sender>`, so no REST caller reaches another channel's conversations.
"""

import hmac
import json
from typing import Any, Awaitable, Callable, Dict, Optional, Text, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import words
from bot.conversation_ids import conversation_id
from channels.limits import MAX_MESSAGE_CHARS, Limits, client_address
from channels.safety_net import with_safety_net
from channels.settings import Setting, checked

DEFAULT_SENDER = "default"  # Rasa's own, for a request without "sender"


def read_request(body: bytes) -> Tuple[Optional[Dict[Text, Any]], Optional[Text]]:
    """The webhook body, read once: (payload, None), or (None, why it cannot be handled, in Spanish)."""
    if not body.strip():
        return None, words.say("request_empty")
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None, words.say("request_not_json")
    if not isinstance(payload, dict):
        return None, words.say("request_not_object")
    if not isinstance(payload.get("message"), str):
        return None, words.say("request_message_not_text")
    if payload.get("sender") is not None and not isinstance(payload["sender"], (str, int)):
        return None, words.say("request_sender_not_text")
    if payload.get("metadata") is not None and not isinstance(payload["metadata"], dict):
        return None, words.say("request_metadata_not_object")
    return payload, None


def authorized(request: Request, token: Optional[Text]) -> bool:
    if not token:
        return True
    given = request.headers.get("Authorization", "")
    return hmac.compare_digest(given.encode("utf-8"), f"Bearer {token}".encode("utf-8"))


class RestInput(InputChannel):
    TITLE = "REST"
    SETTINGS = (
        Setting("token", "CERTICHAT_REST_TOKEN", required=False),
        Setting("redis_url", "CERTICHAT_REDIS_URL", required=False),
    )

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = checked(cls.TITLE, cls.SETTINGS, credentials)
        return cls(credentials.get("token"), credentials.get("redis_url"))

    def __init__(self, token: Optional[Text] = None, redis_url: Optional[Text] = None) -> None:
        # With Redis, a sender's and an address's messages are counted across every process.
        self.token, self.redis_url = token, redis_url

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("rest_webhook", __name__)
        handle = with_safety_net(on_new_message)
        limits = Limits(self.redis_url)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not authorized(request, self.token):
                return response.json({"error": words.say("request_unauthorized")}, status=401)
            payload, problem = read_request(request.body)
            if payload is None:
                return response.json({"error": problem}, status=400)
            sender = DEFAULT_SENDER if payload.get("sender") is None else str(payload["sender"])
            conversation = conversation_id(self.name(), sender)
            if not await limits.allows(conversation, client_address(request)):
                return response.json({"error": words.say("too_many_messages")}, status=429)
            collector = CollectingOutputChannel()
            await handle(
                UserMessage(
                    payload["message"][:MAX_MESSAGE_CHARS],
                    collector,
                    conversation,
                    input_channel=self.name(),
                    metadata=payload.get("metadata"),
                )
            )
            # The caller named the conversation by its own sender id: answer in those terms.
            return response.json([{**message, "recipient_id": sender} for message in collector.messages])

        return webhook
