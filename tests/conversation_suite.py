"""The realistic conversation suite (tests/conversations/): loading, checking and playing it.

Each conversation names the contacts it expects by key; the keys are resolved against the catalogue
to the text a person reads, so a changed number needs no edit here (see tests/conversations/README.md).
"""

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

import yaml

from bot import words
from bot.catalogue import Catalogue, ChannelKind
from bot.replies import phone_text

SUITE_DIR = Path(__file__).resolve().parent / "conversations"
CLASSES = (
    "outage",
    "criticality",
    "ladder",
    "waiting",
    "direct_contact",
    "change_of_mind",
    "pqrsa_words",
    "silence",
    "multi_need",
    "in_scope",
    "after_question",
    "human",
    "two_products",
    "after_no",
    "route",
)
# Each yes/no question is told from the others by its own sentence in bot/words.yml.
YES_NO_QUESTIONS = {
    "operation_stopped": "ask_operation_stopped",
    "case_offer": "offer_case",
    "satisfaction": "ask_satisfaction",
}
QUESTIONS = ("product", *YES_NO_QUESTIONS)
PASS_RATE_REQUIRED = 0.98


def contact_texts(catalogue: Catalogue) -> Dict[str, str]:
    """Each contact key of the suite and the text that shows the contact was given."""
    texts: Dict[str, Optional[str]] = {"pqrsa": catalogue.pqrsa.email}
    for product in catalogue.products.values():
        texts[f"{product.id}.telefono"] = phone_text(product.channel(ChannelKind.PHONE))
        texts[f"{product.id}.correo"] = product.channel(ChannelKind.EMAIL).email
        texts["chat"] = product.channel(ChannelKind.CHAT).url
        texts["p1"] = product.channel(ChannelKind.PRIORITY_PHONE).phone
        for level, role in ((2, "supervisor"), (3, "coordinador")):
            contact = product.escalation_contact(level)
            texts[f"{product.id}.nivel{level}"] = phone_text(contact)
            texts[f"{role}.correo"] = contact.email
    missing = [key for key, text in texts.items() if not text]
    assert not missing, f"the catalogue has no text for {missing}"  # "" would be found in any answer
    return {key: str(text) for key, text in texts.items()}


@dataclass
class Turn:
    user: str
    expect: Sequence[str] = ()
    forbid: Sequence[str] = ()
    asks: Optional[str] = None
    in_order: bool = False


@dataclass
class Conversation:
    id: str
    classes: Sequence[str]
    at: str
    turns: List[Turn]
    source: str


class SuiteError(Exception):
    """A conversation file that cannot be played; the message names the file and the conversation."""


def load_suite(catalogue: Catalogue, directory: Path = SUITE_DIR) -> List[Conversation]:
    keys = contact_texts(catalogue)
    conversations, seen = [], set()
    for path in sorted(directory.glob("*.yml")):
        for index, raw in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or []):
            where = f"{path.name}[{index}] ({raw.get('id') if isinstance(raw, dict) else '?'})"
            try:
                conversation = _conversation(raw, path.name, keys)
            except (KeyError, TypeError, ValueError) as error:
                raise SuiteError(f"{where}: {error}") from error
            if conversation.id in seen:
                raise SuiteError(f"{where}: the id is used twice")
            seen.add(conversation.id)
            conversations.append(conversation)
    return conversations


def _conversation(raw: dict, source: str, keys: Dict[str, str]) -> Conversation:
    unknown_classes = set(raw["classes"]) - set(CLASSES)
    if unknown_classes or not raw["classes"]:
        raise ValueError(f"classes must be some of {CLASSES}; got {raw['classes']}")
    datetime.fromisoformat(str(raw["at"]))
    turns = []
    for turn in raw["turns"]:
        expect, forbid = tuple(turn.get("expect") or ()), tuple(turn.get("forbid") or ())
        unknown = [key for key in (*expect, *forbid) if key not in keys]
        if unknown:
            raise ValueError(f"unknown contact keys {unknown}; known: {sorted(keys)}")
        if turn.get("asks") not in (None, *QUESTIONS):
            raise ValueError(f"asks must be one of {QUESTIONS}")
        unknown_fields = set(turn) - {"user", "expect", "forbid", "asks", "in_order"}
        if unknown_fields:
            raise ValueError(f"unknown turn fields {sorted(unknown_fields)}")
        turns.append(Turn(str(turn["user"]), expect, forbid, turn.get("asks"), bool(turn.get("in_order"))))
    if not turns:
        raise ValueError("a conversation needs turns")
    return Conversation(str(raw["id"]), tuple(raw["classes"]), str(raw["at"]), turns, source)


@dataclass
class Outcome:
    conversation: Conversation
    transcript: List[str] = field(default_factory=list)
    problems: List[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def _asked(question: str, reply: str, buttons: List[dict]) -> bool:
    payloads = [str(b.get("payload", "")) for b in buttons]
    if question == "product":
        return any(p.startswith("/inform_product") for p in payloads)
    return "/affirm" in payloads and "/deny" in payloads and words.fixed_part(YES_NO_QUESTIONS[question]) in reply


def _out_of_order(expected: Sequence[str], reply: str, keys: Dict[str, str]) -> bool:
    places = [reply.find(keys[key]) for key in expected]
    return all(place >= 0 for place in places) and places != sorted(places)


def play(conversation: Conversation, send: Callable[[str, str], List[dict]], keys: Dict[str, str]) -> Outcome:
    """Plays one conversation through `send(sender, text)` and checks every turn."""
    outcome = Outcome(conversation)
    sender = f"suite-{conversation.id}-{uuid.uuid4().hex[:8]}"
    for number, turn in enumerate(conversation.turns, 1):
        messages = send(sender, turn.user)
        reply = "\n".join(m.get("text") or "" for m in messages)
        buttons = [b for m in messages for b in m.get("buttons") or []]
        outcome.transcript.append(f"  persona: {turn.user!r}")
        outcome.transcript += [f"  bot:     {line}" for line in reply.splitlines() or ["(nada)"]]
        if buttons:
            outcome.transcript.append(f"  botones: {[b.get('title') for b in buttons]}")
        problems = [f"turn {number}: the bot said nothing"] if not reply.strip() else []
        problems += [f"turn {number}: expected {key} ({keys[key]})" for key in turn.expect if keys[key] not in reply]
        problems += [f"turn {number}: must not give {key} ({keys[key]})" for key in turn.forbid if keys[key] in reply]
        if turn.asks and not _asked(turn.asks, reply, buttons):
            problems.append(f"turn {number}: expected the question about {turn.asks}")
        if turn.in_order and _out_of_order(turn.expect, reply, keys):
            problems.append(f"turn {number}: expected {list(turn.expect)} in this order")
        outcome.problems += problems
    return outcome


def play_all(
    conversations: Sequence[Conversation],
    send: Callable[[str, str], List[dict]],
    set_clock: Callable[[str], None],
    keys: Dict[str, str],
) -> List[Outcome]:
    outcomes = []
    for conversation in sorted(conversations, key=lambda c: c.at):
        set_clock(conversation.at)
        outcomes.append(play(conversation, send, keys))
    return outcomes


def report(outcomes: Sequence[Outcome]) -> str:
    passed = sum(o.passed for o in outcomes)
    lines = [
        f"Conversaciones: {passed}/{len(outcomes)} pasan ({passed / max(len(outcomes), 1):.1%})",
        "",
        "Por clase (pasan/total):",
    ]
    totals: Counter[str] = Counter()
    fine: Counter[str] = Counter()
    for outcome in outcomes:
        for name in outcome.conversation.classes:
            totals[name] += 1
            fine[name] += outcome.passed
    lines += [f"  {name:15} {fine[name]:3}/{totals[name]:3}" for name in CLASSES if totals[name]]
    for outcome in outcomes:
        if not outcome.passed:
            c = outcome.conversation
            lines += ["", f"FALLA {c.id} [{', '.join(c.classes)}] {c.at} ({c.source})"]
            lines += [f"  ! {problem}" for problem in outcome.problems]
            lines += outcome.transcript
    return "\n".join(lines)


def pass_rate(outcomes: Sequence[Outcome]) -> float:
    return sum(o.passed for o in outcomes) / len(outcomes)


def main(argv: Sequence[str] = ()) -> int:
    """Starts the bot as the tests do, plays the suite (or the folders given, such as a new blind
    batch), prints the report; fails below 98 %."""
    import tempfile

    from bot.catalogue import load_catalogue
    from tests.servers import RunningBot

    catalogue = load_catalogue()
    conversations = [c for d in (argv or [str(SUITE_DIR)]) for c in load_suite(catalogue, Path(d))]
    with tempfile.TemporaryDirectory(prefix="certichat-suite-") as workdir:
        bot = RunningBot(Path(workdir), {}).start()
        try:
            outcomes = play_all(conversations, bot.send, bot.set_clock, contact_texts(catalogue))
        finally:
            bot.stop()
    print(report(outcomes))
    return 0 if pass_rate(outcomes) >= PASS_RATE_REQUIRED else 1


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
