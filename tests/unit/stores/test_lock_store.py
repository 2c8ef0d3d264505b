"""AtomicRedisLockStore (stores/lock_store.py) against the machine's Redis (db 9, a key prefix per test).

Under test: the bug the class fixes. Rasa's RedisLockStore issues a ticket by read-modify-write of
the conversation's lock, so two servers receiving messages of one conversation at once could both
get the same ticket and handle both messages together. Here many threads (each with its own
connection, as separate processes would have) ask at once; every ticket must be distinct. And a
finished ticket must be cleaned up, or the next message would wait for it until it expires.
"""

import threading
import uuid

import pytest
from rasa.utils.endpoints import EndpointConfig

from stores.lock_store import AtomicRedisLockStore
from tests import services

THREADS = 24


@pytest.fixture
def endpoint():
    services.require("Redis")
    prefix = "certichattest" + uuid.uuid4().hex[:12]  # alphanumeric, or Rasa ignores it
    config = EndpointConfig(url="127.0.0.1", port=6379, db=9, key_prefix=prefix)
    yield config
    cleaner = AtomicRedisLockStore(config)
    for pattern in (f"{prefix}:*", f"mutex:{prefix}:*"):
        for key in cleaner.red.scan_iter(pattern):
            cleaner.red.delete(key)


def test_concurrent_tickets_for_one_conversation_are_all_distinct(endpoint):
    stores = [AtomicRedisLockStore(endpoint) for _ in range(THREADS)]
    assert stores[0].key_prefix.startswith(endpoint.kwargs["key_prefix"])
    tickets, start = [], threading.Barrier(THREADS)

    def ask(store):
        start.wait()
        tickets.append(store.issue_ticket("ana"))

    threads = [threading.Thread(target=ask, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(tickets) == list(range(THREADS))
    lock = stores[0].get_lock("ana")
    assert sorted(ticket.number for ticket in lock.tickets) == list(range(THREADS))


def test_cleanup_removes_the_ticket_and_the_lock_once_nobody_waits(endpoint):
    store = AtomicRedisLockStore(endpoint)
    first, second = store.issue_ticket("ana"), store.issue_ticket("ana")
    assert store.get_lock("ana").now_serving == first

    store.cleanup("ana", first)
    lock = store.get_lock("ana")
    assert [ticket.number for ticket in lock.tickets] == [second]
    assert not lock.is_locked(second)

    store.cleanup("ana", second)
    assert store.get_lock("ana") is None
    assert not list(store.red.scan_iter(f"{store.key_prefix}ana*"))
    assert not list(store.red.scan_iter(f"mutex:{store.key_prefix}ana*"))  # no mutex left behind either


def test_a_conversation_id_cannot_name_another_conversations_mutex(endpoint):
    """A sender who calls itself "ana:mutex" must not share a key with the mutex of "ana"."""
    store = AtomicRedisLockStore(endpoint)
    assert store._mutex("ana").name != f"{store.key_prefix}ana:mutex"
    assert store.issue_ticket("ana:mutex") == 0 and store.issue_ticket("ana") == 0
    for conversation in ("ana:mutex", "ana"):
        store.cleanup(conversation, 0)


def test_dropping_expired_tickets_does_not_lose_a_ticket_issued_meanwhile(endpoint):
    """A waiting process drops expired tickets (update_lock) while another takes a ticket: both happen."""
    stores = [AtomicRedisLockStore(endpoint) for _ in range(THREADS)]
    stores[0].issue_ticket("ana")
    start, tickets = threading.Barrier(THREADS), []

    def work(index, store):
        start.wait()
        if index % 2:
            store.update_lock("ana")
        else:
            tickets.append(store.issue_ticket("ana"))

    threads = [threading.Thread(target=work, args=pair) for pair in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    kept = sorted(ticket.number for ticket in stores[0].get_lock("ana").tickets)
    assert kept == [0, *sorted(tickets)] and len(set(tickets)) == THREADS // 2
