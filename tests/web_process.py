"""The web app as its own process (gunicorn, threads, persistent database connections) for the fault tests: it
reads its settings from the environment like production, so the database and Redis can be routed through a
``tests.faults_proxy.TcpProxy`` and cut under it.

The process shares the test database (the test must use ``transactional_db``, so that what it arranges is
committed and what the app writes can be checked); it is stopped before the test's database is flushed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from tests.celery_worker import database_url
from tests.smtp_sink import free_port

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class WebProcess:
    process: subprocess.Popen
    url: str
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def start_web(workdir: Path, env: dict[str, str], *, threads: int = 8) -> WebProcess:
    """gunicorn with one worker process of ``threads`` threads; ready (``/healthz`` answers) when this returns."""
    port = free_port()
    log = workdir / "web.log"
    full_env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "SECRET_KEY": "test-only-secret-key-not-for-production",
        "DEBUG": "false",
        "HTTPS": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATALEK_VAR_DIR": str(workdir / "var"),
        "MEDIA_ROOT": str(workdir / "media"),
        "PYTHONUNBUFFERED": "1",
        **env,
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "datalek.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--timeout",
        "60",
        "--graceful-timeout",
        "2",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT)
    web = WebProcess(process=process, url=f"http://127.0.0.1:{port}", log=log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The web process exited early:\n{web.output()[-3000:]}")
        try:
            requests.get(f"{web.url}/healthz", timeout=2)
            return web
        except requests.RequestException:
            time.sleep(0.2)
    web.stop()
    raise RuntimeError(f"The web process did not come up in time:\n{web.output()[-3000:]}")
