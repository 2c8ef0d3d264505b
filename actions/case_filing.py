"""Filing the case when the form is over: stored with its e-mails queued, or, without consent or
confirmation, nothing kept.
"""

from dataclasses import replace
from datetime import datetime
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import context
from actions.case_offer import forget_case, offered
from actions.handover import hand_over
from actions.satisfaction import then_ask_satisfaction
from bot import words
from bot.cases import Case, long_date, mails
from bot.names import (
    SLOT_COMPANY,
    SLOT_CONFIRMED,
    SLOT_CONSENT,
    SLOT_CONSENT_AT,
    SLOT_DETAILS,
    SLOT_EMAIL,
    SLOT_NAME,
    SLOT_PHONE,
    SLOT_PQRSA_TYPE,
    SLOT_SINCE,
)
from bot.routing import Request, RequestKind, general_contacts

# The desk reads the conversation that led to the case: the last texts the live tracker holds, which
# is at least its last 8 turns (stores/recent_turns.py); older ones stay in the conversation store.
TRANSCRIPT_TURNS = 60


def case_from(tracker: Tracker) -> Case:
    offer = offered(tracker) or Request(RequestKind.PQRSA)
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
            return forget_case() + handed + then_ask_satisfaction(tracker, closing_offer=True)
        if tracker.get_slot(SLOT_CONFIRMED) is not True:
            dispatcher.utter_message(text=words.say("case_cancelled"))
            return forget_case()
        case = context.case_store().file(
            case_from(tracker).filed(catalogue, context.now()), lambda filed: mails(filed, catalogue)
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
        return forget_case() + then_ask_satisfaction(tracker, closing_offer=True)
