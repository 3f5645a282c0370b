"""A local SMTP server that keeps nothing but when each recipient got a mail.

The benchmark points the app's MAIL_URL at it, as production points it at a mail server: the
request only queues the mail, and `flask worker` composes and sends it. The delay from a
registration to its mail is then (arrival here) − (the POST's answer).
"""

from __future__ import annotations

import threading
import time

from aiosmtpd.controller import Controller


class _Handler:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.arrivals: dict[str, list[float]] = {}

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        now = time.time()
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.arrivals.setdefault(recipient.lower(), []).append(now)
        return "250 OK"


class MailSink:
    def __init__(self, port: int) -> None:
        self.handler = _Handler()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=port)
        self.port = port

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> MailSink:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def first_arrival(self, recipient: str) -> float | None:
        with self.handler.lock:
            times = self.handler.arrivals.get(recipient.lower())
            return min(times) if times else None

    def count(self) -> int:
        with self.handler.lock:
            return sum(len(v) for v in self.handler.arrivals.values())
