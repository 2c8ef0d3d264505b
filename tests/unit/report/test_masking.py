"""No personal data in the desk report: Colombian phones, cédulas, NITs, e-mails and names are masked."""

import pytest

from report.masking import Masker, mask


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
        # However the digits are grouped.
        ("cédula 79 123 456", "cédula [documento]"),
        ("NIT 900 123 456 7", "NIT [documento]"),
        ("NIT 900.123.456 - 7", "NIT [documento]"),
        ("1,020,304,050", "[documento]"),
        ("300 12 34 567", "[teléfono]"),
        ("3 0 0 1 2 3 4 5 6 7", "[teléfono]"),
        ("llamé al 390 6642", "llamé al [teléfono]"),
        # Names however they are introduced.
        ("soy pedro gómez", "soy [nombre]"),
        ("Soy la doctora Marta Ruiz", "Soy la doctora [nombre]"),
        ("Nombre: Carlos Ramírez", "Nombre: [nombre]"),
        ("mi nombre es Juan de la Cruz", "mi nombre es [nombre]"),
        ("Soy María José O'Neill", "Soy [nombre]"),
    ],
)
def test_personal_data_is_masked(text, expected):
    assert mask(text) == expected


@pytest.mark.parametrize(
    "text",
    ["soy de la notaria 5", "soy nuevo en esto", "la notaria 12 no sirve", "error 404 en el gestor", "a las 10:30"],
)
def test_what_is_not_personal_stays(text):
    assert mask(text) == text


def test_names_given_to_the_case_form_are_masked_however_written_whole_or_word_by_word():
    assert mask("hola, ANA MARIA ROJAS aquí, la huella", ["Ana María Rojas"]) == "hola, [nombre] aquí, la huella"
    assert mask("Pérez me atendió", ["Juan Pérez"]) == "[nombre] me atendió"


def test_many_names_are_one_pattern():
    masker = Masker([f"Persona Número{n} Apellido{n}" for n in range(2000)])
    assert masker.mask("hablé con Apellido1999 ayer") == "hablé con [nombre] ayer"
