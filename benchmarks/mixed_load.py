"""The conversations of the load benchmark: the form-heavy ones of benchmarks/mixed_load.yml and the
realistic ones of tests/conversations/, interleaved in a fixed order so that every run, and both
bots of a run, get the same load; or the conversations of another file of the same format, such as
benchmarks/second_load.yml (written from the source documents alone, not from the suite)."""

from pathlib import Path
from typing import List

import yaml

from bot.catalogue import load_catalogue
from tests.conversation_suite import SUITE_DIR, load_suite

HERE = Path(__file__).resolve().parent
FORM_HEAVY = HERE / "mixed_load.yml"
SECOND_LOAD = HERE / "second_load.yml"
# One form-heavy conversation after every two of the suite: about half the messages are forms.
SUITE_PER_FORM_HEAVY = 2


def from_file(path: Path) -> List[List[str]]:
    return [entry["messages"] for entry in yaml.safe_load(path.read_text(encoding="utf-8"))]


def form_heavy() -> List[List[str]]:
    return from_file(FORM_HEAVY)


def repeated(path: Path, count: int) -> List[List[str]]:
    """The first `count` conversations of a file, from its start again when it runs out."""
    every = from_file(path)
    return [every[index % len(every)] for index in range(count)]


def realistic(directory: Path = SUITE_DIR) -> List[List[str]]:
    return [[turn.user for turn in c.turns] for c in load_suite(load_catalogue(), directory)]


def conversations(count: int, directory: Path = SUITE_DIR) -> List[List[str]]:
    """The first `count` conversations of the mix, always the same ones (the realistic ones from
    `directory`: another folder gives another load, to compare with figures measured on it)."""
    heavy, suite = form_heavy(), realistic(directory)
    mixed: List[List[str]] = []
    while len(mixed) < count:
        index = len(mixed) // (SUITE_PER_FORM_HEAVY + 1)
        mixed.append(heavy[index % len(heavy)])
        for offset in range(SUITE_PER_FORM_HEAVY):
            mixed.append(suite[(index * SUITE_PER_FORM_HEAVY + offset) % len(suite)])
    return mixed[:count]
