"""`certichat data find|export|forget CONTACTO`: how the desk answers a person who exercises the rights
of Ley 1581 de 2012 (art. 8) over the data the bot holds: to know it (find), to have it (export) and to
have it deleted (forget). Each request served leaves a line in run/solicitudes-de-datos.log with what
was done and how much, never the contact.
"""

import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, Optional

from stores.personal_data import Held, PersonalData, contact_of


def serve(action: str, written: str, url: str, log: Path, out: Optional[str] = None, yes: bool = False) -> int:
    try:
        contact = contact_of(written)
    except ValueError as error:
        print(f"{error}: escriba un correo (ana@entidad.gov.co) o un teléfono (300 123 4567).", file=sys.stderr)
        return 2
    store = PersonalData(url)
    try:
        held = store.held(contact)
        if action == "find":
            _print_found(held)
            done = "consulta"
        elif action == "export":
            _export(store, held, contact.value, out)
            done = "exportación"
        elif not yes:
            _print_found(held)
            print("Nada se borró. Repita con --yes para borrar esos casos, sus correos y esas conversaciones.")
            return 0
        else:
            deleted = store.forget(held)
            print("Borrado: " + ", ".join(f"{count} {what}" for what, count in deleted.items()))
            done = "supresión"
    finally:
        store.close()
    _log(log, done, held)
    return 0


def _print_found(held: Held) -> None:
    print(f"Casos: {len(held.cases)}")
    for case in held.cases:
        print(f"  {case['reference']}  {(case['filed_at'] or '')[:16]}  {case['route']:<12} {case['desk_label'] or ''}")
    print(f"Conversaciones: {len(held.conversations)}")
    for conversation in held.conversations:
        print(f"  {conversation}")


def _export(store: PersonalData, held: Held, contact: str, out: Optional[str]) -> None:
    exported: Dict[str, Any] = {
        "contacto": contact,
        "exportado": datetime.now().astimezone().isoformat(timespec="seconds"),
        "casos": held.cases,
        "correos_de_los_casos": store.mails(case["id"] for case in held.cases),
        "conversaciones": store.conversations(held.conversations),
    }
    text = json.dumps(exported, ensure_ascii=False, indent=2, default=str)
    if not out:
        print(text)
        return
    path = Path(out)
    # Only the operator reads it: it holds the person's data in full.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
    print(f"Escrito: {path} ({len(held.cases)} casos, {len(held.conversations)} conversaciones)")


def _log(log: Path, done: str, held: Held) -> None:
    log.parent.mkdir(parents=True, exist_ok=True)
    line = f"{datetime.now().astimezone().isoformat(timespec='seconds')} {done}: {len(held.cases)} casos, "
    line += f"{len(held.conversations)} conversaciones\n"
    descriptor = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8") as file:
        file.write(line)
