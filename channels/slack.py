"""Slack through the Events API, verified with the app's signing secret.

Every request must carry a valid `X-Slack-Signature` over a timestamp less than five minutes old.
Slack retries an event when it does not get an answer in three seconds; this channel acknowledges
at once, handles the message in the background, and remembers event ids (in Redis when several
processes share the work) so that a retry, whatever its reason, is acknowledged and not handled twice.
"""

import hashlib
import hmac
import json
import logging
import re
import time
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text
from urllib.parse import parse_qs

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.conversation_ids import conversation_id
from channels.background import Background
from channels.recent_events import RecentEvents
from channels.safety_net import with_safety_net
from channels.settings import Setting, checked

logger = logging.getLogger(__name__)

MAX_REQUEST_AGE_SECONDS = 5 * 60
MENTION = re.compile(r"<@[A-Z0-9]+>")
BUTTON_TEXT_LIMIT = 75  # Block Kit plain_text in a button


def signature_is_valid(secret: Text, timestamp: Text, body: bytes, signature: Text, now: float) -> bool:
    try:
        age = abs(now - int(timestamp))
    except (TypeError, ValueError):
        return False
    if age > MAX_REQUEST_AGE_SECONDS:
        return False
    base = b"v0:" + timestamp.encode("utf-8") + b":" + body
    expected = "v0=" + hmac.new(secret.encode("utf-8"), base, hashlib.sha256).hexdigest()
    # As bytes: a forged header with characters outside ASCII is a wrong signature, not a server error.
    return hmac.compare_digest(expected.encode("utf-8"), (signature or "").encode("utf-8"))


class SlackApi:
    def __init__(self, token: Text, api_url: Text):
        self.token, self.api_url = token, api_url.rstrip("/")

    async def post_message(self, body: Dict[Text, Any]) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15)) as session:
            async with session.post(f"{self.api_url}/chat.postMessage", json=body, headers=headers) as reply:
                result = await reply.json(content_type=None)
                if not result.get("ok"):
                    logger.error(f"Slack chat.postMessage failed: {result}")


class SlackOutput(OutputChannel):
    """Replies in the Slack channel or direct message the person wrote from."""

    @classmethod
    def name(cls) -> Text:
        return "slack"

    def __init__(self, api: SlackApi, channel: Text):
        self.api, self.channel = api, channel

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self.api.post_message({"channel": self.channel, "text": text})

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        elements = [
            {
                "type": "button",
                "action_id": f"certichat_{index}",
                "value": str(button.get("payload", "")),
                "text": {"type": "plain_text", "text": str(button.get("title", ""))[:BUTTON_TEXT_LIMIT]},
            }
            for index, button in enumerate(buttons)
        ]
        blocks = [
            {"type": "section", "text": {"type": "plain_text", "text": text}},
            {"type": "actions", "elements": elements},
        ]
        await self.api.post_message({"channel": self.channel, "text": text, "blocks": blocks})


class SlackInput(InputChannel):
    TITLE = "Slack"
    SETTINGS = (
        Setting("slack_token", "SLACK_BOT_TOKEN"),
        Setting("slack_signing_secret", "SLACK_SIGNING_SECRET"),
        Setting("slack_channel", "SLACK_CHANNEL", required=False),
        Setting("api_url", "SLACK_API_URL", required=False),
        # With several Rasa processes, the events already handled are remembered where all of them see it.
        Setting("redis_url", "CERTICHAT_REDIS_URL", required=False),
    )

    @classmethod
    def name(cls) -> Text:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = checked(cls.TITLE, cls.SETTINGS, credentials)
        return cls(
            credentials["slack_token"],
            credentials["slack_signing_secret"],
            credentials.get("slack_channel"),
            credentials.get("api_url") or "https://slack.com/api",
            credentials.get("redis_url"),
        )

    def __init__(
        self,
        token: Text,
        signing_secret: Text,
        only_channel: Optional[Text],
        api_url: Text,
        redis_url: Optional[Text] = None,
    ):
        self.api = SlackApi(token, api_url)
        self.signing_secret = signing_secret
        self.only_channel = only_channel
        self.recent = RecentEvents("slack", redis_url)
        self.background = Background()

    def _wanted(self, event: Dict[Text, Any]) -> bool:
        if event.get("type") not in ("message", "app_mention"):
            return False
        if event.get("bot_id") or event.get("subtype"):
            return False  # the bot's own replies, edits, joins…: answering them would loop
        direct = event.get("channel_type") == "im"
        return direct or not self.only_channel or event.get("channel") == self.only_channel

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        slack_webhook = Blueprint("custom_slack_webhook", __name__)
        on_new_message = with_safety_net(on_new_message)

        def handle_later(text: Text, user: Text, channel: Text) -> None:
            # One conversation per person and place: a direct message is not the same talk as a channel's.
            conversation = conversation_id(self.name(), channel, user)
            text = MENTION.sub("", text).strip()  # "<@UBOT> la huella no sirve" reads as what follows
            message = UserMessage(text, SlackOutput(self.api, channel), conversation, input_channel=self.name())
            self.background.start(on_new_message(message))

        @slack_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @slack_webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not signature_is_valid(
                self.signing_secret,
                request.headers.get("X-Slack-Request-Timestamp", ""),
                request.body,
                request.headers.get("X-Slack-Signature", ""),
                time.time(),
            ):
                return response.text("invalid signature", status=401)
            if request.content_type.startswith("application/x-www-form-urlencoded"):
                return await self._button_click(request.body, handle_later)
            try:
                payload = json.loads(request.body)
            except ValueError:
                return response.text("bad request", status=400)
            if not isinstance(payload, dict):
                return response.text("bad request", status=400)
            if payload.get("type") == "url_verification":
                return response.json({"challenge": payload.get("challenge")})
            event = payload.get("event")
            if payload.get("type") == "event_callback" and isinstance(event, dict) and self._wanted(event):
                # Without an event id there is nothing to recognise a retry by: handle it, never file it under "None".
                event_id = payload.get("event_id")
                if event_id is None or await self.recent.first_time(str(event_id)):
                    handle_later(str(event.get("text") or ""), str(event.get("user")), str(event.get("channel")))
            return response.text("")

        return slack_webhook

    async def _button_click(self, body: bytes, handle_later: Callable[[Text, Text, Text], None]) -> HTTPResponse:
        """Block Kit button clicks arrive form-encoded, as `payload=<json>`."""
        try:
            payload = json.loads(parse_qs(body.decode("utf-8")).get("payload", ["{}"])[0])
        except ValueError:
            return response.text("bad request", status=400)
        actions = payload.get("actions") if isinstance(payload, dict) else None
        if payload.get("type") == "block_actions" and actions and isinstance(actions[0], dict):
            key = f"{payload.get('trigger_id')}:{actions[0].get('action_ts')}"
            if await self.recent.first_time(key):
                handle_later(
                    str(actions[0].get("value") or ""),
                    str((payload.get("user") or {}).get("id")),
                    str((payload.get("channel") or {}).get("id")),
                )
        return response.text("")
