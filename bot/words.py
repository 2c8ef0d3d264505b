"""The words the person reads (bot/words.yml), loaded and checked once.

`say("escalation", level=2, product=…, name=…)` fills a sentence; `menu("main")` gives a set of
buttons. A sentence asked for with other values than its {names}, a menu naming an intent without a
button title, or a missing key is a programming error and fails at once, naming the key.
"""

from functools import lru_cache
from pathlib import Path
from string import Formatter
from typing import Any, Dict, FrozenSet, List

import yaml

WORDS_FILE = Path(__file__).resolve().with_name("words.yml")


class WordsError(Exception):
    """words.yml is incomplete or malformed; the message names the file and the key."""


def placeholders(template: str) -> FrozenSet[str]:
    return frozenset(name for _, name, _, _ in Formatter().parse(template) if name)


@lru_cache(maxsize=1)
def _words() -> Dict[str, Dict[str, Any]]:
    raw = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    sections = ("sentences", "pqrsa_types", "buttons", "menus")
    if not isinstance(raw, dict) or sorted(raw) != sorted(sections):
        raise WordsError(f"{WORDS_FILE}: the file must have exactly {', '.join(sections)}")
    for section in ("sentences", "pqrsa_types", "buttons"):
        for key, text in raw[section].items():
            if section == "buttons" and isinstance(text, dict) and set(text) == {"title", "payload"}:
                text = text["title"]
            if not isinstance(text, str) or not text.strip():
                raise WordsError(f"{WORDS_FILE}: {section}.{key} must be a non-empty text")
    for name, intents in raw["menus"].items():
        unknown = [intent for intent in intents or [] if intent not in raw["buttons"]]
        if not intents or unknown:
            raise WordsError(f"{WORDS_FILE}: menus.{name} needs buttons with a title (unknown: {', '.join(unknown)})")
    return raw


def say(key: str, **values: Any) -> str:
    template = _words()["sentences"].get(key)
    if template is None:
        raise WordsError(f"{WORDS_FILE}: no sentence '{key}'")
    expected = placeholders(template)
    if expected != set(values):
        raise WordsError(f"{WORDS_FILE}: sentences.{key} takes {sorted(expected)}, given {sorted(values)}")
    return template.format(**values)


def fixed_part(key: str) -> str:
    """The longest stretch of a sentence that no {name} changes, to recognise it in a reply."""
    template = _words()["sentences"][key]
    return max((literal for literal, _, _, _ in Formatter().parse(template)), key=len)


def pqrsa_types() -> Dict[str, str]:
    return dict(_words()["pqrsa_types"])


def button(key: str) -> Dict[str, str]:
    """The button of an intent (its title, sending the intent), or a button given its own payload."""
    given = _words()["buttons"][key]
    return dict(given) if isinstance(given, dict) else {"title": given, "payload": f"/{key}"}


def menu(name: str) -> List[Dict[str, str]]:
    return [button(intent) for intent in _words()["menus"][name]]


def menu_intents(name: str) -> List[str]:
    return list(_words()["menus"][name])


_words()  # a broken words.yml stops start-up, not a conversation
