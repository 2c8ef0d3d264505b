"""The Rasa credentials file: credentials.yml (REST and the widget's Socket.IO), plus every messaging
channel whose settings are set in the environment, as each channel declares them."""

from pathlib import Path
from typing import Dict, List, Mapping, Tuple, Type

import yaml
from rasa.core.channels.channel import InputChannel

from channels import settings
from channels.rest import RestInput
from channels.slack import SlackInput
from channels.socketio import SocketIOInput
from channels.telegram import TelegramInput
from channels.whatsapp import WhatsAppInput

BASE = Path(__file__).resolve().parent.parent / "credentials.yml"
MESSAGING_CHANNELS: Tuple[Type[InputChannel], ...] = (TelegramInput, SlackInput, WhatsAppInput)
# Always on (credentials.yml); the environment only adds their settings.
BASE_CHANNELS: Tuple[Type[InputChannel], ...] = (RestInput, SocketIOInput)
ChannelSettingsError = settings.ChannelSettingsError


def credentials_key(channel: Type[InputChannel]) -> str:
    """How credentials.yml names a channel class: its import path."""
    return f"{channel.__module__}.{channel.__qualname__}"


def build(environment: Mapping[str, str], widget: bool = True) -> Tuple[Dict, List[str]]:
    """The credentials and the names of the channels turned on; without the widget, no Socket.IO."""
    credentials = yaml.safe_load(BASE.read_text(encoding="utf-8")) or {}
    if not widget:
        del credentials[credentials_key(SocketIOInput)]
    for channel in BASE_CHANNELS:
        if credentials_key(channel) in credentials:
            given = {
                s.key: environment[s.variable].strip()
                for s in channel.SETTINGS
                if environment.get(s.variable, "").strip()
            }
            values = {**(credentials[credentials_key(channel)] or {}), **given}
            credentials[credentials_key(channel)] = settings.checked(channel.TITLE, channel.SETTINGS, values)
    names = [channel.TITLE for channel in BASE_CHANNELS if credentials_key(channel) in credentials]
    for channel in MESSAGING_CHANNELS:
        configured = settings.from_environment(channel.TITLE, channel.SETTINGS, environment)
        if configured is not None:
            credentials[credentials_key(channel)] = configured
            names.append(channel.TITLE)
    return credentials, names
