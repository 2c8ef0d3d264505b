"""Handing the case off, end to end: the offer, consent, the case form over REST and Telegram, the
e-mail a real SMTP server on 127.0.0.1 receives, the PQRSA response date, and the status lookup."""

import re
import subprocess
import sys
import time
import uuid

import pytest

from bot import words
from stores.case_store import CaseStore
from tests.e2e.test_messaging_channels import telegram_update, text_update, to_chat

NIGHT = "2026-11-23T22:00"  # Monday night: CertiGestor closed
BEFORE_CHRISTMAS = "2026-12-14T10:00"  # a Monday: 15 business days cross 25 December and 1 January
REFERENCE = re.compile(r"CC-\d{8}-\d{4,}")


def say(bot, sender, text):
    return "\n".join(m.get("text", "") for m in bot.send(sender, text))


def file_case(
    bot,
    sender,
    opening,
    name="Ana María Pérez",
    contact="ana.perez@notaria12.gov.co 3001234567",
    company="Notaría 12 de Bogotá",
    details="no carga ningún expediente, sale error 500",
    extra=(),
):
    """Plays a whole hand-off and returns the bot's last answer."""
    for text in opening:
        reply = say(bot, sender, text)
    assert "¿Quiere que envíe su caso" in reply
    assert "Ley 1581 de 2012" in say(bot, sender, "sí, por favor")
    for text in ("sí autorizo", name, contact, company, details, *extra):
        reply = say(bot, sender, text)
    assert "Este es su caso" in reply
    return say(bot, sender, "/affirm")


def to_desk(reference):
    return lambda mail: mail["Subject"].startswith(f"[{reference}]") and "certicamara.com" in mail["To"]


@pytest.fixture()
def store(bot):
    return CaseStore(bot.environment["CERTICHAT_STORE_URL"])


def test_a_night_incident_is_filed_and_mailed_to_the_products_support(bot, mail_server):
    bot.set_clock(NIGHT)
    sender = f"caso-{uuid.uuid4().hex}"
    filed = file_case(bot, sender, ["se cayó certigestor", "si"], extra=["desde ayer a las 4 pm"])
    reference = REFERENCE.search(filed).group(0)
    assert "al soporte de CertiGestor" in filed or "soporte de CertiGestor" in filed
    [desk] = mail_server.wait_for(to_desk(reference))
    assert desk["X-Envelope-To"] == "soporte.certigestor@certicamara.com"
    assert "CertiGestor" in desk["Subject"] and "prioridad 1" in desk["Subject"]
    body = desk.get_content()
    assert "Ana María Pérez" in body and "Notaría 12 de Bogotá" in body and "desde ayer a las 4 pm" in body
    assert "Persona: se cayó certigestor" in body  # the transcript goes with the case
    [copy] = mail_server.wait_for(
        lambda mail: mail["X-Envelope-To"] == "ana.perez@notaria12.gov.co" and reference in mail["Subject"]
    )
    assert reference in copy.get_content()


def test_a_pqrsa_gets_its_legal_response_date_across_the_december_holidays(bot, mail_server):
    bot.set_clock(BEFORE_CHRISTMAS)
    sender = f"queja-{uuid.uuid4().hex}"
    filed = file_case(
        bot, sender, ["quiero poner una queja por mal servicio"], details="me colgaron tres veces la llamada"
    )
    # 15 business days from Monday 14 December 2026, without 25 December and 1 January.
    assert "Ley 1755 de 2015" in filed and "miércoles 6 de enero de 2027" in filed
    reference = REFERENCE.search(filed).group(0)
    [desk] = mail_server.wait_for(to_desk(reference))
    assert desk["X-Envelope-To"] == "certicamararesponde@certicamara.com"
    assert "queja" in desk["Subject"] and "6 de enero de 2027" in desk.get_content()


def test_an_escalation_goes_to_the_supervisors_mailbox(bot, mail_server):
    bot.set_clock("2026-11-23T10:00")
    sender = f"escala-{uuid.uuid4().hex}"
    filed = file_case(
        bot,
        sender,
        ["la huella no sirve", "ya llamé y no me solucionaron"],
        details="el grupo de soporte no resolvió el error de lectura",
    )
    reference = REFERENCE.search(filed).group(0)
    [desk] = mail_server.wait_for(to_desk(reference))
    assert desk["X-Envelope-To"] == "supervisor.mesadeayuda@certicamara.com"


def test_refused_consent_keeps_nothing_personal_and_gives_the_contacts(bot, store):
    bot.set_clock(NIGHT)
    sender = f"sin-consentimiento-{uuid.uuid4().hex}"
    say(bot, sender, "se cayó certigestor")
    say(bot, sender, "no, puede esperar")
    say(bot, sender, "sí")
    refused = say(bot, sender, "no autorizo")
    assert "no guardé ningún dato suyo" in refused and "(601) 7442727" in refused
    assert store.latest_reference(f"rest:{sender}") is None


def test_every_field_of_the_summary_can_be_corrected(bot, mail_server):
    bot.set_clock(NIGHT)
    sender = f"correccion-{uuid.uuid4().hex}"
    for text in (
        "se cayó certigestor",
        "si",
        "si",
        "sí autorizo",
        "Ana Perz",
        "ana@notaria12.gov.co",
        "Notaria 21",
        "no abre",
        "hoy",
    ):
        reply = say(bot, sender, text)
    assert "Este es su caso" in reply
    assert "¿Cuál es su nombre completo?" in say(bot, sender, "corregir nombre")
    assert "Ana Pérez" in say(bot, sender, "Ana Pérez")
    say(bot, sender, "corregir entidad")
    summary = say(bot, sender, "Notaría 12 de Bogotá")
    assert "Notaría 12 de Bogotá" in summary and "Notaria 21" not in summary
    reference = REFERENCE.search(say(bot, sender, "/affirm")).group(0)
    body = mail_server.wait_for(to_desk(reference))[0].get_content()
    assert "Ana Pérez" in body and "Ana Perz" not in body.split("Conversación:")[0]


def test_a_line_break_in_a_field_stays_text_in_the_mail(bot, mail_server):
    bot.set_clock(NIGHT)
    sender = f"inyeccion-{uuid.uuid4().hex}"
    filed = file_case(
        bot,
        sender,
        ["se cayó certigestor", "si"],
        name="Ana\r\nBcc: victima",
        company="Notaría\r\nSubject: otro asunto",
        extra=["hoy"],
    )
    reference = REFERENCE.search(filed).group(0)
    for mail in mail_server.wait_for(lambda m: reference in m["Subject"], count=2):
        assert mail["Bcc"] is None and len(mail.get_all("Subject")) == 1
        assert mail["X-Envelope-To"] in ("soporte.certigestor@certicamara.com", "ana.perez@notaria12.gov.co")


def test_status_is_told_to_the_filer_and_to_whoever_proves_the_contact_only(bot, mail_server):
    bot.set_clock(BEFORE_CHRISTMAS)
    sender = f"estado-{uuid.uuid4().hex}"
    filed = file_case(
        bot,
        sender,
        ["quiero radicar una petición"],
        contact="3105550123",
        details="necesito la certificación del contrato",
    )
    reference = REFERENCE.search(filed).group(0)
    mail_server.wait_for(to_desk(reference))
    time.sleep(1)
    assert "enviado a la oficina de PQRSA" in say(bot, sender, "cómo va mi caso?")
    stranger = f"otro-{uuid.uuid4().hex}"
    assert "necesito el correo o el teléfono" in say(bot, stranger, f"como va el caso {reference}")
    refused = say(bot, stranger, "3009998877")
    assert "no puedo mostrarlo" in refused and "enviado" not in refused
    say(bot, stranger, f"cómo va el caso {reference}")
    assert "enviado a la oficina de PQRSA" in say(bot, stranger, "310 555 0123")


def test_a_case_filed_while_the_mail_server_is_down_is_delivered_once_when_it_is_back(bot, mail_server):
    bot.set_clock(NIGHT)
    mail_server.stop()
    try:
        sender = f"smtp-caido-{uuid.uuid4().hex}"
        reference = REFERENCE.search(file_case(bot, sender, ["se cayó certigestor", "si"], extra=["hoy"])).group(0)
        time.sleep(3)
        assert "envío pendiente" in say(bot, sender, f"cómo va mi caso {reference}")
    finally:
        mail_server.start()
    # The outbox retries on its own (with backoff); `certichat cases resend` does not wait for it.
    subprocess.run(
        [sys.executable, "-m", "launcher.cli", "cases", "resend"], check=True, capture_output=True, env=bot.environment
    )
    mail_server.wait_for(to_desk(reference))
    time.sleep(5)
    assert len(mail_server.matching(to_desk(reference))) == 1


def test_two_senders_never_send_the_same_mail_twice(bot, mail_server, store):
    bot.set_clock(NIGHT)
    mail_server.stop()
    try:
        senders = [f"doble-{uuid.uuid4().hex}" for _ in range(3)]
        references = [
            REFERENCE.search(file_case(bot, s, ["se cayó certigestor", "si"], extra=["hoy"])).group(0) for s in senders
        ]
    finally:
        mail_server.start()
    deliver = (
        "import sys; from stores.case_store import CaseStore; from stores.outbox import SmtpSettings, deliver_due; "
        "import os; deliver_due(CaseStore(os.environ['CERTICHAT_STORE_URL']), "
        "SmtpSettings.from_environment(os.environ), everything_pending=True)"
    )
    workers = [subprocess.Popen([sys.executable, "-c", deliver], env=bot.environment) for _ in range(2)]
    for worker in workers:
        assert worker.wait(timeout=60) == 0
    time.sleep(5)  # the action server's own round may run too: still once
    for reference in references:
        assert len(mail_server.matching(to_desk(reference))) == 1


def test_a_case_filed_over_telegram(bot, fake_telegram, mail_server):
    bot.set_clock(NIGHT)
    chat = 9201
    for text in (
        "se cayó certigestor",
        "si",
        "si",
        "sí autorizo",
        "Luis Gómez",
        "luis@concejo.gov.co",
        "Concejo de Zipaquirá",
        "no deja firmar los documentos",
        "desde esta mañana",
        "/affirm",
    ):
        assert telegram_update(bot, text_update(chat, text)).status_code == 200
    filed = fake_telegram.wait_for("sendMessage", lambda body: to_chat(chat)(body) and "quedó radicado" in body["text"])
    reference = REFERENCE.search(filed[0]["text"]).group(0)
    assert "Concejo de Zipaquirá" in mail_server.wait_for(to_desk(reference))[0].get_content()


def test_three_answers_the_form_cannot_take_end_it_with_the_contacts(bot, store):
    """Someone who cannot give a name the form takes is not asked forever: the third time, the case
    stops, the contacts for it are given, nothing is filed, and the conversation goes on."""
    bot.set_clock(NIGHT)
    sender = f"sin-salida-{uuid.uuid4().hex}"
    say(bot, sender, "se cayó certigestor")
    assert "¿Quiere que envíe su caso" in say(bot, sender, "si")
    say(bot, sender, "sí, por favor")
    say(bot, sender, "sí autorizo")
    assert words.say("invalid_case_name") in say(bot, sender, "@@")
    assert words.say("invalid_case_name") in say(bot, sender, "x")
    stopped = say(bot, sender, "12")
    assert words.say("form_given_up") in stopped and "(57) 318 717 49 37" in stopped
    assert words.say("case_cancelled") in stopped and words.say("invalid_case_name") not in stopped
    assert not [case for case in store.listed(None, None) if case["reference"] in stopped]
    assert "Nivel 2 de escalamiento de CertiGestor" in say(bot, sender, "ya llamé y no me solucionaron")


def test_a_consent_question_not_answered_three_times_gives_the_contacts_and_keeps_nothing(bot):
    bot.set_clock(NIGHT)
    sender = f"sin-consentimiento-{uuid.uuid4().hex}"
    say(bot, sender, "se cayó certigestor")
    say(bot, sender, "si")
    say(bot, sender, "sí, por favor")
    say(bot, sender, "mmm")
    say(bot, sender, "depende")
    stopped = say(bot, sender, "qué es eso")
    assert words.say("form_given_up") in stopped and words.say("consent_refused") in stopped
    assert "(57) 318 717 49 37" in stopped
