"""What each answer hands over, as the desk report counts it."""

import pytest

from bot.handover import handed_over, need_label
from bot.routing import Request, RequestKind, Topic, contacts_after_not_useful, general_contacts, route
from tests.conftest import bogota

INCIDENT, PQRSA, ESCALATION, INFORMATION = (
    RequestKind.INCIDENT,
    RequestKind.PQRSA,
    RequestKind.ESCALATION,
    RequestKind.INFORMATION,
)


@pytest.mark.parametrize(
    "request_, at, expected",
    [
        (Request(INCIDENT, "certigestor"), "2026-11-23T10:00", ("incidente", "certigestor", "linea")),
        # Closed: the e-mail comes first for a minor incident, the priority-1 cell for a critical one.
        (Request(INCIDENT, "certigestor"), "2026-11-23T22:00", ("incidente", "certigestor", "correo")),
        (
            Request(INCIDENT, "certigestor", critical=True),
            "2026-11-23T22:00",
            ("incidente_critico", "certigestor", "celular_p1"),
        ),
        (Request(PQRSA, pqrsa_type="queja"), "2026-11-23T10:00", ("pqrsa_queja", None, "pqrsa")),
        (Request(PQRSA), "2026-11-23T10:00", ("pqrsa", None, "pqrsa")),
        (
            Request(ESCALATION, "biometria", escalation_level=2),
            "2026-11-23T10:00",
            ("escalamiento_2", "biometria", "supervisor"),
        ),
        (
            Request(ESCALATION, "biometria", escalation_level=3),
            "2026-11-23T10:00",
            ("escalamiento_3", "biometria", "coordinador"),
        ),
        (
            Request(INFORMATION, "biometria", topic=Topic.EMAIL),
            "2026-11-23T10:00",
            ("informacion", "biometria", "correo"),
        ),
        (Request(INFORMATION, topic=Topic.CHAT), "2026-11-23T10:00", ("informacion", None, "chat")),
        (Request(INFORMATION, topic=Topic.COORDINATOR), "2026-11-23T10:00", ("escalamiento_3", None, "coordinador")),
    ],
)
def test_each_route_is_counted_by_need_product_and_first_contact(catalogue, request_, at, expected):
    record = handed_over(route(catalogue, request_, bogota(at)))
    assert (record["need"], record["product"], record["contact"]) == expected


def test_the_general_contacts_are_counted_apart(catalogue):
    assert handed_over(general_contacts(catalogue, bogota("2026-11-23T10:00")))["need"] == "general"


def test_every_need_has_a_label():
    assert need_label("incidente_critico") == "Incidente crítico (prioridad 1)"
    assert need_label("pqrsa_queja") == "PQRSA: queja"


def test_after_a_no_the_conversation_s_product_gives_its_own_channels(catalogue):
    sunday_evening = bogota("2026-11-29T19:00")
    gestor = contacts_after_not_useful(catalogue, sunday_evening, "certigestor")
    # Its line is closed: the e-mail first, then the line (with when it opens) and the chat, all its own.
    assert [o.contact.kind.value for o in gestor.offers] == ["email", "phone", "chat"]
    assert {o.product.id for o in gestor.offers} == {"certigestor"}
    assert not gestor.offers[1].status.is_open and gestor.offers[1].status.opens_at is not None
    cell = catalogue.product("certigestor").channel("priority_phone")
    assert all(o.contact != cell for o in gestor.offers)


def test_after_a_no_to_a_critical_incident_the_priority_cell_is_offered_too(catalogue):
    night = contacts_after_not_useful(catalogue, bogota("2026-11-23T22:00"), "certigestor", critical=True)
    cell = catalogue.product("certigestor").channel("priority_phone")
    assert [o.contact for o in night.offers if o.alternative] == [cell]


def test_after_a_no_without_a_product_one_line_open_now(catalogue):
    night = contacts_after_not_useful(catalogue, bogota("2026-11-23T22:00"))
    # At night only the fingerprint line is open: that one.
    assert [o.product.id for o in night.offers] == ["biometria"]
    assert all(o.status.is_open for o in night.offers)
