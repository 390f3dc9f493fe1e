"""A real Celery worker process on Redis, for the tests that are about tasks.

The Django process under test runs Celery eagerly; this fixture starts ``celery worker`` as a separate process
against the test database and Redis (TEST_REDIS_URL), on a queue of its own so that nothing else on the same
Redis is consumed, and sends tasks to it with a client app bound to that broker.
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

    def run(self, task_name: str, *, timeout: float = 60, **kwargs):
        return self.app.send_task(task_name, kwargs=kwargs, queue=self.queue).get(timeout=timeout)


def _database_url() -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def celery_worker(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("the worker shares the test database, which needs PostgreSQL")
    queue = f"datalek-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
        "PYTHONUNBUFFERED": "1",
    }
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
            f"{queue}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    app = Celery("datalek-test-client", broker=REDIS_URL, backend=REDIS_URL)
    try:
        _wait_until_ready(app, queue, process)
        yield Worker(app=app, queue=queue, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        app.close()


def _wait_until_ready(app: Celery, queue: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The Celery worker exited early:\n{process.stdout.read()}")
        if app.control.ping(destination=[f"{queue}@{os.uname().nodename}"], timeout=1):
            return
    raise RuntimeError("The Celery worker did not come up in time.")
