"""A person's data on request (Ley 1581 de 2012, art. 8: to know, update, rectify and have deleted what
is held about them): every case and every conversation of the store that holds one e-mail or phone,
found, exported whole, or deleted with the cases' e-mails.

A phone is matched however it was written ("300 123 4567", "+57 3001234567", "(601) 390 6642"): by its
digits, without Colombia's country code. An e-mail is matched without regard to case. Conversations are
read event by event from the database (a request is rare; nothing is indexed for it); cases by their
fields and their transcript.
"""

import json
import re
from dataclasses import dataclass
from typing import Any, Dict, Iterable, Iterator, List

import sqlalchemy as sa

from stores.case_store import cases, metadata, outbox
from stores.database import engine

COUNTRY_CODE = "57"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# A run of digits as people write a phone: spaces, dots, dashes, parentheses and a leading "+" between.
_DIGIT_RUN = re.compile(r"\+?\(?\d[\d\s().\-]{5,}\d")
_MIN_PHONE_DIGITS = 7


@dataclass(frozen=True)
class Contact:
    """An e-mail (lower case) or a phone (its digits, without the country code)."""

    kind: str
    value: str

    def appears_in(self, text: Any) -> bool:
        if not isinstance(text, str) or not text:
            return False
        if self.kind == "correo":
            return self.value in text.lower()
        return any(self.value in _national(run) for run in _DIGIT_RUN.findall(text))


def _national(written: str) -> str:
    """The digits of a phone without Colombia's code: "+57 300 123 4567" and "573001234567" are 3001234567."""
    digits = re.sub(r"\D", "", written)
    international = written.lstrip().startswith("+") or len(digits) == 12
    return digits[len(COUNTRY_CODE) :] if international and digits.startswith(COUNTRY_CODE) else digits


def contact_of(written: str) -> Contact:
    """The contact a person gave, or ValueError when it is neither an e-mail nor a phone."""
    written = (written or "").strip()
    if _EMAIL.match(written):
        return Contact("correo", written.lower())
    if re.fullmatch(r"[\d\s().+\-]+", written) and len(_national(written)) >= _MIN_PHONE_DIGITS:
        return Contact("telefono", _national(written))
    raise ValueError(f"'{written}' no es un correo ni un teléfono")


@dataclass
class Held:
    """What the store holds of one contact: its cases (rows) and its conversations (ids)."""

    cases: List[Dict[str, Any]]
    conversations: List[str]


class PersonalData:
    def __init__(self, url: str):
        self.engine = engine(url)
        metadata.create_all(self.engine)  # a store that never filed a case has no case tables yet

    def held(self, contact: Contact) -> Held:
        with self.engine.connect() as connection:
            own_cases = [dict(row) for row in connection.execute(sa.select(cases)).mappings() if _holds(row, contact)]
            senders = {case["conversation_id"] for case in own_cases if case["conversation_id"]}
            if sa.inspect(connection).has_table("events"):
                query = sa.text("SELECT sender_id, data FROM events")
                senders |= {
                    row[0]
                    for row in connection.execution_options(stream_results=True).execute(query)
                    if contact.appears_in(row[1])
                }
        return Held(own_cases, sorted(senders))

    def conversations(self, senders: Iterable[str]) -> Dict[str, List[Dict[str, Any]]]:
        """What was said in each conversation, in order: who, when, what."""
        said: Dict[str, List[Dict[str, Any]]] = {}
        query = sa.text("SELECT type_name, timestamp, data FROM events WHERE sender_id = :sender ORDER BY id")
        with self.engine.connect() as connection:
            for sender in senders:
                said[sender] = list(_messages(connection.execute(query, {"sender": sender})))
        return said

    def mails(self, case_ids: Iterable[int]) -> List[Dict[str, Any]]:
        with self.engine.connect() as connection:
            query = sa.select(outbox).where(outbox.c.case_id.in_(list(case_ids))).order_by(outbox.c.id)
            return [dict(row) for row in connection.execute(query).mappings()]

    def forget(self, held: Held) -> Dict[str, int]:
        """Deletes the cases, their e-mails and the conversations, in one transaction; returns how many."""
        case_ids = [case["id"] for case in held.cases]
        with self.engine.begin() as connection:
            mails = connection.execute(outbox.delete().where(outbox.c.case_id.in_(case_ids))).rowcount
            filed = connection.execute(cases.delete().where(cases.c.id.in_(case_ids))).rowcount
            events = 0
            if held.conversations and sa.inspect(connection).has_table("events"):
                deletion = sa.text("DELETE FROM events WHERE sender_id IN :senders").bindparams(
                    sa.bindparam("senders", expanding=True)
                )
                events = connection.execute(deletion, {"senders": held.conversations}).rowcount
        return {"casos": filed, "correos": mails, "conversaciones": len(held.conversations), "eventos": events}

    def close(self) -> None:
        self.engine.dispose()


def _holds(case: Any, contact: Contact) -> bool:
    return any(contact.appears_in(case[field]) for field in ("email", "phone", "details", "transcript", "name"))


def _messages(rows: Iterable[Any]) -> Iterator[Dict[str, Any]]:
    for type_name, timestamp, data in rows:
        if type_name in ("user", "bot"):
            text = json.loads(data).get("text")
            yield {"quien": "persona" if type_name == "user" else "CertiChat", "cuando": timestamp, "texto": text}
