"""channels/limits.py: the flood guard's counting, per conversation and per client address, in this
process and, for several processes, in the machine's Redis."""

import asyncio
import uuid

import pytest

from channels.limits import (
    FLOOD_MAX_MESSAGES,
    FLOOD_MAX_PER_ADDRESS,
    FLOOD_WINDOW_SECONDS,
    FloodGuard,
    Limits,
)
from tests import services

REDIS_URL = "redis://127.0.0.1:6379/1"

# --- FloodGuard -------------------------------------------------------------------------------


def test_a_sender_may_send_the_maximum_within_the_window_but_not_one_more():
    guard = FloodGuard()
    assert all(guard.allows("ana", now=100.0 + i * 0.1) for i in range(FLOOD_MAX_MESSAGES))
    assert not guard.allows("ana", now=100.0 + FLOOD_MAX_MESSAGES * 0.1)
    assert not guard.allows("ana", now=100.0 + FLOOD_WINDOW_SECONDS - 0.5)


def test_a_refused_sender_is_allowed_again_once_the_window_has_passed():
    guard = FloodGuard()
    for _ in range(FLOOD_MAX_MESSAGES):
        assert guard.allows("ana", now=100.0)
    assert not guard.allows("ana", now=101.0)
    # Refused attempts do not count: the ban does not stretch while the person keeps trying.
    assert not guard.allows("ana", now=105.0)
    assert guard.allows("ana", now=100.0 + FLOOD_WINDOW_SECONDS + 0.01)


def test_messages_spread_over_time_are_never_refused():
    guard = FloodGuard()
    step = FLOOD_WINDOW_SECONDS / FLOOD_MAX_MESSAGES * 1.1
    assert all(guard.allows("ana", now=i * step) for i in range(FLOOD_MAX_MESSAGES * 4))


def test_senders_are_counted_independently():
    guard = FloodGuard()
    for _ in range(FLOOD_MAX_MESSAGES):
        guard.allows("ana", now=100.0)
    assert not guard.allows("ana", now=100.5)
    assert guard.allows("beto", now=100.5)
    assert all(guard.allows("carla", now=100.5) for _ in range(FLOOD_MAX_MESSAGES))
    assert not guard.allows("carla", now=100.5)


def test_the_limits_can_be_chosen():
    guard = FloodGuard(max_messages=2, window=1.0)
    assert guard.allows("ana", 0.0) and guard.allows("ana", 0.5)
    assert not guard.allows("ana", 0.9)
    assert guard.allows("ana", 1.01)  # the first one has left the window


@pytest.fixture
def allowed():
    """What a Limits answers to each (conversation, address, now), in order; on one event loop for the
    whole test, as in a process (a Redis connection belongs to the loop that opened it)."""
    loop = asyncio.new_event_loop()

    def answers(limits, messages):
        async def each():
            return [await limits.allows(*message) for message in messages]

        return loop.run_until_complete(each())

    yield answers
    loop.close()


@pytest.fixture(params=["in this process", "in Redis"])
def make_limits(request):
    """A Limits of each kind; the Redis ones under a fresh name, so that runs do not share counts."""
    if request.param == "in this process":
        return Limits
    services.require("Redis")

    def shared():
        limits = Limits(REDIS_URL)
        run = uuid.uuid4().hex
        for guard in (limits.per_conversation, limits.per_address):
            guard.prefix += f"{run}:"
        return limits

    return shared


def test_an_address_rotating_its_conversations_is_stopped_by_the_address_limit(make_limits, allowed):
    limits = make_limits()
    messages = [(f"rest:script-{n}", "203.0.113.7", 100.0) for n in range(FLOOD_MAX_PER_ADDRESS + 5)]
    assert allowed(limits, messages) == [True] * FLOOD_MAX_PER_ADDRESS + [False] * 5
    # Another address is still served.
    assert allowed(limits, [("rest:otra-persona", "198.51.100.2", 100.0)]) == [True]


def test_a_flooding_conversation_is_slowed_down_and_served_again_after_the_window(make_limits, allowed):
    limits = make_limits()
    messages = [("socketio:ana", "203.0.113.7", 100.0 + n * 0.1) for n in range(FLOOD_MAX_MESSAGES + 1)]
    assert allowed(limits, messages) == [True] * FLOOD_MAX_MESSAGES + [False]
    later = 100.0 + (FLOOD_MAX_MESSAGES - 1) * 0.1 + FLOOD_WINDOW_SECONDS + 0.01
    assert allowed(limits, [("socketio:ana", "203.0.113.7", later)]) == [True]


def test_this_machine_is_not_counted_by_address_only_by_conversation(make_limits, allowed):
    limits = make_limits()
    messages = [(f"rest:carga-{n}", "127.0.0.1", 100.0) for n in range(FLOOD_MAX_PER_ADDRESS + 5)]
    assert all(allowed(limits, messages))


def test_two_processes_sharing_redis_count_one_conversation_together(allowed):
    """A widget session reconnected to another process, or a script spreading its messages over all of
    them, meets the same limit: two Limits on one Redis are two processes."""
    services.require("Redis")
    run = uuid.uuid4().hex
    first, second = Limits(REDIS_URL), Limits(REDIS_URL)
    for limits in (first, second):
        for guard in (limits.per_conversation, limits.per_address):
            guard.prefix += f"{run}:"
    half = FLOOD_MAX_MESSAGES // 2
    assert all(allowed(first, [("socketio:ana", "203.0.113.7", 100.0)] * half))
    rest = FLOOD_MAX_MESSAGES - half
    assert allowed(second, [("socketio:ana", "203.0.113.7", 100.5)] * (rest + 1)) == [True] * rest + [False]


def test_with_redis_unreachable_messages_pass_rather_than_silence_the_bot(allowed):
    limits = Limits("redis://127.0.0.1:1/0")
    assert all(allowed(limits, [("socketio:ana", "203.0.113.7", 100.0)] * (FLOOD_MAX_MESSAGES + 3)))
