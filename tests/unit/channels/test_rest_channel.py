"""channels/rest.py on its own: what makes a body malformed, and the bearer token check. The HTTP
answers (400, 401, 413, 429) are exercised end to end in tests/e2e/."""

import json
from types import SimpleNamespace

import pytest

from bot import words
from channels.rest import RestInput, authorized, read_request

# --- read_request -----------------------------------------------------------------------------


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
    payload, problem = read_request(body)
    assert payload is None and problem == words.say(key)
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
    assert read_request(json.dumps(payload, ensure_ascii=False).encode("utf-8")) == (payload, None)


# --- the bearer token -------------------------------------------------------------------------


def request(headers):
    """The least of a Sanic request that the check reads."""
    return SimpleNamespace(headers=headers)


def test_without_a_configured_token_every_caller_is_let_in():
    assert authorized(request({}), None)


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer otro", "bearer secreto", "Basic secreto", "secreto"])
def test_with_a_token_only_the_exact_bearer_header_is_let_in(header):
    assert not authorized(request({} if header is None else {"Authorization": header}), "secreto")
    assert authorized(request({"Authorization": "Bearer secreto"}), "secreto")


def test_the_token_comes_from_the_credentials():
    assert RestInput.from_credentials({"token": "secreto"}).token == "secreto"
    assert RestInput.from_credentials(None).token is None


def test_the_channel_is_named_rest():
    assert RestInput.name() == "rest"
