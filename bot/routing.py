"""Routing: given what a person needs and the time in Bogotá, which contacts to offer and why."""

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Optional, Tuple

from bot.catalogue import Catalogue, Channel, ChannelKind, ContactPoint, Product
from bot.clock import to_bogota
from bot.schedule import Status


class RequestKind(str, Enum):
    INCIDENT = "incidente"
    PQRSA = "pqrsa"
    ESCALATION = "escalamiento"
    INFORMATION = "informacion"


class Topic(str, Enum):
    """What an information request asks for."""

    HOURS = "horario"
    PHONE = "telefono"
    EMAIL = "correo"
    CHAT = "chat"
    ALL = "todos"
    # Someone who wants a person: the chat (people answer it) and the support line.
    PERSON = "persona"
    # One contact that serves whatever the product: asked for by itself, answered without asking which product.
    PRIORITY_CELL = "celular_p1"
    SUPERVISOR = "supervisor"
    COORDINATOR = "coordinador"


class Reason(str, Enum):
    SUPPORT_OPEN = "support_open"
    SUPPORT_CLOSED = "support_closed"
    CRITICAL_SUPPORT_OPEN = "critical_support_open"
    CRITICAL_SUPPORT_CLOSED = "critical_support_closed"
    PQRSA = "pqrsa"
    ESCALATION = "escalation"
    INFORMATION = "information"
    GENERAL = "general"


@dataclass(frozen=True)
class Request:
    kind: RequestKind
    product: Optional[str] = None
    critical: bool = False
    pqrsa_type: Optional[str] = None
    escalation_level: int = 1
    topic: Topic = Topic.ALL


@dataclass(frozen=True)
class Offer:
    contact: ContactPoint
    # None where the source publishes no hours for the contact.
    status: Optional[Status]
    product: Optional[Product] = None
    alternative: bool = False


@dataclass(frozen=True)
class Decision:
    request: Request
    reason: Reason
    offers: Tuple[Offer, ...]
    now: datetime
    product: Optional[Product] = None
    # The product's regular support (its phone line) at `now`, where that matters to the answer.
    support: Optional[Status] = None


def _offer(contact: ContactPoint, now: datetime, product: Optional[Product] = None, alternative=False) -> Offer:
    status = contact.schedule.status(now) if contact.schedule else None
    return Offer(contact=contact, status=status, product=product, alternative=alternative)


def support_status(product: Product, now: datetime) -> Status:
    """Whether the product's regular support channels (its phone line and their twins) are open."""
    schedule = product.channel(ChannelKind.PHONE).schedule
    assert schedule is not None, "every channel has hours: the catalogue is checked when it loads"
    return schedule.status(to_bogota(now))


def criticality_matters(product: Product, now: datetime) -> bool:
    """Priority 1 changes the answer only while the regular channels are closed (source documents)."""
    return not support_status(product, now).is_open


def next_escalation_level(product: Product, current: Optional[int], requested: Optional[str]) -> int:
    """ "supervisor"/"2" and "coordinador"/"3" name a level; anything else means one above the current,
    up to the product's highest level.

    A level already given is never offered again as the next one: asking for the supervisor after the
    supervisor was given means the supervisor did not help.
    """
    following = (current or 1) + 1
    if requested and str(requested).isdigit():
        following = max(following, int(requested))
    return max(2, min(following, product.highest_escalation_level))


def route(catalogue: Catalogue, request: Request, now: datetime) -> Decision:
    now = to_bogota(now)
    if request.kind == RequestKind.PQRSA:
        return Decision(request, Reason.PQRSA, (_offer(catalogue.pqrsa, now),), now)
    if request.topic in _ONE_CONTACT:
        return _one_contact(catalogue, request, now)
    if request.product is None:
        if request.kind == RequestKind.INFORMATION:
            offers = tuple(o for p in catalogue.products.values() for o in _information(p, request.topic, now))
            return Decision(request, Reason.INFORMATION, offers, now)
        return general_contacts(catalogue, now, request)
    product = catalogue.product(request.product)
    if request.kind == RequestKind.ESCALATION:
        offer = _offer(product.escalation_contact(request.escalation_level), now, product)
        return Decision(request, Reason.ESCALATION, (offer,), now, product)
    if request.kind == RequestKind.INFORMATION:
        return Decision(request, Reason.INFORMATION, _information(product, request.topic, now), now, product)
    return _incident(product, request, now)


def _incident(product: Product, request: Request, now: datetime) -> Decision:
    support = support_status(product, now)
    phone, chat, email, cell = (
        product.channel(k) for k in (ChannelKind.PHONE, ChannelKind.CHAT, ChannelKind.EMAIL, ChannelKind.PRIORITY_PHONE)
    )
    contacts: Tuple[Channel, ...]
    alternatives: Tuple[Channel, ...]
    if request.critical and not support.is_open:
        reason, contacts, alternatives = Reason.CRITICAL_SUPPORT_CLOSED, (cell,), (email,)
    elif request.critical:
        reason, contacts, alternatives = Reason.CRITICAL_SUPPORT_OPEN, (phone,), (cell,)
    elif support.is_open:
        reason, contacts, alternatives = Reason.SUPPORT_OPEN, (phone, chat, email), ()
    else:
        # The e-mail can be written now and is read when support opens.
        reason, contacts, alternatives = Reason.SUPPORT_CLOSED, (email, phone, chat), ()
    offers = tuple(_offer(c, now, product) for c in contacts)
    offers += tuple(_offer(c, now, product, alternative=True) for c in alternatives)
    return Decision(request, reason, offers, now, product, support)


# The priority-1 cell is for critical incidents only (source documents): it is given for one, or when
# asked for by name, never in a general list of contacts.
_TOPIC_KINDS = {
    Topic.PHONE: (ChannelKind.PHONE,),
    Topic.EMAIL: (ChannelKind.EMAIL,),
    Topic.CHAT: (ChannelKind.CHAT,),
    Topic.HOURS: (ChannelKind.PHONE, ChannelKind.CHAT, ChannelKind.EMAIL),
    Topic.ALL: (ChannelKind.PHONE, ChannelKind.CHAT, ChannelKind.EMAIL),
    Topic.PERSON: (ChannelKind.CHAT, ChannelKind.PHONE),
}


# The levels people name by role; a product with fewer levels gives its highest.
ESCALATION_TOPICS = {Topic.SUPERVISOR: 2, Topic.COORDINATOR: 3}
_ONE_CONTACT = {Topic.PRIORITY_CELL: None, **ESCALATION_TOPICS}


def _one_contact(catalogue: Catalogue, request: Request, now: datetime) -> Decision:
    """The P1 cell, or an escalation level's contact: of the product in the conversation, else of every
    product (the sources publish one cell and one e-mail per level for both)."""
    products = [catalogue.product(request.product)] if request.product else list(catalogue.products.values())
    level = _ONE_CONTACT[request.topic]
    offers: Tuple[Offer, ...] = ()
    for product in products:
        contact = (
            product.escalation_contact(min(level, product.highest_escalation_level))
            if level
            else product.channel(ChannelKind.PRIORITY_PHONE)
        )
        if not any(o.contact == contact for o in offers):
            offers += (_offer(contact, now, product if len(products) == 1 or level else None),)
    return Decision(request, Reason.INFORMATION, offers, now, products[0] if len(products) == 1 else None)


def _information(product: Product, topic: Topic, now: datetime) -> Tuple[Offer, ...]:
    return tuple(_offer(product.channel(kind), now, product) for kind in _TOPIC_KINDS[topic])


def general_contacts(catalogue: Catalogue, now: datetime, request: Optional[Request] = None) -> Decision:
    """The way out that every conversation has: each product's line and the priority-1 cell."""
    now = to_bogota(now)
    products = tuple(catalogue.products.values())
    offers = tuple(_offer(p.channel(ChannelKind.PHONE), now, p) for p in products)
    cells = [p.channel(ChannelKind.PRIORITY_PHONE) for p in products]
    if all(c.phone == cells[0].phone and c.schedule == cells[0].schedule for c in cells):
        # Both sources publish the same priority-1 cell: offer it once, for every product.
        offers += (_offer(cells[0], now),)
    else:
        offers += tuple(_offer(c, now, p) for c, p in zip(cells, products))
    return Decision(request or Request(RequestKind.INFORMATION), Reason.GENERAL, offers, now)


def contacts_after_not_useful(
    catalogue: Catalogue, now: datetime, product: Optional[str] = None, critical: bool = False
) -> Decision:
    """For someone the answer did not serve. With a product: its own channels, the open ones first (its
    e-mail first when its line is closed, with when the line opens), and the priority-1 cell if the
    failure stops the operation. Without one: one support line open now; when none is, every line."""
    now = to_bogota(now)
    if product is None:
        lines = [_offer(p.channel(ChannelKind.PHONE), now, p) for p in catalogue.products.values()]
        open_now = [o for o in lines if o.status is not None and o.status.is_open]
        return Decision(Request(RequestKind.INFORMATION), Reason.GENERAL, tuple(open_now[:1] or lines), now)
    own = catalogue.product(product)
    kinds = (ChannelKind.PHONE, ChannelKind.CHAT, ChannelKind.EMAIL)
    if not support_status(own, now).is_open:
        kinds = (ChannelKind.EMAIL, ChannelKind.PHONE, ChannelKind.CHAT)
    offers = tuple(_offer(own.channel(kind), now, own) for kind in kinds)
    if critical:
        offers += (_offer(own.channel(ChannelKind.PRIORITY_PHONE), now, own, alternative=True),)
    request = Request(RequestKind.INFORMATION, product, critical=critical)
    return Decision(request, Reason.GENERAL, offers, now, own, support_status(own, now))
