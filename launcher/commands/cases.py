"""`certichat cases list|resend`: the cases the bot sent to the desks, and their pending e-mails."""

import os
import sys
from typing import Optional

from launcher.commands.common import case_store, quiet_imports


def list_cases(state: Optional[str], since: Optional[str]) -> int:
    quiet_imports()
    from datetime import datetime

    store = case_store()
    shown = {"pendiente": "pending", "enviado": "sent"}
    found = store.listed(shown.get(state or "", state), datetime.fromisoformat(since) if since else None)
    for case in found:
        state_name = {"sent": "enviado", None: "sin correo"}.get(case["mail_state"], "pendiente")
        print(
            f"{case['reference']}  {case['filed_at'][:16]}  {case['route']:<12} {state_name:<10} {case['desk_email']}"
        )
    print(f"{len(found)} caso(s)")
    return 0


def resend_cases() -> int:
    quiet_imports()
    from stores.outbox import SmtpSettings, deliver_due

    smtp = SmtpSettings.from_environment(os.environ)
    if smtp is None:
        print("Defina CERTICHAT_SMTP_HOST (y CERTICHAT_SMTP_PORT, CERTICHAT_SMTP_FROM) para enviar.", file=sys.stderr)
        return 1
    print(f"Correos enviados: {deliver_due(case_store(), smtp, everything_pending=True)}")
    return 0
