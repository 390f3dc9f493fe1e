"""A local SMTP server for the fan-out benchmark: aiosmtpd in separate processes sharing one port
(SO_REUSEPORT, the kernel spreads the connections), so that the sink is not what is being measured."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from aiosmtpd.smtp import SMTP

from tests.smtp_sink import free_port


class _Handler:
    def __init__(self, accepted) -> None:
        self.accepted = accepted

    async def handle_DATA(self, server, session, envelope):
        with self.accepted.get_lock():
            self.accepted.value += 1
        return "250 OK"


def _serve(port: int, accepted, ready) -> None:
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command at INFO

    async def main() -> None:
        loop = asyncio.get_running_loop()
        handler = _Handler(accepted)
        server = await loop.create_server(lambda: SMTP(handler), host="127.0.0.1", port=port, reuse_port=True)
        ready.set()
        async with server:
            await server.serve_forever()

    asyncio.run(main())


@dataclass
class Sink:
    host: str
    port: int
    accepted: object

    @property
    def count(self) -> int:
        return self.accepted.value


@contextmanager
def sink(processes: int = 2) -> Iterator[Sink]:
    port = free_port()
    context = multiprocessing.get_context("spawn")
    accepted = context.Value("q", 0)
    servers = []
    for _ in range(processes):
        ready = context.Event()
        server = context.Process(target=_serve, args=(port, accepted, ready), daemon=True)
        server.start()
        ready.wait(30)
        servers.append(server)
    try:
        yield Sink("127.0.0.1", port, accepted)
    finally:
        for server in servers:
            server.terminate()
            server.join(10)
