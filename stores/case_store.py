"""Cases and their outbox, in the database that keeps the conversations (their own tables).

Every e-mail of a case is written to the outbox in the same transaction as the case, so a case is
never filed without its e-mails nor mailed without being filed. A sender claims an e-mail before
sending it (an atomic UPDATE that only one process can win), marks it sent afterwards, and a claim
left by a crashed sender expires after CLAIM_SECONDS. A failed send is retried with a growing delay.
Each e-mail has a fixed Message-ID (its case's reference and its kind), so that in the one case no
database can rule out (a crash after the mail server accepted it and before it was marked sent) the
repeat carries the same Message-ID as the first.
"""

import time
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Dict, List, Optional

import sqlalchemy as sa

from bot.cases import Case, as_record
from stores.database import engine

CLAIM_SECONDS = 120
FIRST_RETRY_SECONDS = 30
LONGEST_RETRY_SECONDS = 3600

metadata = sa.MetaData()
cases = sa.Table(
    "certichat_cases",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("reference", sa.String(40), unique=True),
    *(
        sa.Column(name, sa.Text)
        for name in (
            "route",
            "product",
            "pqrsa_type",
            "name",
            "email",
            "phone",
            "company",
            "details",
            "since",
            "conversation_id",
            "channel",
            "desk_label",
            "desk_email",
            "response_due",
            "consent_version",
            "consent_channel",
            "consent_at",
            "filed_at",
            "transcript",
        )
    ),
    sa.Column("critical", sa.Boolean),
    sa.Column("level", sa.Integer),
)
outbox = sa.Table(
    "certichat_outbox",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("certichat_cases.id"), index=True),
    sa.Column("kind", sa.String(10)),
    sa.Column("recipient", sa.Text),
    sa.Column("subject", sa.Text),
    sa.Column("body", sa.Text),
    sa.Column("message_id", sa.Text),
    sa.Column("state", sa.String(10), index=True),  # pending, sending, sent
    sa.Column("attempts", sa.Integer, default=0),
    sa.Column("next_attempt_at", sa.Float),
    sa.Column("claimed_by", sa.Text),
    sa.Column("claimed_at", sa.Float),
    sa.Column("sent_at", sa.Float),
    sa.Column("last_error", sa.Text),
)


@dataclass(frozen=True)
class PendingMail:
    id: int
    recipient: str
    subject: str
    body: str
    message_id: str


class CaseStore:
    def __init__(self, url: str):
        self.engine = engine(url)
        metadata.create_all(self.engine)

    def file(self, case: Case, mails_of: Any) -> Case:
        """Stores the case and its e-mails in one transaction; returns it with its reference.
        `mails_of(case)` gives the e-mails once the reference is known."""
        assert case.filed_at is not None
        with self.engine.begin() as connection:
            record = {**as_record(case), "reference": None}  # NULLs never clash while the id is not known yet
            case_id = connection.execute(cases.insert().values(**record)).inserted_primary_key[0]
            reference = f"CC-{case.filed_at:%Y%m%d}-{case_id:04d}"
            connection.execute(cases.update().where(cases.c.id == case_id).values(reference=reference))
            case = replace(case, reference=reference)
            now = time.time()
            for mail in mails_of(case):
                connection.execute(
                    outbox.insert().values(
                        case_id=case_id,
                        kind=mail.kind,
                        recipient=mail.recipient,
                        subject=mail.subject,
                        body=mail.body,
                        message_id=f"<{reference}.{mail.kind}@certichat>",
                        state="pending",
                        attempts=0,
                        next_attempt_at=now,
                    )
                )
        return case

    def find(self, reference: str) -> Optional[Dict[str, Any]]:
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(cases).where(cases.c.reference == reference.upper())).mappings().first()
            return dict(row) if row else None

    def latest_reference(self, conversation_id: str) -> Optional[str]:
        with self.engine.connect() as connection:
            return connection.execute(
                sa.select(cases.c.reference)
                .where(cases.c.conversation_id == conversation_id)
                .order_by(cases.c.id.desc())
            ).scalar()

    def desk_mail(self, case_id: int) -> Optional[Dict[str, Any]]:
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(outbox).where(outbox.c.case_id == case_id, outbox.c.kind == "desk"))
            found = row.mappings().first()
            return dict(found) if found else None

    def listed(self, state: Optional[str] = None, since: Optional[datetime] = None) -> List[Dict[str, Any]]:
        """Cases with the state of their e-mail to the desk, newest first."""
        query = (
            sa.select(cases, outbox.c.state.label("mail_state"), outbox.c.sent_at)
            .select_from(cases.outerjoin(outbox, sa.and_(outbox.c.case_id == cases.c.id, outbox.c.kind == "desk")))
            .order_by(cases.c.id.desc())
        )
        if state:
            query = query.where(outbox.c.state == state)
        if since:
            query = query.where(cases.c.filed_at >= since.isoformat())
        with self.engine.connect() as connection:
            return [dict(row) for row in connection.execute(query).mappings()]

    def claim_due(
        self, worker: str, now: Optional[float] = None, everything_pending: bool = False
    ) -> List[PendingMail]:
        """Claims the e-mails due now (every pending one with `everything_pending`) for this worker."""
        now = time.time() if now is None else now
        due = sa.or_(
            sa.and_(outbox.c.state == "pending", sa.true() if everything_pending else outbox.c.next_attempt_at <= now),
            sa.and_(outbox.c.state == "sending", outbox.c.claimed_at < now - CLAIM_SECONDS),
        )
        claimed = []
        with self.engine.begin() as connection:
            candidates = [row.id for row in connection.execute(sa.select(outbox.c.id).where(due))]
        for mail_id in candidates:
            with self.engine.begin() as connection:
                won = (
                    connection.execute(
                        outbox.update()
                        .where(outbox.c.id == mail_id, due)
                        .values(state="sending", claimed_by=worker, claimed_at=now)
                    ).rowcount
                    == 1
                )
                if won:
                    row = connection.execute(sa.select(outbox).where(outbox.c.id == mail_id)).mappings().first()
                    claimed.append(
                        PendingMail(row["id"], row["recipient"], row["subject"], row["body"], row["message_id"])
                    )
        return claimed

    def mark_sent(self, mail_id: int, worker: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                outbox.update()
                .where(outbox.c.id == mail_id, outbox.c.claimed_by == worker)
                .values(state="sent", sent_at=time.time(), last_error=None)
            )

    def release(self, mail_id: int, worker: str, error: str) -> None:
        """A send failed: back to pending, to be retried later and later."""
        with self.engine.begin() as connection:
            attempts = connection.execute(sa.select(outbox.c.attempts).where(outbox.c.id == mail_id)).scalar() or 0
            delay = min(LONGEST_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2**attempts)
            connection.execute(
                outbox.update()
                .where(outbox.c.id == mail_id, outbox.c.claimed_by == worker)
                .values(
                    state="pending",
                    attempts=attempts + 1,
                    next_attempt_at=time.time() + delay,
                    claimed_by=None,
                    last_error=error[:200],
                )
            )
