"""How long conversations are kept: those whose last message is older than the retention period are
deleted, whole (Ley 1581 de 2012: personal data are kept only as long as their purpose needs).

`certichat conversations forget` runs it by hand or from a scheduler; `certichat run` runs it when it
starts and once a day while it runs.
"""

import os
import time
from typing import Any, Dict, Mapping, Optional

import sqlalchemy as sa

from stores import database

RETENTION_VARIABLE = "CERTICHAT_RETENTION_DAYS"
# Long enough to follow a case through its escalation and a PQRSA through its legal answer period.
DEFAULT_RETENTION_DAYS = 90
SECONDS_PER_DAY = 86_400


def retention_days(environment: Mapping[str, str]) -> int:
    return int(environment.get(RETENTION_VARIABLE) or DEFAULT_RETENTION_DAYS)


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
