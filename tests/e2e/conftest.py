"""End-to-end tests: the real bot over HTTP, started once by the launcher for the whole session.

Every test under tests/e2e/ is marked `e2e`, so the fast ones can run alone: pytest -m "not e2e".
"""

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


TELEGRAM_TOKEN = "123456:PRUEBA"
TELEGRAM_SECRET = "secreto-de-prueba_123"
SLACK_SIGNING_SECRET = "firma-de-prueba"
WHATSAPP_APP_SECRET = "secreto-de-la-app"
WHATSAPP_VERIFY_TOKEN = "verificar-certichat"
WHATSAPP_PHONE_NUMBER_ID = "109876543210"
REST_TOKEN = "token-de-prueba"


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
def fake_graph():
    """Meta's Graph API for WhatsApp, on 127.0.0.1."""
    from tests.fake_apis import FakeApi

    api = FakeApi()
    yield api
    api.stop()


@pytest.fixture(scope="session")
def mail_server():
    from tests.mail_server import MailServer

    server = MailServer()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def bot(tmp_path_factory, fake_telegram, fake_slack, fake_graph, mail_server):
    """The trained bot, served for real over HTTP with every channel on; started once for all tests."""
    from tests.servers import RunningBot

    settings = {
        "TELEGRAM_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_BOT_USERNAME": "certichat_prueba_bot",
        "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/webhooks/telegram/webhook",
        "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
        "TELEGRAM_API_URL": fake_telegram.url,
        "SLACK_BOT_TOKEN": "xoxb-prueba",
        "SLACK_SIGNING_SECRET": SLACK_SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.url,
        "WHATSAPP_ACCESS_TOKEN": "EAAG-prueba",
        "WHATSAPP_PHONE_NUMBER_ID": WHATSAPP_PHONE_NUMBER_ID,
        "WHATSAPP_APP_SECRET": WHATSAPP_APP_SECRET,
        "WHATSAPP_VERIFY_TOKEN": WHATSAPP_VERIFY_TOKEN,
        "WHATSAPP_API_URL": fake_graph.url,
        # REST as a deployment should run it: callers must show the token (RunningBot.post does).
        "CERTICHAT_REST_TOKEN": REST_TOKEN,
        # Cases are mailed to a real SMTP server on 127.0.0.1.
        "CERTICHAT_SMTP_HOST": "127.0.0.1",
        "CERTICHAT_SMTP_PORT": str(mail_server.port),
        "CERTICHAT_SMTP_FROM": "certichat@prueba.example",
    }
    running = RunningBot(tmp_path_factory.mktemp("bot"), settings, widget_page=True).start()
    yield running
    running.stop()
