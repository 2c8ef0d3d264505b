"""Whether a person found the answer useful, in their own words: the answer to "¿Le sirvió?".

"sí, gracias", "me sirvió mucho" and "excelente" say yes; "no me sirvió", "para nada" and "más o
menos" say no. A message that also says a new need ("no, nadie contesta en esa línea") is that need,
answered as usual; anything else is not an answer to the question.
"""

import re
from typing import Optional

from bot import understanding
from bot.names import INTENT_AFFIRM, INTENT_DENY, NEED_INTENTS

_USEFUL = re.compile(
    r"\b(?:(?:si |muy |bastante |super )?(?:me |nos )?(?:sirvio|sirve|ayudo|funciono)|(?:muy |super )?util|"
    r"perfect[oa]|excelente|genial|de maravilla|(?:muchas |mil )?gracias)\b"
)
_NOT_USEFUL = re.compile(
    r"\b(?:(?:no|tampoco|nada) (?:me |nos )?(?:sirvio|sirve|ayudo|funciono|fue util|es util|resolvi\w*|solucion\w*)|"
    r"(?:nada|poco) util|inutil|mas o menos|regular|no mucho|no tanto|no del todo|para nada|de nada sirvio)\b"
)
# Words that may come with the answer without saying anything more.
_BESIDES = re.compile(r"\b(?:si|no|la verdad|de nada|mucho|muchas|mil|gracias|muy|bueno|pues|ok|senor\w*|,)\b")
_MOST_OTHER_WORDS = 2


def _said_more(text: str, answer: re.Pattern) -> bool:
    rest = _BESIDES.sub(" ", answer.sub(" ", text))
    return len(rest.split()) > _MOST_OTHER_WORDS


def _says_a_need(reading: understanding.Reading) -> bool:
    return any((reading.outage, reading.escalation_level, reading.pqrsa_type, reading.information))


def tells_what_was_missing(text: str, intent: Optional[str] = None) -> bool:
    """Whether a message the NLU read as `intent`, after "¿Qué faltó?", answers it: anything but a
    button or a new need ("la huella sigue sin funcionar", "necesito al supervisor"), answered as one."""
    if not text.strip() or text.startswith("/") or intent in NEED_INTENTS:
        return False
    return not _says_a_need(understanding.read(text))


def useful(text: str, need_understood: bool = False) -> Optional[bool]:
    """True or False when the text answers whether the answer was useful; None otherwise.

    `need_understood`: the NLU read a request in the message (an incident, a question for a contact…).
    """
    reading = understanding.read(text)
    pattern = _NOT_USEFUL if _NOT_USEFUL.search(reading.text) else _USEFUL if _USEFUL.search(reading.text) else None
    if pattern is None and reading.answer is None:
        return None
    new_need = need_understood or _says_a_need(reading)
    if new_need and (pattern is None or _said_more(reading.text, pattern)):
        return None  # "no, nadie contesta en esa línea": the need is answered as one
    if pattern is not None:
        return pattern is _USEFUL
    return reading.answer


def answer(text: str, intent: Optional[str]) -> Optional[bool]:
    """The answer to "¿Le sirvió?" in a message the NLU read as `intent`: by a button, or in words."""
    if text.startswith("/"):  # a button sends its intent
        return {INTENT_AFFIRM: True, INTENT_DENY: False}.get(intent or "")
    return useful(text, need_understood=intent in NEED_INTENTS)


# The values of the conversation's satisfaction slot, as the report reads them.
ASKED, USEFUL, NOT_USEFUL = "asked", "useful", "not_useful"
