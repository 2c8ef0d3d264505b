import sys
from datetime import datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.catalogue import load_catalogue  # noqa: E402
from bot.clock import BOGOTA  # noqa: E402


@pytest.fixture(scope="session")
def catalogue():
    return load_catalogue()


def bogota(text: str) -> datetime:
    """ "2026-11-23T19:00" as Bogotá time (2026-11-23 is a Monday; 2026-12-08 a public holiday)."""
    return datetime.fromisoformat(text).replace(tzinfo=BOGOTA)
