"""Celery worker processes for the benchmarks, on their own queue on the local Redis."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from celery import Celery

from tests.celery_worker import REDIS_URL, Worker, start_worker, stop_worker


@contextmanager
def bench_workers(count: int, extra_env: dict[str, str]) -> Iterator[Worker]:
    queue = f"datalek-bench-{uuid.uuid4().hex[:8]}"
    app = Celery("datalek-bench-client", broker=REDIS_URL, backend=REDIS_URL, set_as_current=False)
    env = {"DATALEK_BENCH": "1", **extra_env}
    processes = [start_worker(queue, app, env) for _ in range(count)]
    try:
        yield Worker(app=app, queue=queue, process=processes[0])
    finally:
        for process in processes:
            stop_worker(process)
        app.close()
