"""channels/settings.py and the channels' own declarations: a channel is either off, fully configured,
or refused with the name of every variable to set."""

import pytest

from channels.settings import ChannelSettingsError, Setting, checked, from_environment, secret_pattern
from channels.slack import SlackInput
from channels.telegram import TelegramInput

DEMO = (
    Setting("token", "DEMO_TOKEN"),
    Setting("secret", "DEMO_SECRET", pattern=secret_pattern(8), allowed="letras, números, _ y - (1 a 8)"),
    Setting("api_url", "DEMO_API_URL", required=False),
)

TELEGRAM_ENVIRONMENT = {
    "TELEGRAM_TOKEN": "123:abc",
    "TELEGRAM_BOT_USERNAME": "certichat_bot",
    "TELEGRAM_WEBHOOK_URL": "https://bot.example/webhooks/telegram/webhook",
    "TELEGRAM_SECRET_TOKEN": "s3cret_token-1",
}
TELEGRAM_CREDENTIALS = {
    "access_token": "123:abc",
    "verify": "certichat_bot",
    "webhook_url": "https://bot.example/webhooks/telegram/webhook",
    "secret_token": "s3cret_token-1",
}
SLACK_CREDENTIALS = {"slack_token": "xoxb-1", "slack_signing_secret": "signing"}


# --- from_environment -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "environment",
    [
        {},
        {"UNRELATED": "x"},
        {"DEMO_API_URL": "http://127.0.0.1:9"},  # an optional variable alone does not turn a channel on
        {"DEMO_TOKEN": "   ", "DEMO_SECRET": ""},  # blank is not set
    ],
)
def test_a_channel_without_any_required_variable_is_off(environment):
    assert from_environment("Demo", DEMO, environment) is None


def test_complete_settings_give_the_values_by_key_stripped():
    values = from_environment("Demo", DEMO, {"DEMO_TOKEN": " tok ", "DEMO_SECRET": "abc-_1", "OTHER": "x"})
    assert values == {"token": "tok", "secret": "abc-_1"}  # the unset optional one is left out


def test_optional_settings_are_included_when_set():
    values = from_environment("Demo", DEMO, {"DEMO_TOKEN": "tok", "DEMO_SECRET": "abc", "DEMO_API_URL": "http://x"})
    assert values == {"token": "tok", "secret": "abc", "api_url": "http://x"}


def test_half_configured_channel_is_refused_naming_every_missing_variable():
    with pytest.raises(ChannelSettingsError) as refused:
        from_environment("Telegram", TelegramInput.SETTINGS, {"TELEGRAM_TOKEN": "123:abc", "TELEGRAM_API_URL": "x"})
    message = str(refused.value)
    assert message.startswith("Telegram")
    named = {word.strip(",") for word in message.split() if word.isupper() and "_" in word}
    # Every missing one, and neither the one given nor the optional one.
    assert named == {"TELEGRAM_BOT_USERNAME", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_SECRET_TOKEN"}


def test_slack_needs_both_token_and_signing_secret():
    with pytest.raises(ChannelSettingsError, match="SLACK_SIGNING_SECRET"):
        from_environment("Slack", SlackInput.SETTINGS, {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_CHANNEL": "C1"})
    assert from_environment("Slack", SlackInput.SETTINGS, {"SLACK_CHANNEL": "C1"}) is None
    assert from_environment(
        "Slack", SlackInput.SETTINGS, {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_CHANNEL": "C1"}
    ) == {"slack_token": "xoxb-1", "slack_signing_secret": "s", "slack_channel": "C1"}


def test_complete_telegram_environment():
    assert from_environment("Telegram", TelegramInput.SETTINGS, TELEGRAM_ENVIRONMENT) == TELEGRAM_CREDENTIALS


@pytest.mark.parametrize("secret", ["con espacio", "punto.y.coma;", "ñandú", "a/b", "x" * 257])
def test_a_telegram_secret_telegram_would_refuse_is_refused_naming_the_variable(secret):
    environment = {**TELEGRAM_ENVIRONMENT, "TELEGRAM_SECRET_TOKEN": secret}
    with pytest.raises(ChannelSettingsError, match="TELEGRAM_SECRET_TOKEN") as refused:
        from_environment("Telegram", TelegramInput.SETTINGS, environment)
    assert secret not in str(refused.value)  # the secret itself is never echoed into logs


def test_the_longest_allowed_telegram_secret_is_accepted():
    environment = {**TELEGRAM_ENVIRONMENT, "TELEGRAM_SECRET_TOKEN": "A-_9" * 64}
    assert from_environment("Telegram", TelegramInput.SETTINGS, environment)["secret_token"] == "A-_9" * 64


def test_checked_treats_none_as_no_credentials():
    with pytest.raises(ChannelSettingsError, match="DEMO_TOKEN, DEMO_SECRET"):
        checked("Demo", DEMO, None)


# --- from_credentials -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "channel, credentials, missing",
    [
        (
            TelegramInput,
            None,
            ["TELEGRAM_TOKEN", "TELEGRAM_BOT_USERNAME", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_SECRET_TOKEN"],
        ),
        (TelegramInput, {**TELEGRAM_CREDENTIALS, "secret_token": ""}, ["TELEGRAM_SECRET_TOKEN"]),
        (
            TelegramInput,
            {"access_token": "123:abc"},
            ["TELEGRAM_BOT_USERNAME", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_SECRET_TOKEN"],
        ),
        (SlackInput, {}, ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]),
        (SlackInput, {"slack_token": "xoxb-1", "slack_channel": "C1"}, ["SLACK_SIGNING_SECRET"]),
    ],
)
def test_incomplete_credentials_are_refused_naming_the_variables(channel, credentials, missing):
    with pytest.raises(ChannelSettingsError) as refused:
        channel.from_credentials(credentials)
    for variable in missing:
        assert variable in str(refused.value)


def test_telegram_credentials_with_a_malformed_secret_are_refused():
    with pytest.raises(ChannelSettingsError, match="TELEGRAM_SECRET_TOKEN"):
        TelegramInput.from_credentials({**TELEGRAM_CREDENTIALS, "secret_token": "no válido"})


def test_complete_telegram_credentials_build_the_channel():
    channel = TelegramInput.from_credentials(TELEGRAM_CREDENTIALS)
    assert isinstance(channel, TelegramInput)
    assert channel.secret_token == "s3cret_token-1"
    assert channel.bot_username == "certichat_bot"
    assert channel.webhook_url == TELEGRAM_CREDENTIALS["webhook_url"]
    assert channel.api.base == "https://api.telegram.org/bot123:abc"
    local = TelegramInput.from_credentials({**TELEGRAM_CREDENTIALS, "api_url": "http://127.0.0.1:9/"})
    assert local.api.base == "http://127.0.0.1:9/bot123:abc"


def test_complete_slack_credentials_build_the_channel():
    channel = SlackInput.from_credentials(SLACK_CREDENTIALS)
    assert isinstance(channel, SlackInput)
    assert channel.signing_secret == "signing"
    assert channel.only_channel is None
    assert channel.recent.redis is None  # events remembered in memory
    assert channel.api.token == "xoxb-1" and channel.api.api_url == "https://slack.com/api"
    local = SlackInput.from_credentials({**SLACK_CREDENTIALS, "slack_channel": "C1", "api_url": "http://127.0.0.1:9/"})
    assert local.only_channel == "C1" and local.api.api_url == "http://127.0.0.1:9"


def test_a_telegram_secret_with_a_trailing_line_break_is_refused():
    credentials = {"access_token": "1:x", "verify": "bot", "webhook_url": "https://x.org/w", "secret_token": "abc\n"}
    with pytest.raises(ChannelSettingsError, match="TELEGRAM_SECRET_TOKEN"):
        TelegramInput.from_credentials(credentials)
