"""Prompts that custom actions send along with buttons built from the catalogue.

They live here rather than in domain.yml because only actions send them (Rasa's validator would
report them as unused responses).
"""
from typing import List

from actions import context

ASK_PRODUCT = "¿Sobre cuál producto es su solicitud?"
UNKNOWN_PRODUCT = "No reconocí el producto. Elija uno de la lista, por favor."
ASK_OPERATION_STOPPED = "El soporte de {product} está {state} ¿La falla tiene detenida su operación (prioridad 1)?"
WHAT_FOR_PRODUCT = "Entendido: {product}. ¿Qué necesita?"
NOT_SURE = "Disculpe, no estoy seguro de haberle entendido. ¿Se refiere a alguna de estas opciones?"


def button(title: str, intent: str) -> dict:
    return {"title": title, "payload": f"/{intent}"}


OPERATION_STOPPED_BUTTONS = [button("Sí, la operación está detenida", "affirm"), button("No, puede esperar", "deny")]
PRODUCT_NEEDS_BUTTONS = [button("Reportar una falla", "report_incident"), button("Escalar mi caso", "escalate"),
                         button("Horarios y contactos", "ask_contact")]


def product_buttons() -> List[dict]:
    return [
        {"title": product.short_name, "payload": f'/inform_product{{"product":"{product.id}"}}'}
        for product in context.catalogue().products.values()
    ]
