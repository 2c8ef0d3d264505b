"""Two Rasa processes sharing PostgreSQL conversations and a Redis lock store, as scripts/run-scaled.sh
starts them: any process can take any message, one conversation's messages are handled in order, and
the website widget is served by both, its rooms and its limits shared through Redis.

Needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379. Where they are not running the tests
are skipped with the reason; with CERTICHAT_REQUIRE_SERVICES=1 (as .ci/run sets) they fail instead.
"""

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
import requests

from tests import services
from tests.e2e.conftest import SLACK_SIGNING_SECRET
from tests.e2e.test_messaging_channels import slack_event, slack_post
from tests.e2e.test_security import CELL, NIGHT, WidgetClient
from tests.servers import RunningBot


@pytest.fixture(scope="module")
def two_processes(tmp_path_factory, fake_slack):
    services.require("PostgreSQL", "Redis")
    database = f"certichat_prueba_{uuid.uuid4().hex[:8]}"
    settings = {
        "CERTICHAT_DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{database}",
        "CERTICHAT_REDIS_URL": "redis://127.0.0.1:6379/1",
    }
    settings.update(
        {
            "SLACK_BOT_TOKEN": "xoxb-prueba",
            "SLACK_SIGNING_SECRET": SLACK_SIGNING_SECRET,
            "SLACK_API_URL": fake_slack.url,
        }
    )
    first = RunningBot(tmp_path_factory.mktemp("scaled"), settings).start()
    second_url = first.start_second_rasa()
    yield first, first.url, second_url
    first.stop()
    services.drop_database(database)


def send(url, sender, text):
    reply = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60)
    assert reply.status_code == 200
    return "\n".join(m.get("text", "") for m in reply.json())


def test_interleaved_conversations_across_processes_lose_nothing(two_processes):
    bot, a, b = two_processes
    bot.set_clock("2026-11-23T22:00")
    gestor, huella = f"gestor-{uuid.uuid4().hex}", f"huella-{uuid.uuid4().hex}"
    assert "¿La falla tiene detenida su operación" in send(a, gestor, "se cayo certigestor")
    assert "(601) 3906642" in send(b, huella, "la huella no sirve")
    assert "(57) 318 717 49 37" in send(b, gestor, "si")
    assert "Nivel 2 de escalamiento de Autenticación Biométrica" in send(a, huella, "ya llamé y no me solucionaron")
    assert "Nivel 2 de escalamiento de CertiGestor" in send(a, gestor, "ya llamé y no me solucionaron")
    assert "Nivel 3 de escalamiento de Autenticación Biométrica" in send(b, huella, "quiero el siguiente nivel")
    assert "Nivel 3 de escalamiento de CertiGestor" in send(b, gestor, "quiero el siguiente nivel")


def test_simultaneous_messages_of_one_conversation_are_handled_one_after_the_other(two_processes):
    bot, a, b = two_processes
    bot.set_clock("2026-11-23T10:00")
    for _ in range(3):  # three separate races, so a pass is not luck
        sender = f"simultaneo-{uuid.uuid4().hex}"
        send(a, sender, "certigestor no carga")
        # Two escalations at the same instant, one to each process: handled in turn, the second sees
        # the first (levels 2 and 3); handled at once, both would read the same state (2 and 2).
        with ThreadPoolExecutor(max_workers=2) as pool:
            replies = list(pool.map(lambda url: send(url, sender, "ya llamé y no me solucionaron"), (a, b)))
        levels = sorted(next(n for n in (2, 3) if f"Nivel {n} de escalamiento" in r) for r in replies)
        assert levels == [2, 3]


def test_slack_retries_reaching_another_process_are_still_handled_once(two_processes, fake_slack):
    """Slack retries an event it thinks went unanswered; behind a balancer the retry may reach the other
    process. Both processes remember handled events in the shared Redis: one answer, not two."""
    bot, a, b = two_processes
    bot.set_clock("2026-11-23T10:00")
    channel = f"D{uuid.uuid4().hex[:8].upper()}"
    event = slack_event(channel, "la huella no sirve")
    assert slack_post(SimpleNamespace(url=a), event).status_code == 200
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert slack_post(SimpleNamespace(url=b), event, headers=retry).status_code == 200

    def answer(body):  # the contacts (the hand-off offer follows them in a message of its own)
        return body.get("channel") == channel and "(601) 3906642" in body.get("text", "")

    fake_slack.wait_for("chat.postMessage", answer)
    time.sleep(3)  # a second answer, if the retry were handled, would have arrived by now
    assert len(fake_slack.matching("chat.postMessage", answer)) == 1


DEMO_PAGE = "http://127.0.0.1:8000"  # an origin the widget channel allows by default


@pytest.fixture
def widget_on(two_processes):
    """Opens a widget's socket on the process at a URL, as a balancer would have placed it."""
    opened = []

    def open_client(url):
        opened.append(WidgetClient(SimpleNamespace(url=url, widget_page=DEMO_PAGE)))
        return opened[-1]

    yield open_client
    for client in opened:
        client.close()


def test_widgets_on_different_processes_each_get_their_own_replies(two_processes, widget_on):
    bot, a, b = two_processes
    bot.set_clock(NIGHT)
    on_a, on_b = widget_on(a), widget_on(b)
    on_a.ask_session(), on_b.ask_session()
    assert "¿La falla tiene detenida su operación" in on_a.say("se cayó certigestor")
    assert "(601) 3906642" in on_b.say("la huella no sirve")
    assert on_a.replies.empty()  # nothing of the other conversation
    assert CELL in on_a.say("si")
    assert on_b.replies.empty()


def test_a_session_open_on_both_processes_hears_every_reply_in_both(two_processes, widget_on):
    """Two tabs of one browser placed on different processes: what one process answers reaches the tab
    on the other through Redis, as it would reach a socket of its own."""
    bot, a, b = two_processes
    bot.set_clock(NIGHT)
    first_tab = widget_on(a)
    token = first_tab.ask_session()
    second_tab = widget_on(b)
    assert second_tab.ask_session(token) == token
    assert "¿La falla tiene detenida su operación" in first_tab.say("se cayó certigestor")
    assert "¿La falla tiene detenida su operación" in second_tab.next_reply()


def test_a_session_resumes_on_the_other_process_when_its_own_crashes(two_processes, widget_on):
    bot, a, b = two_processes
    bot.set_clock(NIGHT)
    before = widget_on(b)
    token = before.ask_session()
    assert "¿La falla tiene detenida su operación" in before.say("se cayó certigestor")
    bot.crash_and_restart_rasa(1)  # kill -9 of the process the socket was on; the balancer sends it to a
    after = widget_on(a)
    assert after.ask_session(token) == token
    assert CELL in after.say("si")  # the pending question was kept: the conversation goes on


def test_a_flooding_session_meets_its_limit_on_whichever_process_it_reconnects_to(two_processes, widget_on):
    bot, a, b = two_processes
    bot.set_clock("2026-11-23T10:00")
    first = widget_on(a)
    token = first.ask_session()
    first.send_quickly(10)
    first.close()
    second = widget_on(b)
    assert second.ask_session(token) == token
    second.send_quickly(10)  # 20 messages in seconds, 10 on each process: over the 15 one session may send
    assert second.told_to_slow_down()
