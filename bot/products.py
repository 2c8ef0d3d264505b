"""Recognising a product in what a person wrote, from the aliases and word stems in the catalogue."""

import re
from functools import lru_cache
from typing import Optional

from bot.catalogue import Catalogue
from bot.spanish import fold


def _words(text: str) -> str:
    return f" {re.sub(r'[^a-z0-9 ]', ' ', fold(text)).strip()} "


# The catalogue's names, folded once rather than for every message.
_name_words = lru_cache(maxsize=None)(_words)


# "no es la huella", "ni el gestor" before a name, or "sí funciona bien" after it: not the product at fault.
_DENIED_BEFORE = re.compile(r"(?:^| )(?:no|ni) (?:es |era |fue )?(?:en |con )?(?:el |la |los |las |del |de la )?$")
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


def find_product(catalogue: Catalogue, text: Optional[str], earliest: bool = False) -> Optional[str]:
    """The id of the product whose id, name or alias appears in `text` as whole words, if exactly one does;
    with `earliest`, the one named first ("era el de las huellas, el de certigestor no")."""
    if not text:
        return None
    written = _words(text)
    found = {}
    for product in catalogue.products.values():
        places = [
            p for p in (_named_at(written, n) for n in (product.id, product.name, *product.aliases)) if p is not None
        ]
        if places:
            found[product.id] = min(places)
    if earliest and found:
        return min(found, key=lambda product_id: found[product_id])
    return _only(set(found))


def mentioned_product(catalogue: Catalogue, text: Optional[str], earliest: bool = False) -> Optional[str]:
    """Like find_product, and failing that the one product a word of `text` begins like ("documentos")."""
    found = find_product(catalogue, text, earliest)
    if found or not text:
        return found
    words = _words(text).split()
    return _only(
        {
            product.id
            for product in catalogue.products.values()
            if any(word.startswith(stem) for stem in product.word_stems for word in words)
        }
    )
