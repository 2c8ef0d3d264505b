"""bot/words.yml is the one home of the words a person reads: every sentence the code asks for is
there with the right {names}, none is left unused, and no reply text hides in Python or domain.yml."""

import re
from pathlib import Path

import pytest
import yaml

from bot import words

ROOT = Path(__file__).resolve().parents[3]
CODE = [p for d in ("bot", "actions", "channels", "nlu_components") for p in (ROOT / d).glob("*.py")]
WORDS = yaml.safe_load(words.WORDS_FILE.read_text(encoding="utf-8"))
# say("key", ...) and the tables of keys in bot/replies.py ("topic_hours", …).
USED = {key for path in CODE for key in re.findall(r'"([a-z_0-9]+)"', path.read_text(encoding="utf-8"))}


def test_every_sentence_is_used_by_the_code():
    assert sorted(set(WORDS["sentences"]) - USED) == []


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_sentence_the_code_asks_for_by_name_exists(path):
    """(The {names} are checked on every call: see the last test.)"""
    for key in re.findall(r'say\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8")):
        assert key in WORDS["sentences"], f"{path.name}: no sentence '{key}' in words.yml"


def test_the_domain_holds_no_sentence():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert "responses" not in domain


def test_each_intent_has_one_button_title_in_every_menu():
    for menu in WORDS["menus"]:
        buttons = words.menu(menu)
        for key, button in zip(WORDS["menus"][menu], buttons):
            given = WORDS["buttons"][key]
            assert button == (given if isinstance(given, dict) else {"title": given, "payload": f"/{key}"})


def test_a_sentence_asked_with_the_wrong_names_fails_at_once():
    with pytest.raises(words.WordsError, match="escalation takes"):
        words.say("escalation", level=2)
    with pytest.raises(words.WordsError, match="no sentence 'saludo'"):
        words.say("saludo")
