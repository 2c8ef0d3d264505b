"""Routing decisions and their Spanish replies, for every route and both products."""

import pytest

from bot.replies import render
from bot.routing import Reason, Request, RequestKind, Topic, next_escalation_level, route
from tests.conftest import bogota

INCIDENT, PQRSA, ESCALATION, INFORMATION = (
    RequestKind.INCIDENT,
    RequestKind.PQRSA,
    RequestKind.ESCALATION,
    RequestKind.INFORMATION,
)
CELL = "(57) 318 717 49 37"

# request, Bogotá time, expected reason, first contact value offered, phrases the reply must contain
ROUTES = [
    (
        Request(INCIDENT, "certigestor"),
        "2026-11-23T10:00",
        Reason.SUPPORT_OPEN,
        "(601) 7442727",
        ["Opción 2 - opción 4", "abierto ahora, hasta las 7:00 p. m."],
    ),
    (
        Request(INCIDENT, "certigestor"),
        "2026-11-23T19:00",
        Reason.SUPPORT_CLOSED,
        "soporte.certigestor@certicamara.com",
        ["lo leerán apenas abra", "abre mañana a las 7:00 a. m."],
    ),
    (
        Request(INCIDENT, "certigestor"),
        "2026-12-08T10:00",
        Reason.SUPPORT_CLOSED,
        "soporte.certigestor@certicamara.com",
        ["festivo (La Inmaculada Concepción)"],
    ),
    (
        Request(INCIDENT, "certigestor", critical=True),
        "2026-11-29T03:00",
        Reason.CRITICAL_SUPPORT_CLOSED,
        CELL,
        ["celular de prioridad 1", "Las líneas habituales abren mañana a las 7:00 a. m."],
    ),
    (
        Request(INCIDENT, "certigestor", critical=True),
        "2026-11-28T09:00",
        Reason.CRITICAL_SUPPORT_OPEN,
        "(601) 7442727",
        ["Si no le contestan, use también:", CELL],
    ),
    (
        Request(INCIDENT, "biometria"),
        "2026-11-29T03:00",
        Reason.SUPPORT_OPEN,
        "(601) 3906642",
        ["soporte.huella@certicamara.com", "todos los días, 24 horas (abierto ahora)"],
    ),
    (
        Request(INCIDENT, "biometria", critical=True),
        "2026-11-29T03:00",
        Reason.CRITICAL_SUPPORT_OPEN,
        "(601) 3906642",
        [CELL],
    ),
    (
        Request(PQRSA, pqrsa_type="queja"),
        "2026-11-23T16:59",
        Reason.PQRSA,
        "(601) 7442727",
        ["su queja (PQRSA)", "opción 3", "certicamararesponde@certicamara.com", "abierto ahora, hasta las 5:00 p. m."],
    ),
    (
        Request(PQRSA, "biometria", pqrsa_type="apelacion"),
        "2026-11-23T17:00",
        Reason.PQRSA,
        "(601) 7442727",
        ["su apelación", "abre mañana a las 7:00 a. m.", "El correo recibe su solicitud en cualquier momento."],
    ),
    (
        Request(ESCALATION, "biometria", escalation_level=2),
        "2026-11-23T10:00",
        Reason.ESCALATION,
        "(601) 745 2141",
        [
            "Supervisor de Soporte",
            "extensiones 1104, 1108 o 1102",
            "supervisor.mesadeayuda@certicamara.com",
            "siguiente nivel (Coordinador de Soporte)",
        ],
    ),
    (
        Request(ESCALATION, "certigestor", escalation_level=2),
        "2026-11-23T10:00",
        Reason.ESCALATION,
        "(601) 3790300",
        ["extensiones 1113, 1107, 1109 o 1427"],
    ),
    (
        Request(ESCALATION, "biometria", escalation_level=3),
        "2026-11-23T10:00",
        Reason.ESCALATION,
        "(601) 745 2141",
        [
            "Coordinador de Soporte",
            "extensión 1101",
            "coordinador.mesadeayuda@certicamara.com",
            "Es el último nivel de escalamiento.",
        ],
    ),
    (
        Request(ESCALATION, "certigestor", escalation_level=3),
        "2026-11-23T10:00",
        Reason.ESCALATION,
        "(601) 379 0300",
        ["extensión 1101"],
    ),
    (
        Request(INFORMATION, "certigestor", topic=Topic.HOURS),
        "2026-11-28T12:30",
        Reason.INFORMATION,
        "(601) 7442727",
        ["Horario de atención de CertiGestor", "sábado de 8:00 a. m. a 1:00 p. m.", "hasta la 1:00 p. m."],
    ),
    (
        Request(INFORMATION, "biometria", topic=Topic.EMAIL),
        "2026-11-28T12:30",
        Reason.INFORMATION,
        "soporte.huella@certicamara.com",
        [],
    ),
    (
        Request(INFORMATION, "certigestor", topic=Topic.CHAT),
        "2026-11-28T12:30",
        Reason.INFORMATION,
        "http://idealab.certicamara.com/CertiChat/chat.php",
        [],
    ),
    (
        Request(INFORMATION, "biometria", topic=Topic.PHONE),
        "2026-11-28T12:30",
        Reason.INFORMATION,
        "(601) 3906642",
        ["hay un celular de 24 horas: pídamelo"],
    ),
    (
        Request(INFORMATION, topic=Topic.PRIORITY_CELL),
        "2026-11-28T20:00",
        Reason.INFORMATION,
        CELL,
        ["prioridad 1", "todos los días, 24 horas"],
    ),
    (Request(INFORMATION, "certigestor", topic=Topic.PRIORITY_CELL), "2026-11-28T20:00", Reason.INFORMATION, CELL, []),
    (
        Request(INFORMATION, topic=Topic.COORDINATOR),
        "2026-11-28T20:00",
        Reason.INFORMATION,
        "(601) 745 2141",
        ["Coordinador de Soporte", "coordinador.mesadeayuda@certicamara.com", "(601) 379 0300, extensión 1101"],
    ),
    (
        Request(INFORMATION, "certigestor", topic=Topic.SUPERVISOR),
        "2026-11-28T20:00",
        Reason.INFORMATION,
        "(601) 3790300",
        ["supervisor.mesadeayuda@certicamara.com"],
    ),
    (
        Request(INFORMATION, topic=Topic.ALL),
        "2026-11-28T20:00",
        Reason.INFORMATION,
        "(601) 3906642",
        ["Autenticación Biométrica (huella):", "CertiGestor (gestión documental):", "abre el lunes a las 7:00 a. m."],
    ),
    (
        Request(INCIDENT),
        "2026-11-28T20:00",
        Reason.GENERAL,
        "(601) 3906642",
        ["(601) 7442727", "Incidentes críticos (prioridad 1), ambos productos:", CELL],
    ),
]


@pytest.mark.parametrize(
    "request_, moment, reason, first, phrases", ROUTES, ids=[f"{r[0].kind.value}-{r[0].product}-{r[1]}" for r in ROUTES]
)
def test_route(catalogue, request_, moment, reason, first, phrases):
    decision = route(catalogue, request_, bogota(moment))
    assert decision.reason == reason
    contact = decision.offers[0].contact
    assert first in (contact.phone, contact.email, contact.url)
    reply = render(decision)
    # The contact comes right after the headline (and the product's name, when several are listed).
    assert first in "\n".join(reply.splitlines()[1:3])
    for phrase in phrases:
        assert phrase in reply


def test_a_list_of_contacts_never_gives_the_priority_cell(catalogue):
    for topic in (Topic.ALL, Topic.PHONE, Topic.HOURS):
        for product in (None, "biometria", "certigestor"):
            reply = render(route(catalogue, Request(INFORMATION, product, topic=topic), bogota("2026-11-23T22:00")))
            assert CELL not in reply


def test_critical_after_hours_offers_the_cell_first_and_regular_lines_never(catalogue):
    decision = route(catalogue, Request(INCIDENT, "certigestor", critical=True), bogota("2026-11-23T22:00"))
    reply = render(decision)
    assert reply.index(CELL) < reply.index("soporte.certigestor@certicamara.com")
    assert "(601) 7442727" not in reply


@pytest.mark.parametrize(
    "current, requested, expected",
    [
        (None, None, 2),
        (1, None, 2),
        (2, None, 3),
        (3, None, 3),
        (2, "siguiente", 3),
        (None, "3", 3),
        (3, "2", 3),
        (2, "2", 3),
        (None, "1", 2),
        (None, "9", 3),
    ],
)
def test_next_escalation_level(catalogue, current, requested, expected):
    assert next_escalation_level(catalogue.product("biometria"), current, requested) == expected


def test_the_catalogue_decides_how_many_escalation_levels_a_product_has(catalogue):
    """A product whose ladder ends at the supervisor: asking for more, or for the coordinator, gives the
    supervisor, said to be the last level."""
    product = catalogue.product("certigestor")
    short = product.copy(update={"escalation": product.escalation[:2]})
    two_levels = catalogue.copy(update={"products": {**catalogue.products, "certigestor": short}})
    assert next_escalation_level(short, 2, None) == 2
    assert next_escalation_level(short, None, "3") == 2
    reply = render(
        route(two_levels, Request(ESCALATION, "certigestor", escalation_level=2), bogota("2026-11-23T10:00"))
    )
    assert "Es el último nivel de escalamiento." in reply
    coordinator = render(
        route(two_levels, Request(INFORMATION, "certigestor", topic=Topic.COORDINATOR), bogota("2026-11-23T10:00"))
    )
    assert "(601) 3790300" in coordinator and "(601) 379 0300" not in coordinator
