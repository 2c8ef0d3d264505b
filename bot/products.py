"""Recognising a product in what a person wrote, from the aliases in the catalogue."""
import re
from typing import Optional

from bot.catalogue import Catalogue
from bot.spanish import fold


def find_product(catalogue: Catalogue, text: Optional[str]) -> Optional[str]:
    """The id of the product whose id, name or alias appears in `text` as whole words, if exactly one does."""
    if not text:
        return None
    written = f" {re.sub(r'[^a-z0-9 ]', ' ', fold(text))} "
    found = set()
    for product in catalogue.products.values():
        names = (product.id, product.name, *product.aliases)
        if any(f" {re.sub(r'[^a-z0-9 ]', ' ', fold(name)).strip()} " in written for name in names):
            found.add(product.id)
    return found.pop() if len(found) == 1 else None
