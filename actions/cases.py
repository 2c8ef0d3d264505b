"""Handing the case off: the offer, consent, the case form, filing it, and the status lookup.

Thin adapters: what a case is, who it goes to, its e-mails and its response date are in bot/cases.py;
where it is kept is stores/case_store.py.
"""

import re
from dataclasses import replace
from datetime import datetime
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import context
from actions.conversation import Say
from actions.handover import hand_over
from actions.satisfaction import then_ask_satisfaction
from bot import spanish, understanding, words
from bot.cases import REFERENCE, Case, consent_notice, desk_for, long_date, mails, read_contact, recalled, remembered
from bot.clock import to_bogota
from bot.names import FORM_CASE, FORM_CASE_LOOKUP, SLOT_CASE_OFFER
from bot.replies import PQRSA_TYPES
from bot.routing import Request, RequestKind, general_contacts
from bot.spanish import fold
from stores.outbox import SmtpSettings

SLOT_CONSENT, SLOT_CONSENT_AT = "case_consent", "case_consent_at"
SLOT_NAME, SLOT_CONTACT, SLOT_COMPANY = "case_name", "case_contact", "case_company"
SLOT_EMAIL, SLOT_PHONE = "case_email", "case_phone"
SLOT_DETAILS, SLOT_SINCE, SLOT_PQRSA_TYPE = "case_details", "case_since", "case_pqrsa_type"
SLOT_CONFIRMED = "case_confirmed"
SLOT_LOOKUP, SLOT_LOOKUP_CONTACT = "case_lookup", "lookup_contact"
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
# The desk reads the conversation that led to the case: the last texts the live tracker holds, which
# is at least its last 8 turns (stores/recent_turns.py); older ones stay in the conversation store.
TRANSCRIPT_TURNS = 60


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


def _offer(tracker: Tracker) -> Optional[Request]:
    return recalled(tracker.get_slot(SLOT_CASE_OFFER))


def _forget_case() -> List[Dict[Text, Any]]:
    return [SlotSet(slot, None) for slot in CASE_SLOTS]


class ActionAnswerYesOrNo(Action):
    """A yes or a no with no question of a form pending: the answer to the hand-off offer, if one is open."""

    def name(self) -> Text:
        return "action_answer_yes_or_no"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        answer = context.yes_or_no(tracker)
        if _offer(tracker) and answer:
            return [FollowupAction(FORM_CASE)]
        if _offer(tracker) and answer is False:
            dispatcher.utter_message(text=words.say("offer_declined"))
            return _forget_case() + then_ask_satisfaction(tracker, closing_offer=True)
        dispatcher.utter_message(text=words.say("how_else"), buttons=words.menu("product_needs"))
        return []


class ValidateCaseForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_case_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        if tracker.get_slot(SLOT_CONSENT) is not True:
            # Nothing personal is asked before an explicit yes; a no ends the form (action_file_case).
            return [SLOT_CONSENT]
        offer = _offer(tracker)
        fields = [SLOT_NAME, SLOT_CONTACT, SLOT_COMPANY]
        if offer and offer.kind == RequestKind.PQRSA and not offer.pqrsa_type:
            fields.append(SLOT_PQRSA_TYPE)
        fields.append(SLOT_DETAILS)
        if offer and offer.kind == RequestKind.INCIDENT:
            fields.append(SLOT_SINCE)
        return [SLOT_CONSENT, *fields, SLOT_CONFIRMED]

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


class ActionAskLookupContact(Action):
    def name(self) -> Text:
        return "action_ask_lookup_contact"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text=words.say("case_prove_owner", reference=tracker.get_slot(SLOT_LOOKUP)))
        return []


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
        offer = _offer(tracker)
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
        case = _case_from(tracker)
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


def _case_from(tracker: Tracker) -> Case:
    offer = _offer(tracker) or Request(RequestKind.PQRSA)
    if offer.kind == RequestKind.PQRSA and tracker.get_slot(SLOT_PQRSA_TYPE):
        offer = replace(offer, pqrsa_type=tracker.get_slot(SLOT_PQRSA_TYPE))
    consent_at = tracker.get_slot(SLOT_CONSENT_AT)
    return Case(
        request=offer,
        name=tracker.get_slot(SLOT_NAME) or "",
        company=tracker.get_slot(SLOT_COMPANY) or "",
        details=tracker.get_slot(SLOT_DETAILS) or "",
        email=tracker.get_slot(SLOT_EMAIL),
        phone=tracker.get_slot(SLOT_PHONE),
        since=tracker.get_slot(SLOT_SINCE),
        conversation_id=tracker.sender_id,
        channel=(tracker.get_latest_input_channel() or ""),
        consent_at=datetime.fromisoformat(consent_at) if consent_at else None,
        transcript=_transcript(tracker),
    )


def _transcript(tracker: Tracker) -> List[tuple]:
    said = [
        ("user" if e.get("event") == "user" else "bot", e.get("text") or "")
        for e in tracker.events
        if e.get("event") in ("user", "bot") and e.get("text") and not str(e.get("text")).startswith("/")
    ]
    return said[-TRANSCRIPT_TURNS:]


class ActionFileCase(Action):
    """The form is over: file the case and queue its e-mails, or, without consent, keep nothing."""

    def name(self) -> Text:
        return "action_file_case"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        catalogue = context.catalogue()
        if tracker.get_slot(SLOT_CONSENT) is not True:
            dispatcher.utter_message(text=words.say("consent_refused"))
            handed = hand_over(dispatcher, general_contacts(catalogue, context.now()))
            return _forget_case() + handed + then_ask_satisfaction(tracker, closing_offer=True)
        if tracker.get_slot(SLOT_CONFIRMED) is not True:
            dispatcher.utter_message(text=words.say("case_cancelled"))
            return _forget_case()
        case = context.case_store().file(
            _case_from(tracker).filed(catalogue, context.now()), lambda filed: mails(filed, catalogue)
        )
        assert case.desk is not None, "a filed case has its desk"
        if case.request.kind == RequestKind.PQRSA and case.response_due:
            following = words.say("case_next_pqrsa", date=long_date(case.response_due))
        elif case.request.kind == RequestKind.ESCALATION:
            following = words.say("case_next_escalation")
        else:
            following = words.say("case_next_incident")
        dispatcher.utter_message(
            text=words.say("case_filed", reference=case.reference, desk=case.desk.label, next=following)
        )
        return _forget_case() + then_ask_satisfaction(tracker, closing_offer=True)


def _digits(text: Optional[Text]) -> Text:
    return re.sub(r"\D", "", text or "")[-10:]


def _is_owner(record: Dict[str, Any], proof: Text) -> bool:
    email, phone = read_contact(proof)
    return bool(
        (email and record.get("email") and email.lower() == record["email"].lower())
        or (phone and record.get("phone") and _digits(phone) == _digits(record["phone"]))
    )


class ActionCaseStatus(Action):
    """A case's state, only in the conversation that filed it or to whoever proves the contact it was filed with."""

    def name(self) -> Text:
        return "action_case_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        asked = REFERENCE.search(tracker.latest_message.get("text") or "")
        reference = (asked.group(0) if asked else tracker.get_slot(SLOT_LOOKUP) or "").upper()
        # "¿Cómo va mi caso?" in the conversation that filed one: that case.
        reference = reference or context.case_store().latest_reference(tracker.sender_id) or ""
        done = [SlotSet(SLOT_LOOKUP, None), SlotSet(SLOT_LOOKUP_CONTACT, None)]
        if not reference:
            dispatcher.utter_message(text=words.say("case_reference_needed"))
            return done
        record = context.case_store().find(reference)
        if record is None:
            dispatcher.utter_message(text=words.say("case_not_found", reference=reference))
            return done
        proof = tracker.get_slot(SLOT_LOOKUP_CONTACT)
        if record["conversation_id"] != tracker.sender_id:
            if not proof:
                return [SlotSet(SLOT_LOOKUP, reference), FollowupAction(FORM_CASE_LOOKUP)]
            if not _is_owner(record, proof):
                dispatcher.utter_message(text=words.say("case_not_yours", reference=reference))
                return done
        dispatcher.utter_message(text=_status_text(record))
        return done


def _status_text(record: Dict[str, Any]) -> Text:
    mail = context.case_store().desk_mail(record["id"])
    desk = record["desk_label"]
    if mail and mail["state"] == "sent":
        state = words.say(
            "case_state_sent",
            to_desk=spanish.to(desk),
            date=long_date(to_bogota(datetime.fromtimestamp(mail["sent_at"])).date()),
        )
    elif SmtpSettings.from_environment(context.environment()):
        state = words.say("case_state_pending", to_desk=spanish.to(desk))
    else:
        state = words.say("case_state_registered", to_desk=spanish.to(desk))
    filed = long_date(datetime.fromisoformat(record["filed_at"]).date())
    filed_request = Request(
        RequestKind(record["route"]),
        record["product"],
        bool(record["critical"]),
        record["pqrsa_type"],
        record["level"] or 1,
    )
    kind = Case(filed_request, "", "", "").kind()
    text = words.say("case_status", reference=record["reference"], kind=kind, filed=filed, state=state)
    if record.get("response_due"):
        text += " " + words.say("case_due", date=long_date(datetime.fromisoformat(record["response_due"]).date()))
    return text


class ValidateCaseLookupForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_case_lookup_form"

    async def extract_lookup_contact(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != SLOT_LOOKUP_CONTACT:
            return {}
        return {SLOT_LOOKUP_CONTACT: (tracker.latest_message.get("text") or "").strip() or None}
