"""channels/telegram.py on its own: cutting replies to Telegram's limits, reading updates, and what the
output channel sends to the Bot API (a local fake, tests/fake_apis.py). The webhook's secret check and
whole conversations are exercised end to end in tests/e2e/test_messaging_channels.py."""

import asyncio

import pytest

from channels.telegram import (
    CALLBACK_DATA_LIMIT,
    MESSAGE_LIMIT,
    TelegramApi,
    TelegramInput,
    TelegramOutput,
    callback_data,
    split_message,
)
from tests.fake_apis import FakeApi

TOKEN = "123456:TEST-token"


# --- split_message ----------------------------------------------------------------------------


def test_a_short_text_is_one_piece():
    assert split_message("hola\nmundo") == ["hola\nmundo"]
    assert split_message("x" * MESSAGE_LIMIT) == ["x" * MESSAGE_LIMIT]


def test_pieces_respect_the_limit_and_are_cut_at_line_breaks():
    lines = [f"línea {n:02d}" for n in range(30)]  # 8 characters each
    text = "\n".join(lines)
    pieces = split_message(text, limit=30)
    assert len(pieces) > 1
    assert all(len(piece) <= 30 for piece in pieces)
    # No line is cut: every piece is whole lines, and together they are the text.
    assert all(set(piece.split("\n")) <= set(lines) for piece in pieces)
    assert "\n".join(pieces) == text


def test_each_piece_is_filled_as_far_as_the_lines_allow():
    assert split_message("aaa\nbbb\nccc\nddd", limit=7) == ["aaa\nbbb", "ccc\nddd"]
    assert split_message("aaa\nbbb\nccc", limit=8) == ["aaa\nbbb", "ccc"]


def test_a_single_line_longer_than_the_limit_is_cut_into_full_pieces():
    assert split_message("abcdefgh", limit=3) == ["abc", "def", "gh"]
    pieces = split_message("y" * (2 * MESSAGE_LIMIT + 10))
    assert [len(p) for p in pieces] == [MESSAGE_LIMIT, MESSAGE_LIMIT, 10]


def test_a_long_line_between_short_ones_keeps_the_order():
    pieces = split_message("ab\ncdefgh\nij", limit=3)
    assert pieces == ["ab", "cde", "fgh", "ij"]
    assert "".join(pieces) == "abcdefghij"


@pytest.mark.parametrize("text", ["", "\n", "\n\n\n"])
def test_blank_text_still_gives_one_piece_to_send(text):
    assert len(split_message(text)) == 1


def test_blank_lines_never_become_pieces_of_their_own():
    pieces = split_message("aaa\n\n\n\nbbb", limit=4)
    assert all(piece.strip() for piece in pieces)
    assert [p.strip() for p in pieces] == ["aaa", "bbb"]


# --- callback_data ----------------------------------------------------------------------------


def test_a_short_payload_is_kept():
    assert callback_data({"title": "Sí", "payload": "/affirm"}) == "/affirm"
    exact = "/" + "p" * (CALLBACK_DATA_LIMIT - 1)
    assert callback_data({"title": "Título", "payload": exact}) == exact


def test_the_limit_is_in_bytes_not_characters():
    # 40 characters but 80 bytes in UTF-8: too long for Telegram.
    payload = "/inform" + "ñ" * 33
    assert len(payload) <= CALLBACK_DATA_LIMIT < len(payload.encode("utf-8"))
    assert callback_data({"title": "Biometría", "payload": payload}) == "Biometría"


def test_a_long_payload_falls_back_to_a_title_cut_at_a_character_boundary():
    title = "Autenticación biométrica — válida también en días festivos y en horario nocturno"
    data = callback_data({"title": title, "payload": '/inform_product{"product":"' + "x" * 80 + '"}'})
    assert len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT
    assert title.startswith(data) and len(data) > 40  # a prefix, not mojibake, and not much shorter than needed


def test_a_cut_in_the_middle_of_an_accented_letter_drops_that_letter():
    title = "a" * (CALLBACK_DATA_LIMIT - 1) + "éxito"  # "é" takes bytes 64 and 65
    assert callback_data({"title": title, "payload": "/" + "z" * 100}) == "a" * (CALLBACK_DATA_LIMIT - 1)
    title = "ó" * 40  # 80 bytes: 32 whole letters fit
    assert callback_data({"title": title, "payload": "/" + "z" * 100}) == "ó" * 32


# --- reading updates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "update, expected",
    [
        (
            {"update_id": 1, "message": {"message_id": 5, "chat": {"id": 77}, "text": "tengo una falla"}},
            ("tengo una falla", 77, None),
        ),
        (
            {"update_id": 2, "edited_message": {"message_id": 5, "chat": {"id": 77}, "text": "corregido"}},
            ("corregido", 77, None),
        ),
        (
            {
                "update_id": 3,
                "callback_query": {"id": "cb-9", "data": "/affirm", "message": {"message_id": 6, "chat": {"id": 77}}},
            },
            ("/affirm", 77, "cb-9"),
        ),
        # Stickers, photos and voice notes have no text: the bot still answers (with its options).
        (
            {"update_id": 4, "message": {"message_id": 7, "chat": {"id": 77}, "sticker": {"file_id": "abc"}}},
            ("", 77, None),
        ),
        (
            {"update_id": 5, "message": {"message_id": 8, "chat": {"id": -100}, "photo": [], "caption": None}},
            ("", -100, None),
        ),
    ],
)
def test_messages_and_button_clicks_give_text_and_chat(update, expected):
    assert telegram_input()._read_update(update) == expected


def test_a_click_on_a_message_telegram_no_longer_shows_is_still_acknowledged_but_not_answered():
    text, chat, callback_id = telegram_input()._read_update({"callback_query": {"id": "cb-1", "data": "/affirm"}})
    assert chat is None and callback_id == "cb-1"


@pytest.mark.parametrize(
    "update",
    [
        {},
        {"update_id": 9},
        {"update_id": 9, "channel_post": {"chat": {"id": 1}, "text": "hola"}},
        {"update_id": 9, "my_chat_member": {"chat": {"id": 1}}},
        {"update_id": 9, "inline_query": {"id": "q", "query": "hola"}},
        {"update_id": 9, "message": "not an object"},
        {"update_id": 9, "callback_query": "not an object"},
    ],
)
def test_other_updates_have_no_chat(update):
    text, chat, callback_id = telegram_input()._read_update(update)
    assert chat is None and callback_id is None


# --- the output channel against a local Bot API -----------------------------------------------


@pytest.fixture(scope="module")
def fake_api_server():
    fake = FakeApi()
    yield fake
    fake.stop()


@pytest.fixture
def fake_telegram(fake_api_server):
    """The module's fake API, with no calls recorded yet."""
    with fake_api_server.lock:
        fake_api_server.calls.clear()
    return fake_api_server


def output(fake):
    return TelegramOutput(TelegramApi(TOKEN, fake.url))


def test_a_text_goes_to_the_chat_through_the_bots_url(fake_telegram):
    asyncio.run(output(fake_telegram).send_text_message("77", "hola"))
    assert [c["path"] for c in fake_telegram.calls] == [f"/bot{TOKEN}/sendMessage"]
    assert fake_telegram.matching("sendMessage") == [{"chat_id": "77", "text": "hola"}]


def test_a_long_text_becomes_several_messages_in_order(fake_telegram):
    text = "\n".join(f"línea {n}: " + "x" * 90 for n in range(120))  # about 12,000 characters
    asyncio.run(output(fake_telegram).send_text_message("77", text))
    sent = fake_telegram.matching("sendMessage")
    assert len(sent) == len(split_message(text)) >= 3
    assert all(body["chat_id"] == "77" and len(body["text"]) <= MESSAGE_LIMIT for body in sent)
    assert "\n".join(body["text"] for body in sent) == text


def test_buttons_become_an_inline_keyboard_on_the_last_piece(fake_telegram):
    text = "\n".join(f"opción {n}: " + "y" * 100 for n in range(60))  # about 6,700 characters
    long_payload = '/inform_product{"product":"' + "x" * 80 + '"}'
    buttons = [
        {"title": "Sí", "payload": "/affirm"},
        {"title": "Autenticación biométrica", "payload": long_payload},
        {"title": "T" * 100, "payload": "/deny"},
    ]
    asyncio.run(output(fake_telegram).send_text_with_buttons("77", text, buttons))
    sent = fake_telegram.matching("sendMessage")
    assert len(sent) == 2
    assert "reply_markup" not in sent[0]
    assert sent[0]["text"] + "\n" + sent[1]["text"] == text
    assert sent[1]["reply_markup"] == {
        "inline_keyboard": [
            [{"text": "Sí", "callback_data": "/affirm"}],
            [{"text": "Autenticación biométrica", "callback_data": "Autenticación biométrica"}],
            [{"text": "T" * 64, "callback_data": "/deny"}],
        ]
    }


def test_a_short_text_with_buttons_is_one_message(fake_telegram):
    asyncio.run(
        output(fake_telegram).send_text_with_buttons(
            "77", "¿Cuál producto?", [{"title": "CertiGestor", "payload": "/certigestor"}]
        )
    )
    assert fake_telegram.matching("sendMessage") == [
        {
            "chat_id": "77",
            "text": "¿Cuál producto?",
            "reply_markup": {"inline_keyboard": [[{"text": "CertiGestor", "callback_data": "/certigestor"}]]},
        }
    ]


def test_the_input_channel_answers_through_its_own_api(fake_telegram):
    channel = TelegramInput(TOKEN, "certichat_bot", "https://bot.example/webhook", "secret", fake_telegram.url)
    asyncio.run(channel.get_output_channel().send_text_message("5", "hola"))
    assert fake_telegram.matching("sendMessage") == [{"chat_id": "5", "text": "hola"}]
    assert TelegramInput.name() == TelegramOutput.name() == "telegram"


def telegram_input():
    return TelegramInput("1:x", "certichat_bot", "https://bot.example/webhook", "secreto", "http://127.0.0.1:9")


def group_message(text, **extra):
    return {"update_id": 50, "message": {"message_id": 9, "chat": {"id": -300, "type": "group"}, "text": text, **extra}}


@pytest.mark.parametrize(
    "update, expected",
    [
        (group_message("@certichat_bot la huella no sirve"), ("la huella no sirve", -300, None)),
        (group_message("oigan, @CertiChat_Bot ¿el horario?"), ("oigan,  ¿el horario?", -300, None)),
        (group_message("/soporte@certichat_bot se cayó el gestor"), ("se cayó el gestor", -300, None)),
        (
            group_message("sí, está parado", reply_to_message={"from": {"username": "certichat_bot"}}),
            ("sí, está parado", -300, None),
        ),
    ],
)
def test_in_a_group_the_bot_answers_what_is_said_to_it(update, expected):
    assert telegram_input()._read_update(update) == expected


@pytest.mark.parametrize(
    "update",
    [
        group_message("alguien sabe si hoy hay soporte?"),
        group_message("gracias", reply_to_message={"from": {"username": "otra_persona"}}),
        {"update_id": 51, "message": {"chat": {"id": -301, "type": "supergroup"}, "text": "la huella no sirve"}},
    ],
)
def test_in_a_group_the_bot_keeps_out_of_the_peoples_own_conversation(update):
    assert telegram_input()._read_update(update)[1] is None
