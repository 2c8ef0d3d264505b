"""Recognising a product in what a person wrote, from the aliases and word stems in the catalogue."""

import re
from functools import lru_cache
from typing import Any, Dict, List, Optional, Set

from bot.catalogue import Catalogue
from bot.spanish import fold


def _words(text: str) -> str:
    return f" {re.sub(r'[^a-z0-9 ]', ' ', fold(text)).strip()} "


# The catalogue's names, folded once rather than for every message.
_name_words = lru_cache(maxsize=None)(_words)


# "no es la huella" before a name, or "sí funciona bien" after it: not the product at fault.
# ("ni la huella ni el gestor abren" names both: "ni" there is "neither", not a denial.)
_DENIED_BEFORE = re.compile(
    r"(?:^| )no (?:es |era |fue )?(?:en |con )?"
    r"(?:el de la |la de la |el de |la de |lo de |el del |la del |el |la |los |las |del |de la |de )?$"
)
_FINE_AFTER = re.compile(
    r"^(?:si |ya )?(?:va|esta|anda|funciona|sirve|trabaja|opera)(?: (?:bien|perfecto|normal|ok|sin problema))"
    r"|^si (?:va|esta|anda|funciona|sirve|trabaja|opera|abre|abrio|carga|cargo|funciono|sirvio)\b"
    r"|^no (?:lo |la )?(?:necesito|es|era)\b"
)


def _named_at(written: str, name: str) -> Optional[int]:
    """Where `name` first appears in `written` as the product in question, if it does."""
    name = _name_words(name)
    start = written.find(name)
    while start >= 0:
        before, after = written[: start + 1], written[start + len(name) :]
        if not (_DENIED_BEFORE.search(before) or _FINE_AFTER.match(after.strip())):
            return start
        start = written.find(name, start + 1)
    return None


def _only(found: set) -> Optional[str]:
    return found.pop() if len(found) == 1 else None


def _places(catalogue: Catalogue, text: str) -> Dict[str, int]:
    """Where each product's id, name or alias first appears in `text` as whole words."""
    written = _words(text)
    found = {}
    for product in catalogue.products.values():
        places = [
            p for p in (_named_at(written, n) for n in (product.id, product.name, *product.aliases)) if p is not None
        ]
        if places:
            found[product.id] = min(places)
    return found


def find_product(catalogue: Catalogue, text: Optional[str], earliest: bool = False) -> Optional[str]:
    """The id of the product whose id, name or alias appears in `text` as whole words, if exactly one does;
    with `earliest`, the one named first ("era el de las huellas, el de certigestor no")."""
    if not text:
        return None
    found = _places(catalogue, text) or _places(catalogue, _joined(text))
    if earliest and found:
        return min(found, key=lambda product_id: found[product_id])
    return _only(set(found))


def _stemmed(catalogue: Catalogue, text: str) -> Set[str]:
    """The products one of whose word stems begins a word of `text` ("documentos")."""
    words = _words(text).split()
    return {
        product.id
        for product in catalogue.products.values()
        if any(word.startswith(stem) for stem in product.word_stems for word in words)
    }


def named_products(catalogue: Catalogue, text: Optional[str], stems_of: Optional[Set[str]] = None) -> List[str]:
    """Every product `text` names, in the order written; when it names none outright, those of `stems_of`
    (every product by default) one of whose word stems begins a word of it. "¿El soporte biométrico tiene
    el mismo horario que el del gestor?" names both."""
    if not text:
        return []
    found = _places(catalogue, text) or _places(catalogue, _joined(text))
    if found:
        return sorted(found, key=lambda product_id: found[product_id])
    stemmed = _stemmed(catalogue, text)
    return sorted(stemmed if stems_of is None else stemmed & stems_of)


def _joined(text: str) -> str:
    """Each pair of neighbouring words also written as one: dictation splits names ("bio metria")."""
    words = _words(text).split()
    return " ".join(first + second for first, second in zip(words, words[1:]))


def known_product(catalogue: Catalogue, value: Any) -> Optional[str]:
    """A product id from the catalogue, or None. Values arrive as the NLU wrote them ("CertiGestor") or
    as a person typed them in `/intent{...}`, so anything that is not an id is matched against the aliases."""
    if not isinstance(value, str):
        return None
    return value if value in catalogue.products else find_product(catalogue, value)


def mentioned_product(catalogue: Catalogue, text: Optional[str], earliest: bool = False) -> Optional[str]:
    """Like find_product, and failing that the one product a word of `text` begins like ("documentos")."""
    found = find_product(catalogue, text, earliest)
    if found or not text:
        return found
    return _only(_stemmed(catalogue, text))
