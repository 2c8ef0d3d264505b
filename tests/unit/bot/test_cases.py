"""bot/cases.py and bot/business_days.py: who a case goes to, what its e-mails say, and by when a
PQRSA must be answered (business days in Bogotá, Colombian holidays excepted)."""

from datetime import date, datetime

import pytest

from bot.business_days import add_business_days
from bot.cases import Case, desk_for, long_date, mails, read_contact, response_due
from bot.routing import Request, RequestKind


@pytest.mark.parametrize(
    "start, days, expected",
    [
        (date(2026, 12, 14), 15, date(2027, 1, 6)),  # across 25 December and 1 January
        (date(2026, 12, 4), 1, date(2026, 12, 7)),  # Friday: the next business day is Monday
        (date(2026, 12, 7), 1, date(2026, 12, 9)),  # Tuesday 8 December is a holiday
        (date(2026, 11, 28), 1, date(2026, 11, 30)),  # filed on a Saturday
    ],
)
def test_business_days_skip_weekends_and_colombian_holidays(start, days, expected):
    assert add_business_days(start, days) == expected


def test_the_response_date_comes_from_the_catalogue_by_pqrsa_type(catalogue):
    assert response_due(catalogue, "queja", date(2026, 12, 14)) == date(2027, 1, 6)
    assert response_due(catalogue, None, date(2026, 12, 14)) == date(2027, 1, 6)  # a petition by default
    assert long_date(date(2027, 1, 6)) == "miércoles 6 de enero de 2027"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ana.perez@notaria12.gov.co", ("ana.perez@notaria12.gov.co", None)),
        ("mi cel es 300 123 4567", (None, "300 123 4567")),
        ("correo: luis@concejo.gov.co, tel (601) 555 1234", ("luis@concejo.gov.co", "(601) 555 1234")),
        ("no tengo correo", (None, None)),
        ("ana@", (None, None)),
        ("123", (None, None)),
    ],
)
def test_the_contact_is_read_from_free_text(text, expected):
    assert read_contact(text) == expected


def test_each_route_goes_to_the_desk_the_catalogue_names(catalogue):
    assert desk_for(catalogue, Request(RequestKind.INCIDENT, "biometria")).email == "soporte.huella@certicamara.com"
    assert desk_for(catalogue, Request(RequestKind.PQRSA)).email == catalogue.pqrsa.email
    supervisor = desk_for(catalogue, Request(RequestKind.ESCALATION, "certigestor", escalation_level=2))
    assert supervisor.email == catalogue.product("certigestor").escalation_contact(2).email
    assert desk_for(catalogue, Request(RequestKind.ESCALATION, "certigestor", escalation_level=3)).email.startswith(
        "coordinador"
    )


def test_the_mails_carry_the_reference_and_keep_every_field_on_its_own_line(catalogue):
    case = Case(
        Request(RequestKind.INCIDENT, "certigestor", critical=True),
        name="Ana\r\nBcc: x@y.co",
        company="Notaría 12",
        details="no abre",
        email="ana@notaria12.gov.co",
        transcript=[("user", "se cayó certigestor"), ("bot", "¿La falla…?")],
    )
    filed = case.filed(catalogue, datetime(2026, 11, 23, 22, 0))
    filed = type(filed)(**{**filed.__dict__, "reference": "CC-20261123-0007"})
    desk, person = mails(filed, catalogue)
    assert desk.recipient == "soporte.certigestor@certicamara.com" and person.recipient == "ana@notaria12.gov.co"
    assert desk.subject.startswith("[CC-20261123-0007]") and "prioridad 1" in desk.subject
    assert "\n" not in desk.subject and "\r" not in person.subject
    assert "- Nombre: Ana Bcc: x@y.co" in desk.body  # the line break became a space inside the body
    assert "Persona: se cayó certigestor" in desk.body


def test_a_stored_case_is_read_back_as_the_request_it_was_filed_for():
    from bot.cases import as_record, request_of

    for request in (
        Request(RequestKind.INCIDENT, "certigestor", critical=True),
        Request(RequestKind.PQRSA, None, pqrsa_type="queja"),
        Request(RequestKind.ESCALATION, "biometria", escalation_level=3),
    ):
        stored = as_record(Case(request, "Ana", "Notaría 1", "no carga"))
        assert request_of(stored) == request
