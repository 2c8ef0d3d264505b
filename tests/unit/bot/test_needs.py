"""Several needs in one message (bot/needs.py): where a message breaks, what is one need, which comes first."""

import pytest

from bot.needs import (
    Need,
    clauses,
    combine,
    decode,
    encode,
    escalated,
    opens_another_topic,
    per_product,
    with_criticality,
)

INCIDENT, PQRSA, HOURS, CONTACT, ESCALATE = "report_incident", "pqrsa", "ask_hours", "ask_contact", "escalate"


@pytest.mark.parametrize(
    "text, parts",
    [
        (
            "¿Me da el teléfono de biometría? También quiero radicar una petición",
            ["me da el telefono de biometria", "tambien quiero radicar una peticion"],
        ),
        (
            "¿a qué hora cierran los del gestor? ah, y ¿cuál es el celular de emergencias?",
            ["a que hora cierran los del gestor", "cual es el celular de emergencias"],
        ),
        (
            "necesito el horario del gestor y el celular de emergencias",
            ["necesito el horario del gestor", "el celular de emergencias"],
        ),
        ("SE CAYO EL LECTOR\nademas quiero poner un reclamo", ["se cayo el lector", "ademas quiero poner un reclamo"]),
        # One need in one sentence stays whole, "y" and all.
        (
            "se cayo el gestor documental y nadie puede trabajar",
            ["se cayo el gestor documental y nadie puede trabajar"],
        ),
        ("buenas", []),
    ],
)
def test_a_message_breaks_at_sentences_and_at_words_that_open_another_topic(text, parts):
    assert clauses(text) == parts


def test_the_most_urgent_need_comes_first_a_critical_outage_before_anything():
    hours = Need(HOURS, "certigestor")
    pqrsa = Need(PQRSA, None, (("pqrsa_type", "queja"),))
    outage = Need(INCIDENT, "certigestor", (("criticality", "critico"),))
    assert combine([hours, pqrsa, outage]) == [outage, pqrsa, hours]


def test_parts_that_ask_for_the_same_thing_are_one_need_with_what_each_adds():
    said = [Need(INCIDENT, "certigestor"), Need(INCIDENT, None, (("criticality", "critico"),))]
    assert combine(said) == [Need(INCIDENT, "certigestor", (("criticality", "critico"),))]


def test_two_products_are_two_needs_even_with_one_intent():
    assert len(combine([Need(HOURS, "biometria"), Need(HOURS, "certigestor")])) == 2


def test_a_contact_of_its_own_beside_a_product_s_channels_is_another_need():
    desk_hours = Need(HOURS, None, (("pqrsa_type", "peticion"),))
    line = Need(CONTACT, "certigestor", (("channel_kind", "telefono"),))
    cell = Need(CONTACT, None, (("channel_kind", "celular_p1"),))
    assert len(combine([desk_hours, line, cell])) == 3
    # The phone in one part and the hours in another are one question: every channel, with its hours.
    merged = combine([Need(HOURS, "certigestor"), Need(CONTACT, None, (("channel_kind", "telefono"),))])
    assert merged == [Need(HOURS, "certigestor")]


def test_needs_travel_as_one_entity_value_and_come_back_the_same():
    needs = [Need(PQRSA, None, (("pqrsa_type", "reclamo"),)), Need(ESCALATE, "biometria", (("escalation_level", "3"),))]
    assert decode(encode(needs)) == needs
    assert decode("texto escrito a mano") == [] and decode(None) == []


def test_a_need_without_product_takes_the_one_product_named_and_a_pqrsa_none():
    assert per_product(Need(INCIDENT), ["biometria"]) == [Need(INCIDENT, "biometria")]
    assert per_product(Need(PQRSA), ["biometria", "certigestor"]) == [Need(PQRSA)]


def test_what_a_message_says_of_the_operation_holds_for_the_failures_that_say_nothing():
    said = [Need(INCIDENT, "certigestor"), Need(INCIDENT, "biometria", (("criticality", "critico"),)), Need(HOURS)]
    marked = with_criticality(said, False)
    assert [n.detail("criticality") for n in marked] == ["no_critico", "critico", None]


def test_a_failure_is_what_an_escalation_for_its_product_is_about_unless_critical():
    escalation = Need(ESCALATE, "certigestor")
    assert escalated(Need(INCIDENT, "certigestor"), [escalation])
    assert not escalated(Need(INCIDENT, "biometria"), [escalation])
    assert not escalated(Need(INCIDENT, "certigestor", (("criticality", "critico"),)), [escalation])


def test_parts_that_reach_different_levels_keep_the_highest():
    merged = combine(
        [Need(ESCALATE, "biometria", (("escalation_level", "3"),)), Need(ESCALATE, None, (("escalation_level", "2"),))]
    )
    assert merged == [Need(ESCALATE, "biometria", (("escalation_level", "3"),))]


def test_another_topic_is_told_from_the_words_a_part_opens_with():
    assert opens_another_topic("y aparte llevo tres semanas con el caso de las licencias")
    assert not opens_another_topic("el lector no lee desde el lunes")
