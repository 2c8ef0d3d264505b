"""CertiChat's changes to Rasa's own code, applied once per process after the compatibility check.

The conversation store (stores/conversation_store.py) applies them when Rasa creates it from the
project's endpoints, which happens before Rasa builds its agent: so `certichat run`, and also a plain
`rasa run` or `rasa shell` with the project's endpoints, get the same fixes.
"""

from typing import Any

from rasa.core.agent import Agent

from rasa_runtime import action_response_check, compatibility, graph_runner, in_process_actions, per_message_overhead

_installed = False


def _create_tracker_store(store: Any, domain: Any) -> Any:
    # Rasa's FailSafeTrackerStore would hide a database outage by forgetting the conversation;
    # a store that reports outages itself is used as it is.
    if getattr(store, "REPORTS_OUTAGES", False):
        store.domain = domain
        return store
    return _wrap_in_fail_safe(store, domain)


_wrap_in_fail_safe = Agent._create_tracker_store


def install() -> None:
    global _installed
    if _installed:
        return
    compatibility.check()
    action_response_check.install()
    graph_runner.install()
    in_process_actions.install()
    per_message_overhead.install()
    Agent._create_tracker_store = staticmethod(_create_tracker_store)
    _installed = True


def installed() -> bool:
    return _installed
