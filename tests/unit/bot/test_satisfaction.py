"""Reading the answer to "¿Le sirvió esta respuesta?" in a person's own words."""

import pytest

from bot.satisfaction import tells_what_was_missing, useful


@pytest.mark.parametrize(
    "text",
    ["si", "Sí, gracias", "si me sirvio", "me sirvió mucho", "muy util", "excelente, gracias", "perfecto", "gracias"],
)
def test_a_yes_in_any_words(text):
    assert useful(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "no",
        "No me sirvió",
        "no me sirvio de nada",
        "no me ayudo",
        "para nada",
        "mas o menos",
        "regular",
        "la verdad no",
    ],
)
def test_a_no_in_any_words(text):
    assert useful(text) is False


@pytest.mark.parametrize(
    "text",
    [
        # A new need said with the answer is that need: the bot answers it as usual.
        "no, porque nadie contesta en esa linea",
        "no me ayudó en nada, necesito hablar con el supervisor",
        "si, pero necesito el correo",
        # Not an answer at all.
        "hola",
        "cual es el horario de certigestor",
        "faltó el numero de la notaria",
    ],
)
def test_a_new_need_or_anything_else_is_no_answer(text):
    assert useful(text) is None


def test_a_need_the_nlu_understood_outweighs_a_leading_no():
    assert useful("no, la huella sigue sin funcionar", need_understood=True) is None
    # …but the bare answer stays an answer, whatever the NLU made of it.
    assert useful("no me sirvió", need_understood=True) is False


@pytest.mark.parametrize(
    "text, expected",
    [
        ("👍", True),
        ("👎", False),
        ("ya me quedó claro", True),
        ("listo, ya llamo", True),
        ("nooo", False),
        # The answer with a request in it: the request is answered.
        ("no, ¿hay otro número?", None),
        ("no me sirvió, quiero hablar con el supervisor", None),
        # "no me sirve" is the answer here, not a failure to report.
        ("no, esa información no me sirve", False),
    ],
)
def test_more_ways_of_answering(text, expected):
    assert useful(text) is expected


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        ("no dijo si atienden festivos", "ask_hours", True),  # a complaint, though it speaks of hours
        ("faltó el link de la página", "ask_contact", True),
        ("que me expliquen mejor", "out_of_scope", True),
        ("la huella sigue sin funcionar", "report_incident", False),
        ("necesito que alguien me llame", "out_of_scope", False),
        ("¿cuál es el correo del supervisor?", "ask_contact", False),
        ("/affirm", "affirm", False),
    ],
)
def test_what_was_missing_or_a_new_need(text, intent, expected):
    assert tells_what_was_missing(text, intent) is expected


@pytest.mark.parametrize(
    "text, intent",
    [
        ("quiero consultar mi caso CC-20261123-0001", "case_status"),
        ("hola", "greet"),
        ("necesito un asesor humano", "out_of_scope"),
    ],
)
def test_after_what_was_missing_a_greeting_a_case_or_a_request_goes_to_the_rules(text, intent):
    assert tells_what_was_missing(text, intent) is False


def test_a_leading_no_outweighs_the_thanks():
    assert useful("no, gracias") is False
    assert useful("me sirve que me llamen al 3001234567") is None  # a request, not an answer
