"""The website widget in a real headless Chromium, talking to the real bot over Socket.IO."""

import re
import shutil

import pytest
from playwright.sync_api import expect, sync_playwright

from bot import words
from tests.servers import ROOT
from tests.services import TcpRelay

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def widget_site(bot):
    """The demo page, served by the launcher beside the bot (an allowed origin)."""
    if not (ROOT / "widget" / "node_modules" / "socket.io-client").exists():
        pytest.fail("widget/node_modules is missing: run scripts/setup.sh")
    return bot.widget_page


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, widget_site, bot):
    bot.set_clock("2026-11-23T10:00")
    context = browser.new_context(locale="es-CO")
    opened = context.new_page()
    opened.goto(f"{widget_site}/index.html?server={bot.url}")
    yield opened
    context.close()


def say(page, text):
    page.get_by_label("Escriba su mensaje").fill(text)
    page.keyboard.press("Enter")


def test_conversation_links_buttons_and_reload(page):
    page.get_by_role("button", name="Soporte Certicámara").click()
    log = page.get_by_role("log")
    expect(log).to_contain_text("¡Hola! Soy CertiChat")
    say(page, "tengo un problema")
    page.get_by_role("button", name="CertiGestor (gestión documental)").click()
    expect(log).to_contain_text("(601) 7442727, Opción 2 - opción 4")
    expect(log.locator('a[href="tel:+576017442727"]')).to_have_text("(601) 7442727")
    expect(log.locator('a[href="mailto:soporte.certigestor@certicamara.com"]')).to_have_count(1)
    expect(log.locator('a[href="http://idealab.certicamara.com/CertiChat/chat.php"]')).to_have_count(1)
    expect(page.get_by_role("button", name="CertiGestor (gestión documental)")).to_be_disabled()

    page.reload()
    log = page.get_by_role("log")
    expect(log).to_contain_text("(601) 7442727, Opción 2 - opción 4")  # the transcript is still there
    say(page, "ya llamé y no me solucionaron")
    # The server kept the conversation too: it remembers the product.
    expect(log).to_contain_text("Nivel 2 de escalamiento de CertiGestor")


def test_clearing_the_conversation_forgets_it_here_and_on_the_server(page):
    """At a shared computer: "Borrar conversación" empties the chat, and the next person starts anew."""
    page.get_by_role("button", name="Soporte Certicámara").click()
    log = page.get_by_role("log")
    say(page, "certigestor no carga")
    expect(log).to_contain_text("(601) 7442727")
    stored = page.evaluate("() => JSON.stringify(window.localStorage)")
    page.get_by_role("button", name="Borrar conversación").click()
    expect(log).not_to_contain_text("(601) 7442727")
    expect(log).to_contain_text("Cuénteme qué necesita")
    assert page.evaluate("() => JSON.stringify(window.localStorage)") != stored  # a new session
    say(page, "ya llamé y no me solucionaron")
    # The product of the cleared conversation is not remembered: the bot asks for it again.
    expect(log).to_contain_text("¿Sobre cuál producto es su solicitud?")


def test_an_idle_conversation_is_forgotten_on_this_computer(page):
    page.get_by_role("button", name="Soporte Certicámara").click()
    say(page, "la huella no sirve")
    log = page.get_by_role("log")
    expect(log).to_contain_text("(601) 3906642")
    # The whole answer is in (the offer to send the case comes last): no later message re-saves the state.
    expect(log).to_contain_text("¿Quiere que envíe su caso")
    # 31 minutes later (the widget forgets after 30 idle minutes):
    page.evaluate("""() => { for (const key of Object.keys(localStorage)) {
        const state = JSON.parse(localStorage.getItem(key));
        state.savedAt -= 31 * 60 * 1000;
        localStorage.setItem(key, JSON.stringify(state)); } }""")
    page.reload()
    page.get_by_role("button", name="Soporte Certicámara").click()
    expect(page.get_by_role("log")).not_to_contain_text("(601) 3906642")


def test_html_is_shown_as_text(page):
    page.get_by_role("button", name="Soporte Certicámara").click()
    attack = '<img src=x onerror="window.__hacked = true">'
    say(page, attack)
    log = page.get_by_role("log")
    expect(log.locator(".cc-user").last).to_have_text(attack)
    expect(log.locator(".cc-bot").nth(1)).to_contain_text("Disculpe")  # the bot answered, after the greeting
    assert log.locator("img").count() == 0
    assert page.evaluate("window.__hacked") is None


def test_unreachable_server_is_shown_and_retried(browser, widget_site, bot):
    """The bot's address answers nothing at first (a relay the test holds cut); once it answers, the
    widget reconnects by itself and the conversation works, without a reload."""
    relay = TcpRelay(int(bot.url.rsplit(":", 1)[1]))
    relay.cut()
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{widget_site}/index.html?server=http://127.0.0.1:{relay.port}")
    page.get_by_role("button", name="Soporte Certicámara").click()
    status = page.get_by_role("status")
    expect(status).to_have_text("Sin conexión con el asistente. Reintentando…")
    relay.restore()
    expect(status).to_be_hidden(timeout=30_000)
    say(page, "la huella no sirve")
    expect(page.get_by_role("log")).to_contain_text("(601) 3906642")
    context.close()
    relay.cut()


def test_keyboard_and_phone_width(browser, widget_site, bot):
    context = browser.new_context(viewport={"width": 375, "height": 700})
    page = context.new_page()
    page.goto(f"{widget_site}/index.html?server={bot.url}")
    launcher = page.get_by_role("button", name="Soporte Certicámara")
    launcher.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Soporte Certicámara")
    expect(dialog).to_be_visible()
    assert dialog.bounding_box()["width"] == 375
    expect(page.get_by_label("Escriba su mensaje")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(launcher).to_be_focused()
    context.close()


def test_a_night_outage_told_in_free_text_then_the_escalation_ladder(page, bot, catalogue):
    from bot.catalogue import ChannelKind
    from bot.replies import phone_text

    gestor = catalogue.product("certigestor")
    bot.set_clock("2026-11-24T22:30")
    page.get_by_role("button", name="Soporte Certicámara").click()
    log = page.get_by_role("log")
    say(page, "buenas noches, se nos cayo el gestor documental")
    expect(log).to_contain_text("¿La falla tiene detenida su operación")
    say(page, "si señor, estamos todos quietos sin poder radicar")
    expect(log).to_contain_text(gestor.channel(ChannelKind.PRIORITY_PHONE).phone)
    say(page, "ya llamamos a ese celular y no nos contestan")
    expect(log).to_contain_text(phone_text(gestor.escalation_contact(2)))
    say(page, "el supervisor tampoco hizo nada")
    expect(log).to_contain_text(phone_text(gestor.escalation_contact(3)))


def test_a_case_is_filed_from_the_widget_with_its_buttons(page, mail_server):
    page.get_by_role("button", name="Soporte Certicámara").click()
    log = page.get_by_role("log")
    say(page, "la huella no sirve")
    page.get_by_role("button", name="Sí, envíelo por mí").click()
    expect(log).to_contain_text("Ley 1581 de 2012")
    page.get_by_role("button", name="Sí, autorizo").click()
    expect(log).to_contain_text("¿Cuál es su nombre completo?")
    for answer, next_question in (
        ("Marta Ríos", "¿A qué correo o teléfono"),
        ("marta@notaria3.gov.co", "¿De qué entidad"),
        ("Notaría 3 de Cali", "Cuénteme qué pasa"),
        ("el lector no enciende", "¿Desde cuándo"),
        ("desde hoy", "Este es su caso"),
    ):
        say(page, answer)
        expect(log).to_contain_text(next_question)
    page.get_by_role("button", name="Confirmar y enviar").click()
    expect(log).to_contain_text("quedó radicado con el número CC-")
    reference = re.search(r"CC-\d{8}-\d{4,}", log.inner_text()).group(0)
    assert mail_server.wait_for(lambda mail: mail["Subject"].startswith(f"[{reference}]"))


def test_the_satisfaction_question_has_buttons_and_a_no_is_heard(page):
    page.get_by_role("button", name="Soporte Certicámara").click()
    log = page.get_by_role("log")
    say(page, "cual es el horario de certigestor")
    expect(log).to_contain_text(words.say("ask_satisfaction"))
    page.get_by_role("button", name="No", exact=True).click()
    expect(log).to_contain_text(words.say("satisfaction_sorry"))
    expect(log).to_contain_text(words.say("ask_what_was_missing"))


def test_several_needs_in_one_message_are_all_answered(page, catalogue):
    from bot.catalogue import ChannelKind
    from bot.replies import phone_text

    page.get_by_role("button", name="Soporte Certicámara").click()
    log = page.get_by_role("log")
    say(page, "¿Me da el teléfono de biometría? También quiero radicar una petición")
    expect(log).to_contain_text(catalogue.pqrsa.email)
    expect(log).to_contain_text(phone_text(catalogue.product("biometria").channel(ChannelKind.PHONE)))


def test_a_person_is_the_chat_and_the_lines_with_whether_they_are_open(page, bot, catalogue):
    from bot.catalogue import ChannelKind
    from bot.replies import phone_text

    bot.set_clock("2026-11-24T21:40")
    page.get_by_role("button", name="Soporte Certicámara").click()
    log = page.get_by_role("log")
    say(page, "¿puedo hablar con alguien de carne y hueso?")
    expect(log).to_contain_text(catalogue.product("biometria").channel(ChannelKind.CHAT).url)
    expect(log).to_contain_text(phone_text(catalogue.product("certigestor").channel(ChannelKind.PHONE)))
    expect(log).to_contain_text("abierto ahora")
    expect(log).to_contain_text("cerrado ahora")


def test_a_no_on_a_sunday_gives_the_conversation_s_product_and_when_its_line_opens(page, bot, catalogue):
    from bot.catalogue import ChannelKind

    gestor = catalogue.product("certigestor")
    bot.set_clock("2026-11-29T19:00")
    page.get_by_role("button", name="Soporte Certicámara").click()
    log = page.get_by_role("log")
    say(page, "¿cuál es el correo de soporte de certigestor?")
    expect(log).to_contain_text(words.say("ask_satisfaction"))
    page.get_by_role("button", name="No", exact=True).click()
    expect(log).to_contain_text(words.say("ask_what_was_missing"))
    expect(log).to_contain_text("abre mañana")
    expect(log).to_contain_text(gestor.channel(ChannelKind.CHAT).url)
    expect(log).not_to_contain_text(catalogue.product("biometria").channel(ChannelKind.PHONE).phone)


@pytest.mark.parametrize(
    "said, keys",
    [
        (["oiga me pasa el cel d prioridad uno q toca tenerlo a mano"], ["p1"]),
        (["Llevo un mes esperando que me devuelvan un dinero y nadie me responde"], ["pqrsa"]),
        (["¿ya está abierta la línea del gestor o todavía no?"], ["certigestor.telefono"]),
        (["le escribí al supervisor de la huella hace una semana y nada, ¿a quién más acudo?"], ["biometria.nivel3"]),
        (["¿la huella y el gestor documental atienden los sábados?"], ["biometria.telefono", "certigestor.telefono"]),
        (
            ["vengo a poner una queja", "me equivoqué, no es una queja: no puedo firmar en el gestor"],
            ["certigestor.telefono"],
        ),
    ],
    ids=[
        "celular-p1",
        "pqrsa-en-otras-palabras",
        "ya-abrio",
        "nivel-ya-probado",
        "dos-productos",
        "necesidad-corregida",
    ],
)
def test_each_class_of_first_messages_gets_its_contact_in_the_widget(page, catalogue, said, keys):
    from tests.conversation_suite import contact_texts

    texts = contact_texts(catalogue)
    page.get_by_role("button", name="Soporte Certicámara").click()
    log = page.get_by_role("log")
    for message in said[:-1]:
        answered = log.locator(".cc-bot").count()
        say(page, message)
        expect(log.locator(".cc-bot").nth(answered)).to_be_visible()
    say(page, said[-1])
    for key in keys:
        expect(log).to_contain_text(texts[key])
