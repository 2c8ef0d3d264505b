"""WhatsApp over the real Rasa server, against a local fake of Meta's Graph API: the webhook's
verification, signatures, each kind of message, buttons and lists, redelivery, statuses, a failing
API, and a conversation that ends with a case filed."""

import hashlib
import hmac
import json
import re
import time
import uuid

import pytest
import requests

from bot import words
from tests.e2e.conftest import WHATSAPP_APP_SECRET, WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_VERIFY_TOKEN

HUELLA_LINE = "(601) 3906642"
# Phone numbers as the catalogue writes them, e-mail addresses and links: the contacts of an answer.
CONTACT = re.compile(r"\(\d{2,3}\) ?[\d ]{6,}\d|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://\S+")
NIGHT, MORNING = "2026-11-23T22:00", "2026-11-23T10:00"


def new_number():
    return f"57300{uuid.uuid4().int % 10**7:07d}"


def message(number, kind="text", **content):
    """One message as Meta delivers it: an entry with a messages change."""
    body = {"from": number, "id": f"wamid.{uuid.uuid4().hex}", "timestamp": str(int(time.time())), "type": kind}
    body.update(content or {"text": {"body": "hola"}})
    return body


def text(number, said):
    return message(number, "text", text={"body": said})


def delivery(*messages, statuses=()):
    value = {"messaging_product": "whatsapp", "metadata": {"phone_number_id": WHATSAPP_PHONE_NUMBER_ID}}
    if messages:
        value["contacts"] = [{"wa_id": messages[0]["from"], "profile": {"name": "Ana"}}]
        value["messages"] = list(messages)
    if statuses:
        value["statuses"] = list(statuses)
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}],
    }


def post(bot, payload, secret=WHATSAPP_APP_SECRET, signature=None):
    body = json.dumps(payload).encode()
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Hub-Signature-256"] = (
            signature or "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        )
    return requests.post(f"{bot.url}/webhooks/whatsapp/webhook", data=body, headers=headers, timeout=30)


def to(number):
    return lambda body: body.get("to") == number


def sent_texts(fake_graph, number):
    """Everything sent to the number, as the person reads it (a text, or an interactive message's body)."""
    found = []
    for body in fake_graph.matching("messages", to(number)):
        found.append(body["text"]["body"] if body["type"] == "text" else body["interactive"]["body"]["text"])
    return "\n".join(found)


def wait_for_text(fake_graph, number, expected, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if expected in sent_texts(fake_graph, number):
            return sent_texts(fake_graph, number)
        time.sleep(0.2)
    raise AssertionError(f"{expected!r} never sent to the number; sent: {sent_texts(fake_graph, number)!r}")


def say(bot, fake_graph, number, said, expected):
    before = len(fake_graph.matching("messages", to(number)))
    assert post(bot, delivery(text(number, said))).status_code == 200
    fake_graph.wait_for("messages", to(number), count=before + 1)
    return wait_for_text(fake_graph, number, expected)


# --- verification and signatures ---------------------------------------------------------------


def test_the_webhook_verification_echoes_the_challenge_only_for_the_right_token(bot):
    url = f"{bot.url}/webhooks/whatsapp/webhook"
    right = {"hub.mode": "subscribe", "hub.verify_token": WHATSAPP_VERIFY_TOKEN, "hub.challenge": "1158201444"}
    answer = requests.get(url, params=right, timeout=10)
    assert answer.status_code == 200 and answer.text == "1158201444"
    for wrong in ({**right, "hub.verify_token": "otro"}, {**right, "hub.mode": "unsubscribe"}, {}):
        assert requests.get(url, params=wrong, timeout=10).status_code == 403


@pytest.mark.parametrize(
    "secret, signature", [(None, None), ("otro-secreto", None), (WHATSAPP_APP_SECRET, "sha256=00")]
)
def test_unsigned_or_forged_deliveries_are_refused_and_nothing_is_sent(bot, fake_graph, secret, signature):
    number = new_number()
    assert post(bot, delivery(text(number, "la huella no sirve")), secret, signature).status_code == 403
    time.sleep(2)
    assert fake_graph.matching("messages", to(number)) == []


# --- messages ------------------------------------------------------------------------------------


def test_a_text_message_gets_the_contact_and_is_marked_as_read(bot, fake_graph):
    bot.set_clock(MORNING)
    number = new_number()
    first = text(number, "la huella no sirve")
    assert post(bot, delivery(first)).status_code == 200
    assert HUELLA_LINE in wait_for_text(fake_graph, number, HUELLA_LINE)
    fake_graph.wait_for("messages", lambda body: body.get("status") == "read" and body.get("message_id") == first["id"])
    call = next(c for c in fake_graph.calls if c["json"].get("to") == number)
    assert call["path"] == f"/{WHATSAPP_PHONE_NUMBER_ID}/messages"
    assert call["headers"]["Authorization"] == "Bearer EAAG-prueba"
    assert call["json"]["messaging_product"] == "whatsapp"


def test_the_bots_buttons_go_as_reply_buttons_or_a_list_and_a_choice_is_read(bot, fake_graph):
    bot.set_clock(NIGHT)
    number = new_number()
    say(bot, fake_graph, number, "tengo un problema", "¿Sobre cuál producto")
    asked = next(b for b in fake_graph.matching("messages", to(number)) if b["type"] == "interactive")
    interactive = asked["interactive"]
    if interactive["type"] == "button":
        choices = interactive["action"]["buttons"]
        assert 1 <= len(choices) <= 3 and all(len(c["reply"]["title"]) <= 20 for c in choices)
        pick = next(c["reply"] for c in choices if "CertiGestor" in c["reply"]["title"])
        reply = {"type": "button_reply", "button_reply": {"id": pick["id"], "title": pick["title"]}}
    else:
        rows = interactive["action"]["sections"][0]["rows"]
        assert len(rows) <= 10 and all(len(r["title"]) <= 24 for r in rows)
        pick = next(r for r in rows if "CertiGestor" in r["title"])
        reply = {"type": "list_reply", "list_reply": {"id": pick["id"], "title": pick["title"]}}
    assert post(bot, delivery(message(number, "interactive", interactive=reply))).status_code == 200
    wait_for_text(fake_graph, number, "¿La falla tiene detenida su operación")


def test_more_than_three_options_go_as_a_list_of_at_most_ten_rows():
    from channels.whatsapp import buttons_message

    options = [{"title": f"Opción número {n} con un título largo", "payload": f"/opcion{n}"} for n in range(12)]
    sent = buttons_message("Elija una", options)
    rows = sent["action"]["sections"][0]["rows"]
    assert sent["type"] == "list" and len(rows) == 10 and all(len(r["title"]) <= 24 for r in rows)
    assert "Opción número 0 con un título largo" in sent["body"]["text"]  # the cut titles, in full
    three = buttons_message("¿Sí o no?", options[:3])
    assert three["type"] == "button" and [b["reply"]["id"] for b in three["action"]["buttons"]] == [
        "/opcion0",
        "/opcion1",
        "/opcion2",
    ]


def test_pictures_voice_notes_places_and_contact_cards_get_a_polite_line(bot, fake_graph):
    for kind, content in (
        ("image", {"image": {"id": "1", "mime_type": "image/jpeg"}}),
        ("audio", {"audio": {"id": "2", "voice": True}}),
        ("location", {"location": {"latitude": 4.6, "longitude": -74.0}}),
        ("contacts", {"contacts": [{"name": {"formatted_name": "Ana"}}]}),
    ):
        number = new_number()
        assert post(bot, delivery(message(number, kind, **content))).status_code == 200
        wait_for_text(fake_graph, number, words.say("whatsapp_text_only"))


def test_a_redelivered_message_is_answered_once(bot, fake_graph):
    bot.set_clock(MORNING)
    number = new_number()
    same = text(number, "la huella no sirve")
    assert post(bot, delivery(same)).status_code == 200
    wait_for_text(fake_graph, number, HUELLA_LINE)
    assert post(bot, delivery(same)).status_code == 200  # Meta redelivers it
    time.sleep(3)
    assert sent_texts(fake_graph, number).count(HUELLA_LINE) == 1


def test_statuses_and_other_changes_are_acknowledged_and_ignored(bot, fake_graph):
    number = new_number()
    status = {"id": f"wamid.{uuid.uuid4().hex}", "status": "delivered", "recipient_id": number, "timestamp": "1"}
    assert post(bot, delivery(statuses=[status])).status_code == 200
    other = {"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "account_update", "value": {}}]}]}
    assert post(bot, other).status_code == 200
    time.sleep(2)
    assert fake_graph.matching("messages", to(number)) == []


def test_a_failing_graph_api_is_tried_twice_and_logged_without_the_text_or_the_number(bot, fake_graph):
    bot.set_clock(MORNING)
    number = new_number()
    fake_graph.failing.add("messages")
    try:
        assert post(bot, delivery(text(number, "la huella no sirve, dato secreto 8731"))).status_code == 200
        fake_graph.wait_for("messages", to(number), count=2)  # the answer, tried twice
    finally:
        fake_graph.failing.discard("messages")
    time.sleep(1)
    log = (bot.workdir / f"rasa-{bot.rasa_ports[0]}.log").read_text(errors="replace")
    assert "WhatsApp text for whatsapp:" in log and "attempt 2" in log
    assert number not in log and "dato secreto 8731" not in log


def test_outside_the_24_hour_window_nothing_is_sent(bot, fake_graph):
    """A message Meta delivers a day late: answering it would need a paid template; the log says why."""
    bot.set_clock(MORNING)
    number = new_number()
    late = text(number, "la huella no sirve")
    late["timestamp"] = str(int(time.time()) - 25 * 3600)
    assert post(bot, delivery(late)).status_code == 200
    time.sleep(4)
    assert [b for b in fake_graph.matching("messages", to(number)) if b.get("type")] == []
    log = (bot.workdir / f"rasa-{bot.rasa_ports[0]}.log").read_text(errors="replace")
    assert "the 24-hour service window has closed" in log


@pytest.mark.parametrize(
    "at, said",
    [(MORNING, "la huella no sirve"), (NIGHT, "quiero poner una queja"), (NIGHT, "cual es el horario de certigestor")],
)
def test_the_same_clock_gives_the_same_contacts_as_rest(bot, fake_graph, at, said):
    bot.set_clock(at)
    number = new_number()
    over_rest = "\n".join(m.get("text", "") for m in bot.send(f"rest-{uuid.uuid4().hex}", said))
    expected = sorted(set(CONTACT.findall(over_rest)))
    assert expected, over_rest
    over_whatsapp = say(bot, fake_graph, number, said, expected[0])
    time.sleep(1)  # the rest of the answer
    assert sorted(set(CONTACT.findall(sent_texts(fake_graph, number)))) == expected, over_whatsapp


def test_a_conversation_over_whatsapp_ends_with_a_case_filed(bot, fake_graph, mail_server):
    bot.set_clock(NIGHT)
    number = new_number()
    say(bot, fake_graph, number, "se cayó certigestor", "¿La falla tiene detenida su operación")
    say(bot, fake_graph, number, "si", "¿Quiere que envíe su caso")
    say(bot, fake_graph, number, "sí, por favor", "Ley 1581 de 2012")
    say(bot, fake_graph, number, "sí autorizo", "nombre")
    for answer in ("Ana María Pérez", "ana.perez@notaria12.gov.co", "Notaría 12 de Bogotá", "no carga nada, error 500"):
        before = len(fake_graph.matching("messages", to(number)))
        post(bot, delivery(text(number, answer)))
        fake_graph.wait_for("messages", to(number), count=before + 1)
    say(bot, fake_graph, number, "desde ayer", "Este es su caso")
    filed = say(bot, fake_graph, number, "si", "quedó radicado")
    reference = filed.split("radicado con el número ")[1].split(" ")[0]
    mail_server.wait_for(lambda mail: mail["Subject"].startswith(f"[{reference}]"))
