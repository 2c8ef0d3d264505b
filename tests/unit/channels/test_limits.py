"""channels/limits.py: the flood guard's counting, per conversation and per client address."""

from channels.limits import FLOOD_MAX_MESSAGES, FLOOD_MAX_PER_ADDRESS, FLOOD_WINDOW_SECONDS, FloodGuard, Limits

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


def test_an_address_rotating_its_conversations_is_stopped_by_the_address_limit():
    limits = Limits()
    allowed = [limits.allows(f"rest:script-{n}", "203.0.113.7", now=100.0) for n in range(FLOOD_MAX_PER_ADDRESS + 5)]
    assert allowed == [True] * FLOOD_MAX_PER_ADDRESS + [False] * 5
    assert limits.allows("rest:otra-persona", "198.51.100.2", now=100.0)  # another address is still served
