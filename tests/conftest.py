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
    """"2026-11-23T19:00" as Bogotá time (2026-11-23 is a Monday; 2026-12-08 a public holiday)."""
    return datetime.fromisoformat(text).replace(tzinfo=BOGOTA)


TELEGRAM_TOKEN = "123456:PRUEBA"
TELEGRAM_SECRET = "secreto-de-prueba_123"
SLACK_SIGNING_SECRET = "firma-de-prueba"


@pytest.fixture(scope="session")
def fake_telegram():
    from tests.fake_apis import FakeApi

    api = FakeApi()
    yield api
    api.stop()


@pytest.fixture(scope="session")
def fake_slack():
    from tests.fake_apis import FakeApi

    api = FakeApi()
    yield api
    api.stop()


@pytest.fixture(scope="session")
def bot(tmp_path_factory, fake_telegram, fake_slack):
    """The trained bot, served for real over HTTP with every channel on; started once for all tests."""
    from tests.servers import RunningBot

    settings = {
        "TELEGRAM_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_BOT_USERNAME": "certichat_prueba_bot",
        "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/webhooks/telegram/webhook",
        "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET, "TELEGRAM_API_URL": fake_telegram.url,
        "SLACK_BOT_TOKEN": "xoxb-prueba", "SLACK_SIGNING_SECRET": SLACK_SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.url,
    }
    running = RunningBot(tmp_path_factory.mktemp("bot"), settings).start()
    yield running
    running.stop()
