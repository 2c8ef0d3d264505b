"""The offer to send the case to its desk for the person, and the yes or no that answers it.

Thin adapters: what a case is, who it goes to, its e-mails and its response date are in bot/cases.py.
"""

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import context
from actions.satisfaction import then_ask_satisfaction
from bot import spanish, words
from bot.cases import desk_for, recalled, remembered
from bot.names import (
    FORM_CASE,
    SLOT_CASE_OFFER,
    SLOT_COMPANY,
    SLOT_CONFIRMED,
    SLOT_CONSENT,
    SLOT_CONSENT_AT,
    SLOT_CONTACT,
    SLOT_DETAILS,
    SLOT_EMAIL,
    SLOT_NAME,
    SLOT_PHONE,
    SLOT_PQRSA_TYPE,
    SLOT_SINCE,
)
from bot.routing import Request

CASE_SLOTS = [
    SLOT_CASE_OFFER,
    SLOT_CONSENT,
    SLOT_CONSENT_AT,
    SLOT_NAME,
    SLOT_CONTACT,
    SLOT_EMAIL,
    SLOT_PHONE,
    SLOT_COMPANY,
    SLOT_DETAILS,
    SLOT_SINCE,
    SLOT_PQRSA_TYPE,
    SLOT_CONFIRMED,
]


def offer_hand_off(dispatcher: CollectingDispatcher, tracker: Tracker, request: Request) -> List[Dict[Text, Any]]:
    """After the contacts, the offer to send the case; the request is remembered until the person
    answers. Not inside another form: its question would take the yes or the no."""
    if tracker.active_loop.get("name"):
        return []
    desk = desk_for(context.catalogue(), request)
    dispatcher.utter_message(
        text=words.say("offer_case", to_desk=spanish.to(desk.label)), buttons=words.menu("case_offer")
    )
    return [SlotSet(SLOT_CASE_OFFER, remembered(request))]


def offered(tracker: Tracker) -> Optional[Request]:
    return recalled(tracker.get_slot(SLOT_CASE_OFFER))


def forget_case() -> List[Dict[Text, Any]]:
    return [SlotSet(slot, None) for slot in CASE_SLOTS]


class ActionAnswerYesOrNo(Action):
    """A yes or a no with no question of a form pending: the answer to the hand-off offer, if one is open."""

    def name(self) -> Text:
        return "action_answer_yes_or_no"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        answer = context.yes_or_no(tracker)
        if offered(tracker) and answer:
            return [FollowupAction(FORM_CASE)]
        if offered(tracker) and answer is False:
            dispatcher.utter_message(text=words.say("offer_declined"))
            return forget_case() + then_ask_satisfaction(tracker, closing_offer=True)
        dispatcher.utter_message(text=words.say("how_else"), buttons=words.menu("product_needs"))
        return []
