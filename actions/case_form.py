"""The case form: consent first, then the fields, the summary and its corrections, with a way out after
three answers it cannot take (actions/form_way_out.py).
"""

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import context
from actions.case_filing import case_from
from actions.case_offer import offered
from actions.conversation import Say
from actions.form_way_out import FormWithAWayOut
from actions.handover import hand_over
from bot import spanish, understanding, words
from bot.cases import consent_notice, desk_for, read_contact
from bot.names import (
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
from bot.replies import PQRSA_TYPES
from bot.routing import RequestKind, general_contacts, route
from bot.spanish import fold

# What "corregir …" names, and the slot it asks again.
CORRECTABLE = {
    "nombre": SLOT_NAME,
    "contacto": SLOT_CONTACT,
    "correo": SLOT_CONTACT,
    "telefono": SLOT_CONTACT,
    "entidad": SLOT_COMPANY,
    "empresa": SLOT_COMPANY,
    "detalle": SLOT_DETAILS,
    "hecho": SLOT_DETAILS,
    "que pasa": SLOT_DETAILS,
    "desde": SLOT_SINCE,
    "tipo": SLOT_PQRSA_TYPE,
}


CORRECTION_BUTTONS = [
    ("field_name", "corregir nombre"),
    ("field_email", "corregir contacto"),
    ("field_company", "corregir entidad"),
    ("field_details", "corregir detalles"),
]


MAX_FIELD_CHARS = 2000


class ValidateCaseForm(FormWithAWayOut):
    def name(self) -> Text:
        return "validate_case_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        if tracker.get_slot(SLOT_CONSENT) is not True:
            # Nothing personal is asked before an explicit yes; a no ends the form (action_file_case).
            return [SLOT_CONSENT]
        offer = offered(tracker)
        fields = [SLOT_NAME, SLOT_CONTACT, SLOT_COMPANY]
        if offer and offer.kind == RequestKind.PQRSA and not offer.pqrsa_type:
            fields.append(SLOT_PQRSA_TYPE)
        fields.append(SLOT_DETAILS)
        if offer and offer.kind == RequestKind.INCIDENT:
            fields.append(SLOT_SINCE)
        return [SLOT_CONSENT, *fields, SLOT_CONFIRMED]

    async def give_up(self, dispatcher: CollectingDispatcher, tracker: Tracker, slot: Text) -> List[Dict[Text, Any]]:
        """Three answers the form could not take: the case stops here. Without consent, action_file_case
        gives the contacts as for a refusal; with it, the contacts for the case offered, then the case
        is dropped as when the summary is declined."""
        dispatcher.utter_message(text=words.say("form_given_up"))
        if tracker.get_slot(SLOT_CONSENT) is not True:
            return [SlotSet(SLOT_CONFIRMED, False)]
        offer, catalogue, now = offered(tracker), context.catalogue(), context.now()
        decision = route(catalogue, offer, now) if offer else general_contacts(catalogue, now)
        return hand_over(dispatcher, decision) + [SlotSet(SLOT_CONFIRMED, False)]

    @staticmethod
    def _answering(tracker: Tracker, slot: Text) -> Optional[Text]:
        """The text of the latest message when it answers `slot`'s question; button payloads are not text."""
        if tracker.get_slot("requested_slot") != slot:
            return None
        return (tracker.latest_message.get("text") or "").strip()

    async def extract_case_consent(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if self._answering(tracker, SLOT_CONSENT) is None:
            return {}
        answer = context.yes_or_no(tracker)
        # Not a yes or a no: the question is asked again (an empty answer, never a rejected form).
        return {SLOT_CONSENT: answer, SLOT_CONSENT_AT: context.now().isoformat() if answer else None}

    async def extract_case_name(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self._free_text(tracker, SLOT_NAME)

    async def extract_case_contact(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self._free_text(tracker, SLOT_CONTACT)

    async def extract_case_company(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self._free_text(tracker, SLOT_COMPANY)

    async def extract_case_details(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self._free_text(tracker, SLOT_DETAILS)

    async def extract_case_since(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self._free_text(tracker, SLOT_SINCE)

    def _free_text(self, tracker: Tracker, slot: Text) -> Dict[Text, Any]:
        text = self._answering(tracker, slot)
        return {slot: text[:MAX_FIELD_CHARS]} if text and not text.startswith("/") else {}

    def validate_case_name(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if value is None:
            return {SLOT_NAME: None}  # cleared to be corrected: asked again
        letters = sum(c.isalpha() for c in value or "")
        if letters < 3 or len(value) > 120 or "@" in value:
            dispatcher.utter_message(text=words.say("invalid_case_name"))
            return {SLOT_NAME: None}
        return {SLOT_NAME: value}

    def validate_case_contact(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if value is None:
            return {SLOT_CONTACT: None}  # cleared to be corrected: asked again
        email, phone = read_contact(value or "")
        if not (email or phone):
            dispatcher.utter_message(text=words.say("invalid_case_contact"))
            return {SLOT_CONTACT: None}
        return {SLOT_CONTACT: value, SLOT_EMAIL: email, SLOT_PHONE: phone}

    def validate_case_company(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if value is None:
            return {SLOT_COMPANY: None}  # cleared to be corrected: asked again
        if sum(c.isalpha() for c in value or "") < 2 or len(value) > 200:
            dispatcher.utter_message(text=words.say("invalid_case_company"))
            return {SLOT_COMPANY: None}
        return {SLOT_COMPANY: value}

    def validate_case_details(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if value is None:
            return {SLOT_DETAILS: None}  # cleared to be corrected: asked again
        if len((value or "").split()) < 2:
            dispatcher.utter_message(text=words.say("invalid_case_details"))
            return {SLOT_DETAILS: None}
        return {SLOT_DETAILS: value}

    async def extract_case_pqrsa_type(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = self._answering(tracker, SLOT_PQRSA_TYPE)
        if text is None:
            return {}
        named = understanding.read(text).pqrsa_type or next(
            (key for key, label in PQRSA_TYPES.items() if fold(label) in fold(text) or key in fold(text)), None
        )
        return {SLOT_PQRSA_TYPE: named} if named else {}

    async def extract_case_confirmed(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = self._answering(tracker, SLOT_CONFIRMED)
        if text is None:
            return {}
        folded = fold(text)
        if folded.startswith("corregir") or folded.startswith("cambiar"):
            field = next((slot for word, slot in CORRECTABLE.items() if word in folded), SLOT_DETAILS)
            return {field: None, SLOT_CONFIRMED: None}  # asked again, then the summary again
        return {SLOT_CONFIRMED: context.yes_or_no(tracker)}  # neither: the summary's question again


class ActionAskCaseName(Say):
    SENTENCE = "ask_case_name"

    def name(self) -> Text:
        return "action_ask_case_name"


class ActionAskCaseContact(Say):
    SENTENCE = "ask_case_contact"

    def name(self) -> Text:
        return "action_ask_case_contact"


class ActionAskCaseCompany(Say):
    SENTENCE = "ask_case_company"

    def name(self) -> Text:
        return "action_ask_case_company"


class ActionAskCaseSince(Say):
    SENTENCE = "ask_case_since"

    def name(self) -> Text:
        return "action_ask_case_since"


class ActionAskCaseConsent(Action):
    def name(self) -> Text:
        return "action_ask_case_consent"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        # The whole notice once; asked again after an unclear answer, the question alone.
        notice = consent_notice(context.catalogue())
        again = _last_question(tracker) in (notice, words.say("consent_needed"))
        text = words.say("consent_needed") if again else notice
        dispatcher.utter_message(text=text, buttons=words.menu("case_consent"))
        return []


class ActionAskCaseDetails(Action):
    def name(self) -> Text:
        return "action_ask_case_details"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        offer = offered(tracker)
        if offer and offer.kind == RequestKind.PQRSA:
            kind = PQRSA_TYPES.get(
                tracker.get_slot(SLOT_PQRSA_TYPE) or offer.pqrsa_type or "", words.say("pqrsa_generic")
            )
            dispatcher.utter_message(text=words.say("ask_case_details_pqrsa", kind=kind))
        elif offer and offer.kind == RequestKind.ESCALATION:
            dispatcher.utter_message(text=words.say("ask_case_details_escalation"))
        else:
            dispatcher.utter_message(text=words.say("ask_case_details_incident"))
        return []


class ActionAskCasePqrsaType(Action):
    def name(self) -> Text:
        return "action_ask_case_pqrsa_type"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        buttons = [{"title": label.capitalize(), "payload": label} for label in PQRSA_TYPES.values()]
        dispatcher.utter_message(text=words.say("ask_case_pqrsa_type"), buttons=buttons)
        return []


class ActionAskCaseConfirmed(Action):
    def name(self) -> Text:
        return "action_ask_case_confirmed"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        case = case_from(tracker)
        catalogue = context.catalogue()
        summary_heading = words.say("ask_case_confirmed", summary="", to_desk="").split("\n")[0]
        if _last_question(tracker).startswith((words.say("confirm_or_correct"), summary_heading)):
            # The person answered the summary with neither a yes, a no nor a correction.
            dispatcher.utter_message(text=words.say("confirm_or_correct"), buttons=words.menu("case_confirmation"))
            return []
        corrections = [
            {"title": words.say("correct_field", field=words.say(label).lower()), "payload": payload}
            for label, payload in CORRECTION_BUTTONS
        ]
        dispatcher.utter_message(
            text=words.say(
                "ask_case_confirmed",
                summary=case.summary(catalogue),
                to_desk=spanish.to(desk_for(catalogue, case.request).label),
            ),
            buttons=words.menu("case_confirmation") + corrections,
        )
        return []


def _last_question(tracker: Tracker) -> Text:
    """What the bot said last before the person's latest message."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user = True
        elif seen_user and event.get("event") == "bot":
            return str(event.get("text") or "")
    return ""
