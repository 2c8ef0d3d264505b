"""CertiChat's conversation store: Rasa's SQL tracker store, with a per-process cache and loud failures.

Loud failures: Rasa wraps every tracker store in FailSafeTrackerStore, which on a database error
starts an empty conversation in memory and tells nobody. Creating this store installs CertiChat's
changes to Rasa (rasa_runtime/patches.py), which leave it unwrapped; a database error becomes
ConversationStoreUnavailable, which the channels' safety net turns into a plain message with the
general contacts.

Cache: loading a conversation meant querying all its events, decoding and replaying them, and
saving it meant counting the stored events first: the largest stage of the server's time under load
(benchmarks/README.md).
The trackers this process saved last are kept. Before one is reused, an indexed query for the
conversation's newest event id checks that no other process (scale-out) has written since; if one
has, or if a tracker was changed without being saved, the conversation is read from the database.

SQLite: write-ahead log with synchronous=NORMAL. A commit no longer waits for the disk twice; a
killed server loses nothing (the operating system still has the log); only a power cut could lose
the last messages.
"""

import itertools
import json
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Dict, Optional, Text

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.exc import SQLAlchemyError

from bot.conversation_ids import for_log
from rasa_runtime import patches
from stores.recent_turns import ShortenedTracker, is_checkpoint, shortened


class ConversationStoreUnavailable(Exception):
    """The conversation database cannot be read or written."""


@dataclass
class _Saved:
    tracker: DialogueStateTracker
    event_count: int
    last_event_id: Optional[int]


def _write_ahead_log(connection: Any, _record: Any) -> None:
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")


class CachingSQLTrackerStore(SQLTrackerStore):
    REPORTS_OUTAGES = True
    engine: sa.engine.Engine  # Rasa's, replaced in __init__ by one with the options below

    def __init__(self, domain: Optional[Domain] = None, cached_conversations: int = 500, **kwargs: Any) -> None:
        patches.install()
        super().__init__(domain=domain, **kwargs)
        self._saved: "OrderedDict[Text, _Saved]" = OrderedDict()
        self._capacity = int(cached_conversations)
        # Conversations found to have no events: their first save writes every event without counting.
        self._new: "OrderedDict[Text, None]" = OrderedDict()
        self._newest_event_id = sa.select(sa.func.max(self.SQLEvent.id)).where(
            self.SQLEvent.sender_id == sa.bindparam("sender_id")
        )
        # A database error must not carry what people wrote into the logs: parameters are hidden.
        url, options = self.engine.url, {"hide_parameters": True, **create_engine_kwargs(self.engine.url)}
        if url.get_backend_name() == "sqlite":
            # Rasa's engine opens the file for every query (NullPool): keep connections open instead.
            options.update(poolclass=sa.pool.QueuePool, connect_args={"check_same_thread": False})
        self.engine.dispose()
        self.engine = sa.create_engine(url, **options)
        if url.get_backend_name() == "sqlite":
            sa.event.listen(self.engine, "connect", _write_ahead_log)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    def _last_event_id(self, sender_id: Text) -> Optional[int]:
        with self.engine.connect() as connection:
            return connection.execute(self._newest_event_id, {"sender_id": sender_id}).scalar()

    def _reusable(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        saved = self._saved.pop(sender_id, None)
        if saved is None or len(saved.tracker.events) != saved.event_count:
            return None
        if self._last_event_id(sender_id) != saved.last_event_id:
            return None
        self._saved[sender_id] = saved
        return saved.tracker

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        try:
            reusable = self._reusable(sender_id)
            if reusable is not None:
                return reusable
            # The newest id first: an event written meanwhile by another process only makes the next
            # message read the conversation again.
            last_event_id = self._last_event_id(sender_id)
            if last_event_id is None:
                self._keep(self._new, sender_id, None)
                return None  # a new conversation: nothing to read
            tracker = await super().retrieve(sender_id)
        except SQLAlchemyError as error:
            raise ConversationStoreUnavailable(f"no se pudo leer la conversación {for_log(sender_id)}") from error
        short = shortened(tracker) if tracker is not None else None
        if short is not None:
            self._remember(short, last_event_id)
            return short
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        previous = self._saved.pop(tracker.sender_id, None)
        try:
            last_event_id = self._insert_new_events(tracker, previous)
        except SQLAlchemyError as error:
            raise ConversationStoreUnavailable(
                f"no se pudo guardar la conversación {for_log(tracker.sender_id)}"
            ) from error
        if isinstance(tracker, ShortenedTracker):
            tracker.stored_events = len(tracker.events)
        self._remember(shortened(tracker) or tracker, last_event_id)

    def _remember(self, tracker: DialogueStateTracker, last_event_id: Optional[int]) -> None:
        self._keep(self._saved, tracker.sender_id, _Saved(tracker, len(tracker.events), last_event_id))

    def _keep(self, kept: "OrderedDict[Text, Any]", sender_id: Text, value: Any) -> None:
        """The newest of a conversation, forgetting the least recently kept beyond the capacity."""
        kept.pop(sender_id, None)
        kept[sender_id] = value
        while len(kept) > self._capacity:
            kept.popitem(last=False)

    def _insert_new_events(self, tracker: DialogueStateTracker, previous: Optional[_Saved]) -> Optional[int]:
        """The rows Rasa's SQLTrackerStore.save writes, in one multi-row insert (the ORM's unit of work
        was half the cost of saving); returns the conversation's newest event id."""
        if isinstance(tracker, ShortenedTracker):
            # The checkpoint and the turns after it are stored already: only what came since.
            events = list(itertools.islice(tracker.events, tracker.stored_events, None))
        elif previous is not None and previous.tracker is tracker and len(tracker.events) >= previous.event_count:
            # Only what this process appended since it saved this very tracker.
            events = list(itertools.islice(tracker.events, previous.event_count, None))
        elif previous is None and self._new.pop(tracker.sender_id, False) is None:
            # Read as new by this process just before; the lock store keeps others from writing it since.
            events = list(tracker.events)
        elif any(is_checkpoint(event) for event in tracker.events):
            raise ValueError("a copy of a shortened conversation cannot say which of its events are new")
        else:
            with self.session_scope() as session:
                events = list(self._additional_events(session, tracker))
        if not events:
            return previous.last_event_id if previous else self._last_event_id(tracker.sender_id)
        with self.engine.begin() as connection:
            connection.execute(self.SQLEvent.__table__.insert(), [self._row(tracker.sender_id, e) for e in events])
            return connection.execute(self._newest_event_id, {"sender_id": tracker.sender_id}).scalar()

    @staticmethod
    def _row(sender_id: Text, event: Event) -> Dict[Text, Any]:
        data = event.as_dict()
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }
