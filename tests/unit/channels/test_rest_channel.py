"""channels/rest.py on its own: what makes a body malformed, the flood guard's counting, the cut of
long messages. The HTTP answers (400, 429) are exercised end to end in tests/e2e/test_conversations.py."""

import asyncio
import json
from types import SimpleNamespace

import pytest

from bot import words
from channels.rest import (
    FLOOD_MAX_MESSAGES,
    FLOOD_WINDOW_SECONDS,
    MAX_MESSAGE_CHARS,
    FloodGuard,
    RestInput,
    request_problem,
)

# --- request_problem --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, key",
    [
        (b"", "request_empty"),
        (b"  \n\t ", "request_empty"),
        (b'{"sender": "a", "message": "\xff\xfe hola"}', "request_not_json"),  # not UTF-8
        (b"{not json", "request_not_json"),
        (b'{"sender": "a", "message": "hola"', "request_not_json"),  # truncated
        (b'[{"sender": "a", "message": "hola"}]', "request_not_object"),
        (b'"hola"', "request_not_object"),
        (b"42", "request_not_object"),
        (b"null", "request_not_object"),
        (b'{"sender": "a"}', "request_message_not_text"),
        (b'{"sender": "a", "message": null}', "request_message_not_text"),
        (b'{"sender": "a", "message": 42}', "request_message_not_text"),
        (b'{"sender": "a", "message": ["hola"]}', "request_message_not_text"),
        (b'{"sender": "a", "message": {"text": "hola"}}', "request_message_not_text"),
        (b'{"sender": ["a"], "message": "hola"}', "request_sender_not_text"),
        (b'{"sender": {"id": "a"}, "message": "hola"}', "request_sender_not_text"),
        (b'{"sender": 1.5, "message": "hola"}', "request_sender_not_text"),
        (b'{"sender": "a", "message": "hola", "metadata": "x"}', "request_metadata_not_object"),
        (b'{"sender": "a", "message": "hola", "metadata": [1]}', "request_metadata_not_object"),
    ],
)
def test_each_malformed_body_gets_its_spanish_explanation(body, key):
    problem = request_problem(body)
    assert problem == words.say(key)
    assert problem.strip()


def test_the_explanations_are_distinct():
    keys = [
        "request_empty",
        "request_not_json",
        "request_not_object",
        "request_message_not_text",
        "request_sender_not_text",
        "request_metadata_not_object",
    ]
    assert len({words.say(key) for key in keys}) == len(keys)


@pytest.mark.parametrize(
    "payload",
    [
        {"sender": "ana", "message": "hola"},
        {"sender": 42, "message": "hola"},  # numeric ids are accepted (and turned into text)
        {"message": "hola"},  # no sender: Rasa makes one up
        {"sender": None, "message": "", "metadata": None},  # an empty message is a message
        {"sender": "ana", "message": "tengo una falla en CertiGestor ñ é", "metadata": {"canal": "web"}},
    ],
)
def test_a_good_body_has_no_problem(payload):
    assert request_problem(json.dumps(payload, ensure_ascii=False).encode("utf-8")) is None


# --- FloodGuard -------------------------------------------------------------------------------


def test_a_sender_may_send_the_maximum_within_the_window_but_not_one_more():
    guard = FloodGuard()
    assert all(guard.allows("ana", now=100.0 + i * 0.1) for i in range(FLOOD_MAX_MESSAGES))
    assert not guard.allows("ana", now=100.0 + FLOOD_MAX_MESSAGES * 0.1)
    assert not guard.allows("ana", now=100.0 + FLOOD_WINDOW_SECONDS - 0.5)


def test_a_refused_sender_is_allowed_again_once_the_window_has_passed():
    guard = FloodGuard()
    for _ in range(FLOOD_MAX_MESSAGES):
        assert guard.allows("ana", now=100.0)
    assert not guard.allows("ana", now=101.0)
    # Refused attempts do not count: the ban does not stretch while the person keeps trying.
    assert not guard.allows("ana", now=105.0)
    assert guard.allows("ana", now=100.0 + FLOOD_WINDOW_SECONDS + 0.01)


def test_messages_spread_over_time_are_never_refused():
    guard = FloodGuard()
    step = FLOOD_WINDOW_SECONDS / FLOOD_MAX_MESSAGES * 1.1
    assert all(guard.allows("ana", now=i * step) for i in range(FLOOD_MAX_MESSAGES * 4))


def test_senders_are_counted_independently():
    guard = FloodGuard()
    for _ in range(FLOOD_MAX_MESSAGES):
        guard.allows("ana", now=100.0)
    assert not guard.allows("ana", now=100.5)
    assert guard.allows("beto", now=100.5)
    assert all(guard.allows("carla", now=100.5) for _ in range(FLOOD_MAX_MESSAGES))
    assert not guard.allows("carla", now=100.5)


def test_the_limits_can_be_chosen():
    guard = FloodGuard(max_messages=2, window=1.0)
    assert guard.allows("ana", 0.0) and guard.allows("ana", 0.5)
    assert not guard.allows("ana", 0.9)
    assert guard.allows("ana", 1.01)  # the first one has left the window


# --- sender and message extraction ------------------------------------------------------------


def request(body):
    """The least of a Sanic request that the channel reads."""
    return SimpleNamespace(json=body)


def test_a_message_longer_than_the_maximum_is_cut():
    channel = RestInput()
    long_text = "falla " * 1000
    assert channel._extract_message(request({"message": long_text})) == long_text[:MAX_MESSAGE_CHARS]
    assert len(channel._extract_message(request({"message": "ñ" * (MAX_MESSAGE_CHARS + 1)}))) == MAX_MESSAGE_CHARS


def test_a_message_within_the_maximum_is_kept_whole():
    channel = RestInput()
    exact = "x" * MAX_MESSAGE_CHARS
    assert channel._extract_message(request({"message": exact})) == exact
    assert channel._extract_message(request({"message": "hola"})) == "hola"


@pytest.mark.parametrize("sender, expected", [("ana", "ana"), (42, "42"), (None, None)])
def test_the_sender_is_text_or_none(sender, expected):
    body = {"message": "hola"} if sender is None else {"sender": sender, "message": "hola"}
    assert asyncio.run(RestInput()._extract_sender(request(body))) == expected


def test_the_channel_is_named_rest():
    assert RestInput.name() == "rest"
