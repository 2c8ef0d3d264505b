"""How much one message, one sender and one client address may send: nobody describes a fault in
2,000 characters, and a script or a stuck key must not slow everyone else down."""

import ipaddress
import time
from collections import deque
from typing import Deque, Dict, Optional, Text

from sanic.request import Request

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


class Limits:
    """A conversation's and its client address's allowances, checked together.

    Loopback is this machine (the operator, a load test, or a proxy beside the bot that was not
    declared): only its conversations are counted, or one busy local caller would silence everyone.
    """

    def __init__(self) -> None:
        self.per_conversation = FloodGuard()
        self.per_address = FloodGuard(FLOOD_MAX_PER_ADDRESS)

    def allows(self, conversation: Text, address: Text, now: Optional[float] = None) -> bool:
        if not _is_loopback(address) and not self.per_address.allows(address, now):
            return False
        return self.per_conversation.allows(conversation, now)


def _is_loopback(address: Text) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def client_address(request: Request) -> Text:
    """The caller's address; the one a proxy forwarded only when the proxy is declared trusted
    (SANIC_PROXIES_COUNT, set by `certichat run` from CERTICHAT_TRUSTED_PROXIES)."""
    return request.remote_addr or request.ip or "?"
