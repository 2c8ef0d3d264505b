"""Form validation: which product, and — when it changes the answer — whether operation is stopped."""

from abc import abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import context
from actions.answers import answer_more_needs
from bot import spanish, words
from bot.names import (
    FORM_ESCALATION,
    FORM_INCIDENT,
    SLOT_CRITICALITY,
    SLOT_OPERATION_STOPPED,
    SLOT_PRODUCT,
)
from bot.products import find_product
from bot.routing import criticality_matters, support_status


class ValidateProductForm(FormValidationAction):
    """Base for every form that needs the product: accepts catalogue ids and any alias typed as text."""

    @abstractmethod
    def name(self) -> Text:
        """Abstract, so that the action server does not register the base class itself."""

    async def extract_product(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        # Fallback when NLU found no product entity but an alias is plainly written.
        if context.tracker_product(tracker) or tracker.get_slot("requested_slot") != SLOT_PRODUCT:
            return {}
        found = find_product(context.catalogue(), tracker.latest_message.get("text"))
        return {SLOT_PRODUCT: found} if found else {}

    def validate_product(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        product = context.known_product(value)
        if product is None:
            dispatcher.utter_message(text=words.say("unknown_product"), buttons=context.product_buttons())
        return {SLOT_PRODUCT: product}


class ValidateIncidentForm(ValidateProductForm):
    def name(self) -> Text:
        return f"validate_{FORM_INCIDENT}"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        product = context.tracker_product(tracker)
        # Once asked, the question stays until answered: the answer itself may carry a cue
        # ("sí, todo parado") that would otherwise make it look unneeded, and the form would reject it.
        asked = tracker.get_slot("requested_slot") == SLOT_OPERATION_STOPPED
        if (
            product
            and (asked or context.criticality(tracker) is None)
            and criticality_matters(context.catalogue().product(product), context.now())
        ):
            return domain_slots + [SLOT_OPERATION_STOPPED]
        return domain_slots

    async def extract_operation_stopped(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != SLOT_OPERATION_STOPPED:
            return {}
        # An answer in the person's own words ("sí señor, estamos todos quietos", "nah, es un solo equipo")
        # counts as much as the buttons.
        answer = context.yes_or_no(tracker)
        if answer is None:
            answer = context.criticality(tracker)
        if answer is None:
            return {}
        # "No, no es urgente": the cue word must not make it critical.
        return (
            {SLOT_OPERATION_STOPPED: answer, SLOT_CRITICALITY: None} if not answer else {SLOT_OPERATION_STOPPED: True}
        )


class ValidateEscalationForm(ValidateProductForm):
    def name(self) -> Text:
        return f"validate_{FORM_ESCALATION}"


class ActionAskProduct(Action):
    """Asks for the product with one button per product in the catalogue."""

    def name(self) -> Text:
        return "action_ask_product"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        # The message's other needs need no product: they are answered before the question.
        answered = answer_more_needs(dispatcher, tracker)
        dispatcher.utter_message(text=words.say("ask_product"), buttons=context.product_buttons())
        return answered


class ActionAskOperationStopped(Action):
    """Asked only while the product's support is closed: then priority 1 changes where to call."""

    def name(self) -> Text:
        return "action_ask_operation_stopped"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        named = context.tracker_product(tracker)
        assert named is not None, "the incident form asks for the product before whether the operation stopped"
        product = context.catalogue().product(named)
        now = context.now()
        state = spanish.sentence(spanish.status(support_status(product, now), now))
        answered = answer_more_needs(dispatcher, tracker)
        dispatcher.utter_message(
            text=words.say("ask_operation_stopped", product=product.short_name, state=state),
            buttons=words.menu("operation_stopped"),
        )
        return answered
