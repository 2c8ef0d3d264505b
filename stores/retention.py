"""How long conversations and cases are kept: conversations whose last message is older than their
retention period, and cases filed longer ago than theirs (with their e-mails), are deleted whole
(Ley 1581 de 2012: personal data are kept only as long as their purpose needs).

`certichat conversations forget` runs it by hand or from a scheduler; `certichat run` runs it when it
starts and once a day while it runs.
"""

import os
import time
from datetime import datetime, timezone
from typing import Any, Dict, Mapping, Optional

import sqlalchemy as sa

from stores import database

RETENTION_VARIABLE = "CERTICHAT_RETENTION_DAYS"
# Long enough to follow a case through its escalation and a PQRSA through its legal answer period.
DEFAULT_RETENTION_DAYS = 90
SECONDS_PER_DAY = 86_400


CASE_RETENTION_VARIABLE = "CERTICHAT_CASE_RETENTION_DAYS"
# A case is the desk's record of a request, not a chat: kept a year after it was filed, long enough for a
# PQRSA's legal answer (15 business days), an appeal of that answer and the desk's yearly review; after
# that the desk's own records hold what it needs.
DEFAULT_CASE_RETENTION_DAYS = 365


def retention_days(environment: Mapping[str, str]) -> int:
    return _days(environment, RETENTION_VARIABLE, DEFAULT_RETENTION_DAYS)


def case_retention_days(environment: Mapping[str, str]) -> int:
    return _days(environment, CASE_RETENTION_VARIABLE, DEFAULT_CASE_RETENTION_DAYS)


def _days(environment: Mapping[str, str], variable: str, default: int) -> int:
    written = (environment.get(variable) or "").strip()
    if not written:
        return default
    if not written.isdigit() or int(written) < 1:
        raise ValueError(f"{variable} debe ser un número entero de días, 1 o más (tiene '{written}')")
    return int(written)


def forget_cases_older_than(url: str, days: float, now: Optional[float] = None) -> int:
    """Deletes every case filed more than `days` ago, with its e-mails; returns how many cases."""
    from stores.case_store import cases, outbox

    cutoff = datetime.fromtimestamp((time.time() if now is None else now) - days * SECONDS_PER_DAY, timezone.utc)
    store = database.engine(url)
    try:
        with store.begin() as connection:
            if not sa.inspect(connection).has_table(cases.name):
                return 0
            rows = connection.execute(sa.select(cases.c.id, cases.c.filed_at)).all()
            old = [row.id for row in rows if row.filed_at and _aware(row.filed_at) < cutoff]
            if old:
                connection.execute(outbox.delete().where(outbox.c.case_id.in_(old)))
                connection.execute(cases.delete().where(cases.c.id.in_(old)))
            return len(old)
    finally:
        store.dispose()


def _aware(filed_at: str) -> datetime:
    moment = datetime.fromisoformat(filed_at)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def forget_older_than(tracker_store: Dict[str, Any], days: float, now: Optional[float] = None) -> int:
    """Deletes every conversation whose newest event is older than `days`; returns how many."""
    cutoff = (time.time() if now is None else now) - days * SECONDS_PER_DAY
    if tracker_store.get("dialect", "sqlite") == "sqlite" and not os.path.exists(tracker_store["db"]):
        return 0  # nothing stored yet
    engine = database.engine(database.url_of(tracker_store))
    stale = sa.text("SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff")
    try:
        with engine.begin() as connection:
            if not sa.inspect(connection).has_table("events"):
                return 0
            senders = [row[0] for row in connection.execute(stale, {"cutoff": cutoff})]
            for start in range(0, len(senders), 500):
                batch = senders[start : start + 500]
                connection.execute(
                    sa.text("DELETE FROM events WHERE sender_id IN :senders").bindparams(
                        sa.bindparam("senders", expanding=True)
                    ),
                    {"senders": batch},
                )
            return len(senders)
    finally:
        engine.dispose()
