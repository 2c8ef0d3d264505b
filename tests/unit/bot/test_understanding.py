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


@pytest.mark.parametrize(
    "text, intent, product, expected",
    [
        # A PQRSA said as a wish, as money, as an agent's conduct; one denied is none.
        ("ojalá el gestor avisara cuando se vence un término", "report_incident", "certigestor", "pqrsa"),
        ("me debitaron dos veces la renovación y la plata no aparece", "report_incident", "biometria", "pqrsa"),
        ("hace un mes pedí que me reintegraran un pago doble y nadie me responde", "escalate", None, "pqrsa"),
        ("el asesor me habló de muy mala manera y me colgó la llamada", "ask_contact", None, "pqrsa"),
        ("no es reclamo: el gestor no me deja asociar los anexos", "pqrsa", "certigestor", "report_incident"),
        ("el gestor no me deja radicar los derechos de petición", "pqrsa", "certigestor", "report_incident"),
        # The priority-1 cell however it is asked; a person rather than a bot.
        ("nos solicitan el número móvil dispuesto para fallas de prioridad uno", "ask_contact", None, "ask_contact"),
        ("xfa el nro de cel q contestan a cualquier hora pa cuando es algo grave", "ask_hours", None, "ask_contact"),
        ("¿me puede atender un funcionario y no un asistente automatizado?", "nlu_fallback", None, "ask_human"),
        # The level above the one named, and a request to escalate said as such.
        ("el supervisor no resolvió nada, necesito el siguiente nivel", "escalate", None, "escalate"),
        (
            "me da pena un domingo pero necesito escalar un caso de la huella",
            "report_incident",
            "biometria",
            "escalate",
        ),
        # A yes or a no decided by what is said of the operation; a hedge about a product tells a failure.
        ("no, aún podemos trabajar", "affirm", None, "deny"),
        ("nooo tranqui, eso lo miramos mañana", "out_of_scope", None, "deny"),
        (
            "los nombres salen con símbolos raros en la huella, no es grave",
            "nlu_fallback",
            "biometria",
            "report_incident",
        ),
    ],
)
def test_needs_in_words_the_cues_were_not_written_for(text, intent, product, expected):
    assert (decide(read(text), intent, product) or {"intent": intent})["intent"] == expected


def test_the_level_above_the_one_that_failed():
    assert read("el supervisor no resolvió nada, necesito el siguiente nivel").escalation_level == 3
    assert read("me pasaron con el supervisor, hablé con él dos veces y todavía nada").escalation_level == 3
    assert (
        read("necesito escalar un caso con el supervisor porque soporte no me ha dado solución").escalation_level == 2
    )
