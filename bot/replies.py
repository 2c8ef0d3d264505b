"""Routing decisions as short Spanish replies: the contact first, then its hours and whether it is open."""

from itertools import groupby
from typing import List, Sequence

from bot import spanish, words
from bot.catalogue import Channel, ContactPoint
from bot.routing import ESCALATION_TOPICS, Decision, Offer, Reason, Topic

PQRSA_TYPES = words.pqrsa_types()
_TOPIC_WORDS = {
    Topic.HOURS: "topic_hours",
    Topic.PHONE: "topic_phone",
    Topic.EMAIL: "topic_email",
    Topic.CHAT: "topic_chat",
    Topic.ALL: "topic_all",
    Topic.PRIORITY_CELL: "topic_priority_cell",
    Topic.PERSON: "topic_person",
}
_HEADLINE_BY_REASON = {
    Reason.SUPPORT_OPEN: "incident_support_open",
    Reason.SUPPORT_CLOSED: "incident_support_closed",
    Reason.CRITICAL_SUPPORT_CLOSED: "critical_support_closed",
    Reason.CRITICAL_SUPPORT_OPEN: "critical_support_open",
}


def _extensions(contact: ContactPoint) -> str:
    numbers = list(contact.extensions)
    if not numbers:
        return ""
    if len(numbers) == 1:
        return words.say("extension", number=numbers[0])
    return words.say("extensions", numbers=", ".join(numbers[:-1]), last=numbers[-1])


def phone_text(contact: ContactPoint) -> str:
    """The number with the menu path or extensions to dial: "(601) NNNNNNN, Opción 2 - opción 4"."""
    menu = f", {contact.menu}" if contact.menu else ""
    return f"{contact.phone}{menu}{_extensions(contact)}"


def contact_lines(contact: ContactPoint) -> List[str]:
    """One line per way to reach the contact: "- Correo de soporte: <correo del catálogo>"."""
    single = isinstance(contact, Channel)
    ways = [
        (contact.phone and phone_text(contact), "phone_label"),
        (contact.email, "email_label"),
        (contact.url, "chat_label"),
    ]
    return [
        words.say("contact_line", label=contact.label if single else words.say(label), value=value)
        for value, label in ways
        if value
    ]


def hours_line(offer: Offer, decision: Decision) -> str:
    if offer.contact.schedule is None:
        return words.say("hours_unpublished")
    return words.say(
        "hours", hours=spanish.schedule(offer.contact.schedule), status=spanish.status(offer.status, decision.now)
    )


def offer_lines(offers: Sequence[Offer], decision: Decision) -> List[str]:
    """Contacts in order; consecutive contacts with the same hours share one hours line."""
    lines: List[str] = []
    for _, group in groupby(offers, key=lambda o: o.contact.schedule):
        same_hours = list(group)
        for offer in same_hours:
            lines += contact_lines(offer.contact)
        lines.append(hours_line(same_hours[0], decision))
    return lines


def _headline(decision: Decision) -> str:
    request, product = decision.request, decision.product
    name = product.short_name if product else ""
    if decision.reason in _HEADLINE_BY_REASON:
        return words.say(_HEADLINE_BY_REASON[decision.reason], product=name)
    if decision.reason == Reason.PQRSA:
        return words.say("pqrsa", what=PQRSA_TYPES.get(request.pqrsa_type or "", words.say("pqrsa_any")))
    if decision.reason == Reason.ESCALATION and product:
        level = request.escalation_level
        return words.say("escalation", level=level, product=name, name=product.escalation_contact(level).label)
    if decision.reason == Reason.GENERAL:
        return words.say("general")
    if request.topic in ESCALATION_TOPICS:
        topic = words.say("topic_escalation_level", level=ESCALATION_TOPICS[request.topic])
        contact = decision.offers[0].contact.label
        return (
            words.say("contact_of_product", topic=topic, contact=contact, product=name)
            if product
            else words.say("contact_of_every_product", topic=topic, contact=contact)
        )
    topic = words.say(_TOPIC_WORDS[request.topic])
    if product and request.topic != Topic.PRIORITY_CELL:
        return words.say("of_product", topic=topic, product=name)
    return words.say("of_every_product", topic=topic)


def _closing(decision: Decision) -> List[str]:
    request, product = decision.request, decision.product
    support, first = decision.support, decision.offers[0].status
    if decision.reason == Reason.CRITICAL_SUPPORT_CLOSED and support and support.opens_at:
        when = spanish.moment(support.opens_at, decision.now)
        return [spanish.sentence(words.say("regular_lines_open", when=when))]
    if decision.reason == Reason.PQRSA and first and not first.is_open:
        return [words.say("pqrsa_mailbox_always")]
    if decision.reason == Reason.INFORMATION and request.topic in (Topic.PHONE, Topic.HOURS, Topic.ALL):
        return [words.say("priority_cell_exists")]
    if decision.reason == Reason.ESCALATION and product:
        if request.escalation_level >= product.highest_escalation_level:
            return [words.say("last_escalation_level")]
        return [words.say("next_escalation_level", name=product.escalation_contact(request.escalation_level + 1).label)]
    return []


def render(decision: Decision) -> str:
    main = [o for o in decision.offers if not o.alternative]
    alternatives = [o for o in decision.offers if o.alternative]
    lines = [_headline(decision)]
    if decision.request.product is None and decision.reason in (Reason.INFORMATION, Reason.GENERAL):
        for product, offers in groupby(main, key=lambda o: o.product):
            lines.append(
                words.say("product_heading", product=product.short_name)
                if product
                else words.say("both_products_cell_heading")
            )
            lines += offer_lines(list(offers), decision)
    else:
        lines += offer_lines(main, decision)
    if alternatives:
        lines.append(
            words.say("also_if_no_answer" if decision.reason == Reason.CRITICAL_SUPPORT_OPEN else "also_leave_record")
        )
        lines += offer_lines(alternatives, decision)
    return "\n".join(lines + _closing(decision))
