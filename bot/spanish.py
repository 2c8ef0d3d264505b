"""Spanish wording of times, days, schedules and opening status, as Colombians say them."""

import re
import unicodedata
from datetime import datetime
from typing import Iterable, Optional

from bot.schedule import MINUTES_PER_DAY, WEEKDAYS, Schedule, Status

MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


def fold(text: str) -> str:
    """Lower case, no accents, single spaces: how people type on a phone at 3 a.m."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", plain).strip()


# Chat shorthand, written out: "q", "xq", "tb", "nro", "d".
_SHORTHAND = {
    "q": "que",
    "k": "que",
    "xq": "porque",
    "pq": "porque",
    "porq": "porque",
    "x": "por",
    "xfa": "por favor",
    "pa": "para",
    "grax": "gracias",
    "graxias": "gracias",
    "xfavor": "por favor",
    "tb": "tambien",
    "tmb": "tambien",
    "tbn": "tambien",
    "d": "de",
    "dl": "del",
    "nro": "numero",
    "num": "numero",
    "tel": "telefono",
    "tels": "telefonos",
    "cel": "celular",
    "celu": "celular",
    "msj": "mensaje",
    "info": "informacion",
    "aki": "aqui",
    "ud": "usted",
    "uds": "ustedes",
    "sr": "senor",
    "sra": "senora",
    "nesecito": "necesito",
    "nececito": "necesito",
    "nesesito": "necesito",
}
_SHORTHAND_WORD = re.compile(r"\b(" + "|".join(sorted(_SHORTHAND, key=len, reverse=True)) + r")\b")


def written_out(folded: str) -> str:
    """A folded text with its chat shorthand written out, for reading cues in it."""
    return _SHORTHAND_WORD.sub(lambda match: _SHORTHAND[match.group(1)], folded)


def clock(minute_of_day: int) -> str:
    """420 -> "7:00 a. m."; 780 -> "1:00 p. m."; 0 and 1440 -> "12:00 a. m."."""
    hour, minute = divmod(minute_of_day % MINUTES_PER_DAY, 60)
    suffix = "a. m." if hour < 12 else "p. m."
    return f"{(hour % 12) or 12}:{minute:02d} {suffix}"


def the_clock(minute_of_day: int) -> str:
    """ "las 7:00 a. m.", but "la 1:00 p. m." (one o'clock is singular in Spanish)."""
    text = clock(minute_of_day)
    return f"la {text}" if text.startswith("1:") else f"las {text}"


def days(weekdays: Iterable[int]) -> str:
    ordered = sorted(set(weekdays))
    if len(ordered) == 7:
        return "todos los días"
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{WEEKDAYS[ordered[0]]} a {WEEKDAYS[ordered[-1]]}"
    names = [WEEKDAYS[d] for d in ordered]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " y " + names[-1]


def schedule(hours: Schedule) -> str:
    """ "lunes a viernes de 7:00 a. m. a 7:00 p. m.; sábado de 8:00 a. m. a 1:00 p. m."."""
    if hours.is_always_open:
        return "todos los días, 24 horas"
    parts = [f"{days(w.weekdays)} de {clock(w.start)} a {clock(w.end)}" for w in hours.windows]
    return "; ".join(parts)


def moment(when: datetime, now: datetime) -> str:
    """ "hoy a las 7:00 p. m.", "mañana a las 7:00 a. m.", "el lunes a las 7:00 a. m."."""
    minute = when.hour * 60 + when.minute
    gap = (when.date() - now.date()).days
    if gap == 0:
        day = "hoy"
    elif gap == 1:
        day = "mañana"
    elif gap < 7:
        day = f"el {WEEKDAYS[when.weekday()]}"
    else:
        day = f"el {WEEKDAYS[when.weekday()]} {when.day} de {MONTHS[when.month - 1]}"
    return f"{day} a {the_clock(minute)}"


def sentence(text: str) -> str:
    """Ends `text` with one period: times already end in one ("7:00 a. m.")."""
    return text if text.endswith(".") else text + "."


def status(current: Optional[Status], now: datetime) -> str:
    """ "abierto ahora", "cerrado ahora; abre mañana a las 7:00 a. m.", "cerrado hoy por festivo (…)"."""
    if current is None:
        return "horario no publicado"
    if current.is_open:
        if current.closes_at is None:
            return "abierto ahora"
        closing = current.closes_at
        return f"abierto ahora, hasta {the_clock(closing.hour * 60 + closing.minute)}"
    closed = f"cerrado hoy por festivo ({current.holiday})" if current.holiday else "cerrado ahora"
    if current.opens_at is None:
        return closed
    return f"{closed}; abre {moment(current.opens_at, now)}"


def to(phrase: str) -> str:
    """ "a" before a phrase, contracted: "al soporte de CertiGestor", "a la oficina de PQRSA"."""
    return f"al {phrase[3:]}" if phrase.startswith("el ") else f"a {phrase}"
