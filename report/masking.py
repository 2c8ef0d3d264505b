"""Personal data out of what the desk reads: e-mail addresses, phone numbers, cédulas and NITs, names.

Numbers: any run of seven or more digits, however it is written (spaces, dots, commas, dashes,
parentheses, "+57"), is hidden. Mobiles ("300 123 4567", "+57 3001234567"), landlines ("(601) 390
6642", "390 6642") become [teléfono]; cédulas ("79.123.456", "1020304050"), NITs ("900.123.456-7")
and anything else become [documento]: a report loses little by hiding a number it did not need.

Names: after "me llamo", "mi nombre es", "nombre:", "le habla" and "soy" (with or without a title:
"soy la doctora Marta Ruiz"), and every name given to the case form, whole or word by word.
"""

import re
from typing import Iterable, List

from bot.spanish import fold

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Digits with the separators people type between groups; the groups are counted afterwards.
_NUMBER = re.compile(r"(?:\+\s?)?\(?\d(?:[\d]|[ .,\-()]{1,3}(?=[\d(]))*\d\)?")
_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:\s*-\s*\d)?$")
SHORTEST_NUMBER = 7

_LETTERS = "A-Za-zÁÉÍÓÚÑáéíóúñüÜ"
_NOT_A_NAME = (
    "y|e|o|de|del|la|las|el|los|lo|un|una|no|que|con|para|en|me|mi|mis|por|yo|nuevo|nueva|quien|parte|"
    "usuario|usuaria|cliente|notaria|notaría|entidad|empresa|alcaldia|alcaldía|oficina|area|área|"
    "encargado|encargada|responsable|al|a|su|sus|muy|bien|mal"
)
_TITLE = (
    r"(?:(?:el|la)\s+)?(?:doctor|doctora|dr\.?|dra\.?|ingeniero|ingeniera|ing\.?|contador|contadora|"
    r"abogado|abogada|notario|notaria|auxiliar|secretario|secretaria|funcionario|funcionaria|"
    r"administrador|administradora|señor|señora|sr\.?|sra\.?)\s+"
)
_WORD = rf"(?!(?:{_NOT_A_NAME})(?:\s|$))[{_LETTERS}][{_LETTERS}'’\-]*"
_NAME = rf"{_WORD}(?:\s+(?:(?:de|del|de\s+la|de\s+los)\s+)?{_WORD}){{0,3}}"
_SAID_NAME = re.compile(
    rf"\b((?:me\s+llamo|mi\s+nombre\s+es|mi\s+nombre\s*:|nombre\s*:|le\s+habla|soy)\s+(?:{_TITLE})?)({_NAME})",
    re.IGNORECASE,
)
SHORTEST_NAME_WORD = 4  # "Ana", "Luz" or "Paz" alone would hide ordinary words; the whole name is hidden

MAIL_MASK, PHONE_MASK, DOCUMENT_MASK, NAME_MASK = "[correo]", "[teléfono]", "[documento]", "[nombre]"


def _number(match: "re.Match[str]") -> str:
    written = match.group(0)
    digits = re.sub(r"\D", "", written)
    if len(digits) < SHORTEST_NUMBER:
        return written
    if _THOUSANDS.match(written.strip("() ")):
        return DOCUMENT_MASK  # 79.123.456, 900.123.456-7
    national = digits[2:] if digits.startswith("57") and len(digits) == 12 else digits
    mobile = len(national) == 10 and national.startswith("3")
    landline = len(national) == 10 and national.startswith("60") or len(national) == 7
    return PHONE_MASK if mobile or landline else DOCUMENT_MASK


def _spelled(name: str) -> str:
    """A name however it is written: any case, with or without accents, spaces as they come."""
    accents = {"a": "aá", "e": "eé", "i": "ií", "o": "oó", "u": "uúü", "n": "nñ"}
    parts = []
    for character in fold(name):
        if character.isspace():
            parts.append(r"\s+")
        elif character in accents:
            parts.append(f"[{accents[character]}]")
        else:
            parts.append(re.escape(character))
    return "".join(parts)


class Masker:
    """Masks texts; the names given to the case form are compiled once, into one pattern."""

    def __init__(self, names: Iterable[str] = ()):
        wholes = {" ".join(n.split()) for n in names if n and len(n.strip()) >= 3}
        words = {w for n in wholes for w in n.split() if len(w) >= SHORTEST_NAME_WORD and "@" not in w}
        spelled: List[str] = sorted({_spelled(n) for n in wholes | words}, key=len, reverse=True)
        self._names = re.compile(r"\b(?:" + "|".join(spelled) + r")\b", re.IGNORECASE) if spelled else None

    def mask(self, text: str) -> str:
        """The text with every e-mail, phone, document number and name replaced by a mark."""
        masked = EMAIL.sub(MAIL_MASK, text)
        masked = _NUMBER.sub(_number, masked)
        masked = _SAID_NAME.sub(lambda m: m.group(1) + NAME_MASK, masked)
        return self._names.sub(NAME_MASK, masked) if self._names else masked


def mask(text: str, names: Iterable[str] = ()) -> str:
    return Masker(names).mask(text)
