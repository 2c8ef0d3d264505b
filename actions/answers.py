"""Actions that answer a request: each builds a routing request from the tracker and sends the reply."""

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import context
from actions.case_offer import offer_hand_off
from actions.handover import hand_over
from actions.satisfaction import then_ask_satisfaction
from bot import needs, understanding, words
from bot.names import (
    CRITICAL_VALUE,
    ENTITY_CHANNEL_KIND,
    ENTITY_CRITICALITY,
    ENTITY_ESCALATION_LEVEL,
    ENTITY_MORE_NEEDS,
    ENTITY_PQRSA_TYPE,
    ENTITY_PRODUCT,
    FORM_INCIDENT,
    INTENT_ASK_HOURS,
    INTENT_ASK_HUMAN,
    INTENT_ESCALATE,
    INTENT_PQRSA,
    INTENT_REPORT_INCIDENT,
    LAST_CRITICAL_INCIDENT,
    LAST_ESCALATION,
    LAST_INCIDENT,
    LAST_INFORMATION,
    LAST_MINOR_INCIDENT,
    LAST_PQRSA,
    SLOT_CRITICALITY,
    SLOT_ESCALATION_LEVEL,
    SLOT_ESCALATION_REQUEST,
    SLOT_LAST_REQUEST,
    SLOT_OPERATION_STOPPED,
    SLOT_PRODUCT,
)
from bot.replies import PQRSA_TYPES
from bot.routing import Request, RequestKind, Topic, criticality_matters, general_contacts, next_escalation_level, route
from bot.spanish import fold
from bot.understanding import CONTACT_PQRSA

_TOPICS = {topic.value: topic for topic in Topic}


def _latest_entity(tracker: Tracker, entity: Text) -> Optional[Text]:
    """The entity's value in the latest message, folded: synonyms keep a canonical value's own casing."""
    value = next(tracker.get_latest_entity_values(entity), None)
    return fold(str(value)) if value is not None else None


def _pqrsa_type(tracker: Tracker) -> Optional[Text]:
    value = _latest_entity(tracker, ENTITY_PQRSA_TYPE)
    return value if value in PQRSA_TYPES else None


def _answer(dispatcher: CollectingDispatcher, request: Request) -> List[Dict[Text, Any]]:
    return hand_over(dispatcher, route(context.catalogue(), request, context.now()))


def _request_for(need: needs.Need, tracker: Tracker) -> Request:
    """The request one of a message's other needs makes; the conversation's product where it names none."""
    product = context.known_product(need.product) or context.tracker_product(tracker)
    if need.intent == INTENT_REPORT_INCIDENT:
        return Request(RequestKind.INCIDENT, product, critical=need.detail(ENTITY_CRITICALITY) == CRITICAL_VALUE)
    if need.intent == INTENT_PQRSA or need.contact == CONTACT_PQRSA:
        # "¿Hasta qué hora reciben quejas?" is about the PQRSA desk, as in ActionAnswerInformation.
        kind = need.detail(ENTITY_PQRSA_TYPE)
        return Request(RequestKind.PQRSA, product, pqrsa_type=kind if kind in PQRSA_TYPES else None)
    if need.intent == INTENT_ESCALATE and product:
        return _escalation(product, tracker, need.detail(ENTITY_ESCALATION_LEVEL))
    return Request(RequestKind.INFORMATION, product, topic=_topic(need.intent, need.detail(ENTITY_CHANNEL_KIND)))


def _escalation(product: Text, tracker: Tracker, requested: Optional[Text]) -> Request:
    """Up one level from the one given in this conversation, or to the level asked for."""
    current = tracker.get_slot(SLOT_ESCALATION_LEVEL)
    level = next_escalation_level(context.catalogue().product(product), int(current) if current else None, requested)
    return Request(RequestKind.ESCALATION, product, escalation_level=level)


def _topic(intent: Optional[Text], channel_kind: Optional[Text]) -> Topic:
    """What an information request asks for: the contact it names, else hours, a person or every channel."""
    asked = Topic.PERSON if intent == INTENT_ASK_HUMAN else Topic.HOURS if intent == INTENT_ASK_HOURS else Topic.ALL
    return _TOPICS.get(channel_kind or "", asked)


def answer_more_needs(
    dispatcher: CollectingDispatcher, tracker: Tracker, first: Optional[Request] = None
) -> List[Dict[Text, Any]]:
    """The other needs of the person's latest message, each with its own contact, after the answer to the
    first (or before the question the first needs): "también quiero radicar una petición". They are
    answered in the turn of the message that said them, or never: an hour later they would surprise."""
    events: List[Dict[Text, Any]] = []
    answered = [first] if first else []
    for need in needs.decode(_latest_entity(tracker, ENTITY_MORE_NEEDS)):
        request = _request_for(need, tracker)
        if request in answered:
            continue
        answered.append(request)
        if request.kind in (RequestKind.INCIDENT, RequestKind.ESCALATION) and request.product is None:
            events += hand_over(dispatcher, general_contacts(context.catalogue(), context.now(), request))
        else:
            events += _answer(dispatcher, request)
    return events


_INCIDENT_BY_CRITICALITY = {None: LAST_INCIDENT, True: LAST_CRITICAL_INCIDENT, False: LAST_MINOR_INCIDENT}


class ActionAnswerIncident(Action):
    def name(self) -> Text:
        return "action_answer_incident"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        # The answer to the question, when it was asked, over what the messages said.
        stopped = tracker.get_slot(SLOT_OPERATION_STOPPED)
        critical = stopped if stopped is not None else context.criticality(tracker)
        product = context.tracker_product(tracker)
        request = Request(RequestKind.INCIDENT, product, critical=bool(critical))
        handed = _answer(dispatcher, request) + answer_more_needs(dispatcher, tracker, request)
        # The phone first, even for a critical incident; then the written case is offered.
        offer = offer_hand_off(dispatcher, tracker, request)
        # The next incident is assessed afresh; the product and what was said of this one are remembered,
        # so that a corrected product gets the same answer for the other product.
        return (
            handed
            + offer
            + [
                SlotSet(SLOT_PRODUCT, product),
                SlotSet(SLOT_CRITICALITY, None),
                SlotSet(SLOT_OPERATION_STOPPED, None),
                SlotSet(SLOT_LAST_REQUEST, _INCIDENT_BY_CRITICALITY[critical]),
            ]
        )


class ActionAnswerPqrsa(Action):
    def name(self) -> Text:
        return "action_answer_pqrsa"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        request = Request(RequestKind.PQRSA, context.tracker_product(tracker), pqrsa_type=_pqrsa_type(tracker))
        handed = _answer(dispatcher, request) + answer_more_needs(dispatcher, tracker, request)
        return [*handed, SlotSet(SLOT_LAST_REQUEST, LAST_PQRSA), *offer_hand_off(dispatcher, tracker, request)]


class ActionAnswerEscalation(Action):
    """Moves the remembered product up one level, or to the level the person named."""

    def name(self) -> Text:
        return "action_answer_escalation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        product = context.tracker_product(tracker)
        assert product is not None, "the escalation form asks for the product before this action"
        request = _escalation(product, tracker, tracker.get_slot(SLOT_ESCALATION_REQUEST))
        level = request.escalation_level
        handed = _answer(dispatcher, request) + answer_more_needs(dispatcher, tracker, request)
        return (
            handed
            + offer_hand_off(dispatcher, tracker, request)
            + [
                SlotSet(SLOT_PRODUCT, product),
                SlotSet(SLOT_ESCALATION_LEVEL, float(level)),
                SlotSet(SLOT_ESCALATION_REQUEST, None),
                SlotSet(SLOT_LAST_REQUEST, LAST_ESCALATION),
            ]
        )


class ActionAnswerInformation(Action):
    """Hours, phone, e-mail or chat of the product in the conversation, or of both when none is known."""

    def name(self) -> Text:
        return "action_answer_information"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        product = context.tracker_product(tracker)
        about_pqrsa_desk = tracker.get_slot(SLOT_LAST_REQUEST) == LAST_PQRSA and not _latest_entity(
            tracker, ENTITY_PRODUCT
        )
        if _latest_entity(tracker, ENTITY_PQRSA_TYPE) or about_pqrsa_desk:
            # "¿Cuál es el horario para poner una queja?", or "¿y esa oficina hasta qué hora atiende?" right
            # after the PQRSA desk was given, is about the PQRSA desk.
            request = Request(RequestKind.PQRSA, product, pqrsa_type=_pqrsa_type(tracker))
            handed = _answer(dispatcher, request) + answer_more_needs(dispatcher, tracker, request)
            return [*handed, SlotSet(SLOT_LAST_REQUEST, LAST_PQRSA), *then_ask_satisfaction(tracker)]
        intent = tracker.latest_message.get("intent", {}).get("name")
        topic = _topic(intent, _latest_entity(tracker, ENTITY_CHANNEL_KIND))
        request = Request(RequestKind.INFORMATION, product, topic=topic)
        handed = _answer(dispatcher, request) + answer_more_needs(dispatcher, tracker, request)
        return [
            *handed,
            SlotSet(SLOT_PRODUCT, product),
            SlotSet(SLOT_LAST_REQUEST, LAST_INFORMATION + topic.value),
            *then_ask_satisfaction(tracker),
        ]


def _request_again(last: Text, product: Text, tracker: Tracker) -> Optional[Request]:
    """The last request answered, asked again for another product."""
    if last in (LAST_INCIDENT, LAST_CRITICAL_INCIDENT, LAST_MINOR_INCIDENT):
        # What the correction itself says of the operation ("es el gestor, y es urgente") counts first.
        said = context.criticality(tracker)
        return Request(
            RequestKind.INCIDENT, product, critical=said if said is not None else last == LAST_CRITICAL_INCIDENT
        )
    if last == LAST_ESCALATION:
        level = tracker.get_slot(SLOT_ESCALATION_LEVEL)
        return Request(RequestKind.ESCALATION, product, escalation_level=int(level or 2))
    if last.startswith(LAST_INFORMATION):
        return Request(RequestKind.INFORMATION, product, topic=_TOPICS.get(last[len(LAST_INFORMATION) :], Topic.ALL))
    return None


class ActionAcknowledgeProduct(Action):
    """The person named a product without saying what they need, or corrected the product: then the
    last request is answered again for the new product."""

    def name(self) -> Text:
        return "action_acknowledge_product"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        product = context.tracker_product(tracker)
        if product is None:
            dispatcher.utter_message(text=words.say("ask_product"), buttons=context.product_buttons())
            return []
        events: List[Dict[Text, Any]] = [SlotSet(SLOT_PRODUCT, product)]
        last = tracker.get_slot(SLOT_LAST_REQUEST) or ""
        unsaid = last == LAST_INCIDENT and context.criticality(tracker) is None
        if unsaid and criticality_matters(context.catalogue().product(product), context.now()):
            # Nobody said whether it is critical, and for this product it now matters: ask.
            return events + [FollowupAction(FORM_INCIDENT)]
        again = _request_again(last, product, tracker)
        if again is not None:
            return events + _answer(dispatcher, again) + then_ask_satisfaction(tracker)
        if understanding.read(tracker.latest_message.get("text") or "").outage:
            # "Ah no, perdón: es el gestor el que está caído", with nothing answered before.
            return events + [FollowupAction(FORM_INCIDENT)]
        else:
            name = context.catalogue().product(product).short_name
            dispatcher.utter_message(
                text=words.say("what_for_product", product=name), buttons=words.menu("product_needs")
            )
        return events


MAX_OPTIONS = 3


class ActionOfferOptions(Action):
    """Low confidence: offer the likely options, and always the general contacts as a way out."""

    def name(self) -> Text:
        return "action_offer_options"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        options = words.menu_intents("not_sure")
        ranking = [i.get("name") for i in tracker.latest_message.get("intent_ranking", [])]
        likely = [name for name in ranking if name in options][:MAX_OPTIONS]
        likely += [name for name in options if name not in likely][: MAX_OPTIONS - len(likely)]
        dispatcher.utter_message(text=words.say("not_sure"), buttons=[words.button(name) for name in likely])
        return hand_over(dispatcher, general_contacts(context.catalogue(), context.now()))
