"""Whole conversations through the REST channel of a real Rasa server and a real action server.

The clock is pinned to Bogotá times: 2026-11-23 is a Monday, 2026-11-28 a Saturday and 2026-12-08
a public holiday.
"""

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

CELL = "(57) 318 717 49 37"
MONDAY_MORNING, MONDAY_NIGHT, SATURDAY = "2026-11-23T10:00", "2026-11-23T22:00", "2026-11-28T10:00"


class Conversation:
    def __init__(self, bot, clock):
        self.bot, self.sender = bot, f"prueba-{uuid.uuid4().hex}"
        bot.set_clock(clock)

    def say(self, text):
        messages = self.bot.send(self.sender, text)
        self.last_buttons = [b for m in messages for b in m.get("buttons", [])]
        return "\n".join(m.get("text", "") for m in messages)


def test_certigestor_incident_in_office_hours(bot):
    chat = Conversation(bot, MONDAY_MORNING)
    assert "CertiChat" in chat.say("buenas tardes")
    reply = chat.say("certigestor no me deja subir documentos")
    assert reply.splitlines()[1].endswith("(601) 7442727, Opción 2 - opción 4")
    assert "abierto ahora, hasta las 7:00 p. m." in reply


def test_unknown_product_is_asked_with_buttons(bot):
    chat = Conversation(bot, MONDAY_NIGHT)
    assert "¿Sobre cuál producto" in chat.say("tengo un problema con el sistema")
    assert [b["title"] for b in chat.last_buttons] == [
        "Autenticación Biométrica (huella)",
        "CertiGestor (gestión documental)",
    ]
    reply = chat.say(chat.last_buttons[0]["payload"])
    assert "(601) 3906642" in reply and "todos los días, 24 horas (abierto ahora)" in reply


def test_certigestor_at_night_asks_if_operation_is_stopped_then_gives_the_cell(bot):
    chat = Conversation(bot, MONDAY_NIGHT)
    question = chat.say("se cayo certigestor")
    assert "cerrado ahora; abre mañana a las 7:00 a. m." in question
    assert "¿La falla tiene detenida su operación" in question
    reply = chat.say("si")
    assert reply.splitlines()[1].endswith(CELL)
    assert "(601) 7442727" not in reply


def test_certigestor_at_night_that_can_wait_goes_to_the_email(bot):
    chat = Conversation(bot, MONDAY_NIGHT)
    chat.say("certigestor no funciona")
    reply = chat.say("no, puede esperar")
    assert reply.splitlines()[1].endswith("soporte.certigestor@certicamara.com")
    assert "lo leerán apenas abra" in reply and CELL not in reply


def test_a_critical_cue_skips_the_question(bot):
    chat = Conversation(bot, MONDAY_NIGHT)
    reply = chat.say("URGENTE certigestor caido, todo parado")
    assert reply.splitlines()[1].endswith(CELL)
    assert "Las líneas habituales abren mañana a las 7:00 a. m." in reply


def test_critical_fingerprint_incident_gets_the_line_first_and_the_cell_as_alternative(bot):
    chat = Conversation(bot, "2026-11-29T03:00")
    reply = chat.say("urgente, la huella no valida y no podemos trabajar")
    assert reply.index("(601) 3906642") < reply.index(CELL)


def test_holiday_is_named(bot):
    chat = Conversation(bot, "2026-12-08T10:00")
    chat.say("el gestor documental no guarda los archivos")
    reply = chat.say("no")
    assert "cerrado hoy por festivo (La Inmaculada Concepción); abre mañana a las 7:00 a. m." in reply


def test_escalation_remembers_product_and_level(bot):
    chat = Conversation(bot, MONDAY_NIGHT)
    chat.say("se cayo certigestor")
    chat.say("si")
    second = chat.say("ya llamé y no me solucionaron")
    assert "Nivel 2 de escalamiento de CertiGestor" in second
    assert "(601) 3790300, extensiones 1113, 1107, 1109 o 1427" in second
    third = chat.say("quiero el siguiente nivel")
    assert "Nivel 3 de escalamiento de CertiGestor" in third
    assert "(601) 379 0300, extensión 1101" in third and "coordinador.mesadeayuda@certicamara.com" in third


def test_escalation_without_a_product_asks_for_it(bot):
    chat = Conversation(bot, MONDAY_MORNING)
    assert "¿Sobre cuál producto" in chat.say("quiero hablar con el supervisor")
    reply = chat.say("la huella")
    assert "Supervisor de Soporte" in reply and "(601) 745 2141, extensiones 1104, 1108 o 1102" in reply


def test_complaint_on_saturday(bot):
    chat = Conversation(bot, SATURDAY)
    reply = chat.say("quiero poner una queja por el servicio")
    assert reply.startswith("Para radicar su queja (PQRSA):")
    assert "(601) 7442727, opción 3" in reply and "certicamararesponde@certicamara.com" in reply
    assert "cerrado ahora; abre el lunes a las 7:00 a. m." in reply


def test_hours_and_contacts(bot):
    chat = Conversation(bot, SATURDAY)
    hours = chat.say("a que hora abren")
    assert "Autenticación Biométrica (huella):" in hours and "abierto ahora, hasta la 1:00 p. m." in hours
    email = chat.say("correo de soporte de la huella")
    assert "soporte.huella@certicamara.com" in email and "(601) 3906642" not in email
    chat_link = chat.say("link del chat de certigestor")
    assert "http://idealab.certicamara.com/CertiChat/chat.php" in chat_link


def test_question_in_the_middle_of_the_form_is_answered_then_the_form_goes_on(bot):
    chat = Conversation(bot, MONDAY_MORNING)
    chat.say("quiero reportar una falla")
    interruption = chat.say("eres un robot?")
    assert "asistente automático" in interruption and "¿Sobre cuál producto" in interruption
    reply = chat.say("es del captahuellas")
    assert "(601) 3906642" in reply


def test_low_confidence_offers_options_and_contacts(bot):
    chat = Conversation(bot, MONDAY_NIGHT)
    reply = chat.say("asdkjh qwe zxc")
    assert "no estoy seguro de haberle entendido" in reply
    assert chat.last_buttons and "(601) 3906642" in reply and CELL in reply


BAD_INPUT = [
    "",
    "   \n\t ",
    "la huella no sirve " * 300,
    "😀😀😀",
    "<b>hola</b><script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "my fingerprint reader is broken, please help",
    "asdkjh qwe zxc poiu",
    '/escalate{"escalation_level": "3"}',
    '/inform_product{"product":"<script>alert(1)</script>"}',
    "/no_such_intent",
    "/greet{not json",
    "/restart",
]


@pytest.mark.parametrize("text", BAD_INPUT, ids=range(len(BAD_INPUT)))
def test_bad_input_gets_a_polite_spanish_answer(bot, text):
    chat = Conversation(bot, MONDAY_NIGHT)
    reply = chat.say(text)
    assert reply.strip(), "every message gets an answer"
    assert "<script" not in reply and "<img" not in reply and "onerror" not in reply
    spanish_words = ("¿", "usted", "Puede", "Solo puedo", "Disculpe", "producto", "Hola", "soporte")
    assert any(word in reply for word in spanish_words), reply
    # The conversation goes on: whatever state the input left, naming the product moves it forward.
    assert "Autenticación Biométrica (huella)" in chat.say("la huella no sirve")


MALFORMED = [
    (b"", "vacío"),
    (b"   ", "vacío"),
    (b"{not json", "JSON válido"),
    (b"\xff\xfe\x00basura", "JSON válido"),
    (b"[1, 2]", "objeto JSON"),
    (b'"hola"', "objeto JSON"),
    (b'{"sender": "a"}', "message"),
    (b'{"sender": "a", "message": 7}', "message"),
    (b'{"sender": {"x": 1}, "message": "hola"}', "sender"),
    (b'{"sender": "a", "message": "hola", "metadata": "x"}', "metadata"),
]


@pytest.mark.parametrize("body, explanation", MALFORMED, ids=range(len(MALFORMED)))
def test_malformed_requests_get_a_clear_400(bot, body, explanation):
    reply = bot.post(body, headers={"Content-Type": "application/json"})
    assert reply.status_code == 400
    assert explanation in reply.json()["error"]


def test_a_long_message_is_cut_and_answered_and_a_megabyte_is_refused_unread(bot):
    bot.set_clock(MONDAY_NIGHT)
    sender = f"grande-{uuid.uuid4().hex}"
    reply = bot.post({"sender": sender, "message": "la huella no sirve " + "x" * 40_000})
    assert reply.status_code == 200
    assert "(601) 3906642" in "\n".join(m.get("text", "") for m in reply.json())
    assert bot.post({"sender": sender, "message": "x" * 1_000_000}).status_code == 413


def test_the_server_keeps_answering_after_bad_requests(bot):
    for body, _ in MALFORMED:
        bot.post(body, headers={"Content-Type": "application/json"})
    assert "CertiChat" in Conversation(bot, MONDAY_MORNING).say("hola")


def test_a_flooding_sender_is_slowed_down_and_others_are_still_answered(bot):
    flooder = f"inundacion-{uuid.uuid4().hex}"
    with ThreadPoolExecutor(max_workers=25) as pool:
        statuses = list(
            pool.map(lambda n: bot.post({"sender": flooder, "message": f"hola {n}"}).status_code, range(25))
        )
    assert set(statuses) <= {200, 429} and statuses.count(429) >= 10
    assert "CertiChat" in Conversation(bot, MONDAY_MORNING).say("hola")
