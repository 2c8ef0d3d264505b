"""What an answer handed a person to, as the desk counts it: the need, the product and the main contact.

The actions keep one of these per answer in the conversation (slot `handed_over`); the desk report
(report/) counts them. The keys are stable words, not sentences: the labels below are what the report
shows.
"""

from typing import Dict, Optional

from bot.catalogue import Channel, ChannelKind, PqrsaDesk
from bot.routing import ESCALATION_TOPICS, Decision, Reason, RequestKind, Topic

NEED_LABELS = {
    "incidente": "Incidente",
    "incidente_critico": "Incidente crítico (prioridad 1)",
    "pqrsa": "PQRSA (sin tipo)",
    "escalamiento_2": "Escalamiento nivel 2",
    "escalamiento_3": "Escalamiento nivel 3",
    "informacion": "Información",
    "general": "Contactos generales (sin entender, o tras un «No»)",
}
CONTACT_LABELS = {
    "linea": "Línea de soporte",
    "correo": "Correo de soporte",
    "chat": "Chat",
    Topic.PRIORITY_CELL.value: "Celular de prioridad 1",
    "pqrsa": "Mesa de PQRSA",
    Topic.SUPERVISOR.value: "Supervisor (nivel 2)",
    Topic.COORDINATOR.value: "Coordinador (nivel 3)",
}
_CHANNEL_CONTACTS = {
    ChannelKind.PHONE: "linea",
    ChannelKind.EMAIL: "correo",
    ChannelKind.CHAT: "chat",
    ChannelKind.PRIORITY_PHONE: Topic.PRIORITY_CELL.value,
}
_LEVEL_CONTACTS = {level: topic.value for topic, level in ESCALATION_TOPICS.items()}


def need_label(need: str) -> str:
    if need.startswith("pqrsa_"):
        return f"PQRSA: {need[len('pqrsa_') :]}"
    return NEED_LABELS.get(need, need)


def _need(decision: Decision) -> str:
    request = decision.request
    if request.kind == RequestKind.INCIDENT:
        return "incidente_critico" if request.critical else "incidente"
    if request.kind == RequestKind.PQRSA:
        return f"pqrsa_{request.pqrsa_type}" if request.pqrsa_type else "pqrsa"
    if request.kind == RequestKind.ESCALATION:
        return f"escalamiento_{request.escalation_level}"
    if request.topic in ESCALATION_TOPICS:
        return f"escalamiento_{ESCALATION_TOPICS[request.topic]}"
    return "general" if decision.reason == Reason.GENERAL else "informacion"


def _contact(decision: Decision) -> Optional[str]:
    main = next((offer for offer in decision.offers if not offer.alternative), None)
    if main is None:
        return None
    if isinstance(main.contact, Channel):
        return _CHANNEL_CONTACTS[main.contact.kind]
    if isinstance(main.contact, PqrsaDesk):
        return "pqrsa"
    level = decision.request.escalation_level
    if decision.request.topic in ESCALATION_TOPICS:
        level = ESCALATION_TOPICS[decision.request.topic]
    return _LEVEL_CONTACTS.get(level, f"nivel_{level}")


def handed_over(decision: Decision) -> Dict[str, Optional[str]]:
    """The record of one answer: {"need": …, "product": … or None for every product, "contact": …}."""
    product = decision.product.id if decision.product else decision.request.product
    return {"need": _need(decision), "product": product, "contact": _contact(decision)}
