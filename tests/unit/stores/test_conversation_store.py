"""CachingSQLTrackerStore (stores/conversation_store.py) on a real SQLite file.

Under test: what the per-process cache must never break (a conversation reads back as saved, even
when another process wrote to it since; a save writes each event once; the cache stays bounded) and
the loud failure that replaces Rasa's FailSafeTrackerStore: a database error is raised as
ConversationStoreUnavailable, never answered with an empty conversation.
"""

import asyncio
import shutil
from functools import lru_cache
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from stores.conversation_store import CachingSQLTrackerStore, ConversationStoreUnavailable

DOMAIN_FILE = Path(__file__).resolve().parents[3] / "domain.yml"


@lru_cache(maxsize=1)
def domain() -> Domain:
    return Domain.from_path(str(DOMAIN_FILE)) or Domain.empty()


def store_at(db: Path, **kwargs) -> CachingSQLTrackerStore:
    return CachingSQLTrackerStore(domain=domain(), dialect="sqlite", db=str(db), **kwargs)


def conversation(sender_id: str, text: str = "hola") -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender_id, domain().slots)
    tracker.update(UserUttered(text, intent={"name": "greet", "confidence": 1.0}))
    tracker.update(SlotSet("product", "firma digital"))
    return tracker


def events_of(tracker: DialogueStateTracker) -> list:
    return [event.as_dict() for event in tracker.events]


def stored_rows(db: Path, sender_id: str) -> int:
    engine = sa.create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as connection:
            return connection.execute(
                sa.text("SELECT COUNT(*) FROM events WHERE sender_id = :s"), {"s": sender_id}
            ).scalar()
    finally:
        engine.dispose()


def test_saved_conversation_reads_back_with_the_same_events(tmp_path):
    store = store_at(tmp_path / "c.db")
    tracker = conversation("ana")
    asyncio.run(store.save(tracker))

    for reader in (store, store_at(tmp_path / "c.db")):  # this process's cache, then the database
        retrieved = asyncio.run(reader.retrieve("ana"))
        assert events_of(retrieved) == events_of(tracker)
        assert retrieved.latest_message.text == "hola"
        assert retrieved.get_slot("product") == "firma digital"
    assert asyncio.run(store.retrieve("nadie")) is None


def test_another_process_sees_the_writes_and_the_cache_never_serves_a_stale_conversation(tmp_path):
    first, second = store_at(tmp_path / "c.db"), store_at(tmp_path / "c.db")
    asyncio.run(first.save(conversation("ana")))

    other = asyncio.run(second.retrieve("ana"))
    assert [e.type_name for e in other.events] == ["user", "slot"]
    other.update(SlotSet("product", "factura electrónica"))
    other.update(ActionExecuted("action_listen"))
    asyncio.run(second.save(other))

    fresh = asyncio.run(first.retrieve("ana"))
    assert events_of(fresh) == events_of(other)
    assert fresh.get_slot("product") == "factura electrónica"


def test_saving_again_inserts_only_the_new_events(tmp_path):
    store = store_at(tmp_path / "c.db")
    tracker = conversation("ana")
    asyncio.run(store.save(tracker))
    asyncio.run(store.save(tracker))  # nothing new
    assert stored_rows(tmp_path / "c.db", "ana") == 2

    tracker.update(ActionExecuted("action_listen"))
    asyncio.run(store.save(tracker))
    assert stored_rows(tmp_path / "c.db", "ana") == 3

    # The same conversation read back by another instance (no cache), extended and saved.
    reread = asyncio.run(store_at(tmp_path / "c.db").retrieve("ana"))
    reread.update(UserUttered("gracias", intent={"name": "thank", "confidence": 1.0}))
    asyncio.run(store.save(reread))
    assert stored_rows(tmp_path / "c.db", "ana") == 4
    assert events_of(asyncio.run(store_at(tmp_path / "c.db").retrieve("ana"))) == events_of(reread)


def test_unreachable_database_raises_instead_of_starting_an_empty_conversation(tmp_path):
    folder = tmp_path / "db"
    folder.mkdir()
    cached, uncached = store_at(folder / "c.db"), store_at(folder / "c.db")
    tracker = conversation("ana")
    asyncio.run(cached.save(tracker))

    # The database goes away: open connections are dropped and the file cannot be opened again.
    for store in (cached, uncached):
        store.engine.dispose()
    shutil.rmtree(folder)

    for store in (cached, uncached):
        with pytest.raises(ConversationStoreUnavailable):
            asyncio.run(store.retrieve("ana"))
    tracker.update(ActionExecuted("action_listen"))
    with pytest.raises(ConversationStoreUnavailable):
        asyncio.run(cached.save(tracker))
    with pytest.raises(ConversationStoreUnavailable):
        asyncio.run(uncached.save(conversation("luis")))


def test_cache_holds_at_most_cached_conversations(tmp_path):
    store = store_at(tmp_path / "c.db", cached_conversations=2)
    trackers = {name: conversation(name) for name in ("ana", "luis", "eva")}
    for tracker in trackers.values():
        asyncio.run(store.save(tracker))

    assert len(store._saved) == 2
    # The two saved last are served from the cache (the very same object); the oldest was evicted
    # and is read from the database, with the same events.
    assert asyncio.run(store.retrieve("luis")) is trackers["luis"]
    assert asyncio.run(store.retrieve("eva")) is trackers["eva"]
    evicted = asyncio.run(store.retrieve("ana"))
    assert evicted is not trackers["ana"]
    assert events_of(evicted) == events_of(trackers["ana"])


def test_a_new_conversation_read_then_saved_is_written_once(tmp_path):
    store = store_at(tmp_path / "c.db")
    assert asyncio.run(store.retrieve("nueva")) is None
    tracker = conversation("nueva")
    asyncio.run(store.save(tracker))
    assert stored_rows(tmp_path / "c.db", "nueva") == len(tracker.events)
    tracker.update(UserUttered("gracias", intent={"name": "thank", "confidence": 1.0}))
    asyncio.run(store.save(tracker))
    assert stored_rows(tmp_path / "c.db", "nueva") == len(tracker.events)
    assert events_of(asyncio.run(store_at(tmp_path / "c.db").retrieve("nueva"))) == events_of(tracker)
