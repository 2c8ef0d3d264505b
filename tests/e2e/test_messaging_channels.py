"""Telegram and Slack over real HTTP: the Rasa server with both channels on, and local fakes of
Telegram's Bot API and Slack's Web API that record what the bot sends."""

import hashlib
import hmac
import json
import time
import uuid
from urllib.parse import urlencode

import requests

from bot import words
from channels.telegram import CALLBACK_DATA_LIMIT, MESSAGE_LIMIT, callback_data, split_message
from tests.e2e.conftest import SLACK_SIGNING_SECRET, TELEGRAM_SECRET, TELEGRAM_TOKEN

MONDAY_MORNING = "2026-11-23T10:00"


def new_update_id() -> int:
    """Telegram numbers every update, and a number seen twice is a redelivery: each test update gets
    its own (random, since this module may be imported twice under pytest)."""
    return uuid.uuid4().int % 2**31


# --- Telegram ---------------------------------------------------------------------------------


def telegram_update(bot, body, secret=TELEGRAM_SECRET):
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return requests.post(f"{bot.url}/webhooks/telegram/webhook", json=body, headers=headers, timeout=60)


def text_update(chat_id, text):
    return {
        "update_id": new_update_id(),
        "message": {"message_id": 1, "chat": {"id": chat_id, "type": "private"}, "from": {"id": chat_id}, "text": text},
    }


def telegram_click(chat_id, query_id, button):
    """A person pressing an inline keyboard button of the bot's last message."""
    return {
        "update_id": new_update_id(),
        "callback_query": {
            "id": query_id,
            "from": {"id": chat_id},
            "data": button["callback_data"],
            "message": {"message_id": 2, "chat": {"id": chat_id}},
        },
    }


def to_chat(chat_id):
    return lambda body: body.get("chat_id") == str(chat_id)


def test_webhook_is_registered_with_the_secret(bot, fake_telegram):
    registered = fake_telegram.wait_for("setWebhook", lambda body: True)
    assert registered[0]["secret_token"] == TELEGRAM_SECRET
    assert registered[0]["url"] == "https://bot.example.org/webhooks/telegram/webhook"
    assert all(f"/bot{TELEGRAM_TOKEN}/" in c["path"] for c in fake_telegram.calls)


def test_text_message_gets_the_right_contact(bot, fake_telegram):
    bot.set_clock(MONDAY_MORNING)
    chat = 7001
    assert telegram_update(bot, text_update(chat, "la huella no sirve")).status_code == 200
    sent = fake_telegram.wait_for("sendMessage", to_chat(chat))
    assert "(601) 3906642" in sent[0]["text"]


def test_buttons_are_inline_keyboards_and_clicks_work(bot, fake_telegram):
    bot.set_clock(MONDAY_MORNING)
    chat = 7002
    telegram_update(bot, text_update(chat, "tengo un problema"))
    question = fake_telegram.wait_for("sendMessage", to_chat(chat))[0]
    keyboard = [row[0] for row in question["reply_markup"]["inline_keyboard"]]
    assert [b["text"] for b in keyboard] == ["Autenticación Biométrica (huella)", "CertiGestor (gestión documental)"]
    assert all(len(b["callback_data"].encode()) <= CALLBACK_DATA_LIMIT for b in keyboard)
    assert telegram_update(bot, telegram_click(chat, "consulta-1", keyboard[1])).status_code == 200
    fake_telegram.wait_for("answerCallbackQuery", lambda body: body.get("callback_query_id") == "consulta-1")
    answer = fake_telegram.wait_for("sendMessage", to_chat(chat), count=2)[1]
    assert "(601) 7442727, Opción 2 - opción 4" in answer["text"]


def test_forged_updates_are_rejected_before_processing(bot, fake_telegram):
    chat = 7003
    assert telegram_update(bot, text_update(chat, "la huella no sirve"), secret=None).status_code == 403
    assert telegram_update(bot, text_update(chat, "la huella no sirve"), secret="adivinado").status_code == 403
    forged_raw = requests.post(f"{bot.url}/webhooks/telegram/webhook", data=b"{not json", timeout=30)
    assert forged_raw.status_code == 403
    time.sleep(2)
    assert fake_telegram.matching("sendMessage", to_chat(chat)) == []


def test_long_replies_are_split_within_telegrams_limit():
    text = "\n".join(f"línea {n}: " + "x" * 90 for n in range(120))
    pieces = split_message(text)
    assert len(pieces) > 1 and all(len(p) <= MESSAGE_LIMIT for p in pieces)
    assert "\n".join(pieces) == text
    assert all(len(p) <= MESSAGE_LIMIT for p in split_message("y" * 10_000))


def test_oversized_payload_falls_back_to_the_title():
    button = {"title": "Reportar una falla", "payload": '/inform_product{"product":"' + "x" * 80 + '"}'}
    assert callback_data(button) == "Reportar una falla"


# --- Slack ------------------------------------------------------------------------------------


def slack_post(
    bot, body: bytes, content_type="application/json", timestamp=None, secret=SLACK_SIGNING_SECRET, headers=None
):
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = "v0=" + hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
    return requests.post(
        f"{bot.url}/webhooks/slack/webhook",
        data=body,
        timeout=30,
        headers={
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature,
            **(headers or {}),
        },
    )


def slack_event(channel, text, event_id=None):
    """A direct message from a person whose user id is derived from the channel (one conversation each)."""
    return json.dumps(
        {
            "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10]}",
            "event": {
                "type": "message",
                "channel_type": "im",
                "channel": channel,
                "user": f"U{channel}",
                "text": text,
                "ts": "1.0",
            },
        }
    ).encode()


def slack_click(bot, channel, button):
    """The person of `channel` pressing a Block Kit button of the bot's last message."""
    click = {
        "type": "block_actions",
        "trigger_id": f"t-{uuid.uuid4().hex[:6]}",
        "user": {"id": f"U{channel}"},
        "channel": {"id": channel},
        "actions": [{"action_id": button["action_id"], "value": button["value"], "action_ts": "2.0"}],
    }
    body = urlencode({"payload": json.dumps(click)}).encode()
    return slack_post(bot, body, content_type="application/x-www-form-urlencoded")


def in_channel(channel):
    return lambda body: body.get("channel") == channel


def test_url_verification(bot):
    reply = slack_post(bot, json.dumps({"type": "url_verification", "challenge": "reto"}).encode())
    assert reply.json() == {"challenge": "reto"}


def test_direct_message_gets_the_right_contact(bot, fake_slack):
    bot.set_clock(MONDAY_MORNING)
    assert slack_post(bot, slack_event("D001", "quiero poner una queja")).status_code == 200
    posted = fake_slack.wait_for("chat.postMessage", in_channel("D001"))
    assert "certicamararesponde@certicamara.com" in posted[0]["text"]
    assert fake_slack.calls[-1]["headers"]["Authorization"] == "Bearer xoxb-prueba"


def test_forged_or_stale_requests_get_no_reply(bot, fake_slack):
    assert slack_post(bot, slack_event("D002", "hola"), secret="otra-firma").status_code == 401
    assert slack_post(bot, slack_event("D002", "hola"), timestamp=time.time() - 301).status_code == 401
    unsigned = requests.post(f"{bot.url}/webhooks/slack/webhook", data=slack_event("D002", "hola"), timeout=30)
    assert unsigned.status_code == 401
    time.sleep(2)
    assert fake_slack.matching("chat.postMessage", in_channel("D002")) == []


def test_retried_event_is_answered_once(bot, fake_slack):
    body = slack_event("D003", "la huella no sirve", event_id="EvRepetido1")
    assert slack_post(bot, body).status_code == 200
    for attempt, reason in ((1, "http_timeout"), (2, "http_error")):
        retry = slack_post(bot, body, headers={"X-Slack-Retry-Num": str(attempt), "X-Slack-Retry-Reason": reason})
        assert retry.status_code == 200

    def answer(body):  # the contacts (the hand-off offer follows them in a message of its own)
        return in_channel("D003")(body) and "(601) 3906642" in body.get("text", "")

    fake_slack.wait_for("chat.postMessage", answer)
    time.sleep(3)
    assert len(fake_slack.matching("chat.postMessage", answer)) == 1


def test_buttons_are_block_kit_and_clicks_work(bot, fake_slack):
    bot.set_clock(MONDAY_MORNING)
    slack_post(bot, slack_event("D004", "tengo un problema"))
    question = fake_slack.wait_for("chat.postMessage", in_channel("D004"))[0]
    buttons = question["blocks"][1]["elements"]
    assert [b["text"]["text"] for b in buttons] == [
        "Autenticación Biométrica (huella)",
        "CertiGestor (gestión documental)",
    ]
    assert slack_click(bot, "D004", buttons[1]).status_code == 200
    answer = fake_slack.wait_for("chat.postMessage", in_channel("D004"), count=2)[1]
    assert "(601) 7442727, Opción 2 - opción 4" in answer["text"]


def test_a_sticker_or_blank_text_gets_the_greeting_not_an_apology(bot, fake_telegram, fake_slack):
    """An update without text once made the intent classifier raise on an empty feature row."""
    bot.set_clock(MONDAY_MORNING)
    sticker = text_update(7009, "")
    del sticker["message"]["text"]
    sticker["message"]["sticker"] = {"file_id": "CAACAgIAAxk", "emoji": "👍"}
    assert telegram_update(bot, sticker).status_code == 200
    sent = fake_telegram.wait_for("sendMessage", to_chat(7009))
    assert "¿En qué le puedo ayudar?" in sent[0]["text"] and "falla técnica" not in sent[0]["text"]
    assert slack_post(bot, slack_event("D009", "   ")).status_code == 200
    posted = fake_slack.wait_for("chat.postMessage", in_channel("D009"))
    assert "¿En qué le puedo ayudar?" in posted[0]["text"] and "falla técnica" not in posted[0]["text"]


# --- The satisfaction question, with each channel's buttons ------------------------------------


def _after_no(texts):
    joined = "\n".join(texts)
    return words.say("satisfaction_sorry") in joined and words.say("ask_what_was_missing") in joined


def test_the_satisfaction_question_has_buttons_on_telegram_and_a_no_is_heard(bot, fake_telegram):
    bot.set_clock(MONDAY_MORNING)
    chat = 7010
    telegram_update(bot, text_update(chat, "cual es el horario de certigestor"))
    question = fake_telegram.wait_for("sendMessage", to_chat(chat), count=2)[1]
    assert question["text"] == words.say("ask_satisfaction")
    keyboard = [row[0] for row in question["reply_markup"]["inline_keyboard"]]
    assert [b["text"] for b in keyboard] == ["Sí", "No"]
    assert telegram_update(bot, telegram_click(chat, "satisfaccion-1", keyboard[1])).status_code == 200
    sent = fake_telegram.wait_for("sendMessage", to_chat(chat), count=5)
    assert _after_no([m["text"] for m in sent[2:]])


def test_the_satisfaction_question_has_buttons_on_slack_and_a_no_is_heard(bot, fake_slack):
    bot.set_clock(MONDAY_MORNING)
    slack_post(bot, slack_event("D010", "cual es el horario de certigestor"))
    question = fake_slack.wait_for("chat.postMessage", in_channel("D010"), count=2)[1]
    buttons = question["blocks"][1]["elements"]
    assert [b["text"]["text"] for b in buttons] == ["Sí", "No"]
    assert slack_click(bot, "D010", buttons[1]).status_code == 200
    sent = fake_slack.wait_for("chat.postMessage", in_channel("D010"), count=5)
    assert _after_no([m["text"] for m in sent[2:]])
