"""When the action server or the conversation database is down, slow or failing, the person still gets
working contacts in seconds. The action server's outages are played on a bot that runs its actions
there (CERTICHAT_ACTIONS=server); the default bot runs them inside Rasa and has no such server."""

import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests import services
from tests.servers import RunningBot

DEADLINE_SECONDS = 3
GENERAL_CONTACTS = ["(601) 3906642", "(601) 7442727", "(57) 318 717 49 37"]


@pytest.fixture(scope="module")
def fragile_bot(tmp_path_factory):
    running = RunningBot(
        tmp_path_factory.mktemp("fragile"),
        {"CERTICHAT_REPLY_DEADLINE_SECONDS": str(DEADLINE_SECONDS), "CERTICHAT_ACTIONS": "server"},
    ).start()
    yield running
    running.stop()


class BrokenActionServer:
    """Listens on the action server's port and never answers in time, answers 500, or answers with
    events that break Rasa's response schema."""

    def __init__(self, port, delay_seconds, status, body=b"{}"):
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                time.sleep(delay_seconds)
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def timed_answer(bot, text):
    started = time.monotonic()
    messages = bot.send(f"fragil-{uuid.uuid4().hex}", text)
    return "\n".join(m.get("text", "") for m in messages), time.monotonic() - started


def assert_general_contacts(reply):
    assert "falla técnica" in reply
    for contact in GENERAL_CONTACTS:
        assert contact in reply


def test_contacts_when_the_action_server_is_down_then_recovery(fragile_bot):
    fragile_bot.set_clock("2026-11-23T22:00")
    fragile_bot.stop_actions()
    reply, seconds = timed_answer(fragile_bot, "la huella no sirve")
    assert_general_contacts(reply)
    assert seconds < DEADLINE_SECONDS + 5

    fragile_bot.start_actions()
    fragile_bot.wait_for_actions()
    reply, _ = timed_answer(fragile_bot, "la huella no sirve")
    assert "Para reportar la falla de Autenticación Biométrica (huella)" in reply


@pytest.mark.parametrize(
    "delay_seconds, status, body",
    [(60, 200, b"{}"), (0, 500, b"{}"), (0, 200, b'{"events": [{"event": "slot", "name": 3}]}')],
    ids=["slow", "error", "malformed-events"],
)
def test_contacts_when_the_action_server_is_slow_or_failing(fragile_bot, delay_seconds, status, body):
    fragile_bot.stop_actions()
    broken = BrokenActionServer(fragile_bot.action_port, delay_seconds, status, body)
    try:
        reply, seconds = timed_answer(fragile_bot, "quiero poner una queja")
        assert_general_contacts(reply)
        assert seconds < DEADLINE_SECONDS + 5
    finally:
        broken.stop()
        fragile_bot.start_actions()
        fragile_bot.wait_for_actions()


@pytest.fixture()
def bot_on_a_cuttable_database(tmp_path):
    """The bot with its conversations in PostgreSQL, reached through a relay the test can cut."""
    services.require("PostgreSQL")
    relay = services.TcpRelay(services.SERVICE_PORTS["PostgreSQL"])
    database = f"certichat_caida_{uuid.uuid4().hex[:8]}"
    running = RunningBot(
        tmp_path,
        {
            "CERTICHAT_DATABASE_URL": f"postgresql://postgres@127.0.0.1:{relay.port}/{database}",
            "CERTICHAT_REPLY_DEADLINE_SECONDS": str(DEADLINE_SECONDS),
        },
    ).start()
    yield running, relay
    running.stop()
    relay.cut()
    services.drop_database(database)


def test_the_bot_says_plainly_when_the_conversation_store_is_down_and_forgets_nothing(bot_on_a_cuttable_database):
    bot, database = bot_on_a_cuttable_database
    bot.set_clock("2026-11-23T22:00")
    sender = f"caida-{uuid.uuid4().hex}"
    first = "\n".join(m.get("text", "") for m in bot.send(sender, "se cayo certigestor"))
    assert "¿La falla tiene detenida su operación" in first

    database.cut()
    started = time.monotonic()
    reply = "\n".join(m.get("text", "") for m in bot.send(sender, "si"))
    assert "no puedo consultar ni guardar esta conversación" in reply
    assert_general_contacts(reply)
    assert time.monotonic() - started < DEADLINE_SECONDS + 5

    # Back again: the conversation goes on where it was (CertiGestor, the question pending).
    database.restore()
    reply = "\n".join(m.get("text", "") for m in bot.send(sender, "si"))
    assert "(57) 318 717 49 37" in reply
