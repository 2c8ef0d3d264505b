"""The time that routing decisions use: always Bogotá time, whatever the server's time zone."""

import os
from datetime import datetime
from pathlib import Path

from dateutil import parser as date_parser
from dateutil import tz

BOGOTA = tz.gettz("America/Bogota")

# Pins the clock for demos and end-to-end tests: an ISO time ("2026-11-23T22:00", naive = Bogotá time),
# or "@" and the path of a file holding one, so a running server can be moved in time between tests.
FROZEN_NOW_VARIABLE = "CERTICHAT_FROZEN_NOW"


def now_in_bogota() -> datetime:
    frozen = os.environ.get(FROZEN_NOW_VARIABLE, "").strip()
    if frozen.startswith("@"):
        frozen = Path(frozen[1:]).read_text(encoding="utf-8").strip()
    if frozen:
        return to_bogota(date_parser.isoparse(frozen))
    return datetime.now(tz=BOGOTA)


def to_bogota(moment: datetime) -> datetime:
    """Aware datetimes are converted; naive ones are taken as already being Bogotá time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=BOGOTA)
    return moment.astimezone(BOGOTA)
