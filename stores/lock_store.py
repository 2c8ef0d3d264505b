"""Rasa's Redis lock store with its ticket bookkeeping made atomic across processes.

RedisLockStore keeps a conversation's tickets in one Redis value that each step reads, changes and
writes back: issuing a ticket, dropping expired ones while a message waits its turn, and cleaning up.
Two processes that receive messages of one conversation at the same instant both read the same
value: both took ticket 0 and went ahead at once (tests/e2e/test_scale_out.py shows it: two
escalations, both answered "level 2"), or a waiting process wrote back a value without a ticket
another had just taken. A short Redis mutex around every read-modify-write puts them in turn.
"""

from typing import Any, Text

from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

MUTEX_SECONDS = 5  # a read-modify-write takes milliseconds; the expiry only frees a crashed holder


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    def _mutex(self, conversation_id: Text) -> Any:
        # Outside the locks' own key space: no conversation id can name a mutex.
        return self.red.lock(
            f"mutex:{self.key_prefix}{conversation_id}", timeout=MUTEX_SECONDS, blocking_timeout=MUTEX_SECONDS
        )

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: Text) -> None:
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        with self._mutex(conversation_id):
            super().cleanup(conversation_id, ticket_number)
