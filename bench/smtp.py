"""A local SMTP sink for the fan-out benchmark, in separate processes sharing one port (SO_REUSEPORT: the kernel
spreads the connections), so that the sink is not what is being measured.

It is a sink in the sense of Postfix's ``smtp-sink``: it speaks just enough ESMTP for a client (greeting, EHLO,
MAIL, RCPT, DATA with dot-termination, RSET, NOOP, QUIT; PIPELINING announced), accepts every message and counts
it, and keeps nothing. aiosmtpd (what the tests use, as a real server that records what it receives) parses and
logs every command through several coroutines; on this two-core machine, where the sink shares the cores with the
workers, PostgreSQL and Redis, it cost more CPU per message than the sending itself — a benchmark of aiosmtpd
rather than of the fan-out. The plain-loop baseline (``fanout_vs_raw_smtp``) is sent to the same sink."""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from tests.smtp_sink import free_port

END_OF_DATA = b"\r\n.\r\n"


class SinkProtocol(asyncio.Protocol):
    """One SMTP session: replies to each command line; after DATA, reads up to the lone dot and counts a message."""

    def __init__(self, accepted) -> None:
        self.accepted, self.buffer, self.in_data = accepted, b"", False

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(b"220 bench sink ESMTP\r\n")

    def data_received(self, chunk: bytes) -> None:
        self.buffer += chunk
        replies = []
        while True:
            if self.in_data:
                end = self.buffer.find(END_OF_DATA)
                if end < 0:
                    break
                self.buffer, self.in_data = self.buffer[end + len(END_OF_DATA) :], False
                self.accepted.value += 1  # one process writes its own counter: no lock needed
                replies.append(b"250 2.0.0 queued\r\n")
                continue
            line, found, rest = self.buffer.partition(b"\r\n")
            if not found:
                break
            self.buffer, verb = rest, line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                replies.append(b"250-bench sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
            elif verb == b"DATA":
                # The terminator is CRLF . CRLF; the CRLF before it may be the one that ended this command line.
                self.buffer, self.in_data = b"\r\n" + self.buffer, True
                replies.append(b"354 end with <CRLF>.<CRLF>\r\n")
            elif verb == b"QUIT":
                self.transport.write(b"".join(replies) + b"221 bye\r\n")
                self.transport.close()
                return
            else:  # MAIL, RCPT, RSET, NOOP: all accepted
                replies.append(b"250 OK\r\n")
        if replies:
            self.transport.write(b"".join(replies))


def _serve(port: int, accepted, ready) -> None:
    async def main() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            lambda: SinkProtocol(accepted), host="127.0.0.1", port=port, reuse_port=True
        )
        ready.set()
        async with server:
            await server.serve_forever()

    asyncio.run(main())


@dataclass
class Sink:
    host: str
    port: int
    counters: list

    @property
    def count(self) -> int:
        return sum(counter.value for counter in self.counters)


@contextmanager
def sink(processes: int = 2) -> Iterator[Sink]:
    port = free_port()
    context = multiprocessing.get_context("spawn")
    counters = [context.Value("q", 0, lock=False) for _ in range(processes)]
    servers = []
    for accepted in counters:
        ready = context.Event()
        server = context.Process(target=_serve, args=(port, accepted, ready), daemon=True)
        server.start()
        ready.wait(30)
        servers.append(server)
    try:
        yield Sink("127.0.0.1", port, counters)
    finally:
        for server in servers:
            server.terminate()
            server.join(10)
