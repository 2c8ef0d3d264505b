"""Attacks on the real servers, each one played as an attacker would and shown closed: claimed widget
sessions, one channel writing into another's conversations, REST without its token, the action
server from outside, oversized and flooding requests, foreign origins, and personal data in logs."""

import json
import queue
import socket
import time
import uuid

import pytest
import requests
import socketio

from bot import words
from bot.conversation_ids import conversation_id
from tests.e2e.conftest import REST_TOKEN, TELEGRAM_SECRET
from tests.e2e.test_messaging_channels import slack_event, slack_post, telegram_update, text_update, to_chat
from tests.forged_action_calls import MARKER, failing_escalation_call

NIGHT = "2026-11-23T22:00"  # Monday night: CertiGestor closed, so it asks whether the operation stopped
CELL = "(57) 318 717 49 37"


class WidgetClient:
    """A browser's side of the widget channel, over Socket.IO's polling transport."""

    def __init__(self, bot, origin=None, url=None):
        self.replies: "queue.Queue[dict]" = queue.Queue()
        self.sessions: "queue.Queue[str]" = queue.Queue()
        self.client = socketio.Client(reconnection=False)
        self.client.on("bot_uttered", self.replies.put)
        self.client.on("session_confirm", self.sessions.put)
        self.client.connect(url or bot.url, transports=["polling"], headers={"Origin": origin or bot.widget_page})

    def ask_session(self, claimed=None) -> str:
        self.client.emit("session_request", {"session_id": claimed} if claimed else {})
        return self.sessions.get(timeout=20)

    def say(self, text, **extra) -> str:
        self.client.emit("user_uttered", {"message": text, **extra})
        return self.next_reply()

    def next_reply(self, timeout=30) -> str:
        texts = [self.replies.get(timeout=timeout)["text"]]
        time.sleep(0.5)  # the rest of the same answer
        while not self.replies.empty():
            texts.append(self.replies.get()["text"])
        return "\n".join(texts)

    def send_quickly(self, count, text="hola"):
        """`count` messages without waiting for the answers."""
        for _ in range(count):
            self.client.emit("user_uttered", {"message": text})
            time.sleep(0.05)  # one message per request: the polling transport takes at most 16 at a time

    def told_to_slow_down(self, timeout=30) -> bool:
        """Whether one of the replies that arrive says to slow down."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.replies.get(timeout=5)["text"] == words.say("too_many_messages"):
                    return True
            except queue.Empty:
                return False
        return False

    def close(self):
        self.client.disconnect()


@pytest.fixture
def widget(bot):
    opened = []

    def open_client(origin=None, url=None):
        opened.append(WidgetClient(bot, origin, url))
        return opened[-1]

    yield open_client
    for client in opened:
        client.close()


def test_a_claimed_widget_session_gets_a_fresh_one_and_nothing_of_the_other_conversation(bot, widget):
    bot.set_clock(NIGHT)
    owner, intruder = widget(), widget()
    token = owner.ask_session()
    assert "¿La falla tiene detenida su operación" in owner.say("se cayó certigestor")

    # The intruder knows the owner's conversation id, and tries a made-up one as Rasa would accept it.
    public_part = token.split(".")[0]
    for claimed in (public_part, uuid.uuid4().hex, f"{public_part}.{'0' * 32}"):
        assert intruder.ask_session(claimed).split(".")[0] != public_part
    # Even naming the owner's session inside the message writes only into the intruder's own conversation.
    assert CELL not in intruder.say("si", session_id=token)
    assert intruder.replies.empty()
    # The owner's pending question is intact, and only the owner hears the answer.
    assert CELL in owner.say("si")
    assert intruder.replies.empty()


def test_a_widget_session_comes_back_to_its_own_browser(bot, widget):
    bot.set_clock(NIGHT)
    first = widget()
    token = first.ask_session()
    first.say("se cayó certigestor")
    first.close()
    again = widget()  # the same browser after a reload: it presents the token the server gave it
    assert again.ask_session(token) == token
    assert CELL in again.say("si")


def test_no_channel_reaches_another_channels_conversation(bot, fake_telegram):
    bot.set_clock(NIGHT)
    chat = 9101
    telegram_update(bot, text_update(chat, "se cayó certigestor"))
    assert "¿La falla tiene detenida su operación" in fake_telegram.wait_for("sendMessage", to_chat(chat))[-1]["text"]
    # A REST caller that sends the Telegram chat id as its sender talks in a conversation of its own.
    messages = bot.send(str(chat), "si")
    assert CELL not in "\n".join(m.get("text", "") for m in messages)
    assert {m["recipient_id"] for m in messages} == {str(chat)}  # answered in the caller's own terms
    telegram_update(bot, text_update(chat, "si"))
    assert fake_telegram.wait_for("sendMessage", lambda body: to_chat(chat)(body) and CELL in body["text"])


def test_rest_without_its_token_is_refused_and_nothing_is_processed(bot):
    bot.set_clock(NIGHT)
    sender = f"sin-token-{uuid.uuid4().hex}"
    for headers in ({}, {"Authorization": "Bearer adivinado"}, {"Authorization": REST_TOKEN}):
        refused = requests.post(
            f"{bot.url}/webhooks/rest/webhook",
            json={"sender": sender, "message": "se cayó certigestor"},
            headers=headers,
            timeout=30,
        )
        assert refused.status_code == 401
        assert "Authorization: Bearer" in refused.json()["error"]
    # Nothing was remembered: the authorised "si" has no pending question to answer.
    assert CELL not in "\n".join(m.get("text", "") for m in bot.send(sender, "si"))


def _outside_address() -> str:
    """An address of this machine that is not loopback, as another host on the network would use."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing interface
        address = probe.getsockname()[0]
    if address.startswith("127."):
        pytest.skip("this machine has no address but loopback")
    return address


@pytest.fixture(scope="module")
def bot_with_action_server(tmp_path_factory):
    from tests.servers import RunningBot

    running = RunningBot(tmp_path_factory.mktemp("acciones"), {"CERTICHAT_ACTIONS": "server"}).start()
    yield running
    running.stop()


def test_by_default_no_action_port_is_open_at_all(bot):
    # The actions run inside Rasa: nobody can post a made-up tracker to them.
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", bot.action_port), timeout=3).close()


def test_the_action_server_cannot_be_reached_from_outside(bot_with_action_server):
    bot = bot_with_action_server
    with pytest.raises(OSError):
        socket.create_connection((_outside_address(), bot.action_port), timeout=3).close()
    socket.create_connection(("127.0.0.1", bot.action_port), timeout=3).close()


def test_rasa_kept_on_loopback_for_a_proxy_on_this_host_cannot_be_reached_from_outside(tmp_path_factory):
    from tests.servers import RunningBot

    behind_a_proxy = RunningBot(tmp_path_factory.mktemp("loopback"), {"CERTICHAT_RASA_INTERFACE": "127.0.0.1"})
    behind_a_proxy.start()
    try:
        port = int(behind_a_proxy.url.rsplit(":", 1)[1])
        with pytest.raises(OSError):
            socket.create_connection((_outside_address(), port), timeout=3).close()
        assert behind_a_proxy.send("interfaz", "la huella no sirve")  # the proxy beside it still reaches it
    finally:
        behind_a_proxy.stop()


def test_a_failing_action_answers_without_the_conversation_and_logs_none_of_it(bot_with_action_server):
    bot = bot_with_action_server
    marker, call = MARKER, failing_escalation_call()
    answer = requests.post(f"http://127.0.0.1:{bot.action_port}/webhook", json=call, timeout=30)
    assert answer.status_code == 500
    assert marker not in answer.text and "80123456" not in answer.text
    time.sleep(0.5)
    assert "80123456" not in (bot.workdir / "actions.log").read_text(errors="replace")


def test_what_people_write_stays_out_of_the_logs(bot):
    bot.set_clock(NIGHT)
    sender = f"bitacora-{uuid.uuid4().hex}"
    for text in ("se cayó certigestor, mi cédula es 1098765432", "si", "ya llamé y no me solucionaron 1098765432"):
        bot.send(sender, text)
    logs = "".join(path.read_text(errors="replace") for path in bot.workdir.glob("*.log"))
    assert "1098765432" not in logs
    assert sender not in logs  # conversation ids appear only shortened


def test_oversized_bodies_are_refused_unread(bot):
    big = json.dumps({"sender": "grande", "message": "x" * 200_000})
    assert bot.post(big, headers={"Content-Type": "application/json"}).status_code == 413
    headers = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET, "Content-Type": "application/json"}
    update = json.dumps({**text_update(9102, "y" * 200_000)})
    assert (
        requests.post(f"{bot.url}/webhooks/telegram/webhook", data=update, headers=headers, timeout=30).status_code
        == 413
    )


def test_widget_messages_are_cut_and_a_flooding_socket_is_slowed_down(bot, widget):
    bot.set_clock("2026-11-23T10:00")
    client = widget()
    client.ask_session()
    assert client.say("la huella no sirve " + "z" * 10_000)  # cut to 2,000 characters and answered
    client.send_quickly(20)
    assert client.told_to_slow_down()


def _refused_among(clients, messages_each):
    """Sends from every client in turn; how many answers said to slow down."""
    for _ in range(messages_each):
        for client in clients:
            client.client.emit("user_uttered", {"message": "hola"})
    refused, deadline = 0, time.monotonic() + 60
    answers = 0
    while time.monotonic() < deadline and answers < len(clients) * messages_each:
        for client in clients:
            while not client.replies.empty():
                answers += 1
                refused += client.replies.get()["text"] == words.say("too_many_messages")
        time.sleep(0.2)
    return refused


def test_a_script_opening_a_widget_session_every_few_messages_meets_its_address_limit(bot, widget):
    # From an address of this machine that is not loopback, as another host would connect: 30 sessions of
    # 3 messages each are 90 messages from one address in seconds, over the 60 an address may send.
    bot.set_clock("2026-11-23T10:00")
    outside = f"http://{_outside_address()}:{bot.url.rsplit(':', 1)[1]}"
    clients = [widget(url=outside) for _ in range(30)]
    for client in clients:
        client.ask_session()
    assert _refused_among(clients, 3) > 0


def test_widget_sessions_from_this_machine_stay_exempt_from_the_address_limit(bot, widget):
    bot.set_clock("2026-11-23T10:00")
    clients = [widget() for _ in range(30)]
    for client in clients:
        client.ask_session()
    assert _refused_among(clients, 3) == 0


def test_other_origins_cannot_open_the_widget_channel(bot, widget):
    with pytest.raises(socketio.exceptions.ConnectionError):
        widget(origin="https://sitio-ajeno.example")
    assert widget().ask_session()  # the demo page's own origin is allowed
    preflight = requests.options(
        f"{bot.url}/webhooks/rest/webhook",
        timeout=10,
        headers={"Origin": "https://sitio-ajeno.example", "Access-Control-Request-Method": "POST"},
    )
    assert "sitio-ajeno" not in preflight.headers.get("Access-Control-Allow-Origin", "")


def test_old_conversations_are_forgotten(bot):
    import sqlite3

    from stores.retention import forget_older_than

    bot.set_clock(NIGHT)
    old, recent = f"antigua-{uuid.uuid4().hex}", f"reciente-{uuid.uuid4().hex}"
    bot.send(old, "se cayó certigestor")
    bot.send(recent, "se cayó certigestor")
    database = bot.workdir / "conversations.db"
    with sqlite3.connect(database) as connection:
        connection.execute(
            "UPDATE events SET timestamp = timestamp - 100 * 86400 WHERE sender_id = ?", (conversation_id("rest", old),)
        )
    store = {"dialect": "sqlite", "db": str(database)}
    assert forget_older_than(store, days=90) == 1
    # The old conversation is gone (its pending question with it); the recent one goes on.
    assert CELL not in "\n".join(m.get("text", "") for m in bot.send(old, "si"))
    assert CELL in "\n".join(m.get("text", "") for m in bot.send(recent, "si"))


# --- Slack and Telegram ---------------------------------------------------------------------------


def test_slack_refuses_a_signed_body_that_is_not_an_object(bot):
    assert slack_post(bot, b'["no", "es", "un", "objeto"]').status_code == 400


def test_slack_events_without_an_id_are_each_answered(bot, fake_slack):
    bot.set_clock("2026-11-23T10:00")
    for channel in ("D5101", "D5102"):
        event = json.loads(slack_event(channel, "la huella no sirve"))
        del event["event_id"]
        assert slack_post(bot, json.dumps(event).encode()).status_code == 200
        assert fake_slack.wait_for("chat.postMessage", lambda body, c=channel: body.get("channel") == c)


def test_a_slack_direct_message_and_a_channel_are_separate_conversations(bot, fake_slack):
    bot.set_clock(NIGHT)
    slack_post(bot, slack_event("D5103", "se cayó certigestor"))
    fake_slack.wait_for("chat.postMessage", lambda body: body.get("channel") == "D5103")
    mention = json.dumps(
        {
            "type": "event_callback",
            "event_id": f"Ev{uuid.uuid4().hex[:10]}",
            "event": {"type": "app_mention", "channel": "C5103", "user": "UD5103", "text": "<@UBOT> si", "ts": "2.0"},
        }
    ).encode()
    slack_post(bot, mention)
    in_channel = fake_slack.wait_for("chat.postMessage", lambda body: body.get("channel") == "C5103")
    assert CELL not in in_channel[0]["text"]


def test_telegram_answers_even_when_the_button_acknowledgement_fails(bot, fake_telegram):
    bot.set_clock("2026-11-23T10:00")
    chat = 9103
    fake_telegram.failing = {"answerCallbackQuery"}
    try:
        click = {
            "update_id": int(time.time() * 1000) % 10**9,
            "callback_query": {
                "id": "cb-falla",
                "data": "/ask_contact",
                "message": {"message_id": 3, "chat": {"id": chat, "type": "private"}},
            },
        }
        assert telegram_update(bot, click).status_code == 200
        assert fake_telegram.wait_for("sendMessage", to_chat(chat))
    finally:
        fake_telegram.failing = set()


def test_a_redelivered_telegram_update_is_answered_once(bot, fake_telegram):
    bot.set_clock("2026-11-23T10:00")
    chat = 9104
    update = text_update(chat, "la huella no sirve")
    assert telegram_update(bot, update).status_code == 200
    assert telegram_update(bot, update).status_code == 200

    def answer(body):  # the contacts (the hand-off offer follows them in a message of its own)
        return to_chat(chat)(body) and "(601) 3906642" in body["text"]

    fake_telegram.wait_for("sendMessage", answer)
    time.sleep(3)
    assert len(fake_telegram.matching("sendMessage", answer)) == 1


def test_in_a_telegram_group_the_bot_answers_only_what_is_said_to_it(bot, fake_telegram):
    bot.set_clock("2026-11-23T10:00")
    group = -9105

    def in_group(text):
        update = text_update(group, text)
        update["message"]["chat"]["type"] = "group"
        return telegram_update(bot, update)

    assert in_group("alguien sabe si la huella está fallando?").status_code == 200
    time.sleep(3)
    assert fake_telegram.matching("sendMessage", to_chat(group)) == []
    assert in_group("@certichat_prueba_bot la huella no sirve").status_code == 200
    assert "(601) 3906642" in fake_telegram.wait_for("sendMessage", to_chat(group))[0]["text"]
