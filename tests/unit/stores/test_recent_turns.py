"""A long conversation's tracker keeps its recent turns (stores/recent_turns.py).

Under test: what the person would notice if shortening were wrong. The conversation goes on from
exactly where it was (slots, active form, latest message), nothing of it is lost from the database,
another process reading it sees the same, and no rule of the trained model reaches further back than
the turns that are kept.
"""

import asyncio
import json
import tarfile
from functools import lru_cache
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from stores import recent_turns
from stores.conversation_store import CachingSQLTrackerStore
from stores.recent_turns import KEPT_TURNS, MAX_TURNS, ShortenedTracker, is_checkpoint, shortened

ROOT = Path(__file__).resolve().parents[3]


@lru_cache(maxsize=1)
def domain() -> Domain:
    return Domain.from_path(str(ROOT / "domain.yml"))


def turn(tracker: DialogueStateTracker, text: str, *events) -> None:
    tracker.update(UserUttered(text, intent={"name": "greet", "confidence": 1.0}))
    for event in events:
        tracker.update(event)
    tracker.update(BotUttered(f"respuesta a {text}"))
    tracker.update(ActionExecuted("action_listen"))


def long_conversation(turns: int, sender_id: str = "larga") -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender_id, domain().slots)
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(ActionExecuted("action_listen"))
    turn(tracker, "la huella no sirve", SlotSet("product", "biometria"), SlotSet("escalation_level", 2.0))
    for index in range(1, turns):
        turn(tracker, f"mensaje {index}")
    return tracker


def user_turns(tracker: DialogueStateTracker) -> int:
    return sum(isinstance(event, UserUttered) for event in tracker.events)


def test_a_short_conversation_is_left_whole():
    assert shortened(long_conversation(MAX_TURNS)) is None


def test_a_long_conversation_keeps_its_recent_turns_and_where_it_stands():
    tracker = long_conversation(MAX_TURNS + 5)
    short = shortened(tracker)
    assert short is not None
    assert KEPT_TURNS <= user_turns(short) <= MAX_TURNS
    assert short.current_state() == tracker.current_state()
    assert short.get_slot("product") == "biometria" and short.get_slot("escalation_level") == 2.0
    checkpoint = [event for event in short.events if is_checkpoint(event)]
    assert {event.key for event in checkpoint} == {"product", "escalation_level"}
    # After the checkpoint come the original events themselves, unchanged.
    tail = list(short.events)[len(checkpoint) :]
    assert tail == list(tracker.events)[-len(tail) :]


def test_a_form_open_since_before_the_kept_turns_is_not_cut():
    tracker = DialogueStateTracker("formulario", domain().slots)
    tracker.update(ActionExecuted("action_listen"))
    turn(tracker, "quiero enviar el caso", ActionExecuted("case_form"), ActiveLoop("case_form"))
    for index in range(MAX_TURNS + 5):
        turn(tracker, f"respuesta {index}")
    assert shortened(tracker) is None
    turn(tracker, "sí, envíelo", ActionExecuted("case_form"), ActiveLoop(None))
    for index in range(KEPT_TURNS):
        turn(tracker, f"después del formulario {index}")
    short = shortened(tracker)
    assert short is not None and short.active_loop_name is None


def test_the_kept_turns_reach_further_back_than_any_rule_of_the_model():
    with tarfile.open(ROOT / "models" / "certichat.tar.gz") as model:
        member = next(m for m in model.getmembers() if m.name.endswith("rule_policy.json"))
        lookup = json.load(model.extractfile(member))["lookup"]
    longest = max(len(json.loads(key)) for rules in lookup.values() if isinstance(rules, dict) for key in rules)
    # Each kept turn adds at least two states (listening, then the answer).
    assert longest < 2 * KEPT_TURNS


def rows(db: Path, sender_id: str) -> list:
    engine = sa.create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as connection:
            return [
                json.loads(data)
                for (data,) in connection.execute(
                    sa.text("SELECT data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender_id}
                )
            ]
    finally:
        engine.dispose()


def test_the_store_keeps_every_event_and_another_process_reads_the_same(tmp_path):
    db = tmp_path / "c.db"
    store = CachingSQLTrackerStore(domain=domain(), dialect="sqlite", db=str(db))
    tracker = long_conversation(MAX_TURNS + 3)
    everything = [event.as_dict() for event in tracker.events]
    asyncio.run(store.save(tracker))

    live = asyncio.run(store.retrieve("larga"))
    assert isinstance(live, ShortenedTracker) and live.current_state() == tracker.current_state()
    turn(live, "y ahora?")
    everything += [event.as_dict() for event in list(live.events)[-3:]]
    asyncio.run(store.save(live))

    stored = rows(db, "larga")
    assert len(stored) == len(everything)
    assert not any(row.get("metadata", {}).get(recent_turns.CHECKPOINT) for row in stored)
    assert [row["event"] for row in stored] == [event["event"] for event in everything]

    other_process = CachingSQLTrackerStore(domain=domain(), dialect="sqlite", db=str(db))
    read = asyncio.run(other_process.retrieve("larga"))
    assert read.current_state() == asyncio.run(store.retrieve("larga")).current_state()
    assert read.get_slot("product") == "biometria"


def test_a_copy_of_a_shortened_tracker_is_refused_rather_than_stored_twice(tmp_path):
    store = CachingSQLTrackerStore(domain=domain(), dialect="sqlite", db=str(tmp_path / "c.db"))
    short = shortened(long_conversation(MAX_TURNS + 3))
    copy = DialogueStateTracker.from_events("larga", list(short.events), domain().slots)
    with pytest.raises(ValueError):
        asyncio.run(store.save(copy))
