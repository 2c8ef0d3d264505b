"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps every message it accepts; it can be stopped
and started again on the same port, as a mail server that goes down would."""

import email
import email.policy
import threading
import time
from email.message import EmailMessage
from typing import Callable, List

from aiosmtpd.controller import Controller

from launcher.processes import free_port


class MailServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.messages: List[EmailMessage] = []
        self.lock = threading.Lock()
        self.controller = None
        self.start()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        parsed["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        with self.lock:
            self.messages.append(parsed)
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    def matching(self, where: Callable[[EmailMessage], bool]) -> List[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if where(m)]

    def wait_for(
        self, where: Callable[[EmailMessage], bool], count: int = 1, timeout: float = 30
    ) -> List[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.matching(where)
            if len(found) >= count:
                return found
            time.sleep(0.2)
        raise AssertionError(f"expected {count} e-mail(s), got {len(self.matching(where))}")
