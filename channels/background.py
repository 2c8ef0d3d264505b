"""Work a webhook starts and does not wait for: Slack and Meta want their 200 at once, and redeliver
what they think went unanswered, so the conversation runs after the answer."""

import asyncio
from typing import Any, Awaitable, Set


class Background:
    def __init__(self) -> None:
        self.pending: Set["asyncio.Future[Any]"] = set()

    def start(self, work: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(work)
        # The loop keeps only a weak reference to a task: without this one it could vanish mid-answer.
        self.pending.add(task)
        task.add_done_callback(self.pending.discard)
