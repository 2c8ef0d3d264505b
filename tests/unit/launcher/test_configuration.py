"""The credentials and endpoints the launcher writes, from the environment an administrator sets."""

import pytest

from channels.settings import ChannelSettingsError
from channels.socketio import SocketIOInput
from channels.telegram import TelegramInput
from launcher import credentials, endpoints
from launcher.endpoints import EndpointSettingsError

SECRET = {"CERTICHAT_SESSION_SECRET": "s" * 64}
TELEGRAM = {
    "TELEGRAM_TOKEN": "1:x",
    "TELEGRAM_BOT_USERNAME": "bot",
    "TELEGRAM_WEBHOOK_URL": "https://x.org/w",
    "TELEGRAM_SECRET_TOKEN": "s3creto",
}


def test_channels_turn_on_only_with_complete_settings():
    assert credentials.build(SECRET)[1] == ["REST", "Socket.IO (widget web)"]
    assert credentials.build({**SECRET, "SLACK_BOT_TOKEN": "x", "SLACK_SIGNING_SECRET": "y"})[1][-1] == "Slack"
    with pytest.raises(ChannelSettingsError) as error:
        credentials.build({**SECRET, "TELEGRAM_TOKEN": "1:x"})
    assert "TELEGRAM_BOT_USERNAME" in str(error.value) and "TELEGRAM_SECRET_TOKEN" in str(error.value)


def test_each_channel_gets_the_settings_it_declares_under_its_own_class_name():
    built, names = credentials.build({**SECRET, **TELEGRAM, "TELEGRAM_API_URL": "http://127.0.0.1:9"})
    assert names[-1] == "Telegram"
    assert built[credentials.credentials_key(TelegramInput)] == {
        "access_token": "1:x",
        "verify": "bot",
        "webhook_url": "https://x.org/w",
        "secret_token": "s3creto",
        "api_url": "http://127.0.0.1:9",
    }
    TelegramInput.from_credentials(built[credentials.credentials_key(TelegramInput)])  # the channel accepts them


def test_a_telegram_secret_telegram_would_refuse_is_refused_before_start():
    with pytest.raises(ChannelSettingsError, match="TELEGRAM_SECRET_TOKEN"):
        credentials.build({**SECRET, **TELEGRAM, "TELEGRAM_SECRET_TOKEN": "con espacios"})


def test_slack_shares_the_redis_of_the_lock_store_when_there_is_one():
    built, _ = credentials.build(
        {
            **SECRET,
            "SLACK_BOT_TOKEN": "x",
            "SLACK_SIGNING_SECRET": "y",
            "CERTICHAT_REDIS_URL": "redis://127.0.0.1:6379/1",
        }
    )
    assert built["channels.slack.SlackInput"]["redis_url"] == "redis://127.0.0.1:6379/1"


def test_without_the_widget_there_is_no_socketio_channel():
    built, names = credentials.build({}, widget=False)
    assert credentials.credentials_key(SocketIOInput) not in built and names == ["REST"]
    assert credentials.credentials_key(SocketIOInput) in credentials.build(SECRET)[0]


def test_endpoints_default_to_sqlite_where_told(tmp_path):
    built, where = endpoints.build({}, action_port=5999, conversations_db=tmp_path / "c.db")
    assert built["action_endpoint"]["url"] == "http://127.0.0.1:5999/webhook"
    assert built["tracker_store"]["db"] == str(tmp_path / "c.db") and "lock_store" not in built
    assert "SQLite" in where[0]


def test_endpoints_for_several_processes_share_postgresql_and_redis():
    built, where = endpoints.build(
        {
            "CERTICHAT_DATABASE_URL": "postgresql://ana:cl%40ve@db:5433/certichat",
            "CERTICHAT_REDIS_URL": "redis://cache:6380/2",
        }
    )
    assert built["tracker_store"] == {
        "type": "stores.conversation_store.CachingSQLTrackerStore",
        "dialect": "postgresql",
        "url": "db",
        "port": 5433,
        "db": "certichat",
        "username": "ana",
        "login_db": "postgres",
        "password": "cl@ve",
    }
    assert built["lock_store"]["type"] == "stores.lock_store.AtomicRedisLockStore"
    assert (built["lock_store"]["url"], built["lock_store"]["port"], built["lock_store"]["db"]) == ("cache", 6380, 2)
    assert "PostgreSQL" in where[0] and "Redis" in where[1]


@pytest.mark.parametrize(
    "variable, value", [("CERTICHAT_DATABASE_URL", "mysql://db/x"), ("CERTICHAT_REDIS_URL", "http://cache")]
)
def test_a_malformed_store_address_is_refused_with_the_expected_form(variable, value):
    with pytest.raises(EndpointSettingsError, match=variable):
        endpoints.build({variable: value})


def test_the_rest_token_and_the_allowed_origins_reach_their_channels():
    built, _ = credentials.build(
        {**SECRET, "CERTICHAT_REST_TOKEN": "t0k3n", "CERTICHAT_ALLOWED_ORIGINS": "https://soporte.example.co"}
    )
    assert built["channels.rest.RestInput"] == {"token": "t0k3n"}
    assert built["channels.socketio.SocketIOInput"]["allowed_origins"] == "https://soporte.example.co"


def test_the_generated_files_and_the_session_secret_are_readable_by_their_owner_only(tmp_path):
    from launcher.stack import CertiChat

    bot = CertiChat(tmp_path, {"CERTICHAT_REST_TOKEN": "t0k3n", "CERTICHAT_DATABASE_URL": "postgresql://a:clave@db/x"})
    bot.configure()
    written = ["credentials.yml", "credentials-without-widget.yml", "endpoints.yml", "session-secret"]
    assert {name: (tmp_path / name).stat().st_mode & 0o777 for name in written} == dict.fromkeys(written, 0o600)
    again = CertiChat(tmp_path, {})
    assert again.environment["CERTICHAT_SESSION_SECRET"] == bot.environment["CERTICHAT_SESSION_SECRET"]


def test_actions_run_inside_rasa_unless_the_action_server_is_asked_for(tmp_path):
    import yaml

    from launcher.stack import CertiChat

    default = CertiChat(tmp_path / "a", {})
    default.configure()
    written = yaml.safe_load((tmp_path / "a" / "endpoints.yml").read_text())
    assert written["action_endpoint"] == {"type": "certichat.in_process"}
    assert "Acciones: en cada proceso de Rasa" in default.summary

    server = CertiChat(tmp_path / "b", {"CERTICHAT_ACTIONS": "server"}, action_port=5999)
    server.configure()
    written = yaml.safe_load((tmp_path / "b" / "endpoints.yml").read_text())
    assert written["action_endpoint"] == {"url": "http://127.0.0.1:5999/webhook"}

    with pytest.raises(EndpointSettingsError, match="CERTICHAT_ACTIONS"):
        CertiChat(tmp_path / "c", {"CERTICHAT_ACTIONS": "remoto"}).configure()


def test_rasa_listens_where_the_administrator_says_and_on_every_interface_by_default(tmp_path):
    from launcher.stack import rasa_server_command

    default = rasa_server_command(5005, tmp_path / "c.yml", tmp_path / "e.yml", [])
    assert default[default.index("--interface") + 1] == "0.0.0.0"
    behind_a_proxy = rasa_server_command(5005, tmp_path / "c.yml", tmp_path / "e.yml", [], interface="127.0.0.1")
    assert behind_a_proxy[behind_a_proxy.index("--interface") + 1] == "127.0.0.1"


def test_a_plain_rasa_run_reads_a_channel_setting_from_its_variable(monkeypatch):
    # credentials.yml leaves the widget's secret out (it is generated): the variable fills it in.
    monkeypatch.setenv("CERTICHAT_SESSION_SECRET", "secreto-de-la-prueba")
    channel = SocketIOInput.from_credentials({"user_message_evt": "user_uttered"})
    assert channel.secret == "secreto-de-la-prueba"
