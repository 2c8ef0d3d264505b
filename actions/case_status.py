"""A case's state: told in the conversation that filed it, or to whoever proves the contact it was
filed with (the lookup form asks for it).
"""

import re
from datetime import datetime
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import context
from bot import spanish, words
from bot.cases import REFERENCE, Case, long_date, read_contact, request_of
from bot.clock import to_bogota
from bot.names import (
    FORM_CASE_LOOKUP,
    SLOT_LOOKUP,
    SLOT_LOOKUP_CONTACT,
)
from stores.outbox import SmtpSettings


class ActionAskLookupContact(Action):
    def name(self) -> Text:
        return "action_ask_lookup_contact"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text=words.say("case_prove_owner", reference=tracker.get_slot(SLOT_LOOKUP)))
        return []


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
    kind = Case(request_of(record), "", "", "").kind()
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
