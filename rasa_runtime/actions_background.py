"""The actions' own background work (the cases' e-mails), found by name: what changes Rasa knows the
actions only as the package rasa_sdk loads. Loads no Rasa, for the light action server."""

import importlib
from typing import Any, Callable, Coroutine

ACTIONS_PACKAGE = "actions"
BACKGROUND_WORK = "case_mail.deliver_forever"


def background_work(package: str = ACTIONS_PACKAGE) -> Callable[[], Coroutine[Any, Any, None]]:
    module, function = BACKGROUND_WORK.rsplit(".", 1)
    return getattr(importlib.import_module(f"{package}.{module}"), function)
