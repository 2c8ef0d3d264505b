"""`certichat catalogue check [FILE]`: validates the catalogue and prints what the bot will give out."""
import argparse
import sys
from typing import List, Optional

from bot import spanish
from bot.catalogue import CatalogueError, ContactPoint, load_catalogue
from bot.replies import contact_lines


def _describe(contact: ContactPoint) -> List[str]:
    hours = spanish.schedule(contact.schedule) if contact.schedule else "horario no publicado"
    return [f"    {line[2:]}" for line in contact_lines(contact)] + [f"      horario: {hours}"]


def check_catalogue(path: Optional[str]) -> int:
    try:
        catalogue = load_catalogue(path)
    except CatalogueError as error:
        print(f"ERROR {error}", file=sys.stderr)
        return 1
    print(f"Catálogo válido: {catalogue.source}")
    for product in catalogue.products.values():
        print(f"\n{product.name} [{product.id}] — alias: {', '.join(product.aliases)}")
        print("  Canales:")
        for channel in product.channels:
            print(f"   ({channel.kind.value}, atiende: {channel.serves.value})")
            print("\n".join(_describe(channel)))
        print("  Escalamiento:")
        for level in sorted(product.escalation, key=lambda e: e.level):
            print(f"   nivel {level.level}: {level.name}")
            print("\n".join(_describe(product.escalation_contact(level.level))))
    print(f"\n{catalogue.pqrsa.label}")
    print("\n".join(_describe(catalogue.pqrsa)))
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="certichat", description="Herramientas de CertiChat.")
    commands = parser.add_subparsers(dest="command", required=True)
    catalogue = commands.add_parser("catalogue", help="el catálogo de canales")
    catalogue_commands = catalogue.add_subparsers(dest="action", required=True)
    check = catalogue_commands.add_parser("check", help="valida el catálogo e imprime un resumen")
    check.add_argument("file", nargs="?", help="ruta del catálogo (por defecto catalogue/channels.yml)")
    args = parser.parse_args(argv)
    return check_catalogue(args.file)


if __name__ == "__main__":
    sys.exit(main())
