"""A form that does not ask the same question forever.

Rasa asks a form's question again after every answer it cannot take. Someone who cannot give a valid
e-mail, or whose answers the bot keeps misreading, would be asked again and again with no way out.
Here, as financial-demo's form-validation base class does, the answers to one question are counted:
after MAX_FAILED_ANSWERS in a row that the form could not take, the form stops and the subclass's
`give_up` says what to do instead (the contacts to write to directly).
"""

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

REQUESTED_SLOT = "requested_slot"
MAX_FAILED_ANSWERS = 3


def answers_to(events: List[Dict[Text, Any]], slot: Text) -> int:
    """How many messages the person has sent since the form started asking `slot` this time."""
    start = 0
    for index, event in enumerate(events):
        if _requested(event) not in (None, slot):
            start = index + 1  # another question was asked: count from after it
    asked = next((i for i in range(start, len(events)) if _requested(events[i]) == slot), None)
    if asked is None:
        return 0
    return sum(1 for event in events[asked:] if event.get("event") == "user")


def _requested(event: Dict[Text, Any]) -> Optional[Text]:
    """The slot a `requested_slot` event asks for ("" for a form done), None for any other event."""
    if event.get("event") == "slot" and event.get("name") == REQUESTED_SLOT:
        return event.get("value") or ""
    return None


class FormWithAWayOut(FormValidationAction, ABC):
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        asked, said_before = tracker.get_slot(REQUESTED_SLOT), len(dispatcher.messages)
        events = await super().run(dispatcher, tracker, domain)
        # Not taken: the slot is still empty and no other question comes next (a correction from the summary
        # empties a field too, but asks that field). The SDK leaves requested_slot to Rasa when a form asks
        # only its domain's slots, hence the default.
        asked_next = next((e["value"] for e in reversed(events) if _requested(e) is not None), asked)
        taken = tracker.slots.get(asked) is not None or asked_next != asked
        if not asked or taken or answers_to(tracker.events, asked) < MAX_FAILED_ANSWERS:
            return events
        del dispatcher.messages[said_before:]  # "write it again, please" is not said: the form stops
        kept = [event for event in events if _requested(event) is None]
        return kept + await self.give_up(dispatcher, tracker, asked) + [SlotSet(REQUESTED_SLOT, None)]

    @abstractmethod
    async def give_up(self, dispatcher: CollectingDispatcher, tracker: Tracker, slot: Text) -> List[Dict[Text, Any]]:
        """What the person is told and what is set when the form stops at `slot`."""
