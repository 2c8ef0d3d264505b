"""Writes the Rasa credentials file: credentials.yml (REST and Socket.IO) plus every messaging channel
whose settings are complete in the environment.

    python -m launcher.credentials run/credentials.yml
"""
import re
import sys
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

import yaml

from launcher.generated_file import write_from_environment

BASE = Path(__file__).resolve().parent.parent / "credentials.yml"

# channel: (credentials key in Rasa, {setting: environment variable}, optional settings)
CHANNELS = {
    "Telegram": ("channels.telegram.TelegramInput",
                 {"access_token": "TELEGRAM_TOKEN", "verify": "TELEGRAM_BOT_USERNAME",
                  "webhook_url": "TELEGRAM_WEBHOOK_URL", "secret_token": "TELEGRAM_SECRET_TOKEN"},
                 {"api_url": "TELEGRAM_API_URL"}),
    "Slack": ("channels.slack.SlackInput",
              {"slack_token": "SLACK_BOT_TOKEN", "slack_signing_secret": "SLACK_SIGNING_SECRET"},
              {"slack_channel": "SLACK_CHANNEL", "api_url": "SLACK_API_URL"}),
}
# Telegram accepts 1-256 characters of these in a secret_token.
TELEGRAM_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class ChannelSettingsError(Exception):
    pass


def complete_settings(channel: str, credentials: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """A channel's credentials as Rasa hands them to it; ValueError naming any required setting missing."""
    credentials = credentials or {}
    missing = [setting for setting in CHANNELS[channel][1] if not credentials.get(setting)]
    if missing:
        raise ValueError(f"{channel} channel: missing settings {', '.join(missing)}")
    return credentials


def build(environment: Mapping[str, str]) -> Tuple[Dict, List[str]]:
    """The credentials and the names of the channels turned on."""
    credentials = yaml.safe_load(BASE.read_text(encoding="utf-8")) or {}
    names = ["REST", "Socket.IO (widget web)"]
    for name, (key, required, optional) in CHANNELS.items():
        present = {setting: environment.get(variable, "").strip() for setting, variable in required.items()}
        if not any(present.values()):
            continue
        missing = [required[setting] for setting, value in present.items() if not value]
        if missing:
            raise ChannelSettingsError(f"{name}: faltan las variables {', '.join(missing)}")
        if name == "Telegram" and not TELEGRAM_SECRET.match(present["secret_token"]):
            raise ChannelSettingsError("Telegram: TELEGRAM_SECRET_TOKEN admite solo letras, números, _ y - (1 a 256)")
        present.update({s: environment[v].strip() for s, v in optional.items() if environment.get(v, "").strip()})
        if name == "Slack" and environment.get("CERTICHAT_REDIS_URL"):
            present["redis_url"] = environment["CERTICHAT_REDIS_URL"]  # shared memory of handled events
        credentials[key] = present
        names.append(name)
    return credentials, names


def main(argv: List[str]) -> int:
    return write_from_environment(argv, "launcher.credentials", build, ChannelSettingsError, "Canales activos")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
