"""The cues read from one message (bot/understanding.py) and what the NLU makes of them
(nlu_components/cue_reader.py), without Rasa's servers."""

import pytest

from bot.products import mentioned_product
from bot.understanding import CONTACT_COORDINATOR, CONTACT_PQRSA, CONTACT_PRIORITY_CELL, read
from nlu_components.cue_reader import decide


@pytest.mark.parametrize(
    "text",
    [
        "se nos vino abajo el gestor",
        "el lector esta muerto desde las 7",
        "certigestor no abre ni a palos",
        "sin servicio el sistema documental",
        "el biometrico se quedo pegado otra vez",
    ],
)
def test_an_outage_said_without_falla(text):
    assert read(text).outage


@pytest.mark.parametrize(
    "text, critical",
    [
        ("URGENTE no sirve nada", True),
        ("toda la alcaldia esta sin poder radicar", True),
        ("estamos todos parados, nadie puede atender", True),
        ("no es critico, solo les aviso", False),
        ("es una cosa menor, puede esperar a mañana", False),
        ("no es tan urgente la verdad", False),
        ("solo quería avisar que el lector está lento", False),
        ("no, puede esperar", False),
        ("no puede esperar, tenemos fila de usuarios", True),
        ("el lector no lee bien", None),
    ],
)
def test_priority_one_is_read_with_its_negations_and_hedges(text, critical):
    assert read(text).critical is critical


@pytest.mark.parametrize(
    "text, answer",
    [
        ("sí señor, estamos quietos", True),
        ("pues claro, sin eso no arrancamos", True),
        ("si", True),
        ("mm no, es un solo equipo", False),
        ("nah tranquilo", False),
        ("no podemos trabajar", True),
        ("la verdad no sé", None),
    ],
)
def test_a_yes_or_no_in_the_persons_own_words(text, answer):
    assert read(text).answer is answer


@pytest.mark.parametrize(
    "text, level",
    [
        ("quiero hablar con el nivel tres", 3),
        ("ya hablé con el supervisor y tampoco", 3),
        ("el supervisor no me contesta, páseme con alguien más", 3),
        ("hace tres semanas que soporte no me resuelve el ticket", 2),
        ("necesito al supervisor, el caso lleva dos semanas sin solucion", 2),
        ("quiero escalar", None),
        ("la huella no funciona desde hace dos dias", None),
    ],
)
def test_the_level_a_message_asks_for(text, level):
    assert read(text).escalation_level == level


@pytest.mark.parametrize(
    "text, contact",
    [
        ("me regala el celular de emergencias", CONTACT_PRIORITY_CELL),
        ("a qué hora cierran los de pqrs", CONTACT_PQRSA),
        ("cual es el correo del coordinador", CONTACT_COORDINATOR),
        ("quiero hablar con el coordinador", None),
    ],
)
def test_a_question_about_one_contact(text, contact):
    assert read(text).contact_asked == contact


@pytest.mark.parametrize(
    "text, kind",
    [
        ("reclamo", "reclamo"),
        ("quiero dejar constancia por escrito de mi inconformidad", "queja"),
        ("quisiera felicitar formalmente a la ingeniera que me atendió", "felicitacion"),
        ("muchas gracias por todo", None),
    ],
)
def test_a_pqrsa_in_other_words(text, kind):
    assert read(text).pqrsa_type == kind


@pytest.mark.parametrize(
    "text, product",
    [
        ("ah no perdón, es el gestor documental, no la huella", "certigestor"),
        ("uy me confundí, era el de las huellas, el certigestor sí abre", "biometria"),
        ("el de documentos", "certigestor"),
    ],
)
def test_a_corrected_product(catalogue, text, product):
    assert mentioned_product(catalogue, text, earliest=read(text).correction) == product


@pytest.mark.parametrize(
    "text, intent, product, expected",
    [
        ("   ", None, None, {"intent": "greet"}),
        ("se cayó el gestor y no podemos radicar", "inform_product", "certigestor", {"intent": "report_incident"}),
        ("el supervisor tampoco hizo nada", "report_incident", None, {"intent": "escalate", "escalation_level": "3"}),
        (
            "cual es el cel de prioridad 1",
            "out_of_scope",
            None,
            {"intent": "ask_contact", "channel_kind": "celular_p1"},
        ),
        ("ah no, era el otro sistema", "deny", None, {"intent": "inform_product", "product": "otro"}),
        ("buenas tardes", "greet", None, None),
    ],
)
def test_what_the_nlu_makes_of_the_cues(text, intent, product, expected):
    assert decide(read(text), intent, product) == expected
