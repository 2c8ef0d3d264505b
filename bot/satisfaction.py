"""The answers to "¿Le sirvió esta respuesta?" and to "¿Qué faltó?", in a person's own words.

"sí, gracias", "ya me quedó claro" and "excelente" say yes; "no me sirvió", "para nada", "más o
menos" and 👎 say no. A message that also asks for something ("no, ¿hay otro número?", "no me
sirvió, quiero hablar con el supervisor") is that request, answered as usual; anything else is no
answer to the question.

After "¿Qué faltó?" a message is taken as the answer (what was missing) unless it asks for something
or tells of a new failure. The NLU's intent is a weak signal there: a complaint about the answer
speaks of the same things as a request ("no dijo si atienden festivos" reads as ask_hours).
"""

import re
from typing import Optional

from bot import understanding
from bot.cases import REFERENCE
from bot.names import (
    INTENT_AFFIRM,
    INTENT_CASE_STATUS,
    INTENT_DENY,
    INTENT_INFORM_PRODUCT,
    NEED_INTENTS,
    NLU_FALLBACK,
    OUT_OF_SCOPE,
)
from bot.spanish import fold

_USEFUL = re.compile(
    r"\b(?:(?:si |muy |bastante |super )?(?:me |nos )?(?:sirvio|sirve|ayudo|funciono|soluciono|solucionaron)|"
    r"(?:muy |super )?util|perfect[oa]|excelente|genial|de maravilla|(?:muchas |mil )?gracias|"
    r"(?:me |ya )?quedo claro|entendido|ya (?:pude|llamo|llame|marco|me comunique|escribo|lo hago)|listo)\b"
)
_NOT_USEFUL = re.compile(
    r"\b(?:(?:no|tampoco|nada) (?:me |nos |le )?(?:sirvio|sirve|ayudo|funciono|fue util|es util|resolvi\w*|resuelv\w*|"
    r"solucion\w*|respond\w*|aclar\w*)|(?:nada|poco) util|inutil|mas o menos|regular|no mucho|no tanto|"
    r"no del todo|para nada|de nada sirvio|nanay|nones|no{2,}|(?:ps|que va)(?: ,)? no|pesim\w*|en absoluto|"
    r"ni (?:un )?poquito)\b"
)
_THUMBS = {"👍": True, "👎": False}
# Words that may come with the answer without saying anything more.
_BESIDES = re.compile(r"\b(?:si|no|la verdad|de nada|mucho|muchas|mil|gracias|muy|bueno|pues|ps|ok|senor\w*|,)\b")
_MOST_OTHER_WORDS = 2
# After "¿Qué faltó?", the intents whose rule would only say the bot did not understand.
_NO_RULE_OF_ITS_OWN = {NLU_FALLBACK, OUT_OF_SCOPE, INTENT_AFFIRM, INTENT_DENY}
# Asking for something: a question, or a request in so many words.
_ASKS = re.compile(
    r"\b(?:necesito|necesitamos|quiero|quisiera|queremos|me (?:pueden|puede|podrian|podria) |nos (?:pueden|puede) |"
    r"me da |me dan |deme|denme|dame|paseme|pasenme|comuniqueme|mandenme|envienme|llamenme|"
    r"como (?:hago|hacemos|puedo|lo)|donde (?:puedo|llamo|escribo)|hay otr[oa]|ayudenme|ayudeme|"
    r"que me (?:llamen|contacten|escriban|devuelvan|atienda\w*|comuniquen|pasen))\b"
)
# Telling what the answer lacked: "faltó…", "no dijo…", "esperaba…", "muy técnico".
_CRITIQUE = re.compile(
    r"\b(?:falt\w*|esperaba|hubiera|en vez de|no que me|no (?:me |le )?(?:explic\w*|dij\w*|mencion\w*|entend\w*|"
    r"respond\w*|aclar\w*|coincid\w*|aplica|aporta|tuvo en cuenta|era lo que)|la respuesta|la info\w*|"
    r"desactualizad\w*|siempre dicen|no es claro|(?:muy|demasiad\w*) (?:larg|tecnic|general|enredad|robotic|confus)\w*)"
)


def _says_it_in_so_many_words(text: str) -> bool:
    """ "me sirvió", "no me sirvió", "excelente": more than a bare yes or no."""
    folded = understanding.read(text).text
    return bool(_NOT_USEFUL.search(folded) or _USEFUL.search(folded))


def _said_more(text: str, answer: "re.Pattern[str]") -> bool:
    rest = _BESIDES.sub(" ", answer.sub(" ", text))
    return len(rest.split()) > _MOST_OTHER_WORDS


def _asks_or_reports(text: str, reading: understanding.Reading) -> bool:
    """A request ("¿hay otro número?", "páseme al supervisor") or a failure the bot's cues recognise."""
    cues = (
        reading.outage,
        reading.escalation_level,
        reading.pqrsa_type,
        reading.information,
        reading.correction,  # "ah no, perdón, es el del gestor documental"
        reading.other_product,
    )
    return "?" in text or bool(_ASKS.search(reading.text)) or any(cues)


def useful(text: str, need_understood: bool = False) -> Optional[bool]:
    """True or False when the text answers whether the answer was useful; None otherwise.

    `need_understood`: the NLU read a need in the message; it counts only against a bare "sí" or
    "no" followed by more ("no, la huella sigue sin funcionar").
    """
    thumbs = {_THUMBS[c] for c in text if c in _THUMBS}
    if len(thumbs) == 1 and not fold(re.sub(r"[^\w\s]", "", text)).strip():
        return thumbs.pop()
    reading = understanding.read(text)
    pattern = _NOT_USEFUL if _NOT_USEFUL.search(reading.text) else _USEFUL if _USEFUL.search(reading.text) else None
    if pattern is not None:
        # The cues are read without the answer itself: "no me sirve" alone is no failure to report.
        rest = understanding.read(pattern.sub(" ", reading.text))
        if _asks_or_reports(text, rest) and _said_more(reading.text, pattern):
            return None
        # "No, gracias": the leading no is the answer; the thanks are manners.
        return False if reading.answer is False else pattern is _USEFUL
    if reading.answer is None or _asks_or_reports(text, reading):
        return None
    bare = re.compile(r"^\S+")  # the yes or the no itself
    return None if need_understood and _said_more(reading.text, bare) else reading.answer


def tells_what_was_missing(text: str, intent: Optional[str] = None) -> bool:
    """Whether a message the NLU read as `intent`, after "¿Qué faltó?", answers it: a complaint about
    the answer, or words that no rule would answer but with "no le entendí". A greeting, a case
    reference, a request are left to the rules."""
    if not text.strip() or text.startswith("/"):
        return False
    reading = understanding.read(text)
    if "?" in text or _ASKS.search(reading.text):
        return False
    if _CRITIQUE.search(reading.text):
        return True
    # The NLU reads any long number as a case number ("mi cel 300…"): only a reference makes it one.
    no_rule = intent in _NO_RULE_OF_ITS_OWN or (intent == INTENT_CASE_STATUS and not REFERENCE.search(text))
    return no_rule and not _asks_or_reports(text, reading)


def answer(text: str, intent: Optional[str], names_product: bool = False) -> Optional[bool]:
    """The answer to "¿Le sirvió?" in a message the NLU read as `intent`: by a button, or in words.
    `names_product`: the message names a product of the catalogue."""
    if text.startswith("/"):  # a button sends its intent
        return {INTENT_AFFIRM: True, INTENT_DENY: False}.get(intent or "")
    if (names_product or intent == INTENT_INFORM_PRODUCT) and not _says_it_in_so_many_words(text):
        return None  # "no, el del gestor": a product named after an answer corrects it; it is answered again
    return useful(text, need_understood=intent in NEED_INTENTS)


# The values of the conversation's satisfaction slot, as the report reads them.
ASKED, USEFUL, NOT_USEFUL = "asked", "useful", "not_useful"
