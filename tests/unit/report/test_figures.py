"""The report's figures, computed from a store holding known conversations, on SQLite and PostgreSQL."""

import json
import uuid
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from bot.cases import Case, mails
from bot.clock import BOGOTA
from bot.routing import Request, RequestKind
from report.figures import Dates, compute
from report.files import as_csv
from report.store import StoreReader
from stores.case_store import CaseStore
from tests import services
from tests.stored_conversations import events, store

NOW = datetime(2026, 12, 10, 9, 0, tzinfo=BOGOTA)
RETENTION_DAYS = 90


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BOGOTA)


CONVERSATIONS = [
    # Monday 10:15, everything open: hours, then "No", and what was missing (with a phone number).
    (
        at("2026-11-23T10:15"),
        [
            ("say", "cual es el horario de certigestor", "ask_hours", 0.98),
            ("answer", "action_answer_information", "informacion", "certigestor", "linea"),
            ("ask",),
            ("say", "no me sirvio", "deny", 0.9),
            ("rate", False),
            ("answer", "action_take_satisfaction", "general", None, "linea"),
            ("what_was_missing",),
            ("say", "el horario del sabado, llamenme al 300 123 4567", "ask_hours", 0.7),
            ("answer", "action_answer_information", "informacion", "certigestor", "linea"),
        ],
    ),
    # Monday 22:30, CertiGestor closed: a critical fingerprint incident gets the P1 cell.
    (
        at("2026-11-23T22:30"),
        [
            ("say", "urgente la huella esta caida en toda la notaria", "report_incident", 0.99),
            ("answer", "action_answer_incident", "incidente_critico", "biometria", "celular_p1"),
            ("say", "gracias", "thank", 0.97),
        ],
    ),
    # A holiday (La Inmaculada Concepción): not understood twice, with a typo, then the general contacts.
    (
        at("2026-12-08T11:00"),
        [
            ("say", "el tokn no me deja firmar", "report_incident", 0.31),
            ("answer", "action_offer_options", "general", None, "linea"),
            ("say", "el token no me deja firmar!!", "report_incident", 0.33),
            ("answer", "action_offer_options", "general", None, "linea"),
        ],
    ),
    # Tuesday: a complaint, the case form (a name and a phone the NLU did not understand), filed, "sí".
    (
        at("2026-11-24T15:05"),
        [
            ("say", "quiero poner una queja", "pqrsa", 0.95),
            ("answer", "action_answer_pqrsa", "pqrsa_queja", None, "pqrsa"),
            ("say", "Ana Rojas", "greet", 0.2),
            ("form", "case_name"),
            ("say", "3001234567", "out_of_scope", 0.1),
            ("form", "case_contact"),
            ("say", "hablé con ana rojas de la notaria y nada", "escalate", 0.4),
            ("answer", "action_offer_options", "general", None, "linea"),
            ("ask",),
            ("say", "si", "affirm", 1.0),
            ("rate", True),
        ],
    ),
    # Only a greeting: no contact handed over.
    (at("2026-11-25T08:00"), [("say", "hola", "greet", 0.99)]),
    # Older than the retention period: never shown, even inside the dates asked for.
    (
        at("2026-08-01T10:00"),
        [
            ("say", "la huella no sirve", "report_incident", 0.99),
            ("answer", "action_answer_incident", "incidente", "biometria", "linea"),
        ],
    ),
]


def _url(dialect: str, tmp_path) -> str:
    if dialect == "sqlite":
        return f"sqlite:///{tmp_path / 'conversations.db'}"
    services.require("PostgreSQL")
    name = f"certichat_report_{uuid.uuid4().hex[:8]}"
    with sa.create_engine("postgresql://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT").connect() as c:
        c.execute(sa.text(f"CREATE DATABASE {name}"))
    return f"postgresql://postgres@127.0.0.1:5432/{name}"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def figures(request, tmp_path_factory, catalogue):
    url = _url(request.param, tmp_path_factory.mktemp("report"))
    engine = sa.create_engine(url)
    try:
        store(engine, ((f"rest:{index}", events(start, steps)) for index, (start, steps) in enumerate(CONVERSATIONS)))
        complaint = Case(Request(RequestKind.PQRSA, pqrsa_type="queja"), "Ana Rojas", "Notaría 5", "No me atendieron")
        CaseStore(url).file(complaint.filed(catalogue, at("2026-11-24T15:10")), lambda case: mails(case, catalogue))
        with engine.connect() as connection:
            result, _ = compute(
                StoreReader(connection), Dates(date(2026, 7, 1), date(2026, 12, 9)), catalogue, RETENTION_DAYS, NOW
            )
    finally:
        engine.dispose()
        if request.param == "postgresql":
            services.drop_database(url.rsplit("/", 1)[1])
    return result


def test_conversations_messages_and_days(figures):
    totals = figures["totals"]
    assert (totals["conversations"], totals["messages"]) == (5, 13)
    days = {d["date"]: d for d in figures["per_day"]}
    assert days["2026-11-23"]["conversations"] == 2 and days["2026-11-23"]["messages"] == 5
    assert days["2026-12-08"]["fallbacks"] == 2
    assert "2026-08-01" not in days  # retention deleted it (or will): not shown, not even as an empty day
    assert min(days) == (NOW - timedelta(days=RETENTION_DAYS)).date().isoformat()
    assert figures["period"]["first_kept"].startswith((NOW - timedelta(days=RETENTION_DAYS)).date().isoformat())


def test_when_they_write_against_support_hours(figures):
    monday, tuesday = figures["heatmap"][0], figures["heatmap"][1]
    assert monday[10] == 1 and monday[22] == 1 and tuesday[15] == 1 and tuesday[11] == 1  # 2026-12-08 a Tuesday
    closed = {c["product"]: c["count"] for c in figures["out_of_hours"]["closed"]}
    assert closed == {"biometria": 0, "certigestor": 2}  # Monday night and the holiday
    assert figures["out_of_hours"]["holidays"] == 1
    assert figures["support_hours"]["certigestor"]["open"][0][10] is True
    assert figures["support_hours"]["certigestor"]["open"][6][10] is False


def test_needs_products_and_contacts(figures):
    needs = {row["key"]: row["count"] for row in figures["needs"]}
    assert needs == {"informacion": 2, "general": 4, "incidente_critico": 1, "pqrsa_queja": 1}
    contacts = {row["key"]: row["count"] for row in figures["contacts"]}
    assert contacts == {"linea": 6, "celular_p1": 1, "pqrsa": 1}
    assert figures["totals"]["without_contact"] == 1  # the greeting
    assert figures["totals"]["fallback_rate"] == round(5 / 13, 4)


def test_satisfaction_overall_and_by_route(figures):
    satisfaction = figures["satisfaction"]
    assert (satisfaction["asked"], satisfaction["useful"], satisfaction["not_useful"]) == (2, 1, 1)
    by_need = {row["key"]: (row["useful"], row["answers"]) for row in satisfaction["by_need"]}
    assert by_need == {"informacion": (0, 1), "general": (1, 1)}
    assert figures["what_was_missing"] == [{"text": "el horario del sabado, llamenme al [teléfono]", "count": 1}]


def test_the_inbox_groups_what_was_not_understood_without_personal_data(figures):
    inbox = figures["inbox"]
    # The two token messages are one group; the form's answers (a name, a phone) are no misunderstanding.
    assert [(g["text"], g["count"], g["intent"]) for g in inbox["misunderstood"]] == [
        ("el tokn no me deja firmar", 2, "report_incident"),
        ("hablé con [nombre] de la notaria y nada", 1, "escalate"),
    ]
    assert [g["text"] for g in inbox["answered_not_useful"]] == ["cual es el horario de certigestor"]
    assert "rest:" not in json.dumps(figures)  # no conversation ids


def test_cases_filed_and_their_state(figures):
    assert figures["cases"]["filed"] == 1
    assert [(r["key"], r["count"]) for r in figures["cases"]["by_need"]] == [("pqrsa_queja", 1)]
    assert [(r["key"], r["count"]) for r in figures["cases"]["by_state"]] == [("pendiente", 1)]


def test_a_person_who_writes_again_another_day_starts_another_conversation(tmp_path, catalogue):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'conversations.db'}")
    first = events(at("2026-11-23T10:00"), CONVERSATIONS[1][1])  # a contact handed over
    second = events(at("2026-11-24T10:00"), [("say", "hola", "greet", 0.99)])  # nothing handed over
    store(engine, [("telegram:55", first + second)])
    with engine.connect() as connection:
        result, _ = compute(StoreReader(connection), Dates(date(2026, 11, 23), date(2026, 11, 24)), catalogue, 90, NOW)
    engine.dispose()
    assert [d["conversations"] for d in result["per_day"]] == [1, 1]
    assert result["totals"]["without_contact"] == 1


def test_every_channel_counts_alike_whatsapp_included(tmp_path, catalogue):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'conversations.db'}")
    handed = CONVERSATIONS[1][1]  # a contact handed over
    senders = ["rest:ana", "socketio:0a1b", "telegram:55", "slack:D1:U1", "whatsapp:573001234567"]
    store(engine, [(sender, events(at("2026-11-23T10:00"), handed)) for sender in senders])
    with engine.connect() as connection:
        result, _ = compute(StoreReader(connection), Dates(date(2026, 11, 23), date(2026, 11, 23)), catalogue, 90, NOW)
    engine.dispose()
    assert result["totals"]["conversations"] == len(senders) and result["totals"]["without_contact"] == 0


def test_a_formula_written_by_a_person_stays_text_in_the_csv():
    figures = {"totals": {}, "per_day": [], "heatmap": [], "out_of_hours": {"closed": [], "holidays": 0}}
    figures.update(needs=[], products=[], contacts=[], cases={"by_need": [], "by_state": []})
    figures["satisfaction"] = {"asked": 0, "answered": 0, "useful": 0, "not_useful": 0, "rate": None, "by_need": []}
    figures["inbox"] = {"misunderstood": [{"text": '=HYPERLINK("http://x","clic")', "intent": "x", "count": 1}]}
    assert "'=HYPERLINK" in as_csv(figures)
