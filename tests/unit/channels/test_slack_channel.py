"""channels/slack.py on its own: the signature check, remembering events without Redis, which events
are answered, and what the output channel sends to the Web API (a local fake, tests/fake_apis.py).
Whole conversations over the webhook are exercised in tests/e2e/test_messaging_channels.py."""

import asyncio
import hashlib
import hmac
import time

import pytest

from channels.slack import (
    BUTTON_TEXT_LIMIT,
    MAX_REQUEST_AGE_SECONDS,
    SlackApi,
    SlackInput,
    SlackOutput,
    signature_is_valid,
)
from tests.fake_apis import FakeApi

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BODY = b'{"type":"event_callback","event_id":"Ev1","event":{"type":"message","text":"hola"}}'
NOW = 1_800_000_000.0


def sign(body: bytes, timestamp: str, secret: str = SECRET) -> str:
    return "v0=" + hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()


def channel(only_channel=None, api_url="http://127.0.0.1:9") -> SlackInput:
    return SlackInput("xoxb-test", SECRET, only_channel, api_url)


# --- signature_is_valid -----------------------------------------------------------------------


def test_a_fresh_correctly_signed_request_is_valid():
    timestamp = str(int(NOW) - 10)
    assert signature_is_valid(SECRET, timestamp, BODY, sign(BODY, timestamp), NOW)


def test_slacks_documented_example_is_valid():
    # https://api.slack.com/authentication/verifying-requests-from-slack
    body = (
        b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
        b"&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
        b"&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
        b"&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
    )
    signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    assert signature_is_valid(SECRET, "1531420618", body, signature, 1531420618 + 60)


def test_a_signature_made_with_another_secret_is_invalid():
    timestamp = str(int(NOW))
    assert not signature_is_valid(SECRET, timestamp, BODY, sign(BODY, timestamp, secret="otro-secreto"), NOW)


def test_a_tampered_body_is_invalid():
    timestamp = str(int(NOW))
    signature = sign(BODY, timestamp)
    assert not signature_is_valid(SECRET, timestamp, BODY.replace(b"hola", b"chao"), signature, NOW)


def test_a_signature_replayed_with_another_timestamp_is_invalid():
    signature = sign(BODY, str(int(NOW) - 100))
    assert not signature_is_valid(SECRET, str(int(NOW)), BODY, signature, NOW)


def test_a_request_older_than_five_minutes_is_invalid_even_if_correctly_signed():
    old = str(int(NOW) - MAX_REQUEST_AGE_SECONDS - 1)
    assert not signature_is_valid(SECRET, old, BODY, sign(BODY, old), NOW)
    almost = str(int(NOW) - MAX_REQUEST_AGE_SECONDS + 1)
    assert signature_is_valid(SECRET, almost, BODY, sign(BODY, almost), NOW)


def test_a_timestamp_far_in_the_future_is_invalid():
    future = str(int(NOW) + MAX_REQUEST_AGE_SECONDS + 1)
    assert not signature_is_valid(SECRET, future, BODY, sign(BODY, future), NOW)


@pytest.mark.parametrize("timestamp", ["", "ayer", "1.8e9", None])
def test_a_non_numeric_timestamp_is_invalid(timestamp):
    assert not signature_is_valid(SECRET, timestamp, BODY, sign(BODY, str(timestamp)), NOW)


@pytest.mark.parametrize("signature", ["", None, "v0=", "v1=" + "0" * 64])
def test_a_missing_or_malformed_signature_is_invalid(signature):
    assert not signature_is_valid(SECRET, str(int(NOW)), BODY, signature, NOW)


# --- which events are answered ----------------------------------------------------------------


@pytest.mark.parametrize(
    "event",
    [
        {"type": "message", "channel_type": "im", "channel": "D1", "user": "U1", "text": "hola", "bot_id": "B1"},
        {"type": "message", "channel_type": "im", "channel": "D1", "subtype": "bot_message", "text": "hola"},
        {"type": "message", "channel_type": "im", "channel": "D1", "subtype": "message_changed"},
        {"type": "message", "channel_type": "im", "channel": "D1", "subtype": "message_deleted"},
        {"type": "message", "channel_type": "channel", "channel": "C1", "subtype": "channel_join", "user": "U1"},
        {"type": "reaction_added", "user": "U1", "reaction": "thumbsup"},
        {"type": "app_home_opened", "user": "U1", "channel": "D1"},
        {},
    ],
)
def test_the_bots_own_messages_edits_and_other_events_are_ignored(event):
    assert not channel()._wanted(event)
    assert not channel(only_channel="C1")._wanted(event)


def test_direct_messages_are_always_wanted():
    event = {"type": "message", "channel_type": "im", "channel": "D1", "user": "U1", "text": "hola"}
    assert channel()._wanted(event)
    assert channel(only_channel="C1")._wanted(event)


def test_without_a_channel_filter_every_channel_is_answered():
    for name in ("C1", "C2"):
        assert channel()._wanted({"type": "app_mention", "channel": name, "user": "U1", "text": "<@UBOT> hola"})
        assert channel()._wanted({"type": "message", "channel_type": "channel", "channel": name, "user": "U1"})


def test_with_a_channel_filter_only_that_channel_is_answered():
    filtered = channel(only_channel="C1")
    assert filtered._wanted({"type": "app_mention", "channel": "C1", "user": "U1", "text": "<@UBOT> hola"})
    assert not filtered._wanted({"type": "app_mention", "channel": "C2", "user": "U1", "text": "<@UBOT> hola"})
    assert not filtered._wanted({"type": "message", "channel_type": "channel", "channel": "C2", "user": "U1"})


# --- the output channel against a local Web API -----------------------------------------------


@pytest.fixture(scope="module")
def fake_api_server():
    fake = FakeApi()
    yield fake
    fake.stop()


@pytest.fixture
def fake_slack(fake_api_server):
    """The module's fake API, with no calls recorded yet."""
    with fake_api_server.lock:
        fake_api_server.calls.clear()
    return fake_api_server


def output(fake, where="C0123") -> SlackOutput:
    return SlackOutput(SlackApi("xoxb-test", fake.url + "/"), where)


def test_a_text_is_posted_to_the_conversation_it_came_from_with_the_bot_token(fake_slack):
    asyncio.run(output(fake_slack, "D42").send_text_message("U1", "hola"))
    assert len(fake_slack.calls) == 1
    call = fake_slack.calls[0]
    assert call["path"] == "/chat.postMessage"
    headers = {k.lower(): v for k, v in call["headers"].items()}
    assert headers["authorization"] == "Bearer xoxb-test"
    assert call["json"] == {"channel": "D42", "text": "hola"}  # the channel, not the user id


def test_buttons_are_block_kit_with_titles_cut_to_the_limit(fake_slack):
    long_title = "Autenticación biométrica con huella — " * 4
    buttons = [
        {"title": "Sí", "payload": "/affirm"},
        {"title": long_title, "payload": '/inform_product{"product":"biometria"}'},
    ]
    asyncio.run(output(fake_slack).send_text_with_buttons("U1", "¿Cuál producto?", buttons))
    [body] = fake_slack.matching("chat.postMessage")
    assert body["channel"] == "C0123"
    assert body["text"] == "¿Cuál producto?"  # the fallback for notifications
    section, actions = body["blocks"]
    assert section == {"type": "section", "text": {"type": "plain_text", "text": "¿Cuál producto?"}}
    assert actions["type"] == "actions"
    elements = actions["elements"]
    assert [e["type"] for e in elements] == ["button", "button"]
    assert [e["value"] for e in elements] == ["/affirm", '/inform_product{"product":"biometria"}']
    assert [e["text"] for e in elements] == [
        {"type": "plain_text", "text": "Sí"},
        {"type": "plain_text", "text": long_title[:BUTTON_TEXT_LIMIT]},
    ]
    assert all(len(e["text"]["text"]) <= BUTTON_TEXT_LIMIT for e in elements)
    assert len({e["action_id"] for e in elements}) == 2  # Slack refuses repeated action ids in a block


def test_the_input_channel_answers_through_its_own_api(fake_slack):
    slack_input = channel(api_url=fake_slack.url)
    asyncio.run(SlackOutput(slack_input.api, "D7").send_text_message("U1", "hola"))
    assert fake_slack.matching("chat.postMessage") == [{"channel": "D7", "text": "hola"}]
    assert SlackInput.name() == SlackOutput.name() == "slack"


def test_a_signature_header_outside_ascii_is_refused_not_a_server_error():
    assert not signature_is_valid("secreto", str(int(time.time())), b"{}", "v0=firmañ", time.time())
