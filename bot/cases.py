"""A case the bot hands off to a desk: who it goes to, what the person told, the consent they gave,
the PQRSA response date, and the e-mails that carry it. Nothing here knows Rasa or a database."""

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Dict, List, Mapping, Optional, Tuple

from bot import spanish, words
from bot.business_days import add_business_days
from bot.catalogue import EMAIL_ADDRESS, Catalogue, ChannelKind
from bot.replies import PQRSA_TYPES
from bot.routing import Request, RequestKind
from bot.spanish import MONTHS, WEEKDAYS

# A case's reference as stores/case_store.py makes it: "CC-", the filing date and a number.
REFERENCE = re.compile(r"\bCC-\d{8}-\d{4,}\b", re.IGNORECASE)

DEFAULT_RESPONSE_BUSINESS_DAYS = 15  # Ley 1755 de 2015, art. 14
_EMAIL_IN_TEXT = re.compile(EMAIL_ADDRESS)
_PHONE_IN_TEXT = re.compile(r"\+?\(?\d[\d\s().-]{5,}\d")


def remembered(request: Request) -> str:
    """The answered request, kept in a slot while the bot waits for a yes or a no to its offer."""
    return json.dumps(
        {
            "kind": request.kind.value,
            "product": request.product,
            "critical": request.critical,
            "pqrsa_type": request.pqrsa_type,
            "escalation_level": request.escalation_level,
        }
    )


def recalled(text: Optional[str]) -> Optional[Request]:
    """The request `remembered` kept, or None when nothing (readable) was kept."""
    try:
        data = json.loads(text or "")
        return Request(
            RequestKind(data["kind"]),
            data.get("product"),
            bool(data.get("critical")),
            data.get("pqrsa_type"),
            int(data.get("escalation_level") or 1),
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


@dataclass(frozen=True)
class Desk:
    label: str
    email: str


def desk_for(catalogue: Catalogue, request: Request) -> Desk:
    """The desk the catalogue names for the request: the product's support e-mail, the PQRSA desk, or
    the escalation level's e-mail."""
    if request.kind == RequestKind.PQRSA or request.product is None:
        return Desk(words.say("desk_pqrsa"), str(catalogue.pqrsa.email))
    product = catalogue.product(request.product)
    if request.kind == RequestKind.ESCALATION:
        contact = product.escalation_contact(request.escalation_level)
        return Desk(words.say("desk_of_product", desk=contact.label, product=product.short_name), str(contact.email))
    support = product.channel(ChannelKind.EMAIL)
    return Desk(words.say("desk_support", product=product.short_name), str(support.email))


def read_contact(text: str) -> Tuple[Optional[str], Optional[str]]:
    """The e-mail and the phone number written in a message, each None when absent or malformed."""
    email = _EMAIL_IN_TEXT.search(text or "")
    found_email = email.group(0) if email else None
    rest = (text or "").replace(found_email, " ") if found_email else (text or "")
    phone = next((p.strip() for p in _PHONE_IN_TEXT.findall(rest) if 7 <= len(re.sub(r"\D", "", p)) <= 13), None)
    return found_email, phone


def one_line(text: Optional[str]) -> str:
    """For a header or a summary line: no line breaks, so no field can start a header of its own."""
    return re.sub(r"[\r\n\t]+", " ", text or "").strip()


def response_due(catalogue: Catalogue, pqrsa_type: Optional[str], filed: date) -> date:
    days = catalogue.pqrsa.response_business_days.get(pqrsa_type or "peticion", DEFAULT_RESPONSE_BUSINESS_DAYS)
    return add_business_days(filed, days)


def long_date(day: date) -> str:
    """ "martes 22 de diciembre de 2026"."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} de {MONTHS[day.month - 1]} de {day.year}"


def consent_notice(catalogue: Catalogue) -> str:
    policy = catalogue.data_policy
    where = (
        words.say("consent_policy_url", url=policy.url)
        if policy.url
        else words.say("consent_policy_by_mail", email=catalogue.pqrsa.email)
    )
    return words.say(
        "consent_notice", controller=policy.controller or words.say("consent_controller_unnamed"), where=where
    )


def consent_version(catalogue: Catalogue) -> str:
    """Which notice the person accepted: a fingerprint of its exact text."""
    return hashlib.sha256(consent_notice(catalogue).encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Case:
    request: Request
    name: str
    company: str
    details: str
    email: Optional[str] = None
    phone: Optional[str] = None
    since: Optional[str] = None
    conversation_id: str = ""
    channel: str = ""
    filed_at: Optional[datetime] = None
    consent_at: Optional[datetime] = None
    consent_version: str = ""
    transcript: List[Tuple[str, str]] = field(default_factory=list)
    reference: str = ""
    desk: Optional[Desk] = None
    response_due: Optional[date] = None

    def filed(self, catalogue: Catalogue, filed_at: datetime) -> "Case":
        due = (
            response_due(catalogue, self.request.pqrsa_type, filed_at.date())
            if self.request.kind == RequestKind.PQRSA
            else None
        )
        return replace(
            self,
            filed_at=filed_at,
            desk=desk_for(catalogue, self.request),
            response_due=due,
            consent_version=consent_version(catalogue),
        )

    def kind(self) -> str:
        if self.request.kind == RequestKind.PQRSA:
            return PQRSA_TYPES.get(self.request.pqrsa_type or "", words.say("pqrsa_generic"))
        if self.request.kind == RequestKind.ESCALATION:
            return words.say("case_kind_escalation", level=self.request.escalation_level)
        return words.say("case_kind_incident")

    def fields(self, catalogue: Catalogue) -> List[Tuple[str, str]]:
        """(label, value) of every field the person gave or the conversation knew, in reading order."""
        product = catalogue.product(self.request.product).short_name if self.request.product else None
        rows = [
            ("field_kind", self.kind()),
            ("field_product", product),
            ("field_priority", words.say("priority_1") if self.request.critical else None),
            ("field_name", self.name),
            ("field_email", self.email),
            ("field_phone", self.phone),
            ("field_company", self.company),
            ("field_details", self.details),
            ("field_since", self.since),
        ]
        return [(words.say(label), one_line(value)) for label, value in rows if value]

    def summary(self, catalogue: Catalogue) -> str:
        lines = [words.say("field_line", label=label, value=value) for label, value in self.fields(catalogue)]
        return "\n".join(lines)


@dataclass(frozen=True)
class Mail:
    recipient: str
    subject: str
    body: str
    kind: str  # "desk" or "person": with the reference, names the e-mail for exactly-once delivery


def mails(case: Case, catalogue: Catalogue) -> List[Mail]:
    """The e-mail to the desk, and a confirmation to the person when they gave an address."""
    assert case.desk is not None and case.filed_at is not None, "a case is filed before it is mailed"
    product = catalogue.product(case.request.product).short_name if case.request.product else ""
    priority = words.say("priority_1") if case.request.critical else words.say("priority_normal")
    subject = one_line(
        words.say("mail_subject", reference=case.reference, kind=case.kind(), product=product, priority=priority)
    ).replace(" ·  ·", " ·")
    speakers = {"user": words.say("transcript_user"), "bot": words.say("transcript_bot")}
    transcript = "\n".join(words.say("transcript_line", who=speakers[who], text=text) for who, text in case.transcript)
    desk_body = words.say(
        "mail_to_desk",
        reference=case.reference,
        summary=case.summary(catalogue),
        filed=case.filed_at.strftime("%Y-%m-%d %H:%M"),
        channel=case.channel,
        due=_due_line(case),
        consent=case.consent_version,
        transcript=transcript,
    )
    sent = [Mail(case.desk.email, subject, desk_body, "desk")]
    if case.email:
        person_body = words.say(
            "mail_to_person",
            name=one_line(case.name),
            reference=case.reference,
            to_desk=spanish.to(case.desk.label),
            due=_due_line(case),
            summary=case.summary(catalogue),
        )
        sent.append(
            Mail(
                case.email, one_line(words.say("mail_subject_person", reference=case.reference)), person_body, "person"
            )
        )
    return sent


def _due_line(case: Case) -> str:
    return words.say("response_due_line", date=long_date(case.response_due)) if case.response_due else ""


def request_of(record: Mapping[str, Any]) -> Request:
    """The request a stored case was filed for, read back from the columns as_record writes."""
    return Request(
        RequestKind(record["route"]),
        record["product"],
        bool(record["critical"]),
        record["pqrsa_type"],
        record["level"] or 1,
    )


def as_record(case: Case) -> Dict[str, object]:
    """The case as the store keeps it."""
    return {
        "reference": case.reference,
        "route": case.request.kind.value,
        "product": case.request.product,
        "critical": case.request.critical,
        "level": case.request.escalation_level if case.request.kind == RequestKind.ESCALATION else None,
        "pqrsa_type": case.request.pqrsa_type,
        "name": case.name,
        "email": case.email,
        "phone": case.phone,
        "company": case.company,
        "details": case.details,
        "since": case.since,
        "conversation_id": case.conversation_id,
        "channel": case.channel,
        "desk_label": case.desk.label if case.desk else None,
        "desk_email": case.desk.email if case.desk else None,
        "response_due": case.response_due.isoformat() if case.response_due else None,
        "consent_version": case.consent_version,
        "consent_channel": case.channel,
        "consent_at": case.consent_at.isoformat() if case.consent_at else None,
        "filed_at": case.filed_at.isoformat() if case.filed_at else None,
        "transcript": json.dumps(case.transcript, ensure_ascii=False),
    }
