"""Actions that answer a request: each builds a routing request from the tracker and sends the reply."""
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import context, messages
from actions.constants import (ENTITY_CHANNEL_KIND, ENTITY_PQRSA_TYPE, INTENT_ASK_HOURS, SLOT_CRITICALITY,
                               SLOT_ESCALATION_LEVEL, SLOT_ESCALATION_REQUEST, SLOT_OPERATION_STOPPED)
from bot.spanish import fold
from bot.replies import PQRSA_TYPES, render
from bot.routing import Request, RequestKind, Topic, general_contacts, next_escalation_level, route

_TOPICS = {"telefono": Topic.PHONE, "correo": Topic.EMAIL, "chat": Topic.CHAT, "horario": Topic.HOURS}


def _latest_entity(tracker: Tracker, entity: Text) -> Optional[Text]:
    """The entity's value in the latest message, folded: synonyms keep a canonical value's own casing."""
    value = next(tracker.get_latest_entity_values(entity), None)
    return fold(str(value)) if value is not None else None


def _pqrsa_type(tracker: Tracker) -> Optional[Text]:
    value = _latest_entity(tracker, ENTITY_PQRSA_TYPE)
    return value if value in PQRSA_TYPES else None


def _answer(dispatcher: CollectingDispatcher, request: Request) -> None:
    dispatcher.utter_message(text=render(route(context.catalogue(), request, context.now())))


class ActionAnswerIncident(Action):
    def name(self) -> Text:
        return "action_answer_incident"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        critical = context.is_critical_cue(tracker.get_slot(SLOT_CRITICALITY)) or \
            tracker.get_slot(SLOT_OPERATION_STOPPED) is True
        _answer(dispatcher, Request(RequestKind.INCIDENT, context.tracker_product(tracker), critical=critical))
        # The next incident is assessed afresh; the product is remembered.
        return [SlotSet(SLOT_CRITICALITY, None), SlotSet(SLOT_OPERATION_STOPPED, None)]


class ActionAnswerPqrsa(Action):
    def name(self) -> Text:
        return "action_answer_pqrsa"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        _answer(dispatcher, Request(RequestKind.PQRSA, context.tracker_product(tracker), pqrsa_type=_pqrsa_type(tracker)))
        return []


class ActionAnswerEscalation(Action):
    """Moves the remembered product up one level, or to the level the person named."""

    def name(self) -> Text:
        return "action_answer_escalation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        current = tracker.get_slot(SLOT_ESCALATION_LEVEL)
        level = next_escalation_level(int(current) if current else None, tracker.get_slot(SLOT_ESCALATION_REQUEST))
        product = context.tracker_product(tracker)
        _answer(dispatcher, Request(RequestKind.ESCALATION, product, escalation_level=level))
        return [SlotSet(SLOT_ESCALATION_LEVEL, float(level)), SlotSet(SLOT_ESCALATION_REQUEST, None)]


class ActionAnswerInformation(Action):
    """Hours, phone, e-mail or chat of the product in the conversation, or of both when none is known."""

    def name(self) -> Text:
        return "action_answer_information"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        product = context.tracker_product(tracker)
        if _latest_entity(tracker, ENTITY_PQRSA_TYPE):
            # "¿Cuál es el horario para poner una queja?" is about the PQRSA desk.
            _answer(dispatcher, Request(RequestKind.PQRSA, product, pqrsa_type=_pqrsa_type(tracker)))
            return []
        intent = tracker.latest_message.get("intent", {}).get("name")
        topic = Topic.HOURS if intent == INTENT_ASK_HOURS else Topic.ALL
        topic = _TOPICS.get(_latest_entity(tracker, ENTITY_CHANNEL_KIND), topic)
        _answer(dispatcher, Request(RequestKind.INFORMATION, product, topic=topic))
        return []


class ActionAcknowledgeProduct(Action):
    """The person named a product without saying what they need."""

    def name(self) -> Text:
        return "action_acknowledge_product"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        product = context.tracker_product(tracker)
        if product is None:
            dispatcher.utter_message(text=messages.ASK_PRODUCT, buttons=messages.product_buttons())
            return []
        name = context.catalogue().product(product).short_name
        dispatcher.utter_message(text=messages.WHAT_FOR_PRODUCT.format(product=name), buttons=messages.PRODUCT_NEEDS_BUTTONS)
        return []


# What each intent offers as a button when the bot is unsure what the person meant.
OPTION_TITLES = {
    "report_incident": "Reportar una falla",
    "pqrsa": "Radicar una PQRSA",
    "escalate": "Escalar mi caso",
    "ask_hours": "Horarios de atención",
    "ask_contact": "Teléfonos y correos",
}
MAX_OPTIONS = 3


class ActionOfferOptions(Action):
    """Low confidence: offer the likely options, and always the general contacts as a way out."""

    def name(self) -> Text:
        return "action_offer_options"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        ranking = [i.get("name") for i in tracker.latest_message.get("intent_ranking", [])]
        likely = [name for name in ranking if name in OPTION_TITLES][:MAX_OPTIONS]
        likely += [name for name in OPTION_TITLES if name not in likely][:MAX_OPTIONS - len(likely)]
        buttons = [messages.button(OPTION_TITLES[name], name) for name in likely]
        dispatcher.utter_message(text=messages.NOT_SURE, buttons=buttons)
        dispatcher.utter_message(text=render(general_contacts(context.catalogue(), context.now())))
        return []
