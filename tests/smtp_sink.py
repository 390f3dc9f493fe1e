"""A real SMTP server for the tests (aiosmtpd), recording every message it accepts."""

from __future__ import annotations

import asyncio
import email
import logging
import socket
import threading
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Sink:
    messages: list[tuple[str, list[str], str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    host: str = "127.0.0.1"
    port: int = 0
    hold_at: int | None = (
        None  # stop answering at this recipient until released: a client killed while waiting
    )
    # take the message of this number, then stop before answering "250" until released: a client killed after the
    # server has the message and before it heard so
    hold_after_data_at: int | None = None
    held: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)
    recipients_seen: int = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.recipients_seen += 1
        if self.hold_at is not None and self.recipients_seen == self.hold_at:
            self.held.set()
            while not self.released.is_set():
                await asyncio.sleep(0.02)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            self.messages.append((message["Message-ID"], list(envelope.rcpt_tos), message["Subject"] or ""))
            taken = len(self.messages)
        if self.hold_after_data_at is not None and taken == self.hold_after_data_at:
            self.held.set()
            while not self.released.is_set():
                await asyncio.sleep(0.02)
        return "250 Message accepted for delivery"

    def count(self) -> int:
        with self.lock:
            return len(self.messages)

    def recipients(self) -> list[str]:
        """The envelope recipients of every message taken, one entry per message and recipient."""
        with self.lock:
            return [address for _id, to, _subject in self.messages for address in to]

    def message_ids(self) -> list[str]:
        with self.lock:
            return [message_id for message_id, _to, _subject in self.messages]


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on now, for a server of the tests (this sink, a proxy, the web process)."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_sink():
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO
    sink = Sink(port=free_port())
    controller = Controller(sink, hostname=sink.host, port=sink.port)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()
