"""Telegram through a webhook protected by Telegram's secret token.

Rasa 3.6's own Telegram channel checks no secret: anyone who finds the webhook URL can talk as any
chat. This one registers the webhook with `secret_token` and answers 403, before reading the body,
to every update whose `X-Telegram-Bot-Api-Secret-Token` header does not match.
"""

import asyncio
import hmac
import json
import logging
import re
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.conversation_ids import conversation_id, local_id
from channels.recent_events import RecentEvents
from channels.safety_net import with_safety_net
from channels.settings import Setting, checked, secret_pattern

logger = logging.getLogger(__name__)

MESSAGE_LIMIT = 4096  # characters in one Telegram message
CALLBACK_DATA_LIMIT = 64  # bytes of a button's callback_data
GROUP_CHATS = ("group", "supergroup")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def split_message(text: Text, limit: int = MESSAGE_LIMIT) -> List[Text]:
    """Cuts text into pieces within Telegram's limit, at line breaks where possible."""
    pieces, current = [], ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            candidate = line
        current = candidate
    return [piece for piece in pieces + [current] if piece.strip()] or [text[:limit] or " "]


def callback_data(button: Dict[Text, Any]) -> Text:
    """The button's payload, or its title when the payload exceeds Telegram's 64 bytes (NLU reads titles)."""
    payload = str(button.get("payload", ""))
    if len(payload.encode("utf-8")) <= CALLBACK_DATA_LIMIT:
        return payload
    return str(button.get("title", "")).encode("utf-8")[:CALLBACK_DATA_LIMIT].decode("utf-8", "ignore")


class TelegramApi:
    def __init__(self, token: Text, api_url: Text):
        self.base = f"{api_url.rstrip('/')}/bot{token}"

    async def call(self, method: Text, body: Dict[Text, Any]) -> Dict[Text, Any]:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15)) as session:
            async with session.post(f"{self.base}/{method}", json=body) as reply:
                result = await reply.json(content_type=None)
                if not result.get("ok"):
                    logger.error(f"Telegram {method} failed: {result}")
                return result


class TelegramOutput(OutputChannel):
    @classmethod
    def name(cls) -> Text:
        return "telegram"

    def __init__(self, api: TelegramApi):
        self.api = api

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for piece in split_message(text):
            await self.api.call("sendMessage", {"chat_id": local_id(recipient_id), "text": piece})

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        *first, last = split_message(text)
        for piece in first:
            await self.api.call("sendMessage", {"chat_id": local_id(recipient_id), "text": piece})
        keyboard = [[{"text": str(b.get("title", ""))[:64], "callback_data": callback_data(b)}] for b in buttons]
        await self.api.call(
            "sendMessage",
            {"chat_id": local_id(recipient_id), "text": last, "reply_markup": {"inline_keyboard": keyboard}},
        )


class TelegramInput(InputChannel):
    TITLE = "Telegram"
    SETTINGS = (
        Setting("access_token", "TELEGRAM_TOKEN"),
        Setting("verify", "TELEGRAM_BOT_USERNAME"),
        Setting("webhook_url", "TELEGRAM_WEBHOOK_URL"),
        # Telegram itself refuses any other secret_token when the webhook is registered.
        Setting(
            "secret_token",
            "TELEGRAM_SECRET_TOKEN",
            pattern=secret_pattern(256),
            allowed="solo letras, números, _ y - (1 a 256)",
        ),
        Setting("api_url", "TELEGRAM_API_URL", required=False),
        # With several Rasa processes, a redelivered update may reach another process.
        Setting("redis_url", "CERTICHAT_REDIS_URL", required=False),
    )

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = checked(cls.TITLE, cls.SETTINGS, credentials)
        return cls(
            credentials["access_token"],
            credentials["verify"],
            credentials["webhook_url"],
            credentials["secret_token"],
            credentials.get("api_url") or "https://api.telegram.org",
            credentials.get("redis_url"),
        )

    def __init__(
        self,
        access_token: Text,
        bot_username: Text,
        webhook_url: Text,
        secret_token: Text,
        api_url: Text,
        redis_url: Optional[Text] = None,
    ):
        self.api = TelegramApi(access_token, api_url)
        self.bot_username = bot_username.lstrip("@")
        self.webhook_url = webhook_url
        self.secret_token = secret_token
        self.recent = RecentEvents("telegram", redis_url)

    def get_output_channel(self) -> OutputChannel:
        return TelegramOutput(self.api)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        telegram_webhook = Blueprint("custom_telegram_webhook", __name__)
        on_new_message = with_safety_net(on_new_message)

        @telegram_webhook.listener("after_server_start")
        async def register_webhook(app: Any, loop: Any) -> None:
            try:
                result = await self.api.call(
                    "setWebhook",
                    {
                        "url": self.webhook_url,
                        "secret_token": self.secret_token,
                        "allowed_updates": ["message", "callback_query"],
                    },
                )
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
                # The other channels keep working; Telegram keeps its previous webhook, if any.
                logger.error(f"Could not register the Telegram webhook at {self.webhook_url}: {error}")
                return
            logger.info(f"Telegram webhook for @{self.bot_username} at {self.webhook_url}: {result.get('ok')}")

        @telegram_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @telegram_webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            given = request.headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode("utf-8"), self.secret_token.encode("utf-8")):
                return response.text("forbidden", status=403)
            try:
                update = json.loads(request.body)
            except ValueError:  # malformed JSON from a peer that knows the secret: nothing to answer
                return response.text("bad request", status=400)
            update = update if isinstance(update, dict) else {}
            if "update_id" in update and not await self.recent.first_time(str(update["update_id"])):
                return response.text("already handled")  # Telegram redelivered it: answered once already
            text, chat_id, callback_id = self._read_update(update)
            if callback_id:
                await self._stop_button_spinner(callback_id)
            if chat_id is None:
                return response.text("ignored")
            message = UserMessage(
                text, self.get_output_channel(), conversation_id(self.name(), chat_id), input_channel=self.name()
            )
            await on_new_message(message)
            return response.text("success")

        return telegram_webhook

    async def _stop_button_spinner(self, callback_id: Text) -> None:
        """Stops the clicked button's loading spinner in the person's app; the answer matters more."""
        try:
            await self.api.call("answerCallbackQuery", {"callback_query_id": callback_id})
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            logger.warning(f"Telegram answerCallbackQuery failed: {type(error).__name__}")

    def _read_update(self, update: Dict[Text, Any]) -> Tuple[Text, Optional[Any], Optional[Text]]:
        """(text, chat id, callback query id) of a message or a button click; chat id None for anything
        the bot should not answer."""
        query = update.get("callback_query")
        if isinstance(query, dict):
            chat = _dict(_dict(query.get("message")).get("chat")).get("id")
            return str(query.get("data") or ""), chat, query.get("id")
        message = update.get("message") or update.get("edited_message")
        if not isinstance(message, dict):
            return "", None, None
        # Stickers, photos and voice notes have no text: the bot answers with its options.
        text, chat = str(message.get("text") or ""), _dict(message.get("chat"))
        if chat.get("type") in GROUP_CHATS:
            addressed = self._addressed_in_group(text, message)
            if addressed is None:
                return "", None, None  # a group's own conversation, not said to the bot
            text = addressed
        return text, chat.get("id"), None

    def _addressed_in_group(self, text: Text, message: Dict[Text, Any]) -> Optional[Text]:
        """In a group, the text said to the bot (mentioned, replied to, or a command), else None."""
        mention = f"@{self.bot_username}"
        replied_to = _dict(_dict(message.get("reply_to_message")).get("from")).get("username")
        if text.startswith("/"):
            return text.partition(" ")[2].strip()  # "/soporte@certichat_bot la huella no sirve"
        if mention.lower() in text.lower():
            return re.sub(re.escape(mention), "", text, flags=re.IGNORECASE).strip()
        if replied_to and replied_to.lower() == self.bot_username.lower():
            return text
        return None


def _dict(value: Any) -> Dict[Text, Any]:
    return value if isinstance(value, dict) else {}
