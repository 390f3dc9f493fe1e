"""Celery worker processes for the benchmarks, on their own queue on the local Redis."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from celery import Celery
from celery.result import AsyncResult
from kombu.transport.redis import Channel

from tests.celery_worker import REDIS_URL, Worker, start_worker, stop_worker


@dataclass
class BenchWorker(Worker):
    """A ``Worker`` that remembers the tasks sent through it, so that their results can be forgotten."""

    sent: list[AsyncResult] = field(default_factory=list)

    def send(self, task_name: str, **kwargs) -> AsyncResult:
        result = super().send(task_name, **kwargs)
        self.sent.append(result)
        return result


@contextmanager
def bench_workers(count: int, extra_env: dict[str, str]) -> Iterator[BenchWorker]:
    """``count`` workers on a queue of their own. When they have stopped, what the run left on Redis goes: the
    result of every task sent (kept a day otherwise) and the queue's keys (its binding tables, and the queue itself
    if a failed run left tasks on it) — a new queue each run, so they would add up."""
    queue = f"datalek-bench-{uuid.uuid4().hex[:8]}"
    app = Celery("datalek-bench-client", broker=REDIS_URL, backend=REDIS_URL, set_as_current=False)
    env = {"DATALEK_BENCH": "1", **extra_env}
    processes = [start_worker(queue, app, env) for _ in range(count)]
    worker = BenchWorker(app=app, queue=queue, process=processes[0])
    try:
        yield worker
    finally:
        for process in processes:
            stop_worker(process)
        try:
            _forget(app, queue, worker.sent)
        finally:
            app.close()


def _forget(app: Celery, queue: str, sent: list[AsyncResult]) -> None:
    for result in sent:
        result.forget()
    # Celery's default exchange for a queue bears its name; kombu keeps the queue's messages under its name and a
    # key per priority step.
    keys = [Channel.keyprefix_queue % queue, Channel.keyprefix_binding_permanent % queue, queue]
    keys += [f"{queue}{Channel.sep}{step}" for step in Channel.priority_steps if step]
    with app.connection_for_write() as connection:
        connection.default_channel.client.delete(*keys)
