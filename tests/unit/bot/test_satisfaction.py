"""Reading the answer to "¿Le sirvió esta respuesta?" in a person's own words."""

import pytest

from bot.satisfaction import useful


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
