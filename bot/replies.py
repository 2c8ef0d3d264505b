"""Routing decisions as short Spanish replies: the contact first, then its hours and whether it is open."""
from itertools import groupby
from typing import List, Sequence

from bot import spanish
from bot.catalogue import Channel, ContactPoint
from bot.routing import HIGHEST_ESCALATION_LEVEL, Decision, Offer, Reason, Topic

PQRSA_TYPES = {
    "peticion": "petición",
    "queja": "queja",
    "reclamo": "reclamo",
    "sugerencia": "sugerencia",
    "apelacion": "apelación",
    "felicitacion": "felicitación",
}

PRIORITY_CELL_EXISTS = ("Si una falla detiene su operación (prioridad 1) y los canales están cerrados, hay un celular "
                        "de 24 horas: pídamelo o reporte la falla.")

_TOPIC_HEADLINES = {
    Topic.HOURS: "Horario de atención",
    Topic.PHONE: "Teléfonos",
    Topic.EMAIL: "Correo de soporte",
    Topic.CHAT: "Chat de soporte",
    Topic.ALL: "Canales de atención",
    Topic.PRIORITY_CELL: "Para incidentes críticos (prioridad 1), a cualquier hora",
    Topic.SUPERVISOR: "Nivel 2 de escalamiento",
    Topic.COORDINATOR: "Nivel 3 de escalamiento",
}


def _extensions(contact: ContactPoint) -> str:
    numbers = list(contact.extensions)
    if not numbers:
        return ""
    if len(numbers) == 1:
        return f", extensión {numbers[0]}"
    return f", extensiones {', '.join(numbers[:-1])} o {numbers[-1]}"


def phone_text(contact: ContactPoint) -> str:
    """The number with the menu path or extensions to dial: "(601) NNNNNNN, Opción 2 - opción 4"."""
    menu = f", {contact.menu}" if contact.menu else ""
    return f"{contact.phone}{menu}{_extensions(contact)}"


def contact_lines(contact: ContactPoint) -> List[str]:
    """One line per way to reach the contact: "- Correo de soporte: <correo del catálogo>"."""
    single = isinstance(contact, Channel)
    lines = []
    if contact.phone:
        lines.append(f"- {contact.label if single else 'Teléfono'}: {phone_text(contact)}")
    if contact.email:
        lines.append(f"- {contact.label if single else 'Correo'}: {contact.email}")
    if contact.url:
        lines.append(f"- {contact.label if single else 'Chat'}: {contact.url}")
    return lines


def hours_line(offer: Offer, decision: Decision) -> str:
    if offer.contact.schedule is None:
        return "Horario: no publicado; si no le contestan, escriba al correo."
    return f"Horario: {spanish.schedule(offer.contact.schedule)} ({spanish.status(offer.status, decision.now)})"


def offer_lines(offers: Sequence[Offer], decision: Decision) -> List[str]:
    """Contacts in order; consecutive contacts with the same hours share one hours line."""
    lines: List[str] = []
    for _, same_hours in groupby(offers, key=lambda o: o.contact.schedule):
        same_hours = list(same_hours)
        for offer in same_hours:
            lines += contact_lines(offer.contact)
        lines.append(hours_line(same_hours[0], decision))
    return lines


def _headline(decision: Decision) -> str:
    request, product = decision.request, decision.product
    name = product.short_name if product else ""
    if decision.reason == Reason.SUPPORT_OPEN:
        return f"Para reportar la falla de {name}, comuníquese con soporte:"
    if decision.reason == Reason.SUPPORT_CLOSED:
        return f"El soporte de {name} está cerrado en este momento. Escriba ya al correo: lo leerán apenas abra."
    if decision.reason == Reason.CRITICAL_SUPPORT_CLOSED:
        return (f"Es un incidente crítico (prioridad 1) y el soporte de {name} está cerrado: "
                "llame ya al celular de prioridad 1, que atiende las 24 horas.")
    if decision.reason == Reason.CRITICAL_SUPPORT_OPEN:
        return f"Es un incidente crítico (prioridad 1): llame ya a la línea de soporte de {name}."
    if decision.reason == Reason.PQRSA:
        what = PQRSA_TYPES.get(request.pqrsa_type or "", "petición, queja, reclamo, sugerencia o apelación")
        return f"Para radicar su {what} (PQRSA):"
    if decision.reason == Reason.ESCALATION:
        level = product.escalation_contact(request.escalation_level)
        return f"Nivel {request.escalation_level} de escalamiento de {name}: {level.label}."
    if decision.reason == Reason.GENERAL:
        return "Puede hablar directamente con soporte:"
    if request.topic == Topic.PRIORITY_CELL:
        return f"{_TOPIC_HEADLINES[request.topic]}:"
    if request.topic in (Topic.SUPERVISOR, Topic.COORDINATOR):
        label = decision.offers[0].contact.label
        return f"{_TOPIC_HEADLINES[request.topic]} ({label}) de {name}:" if product else \
            f"{_TOPIC_HEADLINES[request.topic]} ({label}):"
    return f"{_TOPIC_HEADLINES[request.topic]} de {name}:" if product else f"{_TOPIC_HEADLINES[request.topic]}:"


def _closing(decision: Decision) -> List[str]:
    request, product = decision.request, decision.product
    if decision.reason == Reason.CRITICAL_SUPPORT_CLOSED and decision.support.opens_at:
        return [spanish.sentence(f"Las líneas habituales abren {spanish.moment(decision.support.opens_at, decision.now)}")]
    if decision.reason == Reason.PQRSA and not decision.offers[0].status.is_open:
        return ["El correo recibe su solicitud en cualquier momento."]
    if decision.reason == Reason.INFORMATION and request.topic in (Topic.PHONE, Topic.HOURS, Topic.ALL):
        return [PRIORITY_CELL_EXISTS]
    if decision.reason == Reason.ESCALATION:
        if request.escalation_level >= HIGHEST_ESCALATION_LEVEL:
            return ["Es el último nivel de escalamiento."]
        following = product.escalation_contact(request.escalation_level + 1).label
        return [f"Si no obtiene solución, puede pedir el siguiente nivel ({following})."]
    return []


def render(decision: Decision) -> str:
    main = [o for o in decision.offers if not o.alternative]
    alternatives = [o for o in decision.offers if o.alternative]
    lines = [_headline(decision)]
    if decision.request.product is None and decision.reason in (Reason.INFORMATION, Reason.GENERAL):
        for product, offers in groupby(main, key=lambda o: o.product):
            lines.append(f"{product.short_name}:" if product else "Incidentes críticos (prioridad 1), ambos productos:")
            lines += offer_lines(list(offers), decision)
    else:
        lines += offer_lines(main, decision)
    if alternatives:
        lines.append("Si no le contestan, use también:" if decision.reason == Reason.CRITICAL_SUPPORT_OPEN
                     else "Deje también constancia por correo:")
        lines += offer_lines(alternatives, decision)
    return "\n".join(lines + _closing(decision))
