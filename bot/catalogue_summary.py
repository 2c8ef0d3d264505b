"""The catalogue as the bot will give it out, for `certichat catalogue check`."""

from typing import List

from bot import spanish
from bot.catalogue import Catalogue, ContactPoint
from bot.replies import contact_lines


def _describe(contact: ContactPoint) -> List[str]:
    hours = spanish.schedule(contact.schedule) if contact.schedule else "horario no publicado"
    return [f"    {line[2:]}" for line in contact_lines(contact)] + [f"      horario: {hours}"]


def summary(catalogue: Catalogue) -> str:
    lines = [f"Catálogo válido: {catalogue.source}"]
    for product in catalogue.products.values():
        lines += ["", f"{product.name} [{product.id}] — alias: {', '.join(product.aliases)}", "  Canales:"]
        for channel in product.channels:
            lines.append(f"   ({channel.kind.value})")
            lines += _describe(channel)
        lines.append("  Escalamiento:")
        for level in sorted(product.escalation, key=lambda e: e.level):
            lines.append(f"   nivel {level.level}: {level.name}")
            lines += _describe(product.escalation_contact(level.level))
    lines += ["", catalogue.pqrsa.label, *_describe(catalogue.pqrsa)]
    return "\n".join(lines)
