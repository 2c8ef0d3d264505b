"""Every answer that hands a person to a contact goes through here, so that the desk can count it."""

from typing import Any, Dict, List, Text

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.handover import handed_over
from bot.names import SLOT_HANDED_OVER
from bot.replies import render
from bot.routing import Decision


def hand_over(dispatcher: CollectingDispatcher, decision: Decision) -> List[Dict[Text, Any]]:
    """Says the decision's contacts and keeps what they were (bot/handover.py) in the conversation."""
    dispatcher.utter_message(text=render(decision))
    return [SlotSet(SLOT_HANDED_OVER, handed_over(decision))]
