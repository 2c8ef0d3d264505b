"""A person's data on request (stores/personal_data.py, launcher/data_requests.py) and the retention of
cases (stores/retention.py), on a real SQLite file and the machine's PostgreSQL: a phone written three
ways finds the same things, an export holds the person's data and nobody else's, and after forgetting
no table of the store holds the e-mail or the phone."""

import json
import uuid
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from bot.cases import Case, Mail
from bot.clock import BOGOTA
from bot.routing import Request, RequestKind
from launcher.data_requests import serve
from stores.case_store import CaseStore
from stores.personal_data import PersonalData, contact_of
from stores.retention import forget_cases_older_than
from tests import services
from tests.stored_conversations import events, store

EMAIL, PHONE = "ana.rojas@notaria5.gov.co", "300 123 4567"
OTHER_EMAIL, OTHER_PHONE = "luis@alcaldia.gov.co", "310 765 4321"
FILED = datetime(2026, 12, 14, 10, 0, tzinfo=BOGOTA)


def _case(name, email, phone, conversation):
    filed = Case(Request(RequestKind.PQRSA, pqrsa_type="queja"), name, "Entidad", "no me atendieron", "ayer")
    return replace(filed, email=email, phone=phone, conversation_id=conversation, filed_at=FILED)


def _mails(case):
    return [Mail("mesa@ejemplo.co", f"[{case.reference}]", f"{case.name} {case.email} {case.phone}", "desk")]


def _conversation(*said):
    return events(datetime(2026, 12, 14, 9, 0), [("say", text, "pqrsa", 0.9) for text in said])


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'conversations.db'}"
        return
    services.require("PostgreSQL")
    name = f"certichat_data_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine("postgresql://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    admin.dispose()
    yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    services.drop_database(name)


@pytest.fixture
def filled(url):
    engine = sa.create_engine(url)
    store(
        engine,
        [
            ("rest:ana", _conversation("quiero poner una queja", f"mi correo es {EMAIL.upper()}", "+57 300-123-4567")),
            ("socketio:ana-otra-vez", _conversation("¿cómo va mi caso? mi cel es 3001234567")),
            ("rest:luis", _conversation("necesito radicar un reclamo", f"{OTHER_EMAIL} {OTHER_PHONE}")),
        ],
    )
    engine.dispose()
    cases = CaseStore(url)
    cases.file(_case("Ana Rojas", EMAIL, "+57 3001234567", "rest:ana"), _mails)
    cases.file(_case("Luis Pérez", OTHER_EMAIL, OTHER_PHONE, "rest:luis"), _mails)
    return url


def _everything(url):
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        tables = sa.inspect(connection).get_table_names()
        text = " ".join(str(row) for table in tables for row in connection.execute(sa.text(f"SELECT * FROM {table}")))
    engine.dispose()
    return text


@pytest.mark.parametrize("written", ["300 123 4567", "+57 3001234567", "(300) 123-4567"])
def test_a_phone_however_written_finds_the_same_cases_and_conversations(filled, written):
    held = PersonalData(filled).held(contact_of(written))
    assert [case["name"] for case in held.cases] == ["Ana Rojas"]
    assert held.conversations == ["rest:ana", "socketio:ana-otra-vez"]


def test_an_email_is_found_whatever_its_capitals(filled):
    held = PersonalData(filled).held(contact_of("Ana.Rojas@Notaria5.gov.co"))
    assert [case["name"] for case in held.cases] == ["Ana Rojas"] and "rest:ana" in held.conversations


def test_the_export_holds_the_person_s_data_and_nobody_else_s(filled, tmp_path):
    out, log = tmp_path / "ana.json", tmp_path / "solicitudes.log"
    assert serve("export", EMAIL, filled, log, str(out)) == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported["casos"][0]["email"] == EMAIL and exported["correos_de_los_casos"]
    assert any("+57 300-123-4567" == m["texto"] for m in exported["conversaciones"]["rest:ana"])
    assert OTHER_EMAIL not in out.read_text(encoding="utf-8") and "luis" not in out.read_text(encoding="utf-8")
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    assert "exportación: 1 casos, 1 conversaciones" in log.read_text() and EMAIL not in log.read_text()


def test_forgetting_asks_for_yes_then_leaves_nothing_of_the_contact_in_any_table(filled, tmp_path, capsys):
    log = tmp_path / "solicitudes.log"
    assert serve("forget", PHONE, filled, log) == 0
    assert "Nada se borró" in capsys.readouterr().out and "3001234567" in _everything(filled)
    assert serve("forget", PHONE, filled, log, yes=True) == 0
    assert "1 casos, 1 correos, 2 conversaciones" in capsys.readouterr().out
    everything = _everything(filled)
    assert "3001234567" not in everything and "300-123-4567" not in everything and EMAIL not in everything.lower()
    # Someone else's case and conversation are untouched.
    assert OTHER_EMAIL in everything and "luis" in everything
    assert "3001234567" not in log.read_text() and "supresión: 1 casos, 2 conversaciones" in log.read_text()


def test_something_that_is_not_a_contact_is_refused_with_an_example(filled, tmp_path, capsys):
    assert serve("find", "Ana Rojas", filled, tmp_path / "log") == 2
    assert "300 123 4567" in capsys.readouterr().err


def test_cases_past_their_retention_go_with_their_mails(url):
    cases = CaseStore(url)
    recent = cases.file(_case("Reciente", "r@x.co", None, "rest:r"), _mails)
    old = cases.file(replace(_case("Antigua", "a@x.co", None, "rest:a"), filed_at=FILED - timedelta(days=400)), _mails)
    now = FILED.astimezone(timezone.utc).timestamp()
    assert forget_cases_older_than(url, days=365, now=now) == 1
    assert cases.find(old.reference) is None and cases.find(recent.reference) is not None
    assert cases.desk_mail(cases.find(recent.reference)["id"]) is not None
    assert "a@x.co" not in _everything(url)
