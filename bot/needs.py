"""Several needs in one message: where a message breaks into parts, how the needs read from each part
are told apart or merged, which comes first, and how the ones after the first travel to the actions.

"¿Me da el teléfono de biometría? También quiero radicar una petición" is two needs; "se cayó el gestor.
Estamos todos quietos" is one incident said in two sentences. A message is cut at sentence breaks and at
the words that open another topic ("también", "además", "otra cosa"); each part is read on its own; parts
that ask for the same thing (same intent, and no two different products) are one need.
"""

import re
from dataclasses import dataclass, replace
from typing import Dict, Iterable, List, Optional, Tuple

from bot.names import (
    CRITICAL_VALUE,
    ENTITY_CHANNEL_KIND,
    ENTITY_CRITICALITY,
    ENTITY_ESCALATION_LEVEL,
    ENTITY_PQRSA_TYPE,
    INTENT_ASK_CONTACT,
    INTENT_ASK_HOURS,
    INTENT_ASK_HUMAN,
    INTENT_ESCALATE,
    INTENT_PQRSA,
    INTENT_REPORT_INCIDENT,
    NEED_INTENTS,
)
from bot.spanish import fold, written_out
from bot.understanding import CONTACT_COORDINATOR, CONTACT_PQRSA, CONTACT_PRIORITY_CELL, CONTACT_SUPERVISOR, criticality

# Sentence breaks, and the words that open another topic inside a sentence.
# The full stop of an abbreviation ("cel.", "N°.", "p.m.", "Sr.") ends no sentence.
_ABBREVIATION_DOT = re.compile(
    r"\b(cel|celular|tel|telefono|ext|n|nro|numero|num|sr|sra|srta|dr|dra|ing|lic|p|a|m|pm|am|cc|nit|aprox|etc|ej|av|"
    r"cra|cl|dpto|no)\.(?=\s|$|[a-z])"
)
_SENTENCE_BREAK = re.compile(r"[.?!;]+|[¿¡]|(?<=\s)-\s|:\s(?=[a-z¿])|\s\|\s")
# Words that open another topic wherever they stand, and adverbs that do so only after a comma or a "y" ("se
# cayó el lector, y también quiero…"), not inside a sentence ("¿atienden también los festivos?").
_TOPIC_MARKERS = (
    r"aparte|de paso|por otro lado|por otra parte|de igual forma|de otro lado|otra cosa|otra pregunta|otra consulta|"
    r"otra duda|aprovecho|y aprovechando|y de una vez|ah y|ahh y|a y|y otra|y por ultimo|por ultimo|y finalmente|"
    r"fuera de eso|y lo otro|lo otro es|y encima|y como si fuera poco|por separado"
)
_TOPIC_ADVERBS = r"tambien|adicionalmente|ademas|asimismo|igualmente"
_TOPIC_WORDS = rf"(?:y\s+)?(?:{_TOPIC_MARKERS}|{_TOPIC_ADVERBS})\b"
_NEW_TOPIC = re.compile(
    rf"\s(?=(?:y\s+)?(?:{_TOPIC_MARKERS})\b)|(?<=,)\s*(?=(?:y\s+)?(?:{_TOPIC_ADVERBS})\b)|\s(?=y\s+(?:{_TOPIC_ADVERBS})\b)"
)
_OPENS_ANOTHER_TOPIC = re.compile(r"^" + _TOPIC_WORDS)


def opens_another_topic(part: str) -> bool:
    """Whether a part starts with the words that open another topic ("aparte…", "y también…")."""
    return bool(_OPENS_ANOTHER_TOPIC.match(part))


# ", y ¿cuál…?", "y quiero…": "y" before a question or a request opens another need.
_AND_THEN = re.compile(
    r",?\s+y\s+(?=(?:cual|cuales|que|donde|como|cuando|a que|hasta que|a quien|quiero|quisiera|necesito|"
    r"requiero|solicito|me (?:da|dan|regala|regalan|pasa|pasan|facilita|indica|dice)|deme|denme|paseme|pasenme|"
    r"pasame|digame|diganme|regaleme|regalenme|mandeme|envieme|indiqueme|confirmeme|"
    r"el (?:celular|telefono|numero|correo|horario|chat|contacto)|la (?:linea|extension)|"
    r"el de (?:emergencia|urgencia)|los (?:telefonos|numeros|correos|horarios))\b)"
)
# A part needs three words that say something to be read on its own; a shorter piece ("para llamar",
# "buenas noches") belongs with the part before it (or after it, when it comes first); "ah, y" is nothing.
_OWN_PART_WORDS = 3
_EMPTY_WORDS = frozenset({"y", "o", "e", "a", "ah", "ahh", "pues", "bueno", "ok", "pero", "entonces", "eso", "es"})


def _words_that_say(piece: str) -> int:
    return len(set(re.findall(r"\w+", piece)) - _EMPTY_WORDS)


def clauses(text: str) -> List[str]:
    """The parts of a message that may each say a need, in the order written (folded, lower case)."""
    pieces: List[str] = []
    # fold() joins lines, and a line break is a sentence break: fold each line.
    lines = [_ABBREVIATION_DOT.sub(r"\1", written_out(fold(line))) for line in (text or "").splitlines()]
    sentences = [s for line in lines for s in _SENTENCE_BREAK.split(line)]
    for sentence in sentences:
        for piece in _NEW_TOPIC.split(sentence):
            pieces += _AND_THEN.split(piece)
    return _with_short_pieces_attached(pieces)


def at_each_and(part: str) -> List[str]:
    """A part cut at each "y": where it names two products, each may say a need of its own ("la huella no
    abre y en el gestor tengo un caso sin resolver")."""
    return _with_short_pieces_attached(re.split(r",?\s+(?=y\s+)", part))


def _with_short_pieces_attached(pieces: List[str]) -> List[str]:
    cleaned = [re.sub(r"\s+", " ", piece).strip(" ,") for piece in pieces]
    parts: List[str] = []
    pending = ""  # short pieces before the first part
    for piece in (p for p in cleaned if _words_that_say(p) >= 1):
        if _words_that_say(piece) >= _OWN_PART_WORDS:
            parts.append(f"{pending} {piece}".strip())
            pending = ""
        elif parts:
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            pending = f"{pending} {piece}".strip()
    if pending and _words_that_say(pending) >= _OWN_PART_WORDS - 1:
        parts.append(pending)
    return parts


@dataclass(frozen=True)
class Need:
    """What one part of a message asks for: an intent with the entities that shape its answer."""

    intent: str
    product: Optional[str] = None
    # pqrsa_type, channel_kind, escalation_level or criticality, as the NLU names them.
    details: Tuple[Tuple[str, str], ...] = ()

    def detail(self, name: str) -> Optional[str]:
        return dict(self.details).get(name)

    def with_detail(self, name: str, value: str) -> "Need":
        return replace(self, details=tuple(sorted({**dict(self.details), name: value}.items())))

    def names_another_product(self, other: "Need") -> bool:
        """Whether the two name different products; a need that names none may be about either."""
        return bool(self.product and other.product and self.product != other.product)

    @property
    def asks_priority_cell(self) -> bool:
        return self.intent == INTENT_ASK_CONTACT and self.detail(ENTITY_CHANNEL_KIND) == CONTACT_PRIORITY_CELL

    @property
    def contact(self) -> Optional[str]:
        """The one contact an information request is about, beyond a product's channels: the PQRSA desk,
        the priority-1 cell, the supervisor, the coordinator."""
        if self.detail(ENTITY_PQRSA_TYPE):
            return CONTACT_PQRSA
        kind = self.detail(ENTITY_CHANNEL_KIND)
        return kind if kind in _ONE_CONTACT else None

    @property
    def urgency(self) -> int:
        """Lower first: a critical incident before anything else, then an incident, an escalation, the
        priority-1 cell, a PQRSA, a person, and information."""
        if self.intent == INTENT_REPORT_INCIDENT:
            return 0 if self.detail(ENTITY_CRITICALITY) == CRITICAL_VALUE else 1
        if self.asks_priority_cell:
            return 3
        return _URGENCY.get(self.intent, 6)


_URGENCY = {INTENT_ESCALATE: 2, INTENT_PQRSA: 4, INTENT_ASK_HUMAN: 5}
_ONE_CONTACT = (CONTACT_PRIORITY_CELL, CONTACT_SUPERVISOR, CONTACT_COORDINATOR)
_INFORMATION = (INTENT_ASK_HOURS, INTENT_ASK_CONTACT)


def _same_need(a: Need, b: Need) -> bool:
    if a.names_another_product(b):
        return False
    if a.intent in _INFORMATION and b.intent in _INFORMATION:
        # One information request may name a channel in one part and the product in another; the priority-1
        # cell, an escalation contact or the PQRSA desk asked beside them is a contact of its own.
        return a.contact == b.contact
    return a.intent == b.intent


def _merge(a: Need, b: Need) -> Need:
    """One need told in two parts: the first part's intent, with what either part adds."""
    details = dict(b.details)
    details.update(dict(a.details))
    if a.intent != b.intent or a.detail(ENTITY_CHANNEL_KIND) != b.detail(ENTITY_CHANNEL_KIND):
        # Hours in one part and a contact in the other, or two channels: every channel of the product.
        details.pop(ENTITY_CHANNEL_KIND, None)
    if CRITICAL_VALUE in (a.detail(ENTITY_CRITICALITY), b.detail(ENTITY_CRITICALITY)):
        details[ENTITY_CRITICALITY] = CRITICAL_VALUE
    levels = [level for level in (a.detail(ENTITY_ESCALATION_LEVEL), b.detail(ENTITY_ESCALATION_LEVEL)) if level]
    if any(level.isdigit() for level in levels):
        # "El supervisor no resolvió." + "Necesito el siguiente nivel": the highest level either part reached.
        details[ENTITY_ESCALATION_LEVEL] = str(max(int(level) for level in levels if level.isdigit()))
    return replace(a, product=a.product or b.product, details=tuple(sorted(details.items())))


def escalated(incident: Need, others: Iterable[Need]) -> bool:
    """Whether one of `others` asks to take this failure up a level: an escalation for the same product.
    A critical failure is answered first all the same."""
    if incident.intent != INTENT_REPORT_INCIDENT or incident.detail(ENTITY_CRITICALITY) == CRITICAL_VALUE:
        return False
    return any(other.intent == INTENT_ESCALATE and not other.names_another_product(incident) for other in others)


def combine(needs: Iterable[Optional[Need]]) -> List[Need]:
    """Distinct needs, parts of one need merged, the most urgent first (ties in the order written)."""
    distinct: List[Need] = []
    for need in needs:
        if need is None:
            continue
        twin = next((i for i, seen in enumerate(distinct) if _same_need(seen, need)), None)
        if twin is None:
            distinct.append(need)
        else:
            distinct[twin] = _merge(distinct[twin], need)
    return sorted(distinct, key=lambda need: need.urgency)


def with_criticality(said: List[Need], critical: Optional[bool]) -> List[Need]:
    """What a message says of the operation ("no es urgente", "no se puede trabajar") holds for each failure
    it tells that says nothing of it, in whichever part it was said."""
    if critical is None:
        return said
    return [
        need.with_detail(ENTITY_CRITICALITY, criticality(critical))
        if need.intent == INTENT_REPORT_INCIDENT and not need.detail(ENTITY_CRITICALITY)
        else need
        for need in said
    ]


def per_product(need: Need, products: List[str]) -> List[Need]:
    """A need about the products given: one need per product ("no abre ni la huella ni el gestor"); a PQRSA
    goes to one desk whatever the product."""
    if need.intent == INTENT_PQRSA or not products:
        return [need]
    return [replace(need, product=product) for product in products]


# The needs after the first travel as the value of one entity: "intent product name=value …", then ";".
_FIELDS, _NEEDS = " ", ";"
_NO_PRODUCT = "-"


def encode(needs: Iterable[Need]) -> str:
    return _NEEDS.join(
        _FIELDS.join([need.intent, need.product or _NO_PRODUCT, *(f"{k}={v}" for k, v in need.details)])
        for need in needs
    )


def decode(value: Optional[str]) -> List[Need]:
    """The needs `encode` wrote; anything else (a hand-typed entity) is no need."""
    needs = []
    for item in (value or "").split(_NEEDS):
        fields = item.split(_FIELDS)
        if len(fields) < 2 or fields[0] not in NEED_INTENTS:
            continue
        pairs = [field.split("=", 1) for field in fields[2:]]
        details: Dict[str, str] = {pair[0]: pair[1] for pair in pairs if len(pair) == 2}
        product = None if fields[1] == _NO_PRODUCT else fields[1]
        needs.append(Need(fields[0], product, tuple(sorted(details.items()))))
    return needs
