"""What a messaging channel needs to be turned on, declared by the channel itself.

Each channel lists its settings: the key Rasa hands it from the credentials file, the environment
variable an administrator sets, whether it is required and, where the other end is strict about it,
the form the value must have. The credentials generator only reads these declarations, and the
channel checks the same ones when Rasa creates it, so a half-configured channel is refused with the
name of the variable to set, never half-started.
"""

import os
import re
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional, Pattern, Sequence


class ChannelSettingsError(ValueError):
    """A channel's settings are incomplete or malformed; the message names the variables."""


@dataclass(frozen=True)
class Setting:
    key: str
    variable: str
    required: bool = True
    pattern: Optional[Pattern[str]] = None
    # What the pattern allows, for the administrator who got it wrong.
    allowed: str = ""


def from_environment(
    channel: str, settings: Sequence[Setting], environment: Mapping[str, str]
) -> Optional[Dict[str, str]]:
    """The channel's credentials from the environment, None when none of its required variables is set."""
    values = {s.key: environment.get(s.variable, "").strip() for s in settings}
    if not any(values[s.key] for s in settings if s.required):
        return None
    present = {key: value for key, value in values.items() if value}
    checked(channel, settings, present)
    return present


def checked(
    channel: str,
    settings: Sequence[Setting],
    credentials: Optional[Mapping[str, Any]],
    environment: Mapping[str, str] = os.environ,
) -> Dict[str, Any]:
    """The credentials as given, once every required setting is there and every value has its form. A
    setting the credentials file leaves out is read from its variable: a plain `rasa run` from the project
    root opens the widget's channel with CERTICHAT_SESSION_SECRET set, as `certichat run` does."""
    credentials = {
        **{s.key: environment[s.variable].strip() for s in settings if environment.get(s.variable, "").strip()},
        **{key: value for key, value in (credentials or {}).items() if value not in (None, "")},
    }
    missing = [s.variable for s in settings if s.required and not credentials.get(s.key)]
    if missing:
        raise ChannelSettingsError(f"{channel}: faltan las variables {', '.join(missing)}")
    for setting in settings:
        value = credentials.get(setting.key)
        if value and setting.pattern and not setting.pattern.fullmatch(str(value)):
            raise ChannelSettingsError(f"{channel}: {setting.variable} admite {setting.allowed}")
    return credentials


def secret_pattern(longest: int) -> Pattern[str]:
    return re.compile(rf"[A-Za-z0-9_-]{{1,{longest}}}")
