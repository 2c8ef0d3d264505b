"""No personal data in the desk report: Colombian phones, cédulas, NITs, e-mails and names are masked."""

import pytest

from report.masking import mask


@pytest.mark.parametrize(
    "text, expected",
    [
        ("mi celular es 300 123 4567, llámenme", "mi celular es [teléfono], llámenme"),
        ("marqué al (601) 390 6642 y nadie contesta", "marqué al [teléfono] y nadie contesta"),
        ("+57 3001234567", "[teléfono]"),
        ("601 3906642", "[teléfono]"),
        ("mi cédula es 79.123.456", "mi cédula es [documento]"),
        ("NIT 900.123.456-7 de la notaría", "NIT [documento] de la notaría"),
        ("cc 1020304050", "cc [documento]"),
        ("escríbame a ana.rojas@notaria5.gov.co por favor", "escríbame a [correo] por favor"),
        ("me llamo ana maría rojas y no me funciona", "me llamo [nombre] y no me funciona"),
        ("Soy Pedro Gómez de la notaría 12", "Soy [nombre] de la notaría 12"),
    ],
)
def test_personal_data_is_masked(text, expected):
    assert mask(text) == expected


@pytest.mark.parametrize("text", ["soy de la notaria 5", "la notaria 12 no sirve", "error 404 en el gestor"])
def test_what_is_not_personal_stays(text):
    assert mask(text) == text


def test_names_given_to_the_case_form_are_masked_however_written():
    assert mask("hola, ANA MARIA ROJAS aquí, la huella", ["Ana María Rojas"]) == "hola, [nombre] aquí, la huella"
