"""The desk report, end to end: real conversations played through a real bot (its own store), the
satisfaction question answered in buttons and in words, then `certichat report` run as the desk runs it,
its figures checked against the conversations played, and its page opened in Chromium, offline."""

import csv
import json
import shutil
import subprocess
import uuid
from datetime import datetime

import pytest
import sqlalchemy as sa
import yaml

from bot import words
from bot.catalogue import load_catalogue
from bot.clock import BOGOTA
from tests import services
from tests.servers import ROOT, VENV_BIN, RunningBot
from tests.stored_conversations import events, store

MONDAY_MORNING, MONDAY_NIGHT = "2026-11-23T10:00", "2026-11-23T22:00"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PERSONAL = ("Ana María Rojas", "ana.rojas@notaria5.gov.co", "300 123 4567", "79.123.456")


def _texts(messages):
    return "\n".join(m.get("text") or "" for m in messages)


def _buttons(messages):
    return [b for m in messages for b in m.get("buttons") or []]


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    """A bot with a store of its own, and the conversations played on it."""
    bot = RunningBot(tmp_path_factory.mktemp("report-bot"), {}).start()
    try:
        yield bot, _play(bot)
    finally:
        bot.stop()


def _play(bot):
    said = {}

    def talk(at, *texts):
        bot.set_clock(at)
        sender = f"informe-{uuid.uuid4().hex[:8]}"
        said[sender] = [bot.send(sender, text) for text in texts]
        return said[sender]

    # Hours, a "No" by the button, and what was missing, with a phone number in it.
    talk(
        MONDAY_MORNING, "cual es el horario de certigestor", "/deny", "faltó el sábado en la tarde, mi cel 300 123 4567"
    )
    # A critical incident at night (the priority-1 cell), the offer declined, then "sí, gracias" in words.
    talk(MONDAY_NIGHT, "urgente, certigestor esta caido y la notaria parada", "no gracias", "sí, gracias")
    # Words the bot cannot understand, twice, nearly the same.
    talk(MONDAY_MORNING, "zxcv qwer asdf", "zxcv qwer asdf!!")
    # A complaint filed as a case (a name, an e-mail, a cédula in it), then the question ignored.
    talk(
        MONDAY_MORNING,
        "quiero poner una queja",
        "sí",
        "sí autorizo",
        "Ana María Rojas",
        "ana.rojas@notaria5.gov.co",
        "Notaría 5",
        "me cobraron dos veces, cédula 79.123.456",
        "/affirm",
        "y el correo de soporte de certigestor?",
    )
    # Only a greeting.
    talk(MONDAY_MORNING, "hola")
    return said


@pytest.fixture(scope="module")
def report(played, tmp_path_factory):
    bot, _ = played
    out = tmp_path_factory.mktemp("informe")
    result = subprocess.run(
        # Cases carry the bot's pinned clock (23 November); messages, the real one (today).
        [
            str(VENV_BIN / "certichat"),
            "report",
            "--since",
            "2026-11-20",
            "--out",
            str(out),
            "--export-nlu",
            str(out / "revisar.yml"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "CERTICHAT_STORE_URL": bot.environment["CERTICHAT_STORE_URL"]},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    [page] = out.glob("*.html")
    return {
        "page": page,
        "html": page.read_text(encoding="utf-8"),
        "figures": json.loads(page.with_suffix(".json").read_text(encoding="utf-8")),
        "csv": list(csv.reader(page.with_suffix(".csv").open(encoding="utf-8-sig"))),
        "nlu": (out / "revisar.yml").read_text(encoding="utf-8"),
    }


def test_the_question_comes_once_with_buttons_and_a_no_gets_a_line_open_now(played):
    _, said = played
    hours, no, missing = next(iter(said.values()))
    assert words.say("ask_satisfaction") in _texts(hours)
    assert [(b["title"], b["payload"]) for b in _buttons(hours)] == [("Sí", "/affirm"), ("No", "/deny")]
    gestor_line = load_catalogue().product("certigestor").channel("phone").phone
    assert gestor_line in _texts(no) and "abierto ahora" in _texts(no)
    assert words.say("ask_what_was_missing") in _texts(no)
    assert words.say("feedback_thanks") in _texts(missing)


def test_ignoring_the_question_blocks_nothing(played):
    _, said = played
    complaint = list(said.values())[3]
    assert "Su caso quedó radicado" in _texts(complaint[7]) and words.say("ask_satisfaction") in _texts(complaint[7])
    email = load_catalogue().product("certigestor").channel("email").email
    assert email in _texts(complaint[8])  # the next message was understood as usual


def test_the_figures_match_the_conversations_played(report):
    figures = report["figures"]
    assert figures["totals"]["conversations"] == 5
    assert figures["totals"]["without_contact"] == 1  # the greeting
    satisfaction = figures["satisfaction"]
    assert (satisfaction["asked"], satisfaction["useful"], satisfaction["not_useful"]) == (3, 1, 1)
    by_route = {row["key"]: (row["useful"], row["answers"]) for row in satisfaction["by_need"]}
    assert by_route == {"informacion": (0, 1), "incidente_critico": (1, 1)}
    needs = {row["key"]: row["count"] for row in figures["needs"]}
    assert needs == {"informacion": 2, "general": 3, "incidente_critico": 1, "pqrsa_queja": 1}
    contacts = {row["key"]: row["count"] for row in figures["contacts"]}
    assert contacts == {"linea": 4, "correo": 1, "celular_p1": 1, "pqrsa": 1}
    assert figures["cases"]["filed"] == 1 and figures["cases"]["by_need"][0]["key"] == "pqrsa_queja"
    [missing] = figures["what_was_missing"]
    assert missing == {"text": "faltó el sábado en la tarde, mi cel [teléfono]", "count": 1}
    [nonsense] = [g for g in figures["inbox"]["misunderstood"] if "zxcv" in g["text"]]
    assert nonsense["count"] == 2
    assert [g["text"] for g in figures["inbox"]["answered_not_useful"]] == ["cual es el horario de certigestor"]
    rows = {(r[0], r[1], r[2]): r[3] for r in report["csv"][1:]}
    assert rows[("totales", "conversations", "")] == "5"


def test_nothing_personal_and_no_conversation_id_anywhere(report, played):
    _, said = played
    everything = report["html"] + json.dumps(report["figures"], ensure_ascii=False) + report["nlu"]
    everything += "\n".join(",".join(row) for row in report["csv"])
    for personal in (*PERSONAL, *said):
        assert personal not in everything


def test_the_nlu_export_holds_the_messages_to_review(report):
    stub = yaml.safe_load(report["nlu"])
    examples = "\n".join(block["examples"] for block in stub["nlu"])
    assert "zxcv qwer asdf" in examples


def test_the_page_opens_offline_in_chromium_with_its_charts_and_inbox(report):
    from playwright.sync_api import sync_playwright

    requests_made = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.on("request", lambda request: requests_made.append(request.url))
            page.goto(report["page"].as_uri())
            days = len(report["figures"]["per_day"])
            assert page.locator("svg#por-dia rect.bar-conversations").count() == days
            assert page.locator("svg#mapa-de-calor rect.cell").count() == 7 * 24
            assert page.locator("svg#mapa-de-calor rect.support-certigestor").count() > 0
            for chart in ("por-necesidad", "por-producto", "por-contacto"):
                assert page.locator(f"svg#{chart} rect.share").count() > 0, chart
            assert page.locator("#satisfaccion-por-ruta tr").count() == 3  # the heading and two routes
            assert "zxcv qwer asdf" in page.locator("#bandeja").inner_text()
            assert page.locator("#total-conversaciones b").inner_text() == "5"
            page.screenshot(path=str(report["page"].with_suffix(".png")), full_page=True)
        finally:
            browser.close()
    assert requests_made == [report["page"].as_uri()]  # the page itself, and nothing from the network


STORED = [
    (
        f"rest:{n}",
        datetime(2026, 11, 23 + n, 9 + n, tzinfo=BOGOTA),
        [("say", "la huella no sirve", "report_incident", 0.9)],
    )
    for n in range(3)
]


def test_the_report_command_reads_postgresql(tmp_path):
    """The scaled set-up keeps conversations in PostgreSQL: `certichat report` finds them there."""
    services.require("PostgreSQL")
    name = f"certichat_informe_{uuid.uuid4().hex[:8]}"
    url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    with sa.create_engine("postgresql://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT").connect() as c:
        c.execute(sa.text(f"CREATE DATABASE {name}"))
    try:
        engine = sa.create_engine(url)
        store(engine, ((sender, events(at, steps)) for sender, at, steps in STORED))
        engine.dispose()
        command = [str(VENV_BIN / "certichat"), "report", "--since", "2026-11-23", "--until", "2026-11-29"]
        result = subprocess.run(
            [*command, "--out", str(tmp_path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={"PATH": "/usr/bin:/bin", "CERTICHAT_DATABASE_URL": url},
        )
        assert result.returncode == 0, result.stderr[-2000:]
        figures = json.loads(next(tmp_path.glob("*.json")).read_text(encoding="utf-8"))
        assert figures["totals"]["conversations"] == len(STORED)
        assert {d["date"]: d["conversations"] for d in figures["per_day"]}["2026-11-24"] == 1
    finally:
        services.drop_database(name)
