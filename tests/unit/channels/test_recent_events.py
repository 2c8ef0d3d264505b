"""channels/recent_events.py without Redis: a delivery is new once; its retries are not."""

import asyncio

from channels.recent_events import RecentEvents


def test_an_event_is_new_once_and_its_retries_are_not():
    recent = RecentEvents("slack")

    async def seen():
        return [await recent.first_time(event) for event in ("Ev1", "Ev1", "Ev2", "Ev1", "Ev2")]

    assert asyncio.run(seen()) == [True, False, True, False, False]


def test_remembered_events_are_bounded_oldest_forgotten_first():
    recent = RecentEvents("telegram", remembered=3)

    async def run():
        assert [await recent.first_time(f"{n}") for n in range(1, 6)] == [True] * 5
        assert list(recent.handled) == ["3", "4", "5"]
        assert not await recent.first_time("5")  # recent ones are still remembered
        assert await recent.first_time("1")  # the oldest were forgotten
        assert len(recent.handled) == 3

    asyncio.run(run())


def test_each_channel_remembers_its_own_events():
    one, other = RecentEvents("slack"), RecentEvents("slack")
    assert asyncio.run(one.first_time("Ev1"))
    assert asyncio.run(other.first_time("Ev1"))
