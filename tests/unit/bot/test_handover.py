"""What each answer hands over, as the desk report counts it."""

import pytest

from bot.handover import handed_over, need_label
from bot.routing import Request, RequestKind, Topic, general_contacts, open_general_contact, route
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


def test_open_general_contact_is_one_line_open_now_the_product_s_own_first(catalogue):
    monday_morning, monday_night = bogota("2026-11-23T10:00"), bogota("2026-11-23T22:00")
    gestor = open_general_contact(catalogue, monday_morning, "certigestor")
    assert [o.product.id for o in gestor.offers] == ["certigestor"]
    # At night only the fingerprint line is open: that one, whatever the product.
    night = open_general_contact(catalogue, monday_night, "certigestor")
    assert [o.product.id for o in night.offers] == ["biometria"]
    assert all(o.status.is_open for o in night.offers)
    # The priority-1 cell is never offered to someone the answer did not serve.
    cell = catalogue.product("biometria").channel("priority_phone")
    assert all(o.contact != cell for o in night.offers)
