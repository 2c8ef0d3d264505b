"""How much one message, one sender and one client address may send: nobody describes a fault in
2,000 characters, and a script or a stuck key must not slow everyone else down.

With several Rasa processes the counts live in Redis (CERTICHAT_REDIS_URL): a sender that reconnects
to another process, or an address spreading its messages over all of them, meets the same limit.
"""

import ipaddress
import logging
import secrets
import time
from collections import deque
from typing import Any, Deque, Dict, Optional, Text, Union

import redis.asyncio as aioredis
from redis.exceptions import RedisError
from sanic.request import Request

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 2000
# One conversation may send this many messages per window; more is a script or a stuck key.
FLOOD_MAX_MESSAGES = 15
# One client address, whatever conversations it claims: an office behind one address has several
# people, a script rotating its sender id has one.
FLOOD_MAX_PER_ADDRESS = 60
FLOOD_WINDOW_SECONDS = 10.0


class FloodGuard:
    """Counts each key's recent messages in this process."""

    def __init__(self, max_messages: int = FLOOD_MAX_MESSAGES, window: float = FLOOD_WINDOW_SECONDS):
        self.max_messages, self.window = max_messages, window
        self.recent: Dict[Text, Deque[float]] = {}

    def allows(self, key: Text, now: Optional[float] = None) -> bool:
        now = time.monotonic() if now is None else now
        times = self.recent.setdefault(key, deque())
        while times and now - times[0] > self.window:
            times.popleft()
        if len(times) >= self.max_messages:
            return False
        times.append(now)
        if len(self.recent) > 100_000:  # forget idle keys rather than grow without bound
            self.recent = {k: v for k, v in self.recent.items() if v and now - v[-1] <= self.window}
        return True


# The same counting as FloodGuard, on a sorted set of message times, in one atomic step: two processes
# counting the same sender at the same instant cannot both take its last allowed message.
_COUNT_IN_REDIS = """
local key, now, window, most = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. (now - window))
if redis.call('ZCARD', key) >= most then return 0 end
redis.call('ZADD', key, now, ARGV[4])
redis.call('PEXPIRE', key, math.ceil(window * 1000))
return 1
"""


class SharedFloodGuard:
    """FloodGuard's counts kept in Redis, seen by every process. With Redis unreachable, messages are
    let through (and the failure logged): a limit must never be what silences the bot."""

    def __init__(
        self, redis: Any, name: Text, max_messages: int = FLOOD_MAX_MESSAGES, window: float = FLOOD_WINDOW_SECONDS
    ):
        self.max_messages, self.window, self.prefix = max_messages, window, f"certichat:flood:{name}:"
        self.count = redis.register_script(_COUNT_IN_REDIS)

    async def allows(self, key: Text, now: Optional[float] = None) -> bool:
        now = time.time() if now is None else now  # wall time: the processes may not share a monotonic clock
        try:
            counted = await self.count(
                keys=[self.prefix + key], args=[now, self.window, self.max_messages, secrets.token_hex(8)]
            )
        except RedisError as error:
            logger.warning("Límite de mensajes sin Redis (%s): el mensaje pasa sin contar", error)
            return True
        return bool(counted)


Guard = Union[FloodGuard, SharedFloodGuard]


def _guard(redis: Any, name: Text, max_messages: int) -> Guard:
    return SharedFloodGuard(redis, name, max_messages) if redis is not None else FloodGuard(max_messages)


async def _counted(guard: Guard, key: Text, now: Optional[float]) -> bool:
    if isinstance(guard, SharedFloodGuard):
        return await guard.allows(key, now)
    return guard.allows(key, now)


class Limits:
    """A conversation's and its client address's allowances, checked together; in Redis when given
    its URL, in this process otherwise.

    Loopback is this machine (the operator, a load test, or a proxy beside the bot that was not
    declared): only its conversations are counted, or one busy local caller would silence everyone.
    """

    def __init__(self, redis_url: Optional[Text] = None) -> None:
        redis = aioredis.from_url(redis_url) if redis_url else None  # one connection pool for both counts
        self.per_conversation = _guard(redis, "conversation", FLOOD_MAX_MESSAGES)
        self.per_address = _guard(redis, "address", FLOOD_MAX_PER_ADDRESS)

    async def allows(self, conversation: Text, address: Text, now: Optional[float] = None) -> bool:
        if not _is_loopback(address) and not await _counted(self.per_address, address, now):
            return False
        return await _counted(self.per_conversation, conversation, now)


def _is_loopback(address: Text) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def client_address(request: Request) -> Text:
    """The caller's address; the one a proxy forwarded only when the proxy is declared trusted
    (SANIC_PROXIES_COUNT, set by `certichat run` from CERTICHAT_TRUSTED_PROXIES)."""
    return request.remote_addr or request.ip or "?"
