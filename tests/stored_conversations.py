"""Conversations written into a conversation store as the bot writes them: Rasa's events, stored as
the conversation store stores them, at chosen Bogotá times. For the report's tests and its benchmark.

Steps of a conversation:
    ("say", text, intent, confidence)  the person writes; below the NLU threshold the intent is nlu_fallback
    ("answer", action, need, product, contact)  an answer that hands over a contact
    ("ask",)  "¿Le sirvió esta respuesta?"
    ("rate", useful)  the answer to it, taken
    ("what_was_missing",)  "¿Qué faltó?"
    ("feedback",)  the answer to it, thanked
    ("form", slot)  the case form takes the person's latest message for `slot`
"""

from datetime import datetime
from typing import Any, Dict, Iterable, List, Sequence, Tuple

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SessionStarted, SlotSet, UserUttered

from stores.conversation_store import CachingSQLTrackerStore

FALLBACK_THRESHOLD = 0.5  # config.yml, FallbackClassifier


def _parse(text: str, intent: str, confidence: float) -> Dict[str, Any]:
    ranking = [{"name": intent, "confidence": confidence}]
    if confidence < FALLBACK_THRESHOLD:
        ranking.insert(0, {"name": "nlu_fallback", "confidence": FALLBACK_THRESHOLD})
    return {"text": text, "intent": ranking[0], "intent_ranking": ranking, "entities": []}


def events(start: datetime, steps: Sequence[Tuple]) -> List[Event]:
    """The events of one conversation, a second apart from `start`."""
    clock = start.timestamp()
    said: List[Event] = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
    latest_text = ""
    for step in steps:
        kind, rest = step[0], step[1:]
        if kind == "say":
            text, intent, confidence = rest
            latest_text = text
            parse = _parse(text, intent, confidence)
            said += [UserUttered(text, parse["intent"], [], parse)]
        elif kind == "answer":
            action, need, product, contact = rest
            record = {"need": need, "product": product, "contact": contact}
            said += [ActionExecuted(action), BotUttered("…"), SlotSet("handed_over", record)]
        elif kind == "ask":
            said += [ActionExecuted("action_ask_satisfaction"), BotUttered("¿…?"), SlotSet("satisfaction", "asked")]
        elif kind == "rate":
            value = "useful" if rest[0] else "not_useful"
            said += [ActionExecuted("action_take_satisfaction"), BotUttered("…"), SlotSet("satisfaction", value)]
        elif kind == "what_was_missing":
            said += [ActionExecuted("action_ask_what_was_missing"), BotUttered("¿Qué faltó?")]
        elif kind == "feedback":
            said += [ActionExecuted("action_take_feedback"), BotUttered("Gracias…")]
        elif kind == "form":
            said += [ActionExecuted("case_form"), SlotSet(rest[0], latest_text), BotUttered("…")]
        else:
            raise ValueError(f"unknown step {kind}")
        if kind != "say":
            said.append(ActionExecuted("action_listen"))
    for index, event in enumerate(said):
        event.timestamp = clock + index
    return said


def create_table(engine: sa.engine.Engine) -> None:
    SQLTrackerStore.SQLEvent.metadata.create_all(engine)


def store(engine: sa.engine.Engine, conversations: Iterable[Tuple[str, List[Event]]], batch: int = 20_000) -> int:
    """Writes (sender_id, events) pairs in the conversation store's own row format; returns the rows."""
    create_table(engine)
    table = SQLTrackerStore.SQLEvent.__table__
    rows: List[Dict[str, Any]] = []
    written = 0
    with engine.begin() as connection:
        for sender_id, conversation in conversations:
            rows += [CachingSQLTrackerStore._row(sender_id, event) for event in conversation]
            if len(rows) >= batch:
                connection.execute(table.insert(), rows)
                written, rows = written + len(rows), []
        if rows:
            connection.execute(table.insert(), rows)
    return written + len(rows)
