"""Rasa's Redis lock store with its ticket bookkeeping made atomic across processes.

RedisLockStore issues a ticket by reading the conversation's lock from Redis, adding a ticket and
writing the lock back. Two processes that receive messages of one conversation at the same instant
both read the empty lock, both take ticket 0 and both go ahead: the messages are handled at once and
each answer is computed without the other (tests/test_scale_out.py shows it: two escalations, both
answered "level 2"). A short Redis mutex around each read-modify-write puts them one after the other.
"""
from typing import Text

from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

MUTEX_SECONDS = 5  # a read-modify-write takes milliseconds; the expiry only frees a crashed holder


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    def _mutex(self, conversation_id: Text):
        return self.red.lock(f"{self.key_prefix}{conversation_id}:mutex", timeout=MUTEX_SECONDS,
                             blocking_timeout=MUTEX_SECONDS)

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        with self._mutex(conversation_id):
            super().cleanup(conversation_id, ticket_number)
