"""channels/socketio.py on its own: sessions the server signs, and replies addressed to the session's room.
The attacks (a claimed session, a forged origin, a flood) are played end to end in tests/e2e/test_security.py."""

import asyncio

import pytest

from channels.settings import ChannelSettingsError
from channels.socketio import SocketIOInput, SocketIOOutput, is_issued, issue_session

SECRET = "s" * 64


def test_a_session_the_server_issued_is_recognised():
    assert is_issued(issue_session(SECRET), SECRET)


def test_two_sessions_are_never_the_same():
    assert len({issue_session(SECRET) for _ in range(1000)}) == 1000


@pytest.mark.parametrize(
    "claimed",
    [
        None,
        42,
        "",
        "abc",
        "a.b.c",
        "0" * 32 + "." + "0" * 32,
        issue_session("otro-secreto"),
        issue_session(SECRET) + "x",
    ],
)
def test_anything_else_is_not_a_session_of_this_server(claimed):
    assert not is_issued(claimed, SECRET)


def test_the_channel_needs_its_secret_and_allows_the_demo_page_by_default():
    with pytest.raises(ChannelSettingsError, match="CERTICHAT_SESSION_SECRET"):
        SocketIOInput.from_credentials({"user_message_evt": "user_uttered"})
    channel = SocketIOInput.from_credentials({"session_secret": SECRET})
    assert channel.allowed_origins == ["http://localhost:8000", "http://127.0.0.1:8000"]
    listed = SocketIOInput.from_credentials({"session_secret": SECRET, "allowed_origins": "https://a.co, https://b.co"})
    assert listed.allowed_origins == ["https://a.co", "https://b.co"]


def test_replies_go_to_the_room_named_by_the_session_not_the_conversation_id():
    class Server:
        emitted = []

        async def emit(self, event, data, room=None):
            self.emitted.append((event, data, room))

    server = Server()
    asyncio.run(SocketIOOutput(server, "bot_uttered").send_text_message("socketio:abc.def", "hola"))
    assert server.emitted == [("bot_uttered", {"text": "hola"}, "abc.def")]
