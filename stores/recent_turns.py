"""A long conversation's live tracker keeps its recent turns only, so a message costs the same at the
200th turn as at the 10th.

Rasa recomputes the states of a conversation from all its events on every prediction (RulePolicy),
scans them again to check the session, and sends them all to the action server on every call: each
message costs more than the one before. None of it needs the old turns. Rules look back a few states
(the longest rule of the model is checked against the window, tests/unit/stores/test_recent_turns.py); slots and
the active form carry what the conversation has established; the database keeps every event.

So once a tracker holds more than `MAX_TURNS` messages from the person, it is rebuilt as: the slots
as they stood at a turn boundary with no form active (SlotSet events marked as a checkpoint, never
stored), then the events from that boundary on. The rebuilt tracker must have exactly the current
state of the original (slots, latest message and action, active form, followup), or it is not used.
"""

from typing import List, Optional

from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

MAX_TURNS = 16
KEPT_TURNS = 8
CHECKPOINT = "certichat_checkpoint"


class ShortenedTracker(DialogueStateTracker):
    """A tracker that starts at a checkpoint; `stored_events` of its events are already in the store
    (the checkpoint itself never goes there)."""

    stored_events: int = 0


def is_checkpoint(event: Event) -> bool:
    return bool(event.metadata.get(CHECKPOINT))


def shortened(tracker: DialogueStateTracker) -> Optional[ShortenedTracker]:
    """The tracker from its last `KEPT_TURNS` turns or a little more; None while it is short, while a
    form has been active since before that point, or if the result would differ in its current state."""
    events = list(tracker.events)
    turns = [index for index, event in enumerate(events) if isinstance(event, UserUttered)]
    if len(turns) <= MAX_TURNS:
        return None
    latest_start = turns[-KEPT_TURNS] - 1
    replay = tracker.init_copy()
    start, slots_at_start = None, None
    for index, event in enumerate(events[: latest_start + 1]):
        if _turn_boundary(events, index) and replay.active_loop_name is None:
            start, slots_at_start = index, {name: slot.value for name, slot in replay.slots.items()}
        replay.update(event)
    if start is None or start == 0:
        return None
    checkpoint = _checkpoint(tracker, slots_at_start or {}, events[start].timestamp)
    rebuilt = ShortenedTracker(
        tracker.sender_id, [*tracker.slots.values()], tracker._max_event_history, tracker.sender_source
    )
    rebuilt.model_id, rebuilt.assistant_id = tracker.model_id, tracker.assistant_id
    for event in [*checkpoint, *events[start:]]:
        rebuilt.update(event)
    if rebuilt.current_state() != tracker.current_state():
        return None
    rebuilt.stored_events = len(rebuilt.events)
    return rebuilt


def _turn_boundary(events: List[Event], index: int) -> bool:
    """Where the bot starts listening and the person's next message follows."""
    event = events[index]
    return (
        isinstance(event, ActionExecuted)
        and event.action_name == ACTION_LISTEN_NAME
        and index + 1 < len(events)
        and isinstance(events[index + 1], UserUttered)
    )


def _checkpoint(tracker: DialogueStateTracker, values: dict, timestamp: float) -> List[Event]:
    return [
        SlotSet(name, value, timestamp=timestamp, metadata={CHECKPOINT: True})
        for name, value in values.items()
        if value != tracker.slots[name].initial_value
    ]
