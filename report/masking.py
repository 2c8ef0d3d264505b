"""Personal data out of what the desk reads: e-mail addresses, phone numbers, cédulas and NITs, names.

Colombian formats: mobiles "300 123 4567" or "+57 3001234567", landlines "(601) 390 6642" or
"601 3906642", cédulas "79.123.456" or "1020304050", NITs "900.123.456-7". Any other run of six or more
digits is taken for a document number too: a report loses little by hiding a number it did not need.
"""

import re
from typing import Iterable

from bot.spanish import fold

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(
    r"(?<!\d)(?:\+?57[\s.-]?)?(?:"
    r"3\d{2}[\s.-]?\d{3}[\s.-]?\d{4}"  # mobile: 300 123 4567
    r"|\(?60\d\)?[\s.-]?\d{3}[\s.-]?\d{4}"  # landline with its area code: (601) 390 6642
    r")(?!\d)"
)
_DOCUMENT = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{3}){2,3}(?:-\d)?(?![\d.])|(?<!\d)\d{6,}(?:-\d)?(?!\d)")
# "me llamo Ana María Rojas", "mi nombre es …", "soy Pedro Gómez" (after "soy", only capitalised words:
# "soy de la notaría" names nobody).
_WORD = r"(?!(?:y|e|de|del|la|el|los|las|no|que|con|para|en|me|mi|por)\b)[A-Za-zÁÉÍÓÚÑáéíóúñü]+"
_SAID_NAME = re.compile(rf"\b((?:me llamo|mi nombre es|le habla)\s+)({_WORD}(?:\s+{_WORD}){{0,3}})", re.IGNORECASE)
_SOY_NAME = re.compile(r"\b([Ss]oy\s+)([A-ZÁÉÍÓÚÑ][a-záéíóúñü]+(?:\s+[A-ZÁÉÍÓÚÑ][a-záéíóúñü]+){0,3})")

MAIL_MASK, PHONE_MASK, DOCUMENT_MASK, NAME_MASK = "[correo]", "[teléfono]", "[documento]", "[nombre]"


def mask(text: str, names: Iterable[str] = ()) -> str:
    """The text with every e-mail, phone, document number and name replaced by a mark."""
    masked = EMAIL.sub(MAIL_MASK, text)
    masked = _PHONE.sub(PHONE_MASK, masked)
    masked = _DOCUMENT.sub(DOCUMENT_MASK, masked)
    masked = _SAID_NAME.sub(lambda m: m.group(1) + NAME_MASK, masked)
    masked = _SOY_NAME.sub(lambda m: m.group(1) + NAME_MASK, masked)
    for name in sorted({n.strip() for n in names if len(n.strip()) >= 3}, key=len, reverse=True):
        masked = _name_pattern(name).sub(NAME_MASK, masked)
    return masked


def _name_pattern(name: str) -> "re.Pattern[str]":
    """The name however it is written: any case, with or without accents, spaces as they come."""
    letters = []
    for character in fold(name):
        if character.isspace():
            letters.append(r"\s+")
        else:
            accented = {"a": "aá", "e": "eé", "i": "ií", "o": "oó", "u": "uúü", "n": "nñ"}.get(character, character)
            letters.append(f"[{re.escape(accented)}]" if len(accented) > 1 else re.escape(character))
    return re.compile(r"\b" + "".join(letters) + r"\b", re.IGNORECASE)
