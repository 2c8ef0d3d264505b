"""WhatsApp through Meta's WhatsApp Business Cloud API: a webhook that Meta verifies once and signs
every time, and answers sent through the Graph API.

- The verification request (`hub.mode=subscribe`) gets its challenge back only with the verify token
  the administrator chose; anything else, 403.
- Every POST is checked against `X-Hub-Signature-256` (HMAC-SHA256 of the raw body with the app
  secret, compared in constant time) before anything in it is read: unsigned or forged, 403.
- Meta expects a quick 200 and redelivers what it thinks went unanswered: the webhook answers at once,
  the conversation is handled in the background, and a message id (`wamid…`) seen before is not
  answered again (in Redis with several processes).
- Text and the person's button and list choices are read; statuses (sent, delivered, read) and other
  changes are acknowledged and ignored; a picture, a voice note, a location or a contact card gets a
  polite line saying the bot reads text.
- The bot's buttons go as reply buttons (at most three, titles cut to 20 characters) or, with more
  options, as a list (at most ten rows); phone numbers and links go as text, which WhatsApp makes
  clickable.
- An answer is sent only inside the 24-hour customer-service window opened by the person's message;
  outside it nothing is sent and the log says why (reopening it takes a paid template message).
- A failing Graph API call is tried once more, and logged without what the person wrote; numbers never
  reach the log (conversation ids are hashed for it).

The conversation is `whatsapp:<the sender's number>`.
"""

import asyncio
import hashlib
import hmac
import json
import logging
import time
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import words
from bot.conversation_ids import conversation_id, for_log, local_id
from channels.background import Background
from channels.recent_events import RecentEvents
from channels.safety_net import with_safety_net
from channels.settings import Setting, checked

logger = logging.getLogger(__name__)

GRAPH_API_URL = "https://graph.facebook.com/v21.0"
SIGNATURE_HEADER = "X-Hub-Signature-256"
MESSAGE_LIMIT = 4096  # characters in one text message
BUTTONS_LIMIT, BUTTON_TITLE_LIMIT, BUTTON_ID_LIMIT = 3, 20, 256
LIST_ROWS_LIMIT, ROW_TITLE_LIMIT, LIST_BUTTON = 10, 24, "Opciones"
SERVICE_WINDOW_SECONDS = 24 * 3600


def signature_is_valid(app_secret: Text, body: bytes, header: Text) -> bool:
    expected = "sha256=" + hmac.new(app_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode("utf-8"), header.encode("utf-8"))


def buttons_message(text: Text, buttons: List[Dict[Text, Any]]) -> Dict[Text, Any]:
    """Reply buttons for up to three options, a list for more (the body keeps the whole text)."""
    options = [(str(b.get("payload") or b.get("title") or ""), str(b.get("title") or "")) for b in buttons]
    body = {"text": text[:MESSAGE_LIMIT] or " "}
    if len(options) <= BUTTONS_LIMIT:
        replies = [
            {"type": "reply", "reply": {"id": payload[:BUTTON_ID_LIMIT], "title": title[:BUTTON_TITLE_LIMIT]}}
            for payload, title in options
        ]
        return {"type": "button", "body": body, "action": {"buttons": replies}}
    rows = [{"id": payload[:BUTTON_ID_LIMIT], "title": title[:ROW_TITLE_LIMIT]} for payload, title in options]
    if any(len(title) > ROW_TITLE_LIMIT for _, title in options):
        # A cut title must still be readable in full: the options go in the body too.
        body["text"] = (text + "\n" + "\n".join(f"- {title}" for _, title in options))[:MESSAGE_LIMIT]
    return {
        "type": "list",
        "body": body,
        "action": {"button": LIST_BUTTON, "sections": [{"rows": rows[:LIST_ROWS_LIMIT]}]},
    }


class GraphApi:
    def __init__(self, access_token: Text, phone_number_id: Text, api_url: Text):
        self.url = f"{api_url.rstrip('/')}/{phone_number_id}/messages"
        self.headers = {"Authorization": f"Bearer {access_token}"}

    async def send(self, body: Dict[Text, Any], conversation: Text) -> bool:
        """Posts to the messages endpoint, once more if the first attempt fails; True when sent."""
        for attempt in (1, 2):
            try:
                async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15)) as session:
                    async with session.post(
                        self.url, json={"messaging_product": "whatsapp", **body}, headers=self.headers
                    ) as reply:
                        if reply.status < 300:
                            return True
                        problem = f"HTTP {reply.status}"
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                problem = type(error).__name__
            # Neither the text nor the number: the kind of call, the hashed conversation, what went wrong.
            what = body.get("type") or body.get("status")
            logger.error(f"WhatsApp {what} for {for_log(conversation)} failed ({problem}), attempt {attempt}")
        return False


class WhatsAppOutput(OutputChannel):
    """Sends to one person, inside the service window their message opened at `received_at`."""

    @classmethod
    def name(cls) -> Text:
        return "whatsapp"

    def __init__(self, api: GraphApi, received_at: float):
        self.api, self.received_at = api, received_at

    def _window_open(self, recipient_id: Text) -> bool:
        if time.time() - self.received_at < SERVICE_WINDOW_SECONDS:
            return True
        logger.warning(f"WhatsApp answer for {for_log(recipient_id)} not sent: the 24-hour service window has closed")
        return False

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        if self._window_open(recipient_id):
            for start in range(0, max(len(text), 1), MESSAGE_LIMIT):
                await self.api.send(
                    _to(recipient_id, "text", {"body": text[start : start + MESSAGE_LIMIT]}), recipient_id
                )

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        if self._window_open(recipient_id):
            await self.api.send(_to(recipient_id, "interactive", buttons_message(text, buttons)), recipient_id)


def _to(recipient_id: Text, kind: Text, content: Dict[Text, Any]) -> Dict[Text, Any]:
    return {"to": local_id(recipient_id), "type": kind, kind: content}


class WhatsAppInput(InputChannel):
    TITLE = "WhatsApp"
    SETTINGS = (
        Setting("access_token", "WHATSAPP_ACCESS_TOKEN"),
        Setting("phone_number_id", "WHATSAPP_PHONE_NUMBER_ID"),
        Setting("app_secret", "WHATSAPP_APP_SECRET"),
        Setting("verify_token", "WHATSAPP_VERIFY_TOKEN"),
        Setting("api_url", "WHATSAPP_API_URL", required=False),
        # With several Rasa processes, a redelivered message may reach another process.
        Setting("redis_url", "CERTICHAT_REDIS_URL", required=False),
    )

    @classmethod
    def name(cls) -> Text:
        return "whatsapp"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = checked(cls.TITLE, cls.SETTINGS, credentials)
        return cls(
            credentials["access_token"],
            credentials["phone_number_id"],
            credentials["app_secret"],
            credentials["verify_token"],
            credentials.get("api_url") or GRAPH_API_URL,
            credentials.get("redis_url"),
        )

    def __init__(
        self,
        access_token: Text,
        phone_number_id: Text,
        app_secret: Text,
        verify_token: Text,
        api_url: Text,
        redis_url: Optional[Text] = None,
    ):
        self.api = GraphApi(access_token, phone_number_id, api_url)
        self.app_secret, self.verify_token = app_secret, verify_token
        self.recent = RecentEvents("whatsapp", redis_url)
        self.background = Background()

    def get_output_channel(self) -> OutputChannel:
        return WhatsAppOutput(self.api, time.time())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        whatsapp_webhook = Blueprint("custom_whatsapp_webhook", __name__)
        on_new_message = with_safety_net(on_new_message)

        @whatsapp_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @whatsapp_webhook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            token = request.args.get("hub.verify_token", "")
            if request.args.get("hub.mode") == "subscribe" and hmac.compare_digest(
                token.encode("utf-8"), self.verify_token.encode("utf-8")
            ):
                return response.text(request.args.get("hub.challenge", ""))
            return response.text("forbidden", status=403)

        @whatsapp_webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not signature_is_valid(self.app_secret, request.body, request.headers.get(SIGNATURE_HEADER, "")):
                return response.text("forbidden", status=403)
            try:
                payload = json.loads(request.body)
            except ValueError:
                return response.text("bad request", status=400)
            for message in _messages(payload):
                if await self.recent.first_time(str(message.get("id"))):
                    self._handle_later(message, on_new_message)
            return response.text("")

        return whatsapp_webhook

    def _handle_later(self, message: Dict[Text, Any], on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        conversation = conversation_id(self.name(), str(message.get("from")))
        received_at = _number(message.get("timestamp")) or time.time()
        output = WhatsAppOutput(self.api, received_at)
        text = _text(message)

        async def handle() -> None:
            await self.api.send({"status": "read", "message_id": str(message.get("id"))}, conversation)
            if text is None:
                await output.send_text_message(conversation, words.say("whatsapp_text_only"))
                return
            await on_new_message(UserMessage(text, output, conversation, input_channel=self.name()))

        self.background.start(handle())


def _messages(payload: Any) -> List[Dict[Text, Any]]:
    """The people's messages in a webhook delivery: statuses and other changes are left out."""
    found = []
    for entry in _list(_dict(payload).get("entry")):
        for change in _list(_dict(entry).get("changes")):
            value = _dict(_dict(change).get("value"))
            if _dict(change).get("field") != "messages":
                continue
            found += [m for m in _list(value.get("messages")) if isinstance(m, dict) and m.get("from") and m.get("id")]
    return found


def _text(message: Dict[Text, Any]) -> Optional[Text]:
    """What the person wrote or chose; None for what the bot cannot read (pictures, audio, places…)."""
    kind = message.get("type")
    if kind == "text":
        return str(_dict(message.get("text")).get("body") or "")
    if kind == "interactive":
        interactive = _dict(message.get("interactive"))
        choice = _dict(interactive.get("button_reply") or interactive.get("list_reply"))
        return str(choice.get("id") or choice.get("title") or "")
    if kind == "button":  # a template's quick reply
        button = _dict(message.get("button"))
        return str(button.get("payload") or button.get("text") or "")
    return None


def _number(value: Any) -> Optional[float]:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _dict(value: Any) -> Dict[Text, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> List[Any]:
    return value if isinstance(value, list) else []
