"""Sends the outbox's e-mails over SMTP (the standard library's client), configured from the
environment. Without CERTICHAT_SMTP_HOST nothing is sent: cases are still filed and their e-mails wait
in the outbox until delivery is configured (`certichat cases resend`)."""

import os
import smtplib
import socket
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from typing import Mapping, Optional

from bot.cases import one_line
from stores.case_store import CaseStore, PendingMail

SMTP_TIMEOUT_SECONDS = 20


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    user: Optional[str] = None
    password: Optional[str] = None
    starttls: bool = False

    @classmethod
    def from_environment(cls, environment: Mapping[str, str]) -> Optional["SmtpSettings"]:
        host = environment.get("CERTICHAT_SMTP_HOST", "").strip()
        if not host:
            return None
        return cls(
            host=host,
            port=int(environment.get("CERTICHAT_SMTP_PORT") or 25),
            sender=environment.get("CERTICHAT_SMTP_FROM") or f"certichat@{socket.getfqdn()}",
            user=environment.get("CERTICHAT_SMTP_USER") or None,
            password=environment.get("CERTICHAT_SMTP_PASSWORD") or None,
            starttls=(environment.get("CERTICHAT_SMTP_STARTTLS") or "").lower() in ("1", "true", "sí", "si", "yes"),
        )


def message(mail: PendingMail, sender: str) -> EmailMessage:
    composed = EmailMessage()
    composed["From"] = sender
    composed["To"] = one_line(mail.recipient)
    # one_line: a CR/LF typed into any field stays text and never starts a header of its own.
    composed["Subject"] = one_line(mail.subject)
    composed["Message-ID"] = mail.message_id
    composed["Date"] = formatdate(localtime=True)
    composed.set_content(mail.body)
    return composed


def deliver_due(
    store: CaseStore, smtp: SmtpSettings, worker: Optional[str] = None, everything_pending: bool = False
) -> int:
    """Sends every e-mail due now that this worker wins the claim of; returns how many went out."""
    worker = worker or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    claimed = store.claim_due(worker, everything_pending=everything_pending)
    if not claimed:
        return 0
    sent = 0
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=SMTP_TIMEOUT_SECONDS) as client:
            if smtp.starttls:
                client.starttls()
            if smtp.user:
                client.login(smtp.user, smtp.password or "")
            for mail in claimed:
                try:
                    client.send_message(message(mail, smtp.sender))
                except smtplib.SMTPRecipientsRefused as error:
                    store.release(mail.id, worker, type(error).__name__)
                    continue
                store.mark_sent(mail.id, worker)
                sent += 1
    except (smtplib.SMTPException, OSError) as error:
        for mail in claimed[sent:]:
            store.release(mail.id, worker, type(error).__name__)
    return sent
