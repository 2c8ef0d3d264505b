"""The messages to review: grouped by near-identical text, most frequent first, each group with the
intent the NLU predicted and how sure it was; and the same groups as a Rasa NLU stub to correct.

Near-identical: the same once masked, folded (case, accents), without punctuation, repeated letters
("holaaa") or the numbers in it; then groups whose texts differ by a typo or two are merged.
"""

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from bot.names import NLU_FALLBACK
from bot.spanish import fold
from report.masking import Masker

SIMILAR = 0.9
# Typo merging compares every pair of groups: only the most frequent are compared.
MOST_GROUPS_MERGED = 400


@dataclass
class Group:
    key: str
    texts: Counter = field(default_factory=Counter)
    intents: Counter = field(default_factory=Counter)
    confidence_sum: float = 0.0

    @property
    def count(self) -> int:
        return sum(self.texts.values())

    @property
    def text(self) -> str:
        return self.texts.most_common(1)[0][0]

    @property
    def intent(self) -> Optional[str]:
        return self.intents.most_common(1)[0][0] if self.intents else None

    @property
    def confidence(self) -> float:
        return self.confidence_sum / self.count

    def absorb(self, other: "Group") -> None:
        self.texts.update(other.texts)
        self.intents.update(other.intents)
        self.confidence_sum += other.confidence_sum

    def as_dict(self) -> Dict[str, object]:
        return {"text": self.text, "count": self.count, "intent": self.intent, "confidence": round(self.confidence, 2)}


def _key(masked: str) -> str:
    plain = re.sub(r"[^\w\[\]]+", " ", fold(masked))
    plain = re.sub(r"\d+", "#", plain)  # "el token 327 no firma" and "el token 165 no firma" are one message
    return re.sub(r"(\w)\1{2,}", r"\1", plain).strip()


def prediction(message: Dict) -> Tuple[Optional[str], float]:
    """The intent the NLU would have chosen without the fallback, and its confidence."""
    parse = message.get("parse_data") or {}
    for ranked in parse.get("intent_ranking") or []:
        if ranked.get("name") != NLU_FALLBACK:
            return ranked.get("name"), float(ranked.get("confidence") or 0.0)
    intent = parse.get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


def group(messages: Iterable[str], masker: Masker = Masker()) -> List[Group]:
    """`messages`: the stored JSON of each message. Button payloads ("/affirm") are not the person's words."""
    groups: Dict[str, Group] = {}
    for data in messages:
        message = json.loads(data)
        text = (message.get("text") or "").strip()
        if not text or text.startswith("/"):
            continue
        masked = masker.mask(text)
        intent, confidence = prediction(message)
        entry = groups.setdefault(_key(masked), Group(_key(masked)))
        entry.texts[masked] += 1
        if intent:
            entry.intents[intent] += 1
        entry.confidence_sum += confidence
    return _merge_typos(sorted(groups.values(), key=lambda g: -g.count))


def _merge_typos(groups: List[Group]) -> List[Group]:
    kept: List[Group] = []
    for candidate in groups[:MOST_GROUPS_MERGED]:
        twin = next((g for g in kept if _similar(g.key, candidate.key)), None)
        if twin is None:
            kept.append(candidate)
        else:
            twin.absorb(candidate)
    kept += groups[MOST_GROUPS_MERGED:]
    return sorted(kept, key=lambda g: (-g.count, g.key))


def _similar(one: str, other: str) -> bool:
    matcher = SequenceMatcher(None, one, other)
    return matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR and matcher.ratio() >= SIMILAR


def nlu_stub(groups: Sequence[Group], period: str) -> str:
    """A Rasa NLU file with one block per predicted intent, commented for review; nothing in it is
    training data until a person has checked each example and moved it into data/nlu/."""
    lines = [
        "# Mensajes que el bot no entendió o entendió con poca confianza, " + period + ".",
        "# Revise cada ejemplo: cámbielo al intent correcto, bórrelo si no sirve, y solo entonces",
        "# páselo al archivo de su tema en data/nlu/ (README, «Informe para la mesa»). Datos personales",
        "# enmascarados: [correo], [teléfono], [documento], [nombre].",
        'version: "3.1"',
        "nlu:",
    ]
    by_intent: Dict[str, List[Group]] = {}
    for entry in groups:
        by_intent.setdefault(entry.intent or NLU_FALLBACK, []).append(entry)
    for intent, entries in sorted(by_intent.items(), key=lambda item: -sum(g.count for g in item[1])):
        # Comments stay outside the examples: inside the block they would be read as part of the text.
        lines.append("")
        lines.append(f"# Predicho: {intent}, {sum(g.count for g in entries)} mensaje(s). ¿De verdad es {intent}?")
        lines += [f"#   {g.count} x, confianza media {g.confidence:.2f}: {_one_line(g.text)}" for g in entries]
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {_one_line(g.text)}" for g in entries]
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    """One printable line that Rasa reads as plain text: no control characters (YAML refuses them), and
    no "[…](…)" or "[…]{…}" (Rasa would read an entity annotation)."""
    printable = "".join(c if unicodedata.category(c) != "Cc" else " " for c in text)
    return " ".join(printable.split()).replace("](", "] (").replace("]{", "] {")
