"""The website widget's channel: Socket.IO, with sessions the server issues and the browser cannot forge.

Rasa 3.6's own channel joins whatever `session_id` a client names and takes the `session_id` inside
each message at its word: a second browser that knew or guessed an id received the first one's
replies live and wrote into its conversation. Here a session id is issued by the server and signed
with a server secret; a browser that presents one the server did not sign gets a fresh session, and
messages go to the session this socket was given, whatever they claim. Only the allowed origins may
connect, messages are cut to MAX_MESSAGE_CHARS, and a socket or an address that floods is told to
slow down. The conversation is `socketio:<session>`.
"""

import hashlib
import hmac
import logging
import secrets
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint
from rasa.core.channels.socketio import SocketIOOutput as RasaSocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncRedisManager, AsyncServer
from typing_extensions import TypeGuard  # typing's own needs Python 3.10; 3.9 is supported

from bot import words
from bot.conversation_ids import conversation_id, local_id
from channels.limits import MAX_MESSAGE_CHARS, Limits, client_address
from channels.safety_net import CATALOGUE, with_safety_net
from channels.settings import Setting, checked

logger = logging.getLogger(__name__)

# A whole message frame; the text inside is cut to MAX_MESSAGE_CHARS anyway.
MAX_FRAME_BYTES = 16 * 1024
DEMO_PAGE_ORIGINS = "http://localhost:8000,http://127.0.0.1:8000"
# The Redis pub/sub channel the processes share the widget's rooms on.
ROOMS_CHANNEL = "certichat-socketio"


def sign(session: Text, secret: Text) -> Text:
    return hmac.new(secret.encode("utf-8"), session.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def issue_session(secret: Text) -> Text:
    session = secrets.token_hex(16)
    return f"{session}.{sign(session, secret)}"


def is_issued(claimed: Any, secret: Text) -> TypeGuard[str]:
    if not isinstance(claimed, str) or claimed.count(".") != 1:
        return False
    session, signature = claimed.split(".")
    return hmac.compare_digest(signature.encode("utf-8"), sign(session, secret).encode("utf-8"))


class SocketIOOutput(RasaSocketIOOutput):
    """Sends to the room of the session, named without the channel's prefix."""

    async def _send_message(self, socket_id: Text, response: Any) -> None:
        await super()._send_message(local_id(socket_id), response)


class SocketIOInput(InputChannel):
    TITLE = "Socket.IO (widget web)"
    SETTINGS = (
        Setting("session_secret", "CERTICHAT_SESSION_SECRET"),
        Setting("allowed_origins", "CERTICHAT_ALLOWED_ORIGINS", required=False),
        Setting("redis_url", "CERTICHAT_REDIS_URL", required=False),
    )

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = checked(cls.TITLE, cls.SETTINGS, credentials)
        origins = credentials.get("allowed_origins") or DEMO_PAGE_ORIGINS
        return cls(
            credentials["session_secret"],
            [origin.strip() for origin in origins.split(",") if origin.strip()],
            credentials.get("user_message_evt", "user_uttered"),
            credentials.get("bot_message_evt", "bot_uttered"),
            credentials.get("redis_url"),
        )

    def __init__(
        self,
        session_secret: Text,
        allowed_origins: List[Text],
        user_message_evt: Text = "user_uttered",
        bot_message_evt: Text = "bot_uttered",
        redis_url: Optional[Text] = None,
    ) -> None:
        self.secret, self.allowed_origins, self.redis_url = session_secret, allowed_origins, redis_url
        self.user_message_evt, self.bot_message_evt = user_message_evt, bot_message_evt
        self.sio: Optional[AsyncServer] = None
        # What this process gave each connected socket: its session and its client address.
        self.sessions: Dict[Text, Text] = {}
        self.addresses: Dict[Text, Text] = {}
        self.data_policy = CATALOGUE.data_policy  # the catalogue the safety net loaded at start-up

    def get_output_channel(self) -> Optional[OutputChannel]:
        return SocketIOOutput(self.sio, self.bot_message_evt) if self.sio else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # With Redis every process serves the widget: what one process sends to a session's room reaches
        # the session's sockets wherever they are connected, and the limits count across processes.
        sio = AsyncServer(
            async_mode="sanic",
            cors_allowed_origins=self.allowed_origins,
            max_http_buffer_size=MAX_FRAME_BYTES,
            client_manager=AsyncRedisManager(self.redis_url, channel=ROOMS_CHANNEL) if self.redis_url else None,
        )
        self.sio = sio
        webhook = SocketBlueprint(sio, "/socket.io", "socketio_webhook", __name__)
        handle = with_safety_net(on_new_message)
        limits = Limits(self.redis_url)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect")
        async def connect(sid: Text, environ: Dict[Text, Any], auth: Optional[Dict] = None) -> bool:
            # python-engineio's Sanic driver writes 127.0.0.1 as every socket's REMOTE_ADDR, which the limits
            # exempt: the address is the request's own, read as the REST channel reads it.
            request = environ.get("sanic.request")
            self.addresses[sid] = client_address(request) if request is not None else "?"
            return True

        @sio.on("disconnect")
        async def disconnect(sid: Text) -> None:
            self.sessions.pop(sid, None)
            self.addresses.pop(sid, None)

        @sio.on("session_request")
        async def session_request(sid: Text, data: Any) -> None:
            claimed = data.get("session_id") if isinstance(data, dict) else None
            token = claimed if is_issued(claimed, self.secret) else issue_session(self.secret)
            # The conversation and the room are named by the session alone; only this browser holds the
            # signature that proves it, so a conversation id seen anywhere else claims nothing.
            session = token.split(".")[0]
            previous = self.sessions.get(sid)
            if previous and previous != session:
                sio.leave_room(sid, previous)
            self.sessions[sid] = session
            sio.enter_room(sid, session)
            await sio.emit("session_confirm", token, room=sid)
            if self.data_policy.url:
                await sio.emit("data_policy", self.data_policy.dict(), room=sid)

        @sio.on(self.user_message_evt)
        async def handle_message(sid: Text, data: Any) -> None:
            session = self.sessions.get(sid)
            if session is None or not isinstance(data, dict) or not isinstance(data.get("message"), str):
                return  # no session asked for yet, or not a message: nothing to answer to
            output = SocketIOOutput(sio, self.bot_message_evt)
            conversation = conversation_id(self.name(), session)
            if not await limits.allows(conversation, self.addresses.get(sid, "?")):
                await output.send_text_message(conversation, words.say("too_many_messages"))
                return
            metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else None
            text = data["message"][:MAX_MESSAGE_CHARS]
            await handle(UserMessage(text, output, conversation, input_channel=self.name(), metadata=metadata))

        return webhook
