"""`certichat conversations forget`: conversations and cases past their retention periods."""

import os
import sys
from typing import Optional

from launcher.commands.common import one_line, quiet_imports, setting_errors, store_url
from stores.database import RUN_FOLDER, SQLITE_FILE


def forget_while_running() -> None:
    """The daily retention run: a database that does not answer today is said, and the bot goes on."""
    try:
        forget_conversations(None, quiet=True)
    except setting_errors() as error:
        print(f"La retención no pudo correr hoy: {one_line(error)}", file=sys.stderr, flush=True)


def forget_conversations(days: Optional[float], quiet: bool = False) -> int:
    """Conversations past their retention period (or `days`), and cases past theirs, with their e-mails."""
    quiet_imports()
    from launcher.endpoints import build
    from stores.retention import case_retention_days, forget_cases_older_than, forget_older_than, retention_days

    days = retention_days(os.environ) if days is None else days
    case_days = case_retention_days(os.environ)
    stores, _ = build(os.environ, conversations_db=RUN_FOLDER / SQLITE_FILE)
    forgotten = forget_older_than(stores["tracker_store"], days)
    filed = forget_cases_older_than(store_url(), case_days)
    if not quiet or forgotten:
        print(f"Conversaciones borradas por tener más de {days:g} días sin mensajes: {forgotten}")
    if not quiet or filed:
        print(f"Casos borrados (con sus correos) por tener más de {case_days} días: {filed}")
    return 0
