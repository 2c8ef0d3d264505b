"""What every action needs from outside the tracker: the catalogue and the time in Bogotá."""

import os
from datetime import datetime
from functools import lru_cache
from typing import Any, Dict, List, Mapping, Optional

from rasa_sdk import Tracker

from bot import products, understanding
from bot.catalogue import Catalogue, load_catalogue_or_exit
from bot.clock import now_in_bogota
from bot.names import (
    CRITICAL_VALUE,
    INTENT_AFFIRM,
    INTENT_DENY,
    NOT_CRITICAL_VALUE,
    OTHER_PRODUCT_VALUE,
    SLOT_CRITICALITY,
    SLOT_PRODUCT,
)
from bot.spanish import fold
from stores.case_store import CaseStore
from stores.database import URL_VARIABLE, default_url


def catalogue() -> Catalogue:
    return load_catalogue_or_exit()


def now() -> datetime:
    return now_in_bogota()


def yes_or_no(tracker: Tracker) -> Optional[bool]:
    """A yes or a no in the person's own words ("sí señor", "nah"), or by the buttons."""
    answer = understanding.read(tracker.latest_message.get("text") or "").answer
    intent = tracker.latest_message.get("intent", {}).get("name")
    if answer is None and intent in (INTENT_AFFIRM, INTENT_DENY):
        answer = intent == INTENT_AFFIRM
    return answer


def known_product(value: Any) -> Optional[str]:
    """A product id from the catalogue, or None (bot/products.py)."""
    return products.known_product(catalogue(), value)


def _is_critical_cue(value: Any) -> bool:
    """A criticality entity counts only once the synonym mapper made it "critico" (data/nlu/synonyms.yml);
    any other value is a word the entity extractor picked up by mistake, such as the "no" of "no pasa"."""
    return isinstance(value, str) and fold(value) == CRITICAL_VALUE


def criticality(tracker: Tracker) -> Optional[bool]:
    """True when a priority-1 cue was said, False when the person said it is not critical, else None."""
    value = tracker.get_slot(SLOT_CRITICALITY)
    if _is_critical_cue(value):
        return True
    return False if isinstance(value, str) and fold(value) == NOT_CRITICAL_VALUE else None


def tracker_product(tracker: Tracker) -> Optional[str]:
    value = tracker.get_slot(SLOT_PRODUCT)
    return other_product(tracker) if value == OTHER_PRODUCT_VALUE else known_product(value)


def product_buttons() -> List[Dict[str, str]]:
    """One button per product in the catalogue."""
    return [
        {"title": product.short_name, "payload": f'/inform_product{{"product":"{product.id}"}}'}
        for product in catalogue().products.values()
    ]


def other_product(tracker: Tracker) -> Optional[str]:
    """ "Era el otro sistema": the one product that is not the one the conversation was about."""
    previous = next(
        (
            known_product(e.get("value"))
            for e in reversed(tracker.events)
            if e.get("event") == "slot" and e.get("name") == SLOT_PRODUCT and known_product(e.get("value"))
        ),
        None,
    )
    others = [p for p in catalogue().products if p != previous]
    return others[0] if previous and len(others) == 1 else None


@lru_cache(maxsize=1)
def case_store() -> CaseStore:
    """Cases live in the conversations' database, which the launcher names for every process."""
    return CaseStore(os.environ.get(URL_VARIABLE) or default_url())


def environment() -> Mapping[str, str]:
    return os.environ


# Catalogue errors must stop the action server at start-up, not reach a customer mid-conversation.
catalogue()
