"""`certichat-server`: Rasa's own command line (`run`, `shell`, `test`…) with CertiChat's changes
to Rasa 3.6 installed first. Use it wherever you would type `rasa`."""
from rasa.core.agent import Agent

from rasa_runtime import action_response_check
from stores.conversation_store import CachingSQLTrackerStore

_wrap_tracker_store = Agent._create_tracker_store


def _create_tracker_store(store, domain):
    # Rasa's FailSafeTrackerStore would hide a database outage by forgetting the conversation;
    # CertiChat's store reports it instead (stores/conversation_store.py).
    if isinstance(store, CachingSQLTrackerStore):
        store.domain = domain
        return store
    return _wrap_tracker_store(store, domain)


def main() -> None:
    action_response_check.install()
    Agent._create_tracker_store = staticmethod(_create_tracker_store)
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
