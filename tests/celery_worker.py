"""Real Celery worker processes on Redis, for the tests that are about tasks.

The Django process under test runs Celery eagerly; these helpers start ``celery worker`` as separate processes
against the test database and Redis (TEST_REDIS_URL), on a queue of their own so that nothing else on the same
Redis is consumed, and send tasks to them with a client app bound to that broker.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@dataclass
class Worker:
    app: Celery
    queue: str
    process: subprocess.Popen

    def send(self, task_name: str, **kwargs):
        return self.app.send_task(task_name, kwargs=kwargs, queue=self.queue)

    def run(self, task_name: str, *, timeout: float = 60, **kwargs):
        return self.send(task_name, **kwargs).get(timeout=timeout)

    def restart(self, extra_env: dict[str, str] | None = None) -> None:
        """A new worker process on the same queue (after the old one was stopped or killed)."""
        stop_worker(self.process)
        self.process = start_worker(self.queue, self.app, extra_env)


def database_url(*, host: str | None = None, port: int | None = None) -> str:
    """The test database's URL, optionally through another host and port (a proxy)."""
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    host = host or db["HOST"] or "127.0.0.1"
    port = port or int(db["PORT"] or 5432)
    return f"postgres://{auth}@{host}:{port}/{db['NAME']}"


def start_worker(queue: str, app: Celery, extra_env: dict[str, str] | None = None) -> subprocess.Popen:
    """A ``celery worker`` process on ``queue``, sharing the test database; ready when this returns."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
        "PYTHONUNBUFFERED": "1",
        "DATALEK_TEST_QUEUE": queue,  # read by tests/worker_settings.py, for workers that queue tasks themselves
        **(extra_env or {}),
    }
    name = f"{queue}-{uuid.uuid4().hex[:4]}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "datalek",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "-n",
            f"{name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait_until_ready(app, name, process)
    return process


def stop_worker(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(app: Celery, name: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The Celery worker exited early with code {process.returncode}.")
        if app.control.ping(destination=[f"{name}@{os.uname().nodename}"], timeout=1):
            return
    raise RuntimeError("The Celery worker did not come up in time.")


def wait_until(condition, timeout: float = 90.0) -> bool:
    """Whether ``condition()`` came true within ``timeout`` seconds (what a worker does takes its time)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def worker_fixture(extra_env: dict[str, str] | None = None):
    if connection.vendor != "postgresql":
        pytest.skip("the worker shares the test database, which needs PostgreSQL")
    queue = f"datalek-test-{uuid.uuid4().hex[:8]}"
    app = Celery("datalek-test-client", broker=REDIS_URL, backend=REDIS_URL, set_as_current=False)
    worker = Worker(app=app, queue=queue, process=start_worker(queue, app, extra_env))
    try:
        yield worker
    finally:
        stop_worker(worker.process)
        app.close()


@pytest.fixture
def celery_worker(transactional_db):
    yield from worker_fixture()
