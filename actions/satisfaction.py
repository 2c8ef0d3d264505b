"""The satisfaction question, once per conversation, and what follows a "No" (policies/satisfaction.py
decides when these run)."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import context
from actions.conversation import Say
from actions.handover import hand_over
from bot import satisfaction, words
from bot.names import (
    ACTION_ASK_SATISFACTION,
    ACTION_ASK_WHAT_WAS_MISSING,
    ACTION_TAKE_FEEDBACK,
    ACTION_TAKE_SATISFACTION,
    LAST_CRITICAL_INCIDENT,
    SLOT_CASE_OFFER,
    SLOT_LAST_REQUEST,
    SLOT_SATISFACTION,
)
from bot.products import mentioned_product
from bot.routing import contacts_after_not_useful


def then_ask_satisfaction(tracker: Tracker, closing_offer: bool = False) -> List[Dict[Text, Any]]:
    """After a contact was handed over or a case filed: the question, unless it was asked in this
    conversation already or another question is pending (a form, the hand-off offer that the calling
    action is not closing), whose yes or no it would take."""
    offer_open = tracker.get_slot(SLOT_CASE_OFFER) and not closing_offer
    if tracker.get_slot(SLOT_SATISFACTION) or tracker.active_loop.get("name") or offer_open:
        return []
    return [FollowupAction(ACTION_ASK_SATISFACTION)]


class ActionAskSatisfaction(Action):
    def name(self) -> Text:
        return ACTION_ASK_SATISFACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text=words.say("ask_satisfaction"), buttons=words.menu("satisfaction"))
        return [SlotSet(SLOT_SATISFACTION, satisfaction.ASKED)]


class ActionTakeSatisfaction(Action):
    """A yes is thanked; a no gets one support line open now, and the question of what was missing."""

    def name(self) -> Text:
        return ACTION_TAKE_SATISFACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        text = tracker.latest_message.get("text") or ""
        intent = tracker.latest_message.get("intent", {}).get("name")
        useful = satisfaction.answer(text, intent, mentioned_product(context.catalogue(), text) is not None)
        if useful is None:
            return []  # not an answer after all: nothing to keep
        if useful:
            dispatcher.utter_message(text=words.say("satisfaction_thanks"))
            return [SlotSet(SLOT_SATISFACTION, satisfaction.USEFUL)]
        dispatcher.utter_message(text=words.say("satisfaction_sorry"))
        critical = tracker.get_slot(SLOT_LAST_REQUEST) == LAST_CRITICAL_INCIDENT
        decision = contacts_after_not_useful(
            context.catalogue(), context.now(), context.tracker_product(tracker), critical
        )
        return [
            SlotSet(SLOT_SATISFACTION, satisfaction.NOT_USEFUL),
            *hand_over(dispatcher, decision),
            FollowupAction(ACTION_ASK_WHAT_WAS_MISSING),
        ]


class ActionAskWhatWasMissing(Say):
    SENTENCE = "ask_what_was_missing"

    def name(self) -> Text:
        return ACTION_ASK_WHAT_WAS_MISSING


class ActionTakeFeedback(Say):
    """The person's answer stays in the conversation, where the desk report reads it."""

    SENTENCE = "feedback_thanks"

    def name(self) -> Text:
        return ACTION_TAKE_FEEDBACK
