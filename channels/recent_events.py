"""Deliveries already handled, so that a platform's retry is acknowledged and not answered twice.

Slack retries an event it thinks went unanswered, Telegram redelivers an update after a slow or
failed webhook call. With several Rasa processes a retry may reach another process: then the
handled ids live in Redis, where every process sees them.
"""

import time
from collections import OrderedDict
from typing import Optional, Text

import redis.asyncio as aioredis

REMEMBERED = 10_000
REMEMBER_SECONDS = 3600  # both platforms stop retrying long before


class RecentEvents:
    def __init__(self, namespace: Text, redis_url: Optional[Text] = None, remembered: int = REMEMBERED):
        self.namespace, self.remembered = namespace, remembered
        self.handled: "OrderedDict[Text, float]" = OrderedDict()
        self.redis = aioredis.from_url(redis_url) if redis_url else None

    async def first_time(self, key: Text) -> bool:
        """True the first time a delivery is seen; its retries get False."""
        if self.redis is not None:
            return bool(await self.redis.set(f"certichat:{self.namespace}:{key}", 1, nx=True, ex=REMEMBER_SECONDS))
        if key in self.handled:
            return False
        self.handled[key] = time.time()
        while len(self.handled) > self.remembered:
            self.handled.popitem(last=False)
        return True
