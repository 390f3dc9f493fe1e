"""Handing tasks to the broker without ever failing the request that queued them.

The web app keeps working while Redis is down: an incident can be logged and moved on, a notice approved and
"send" pressed. The work itself is safe in the database already (the outbox rows of a notice, a queued import,
a queued document); only the hand-over of its task to the broker can fail. ``enqueue`` then gives up fast (a short
connect timeout and one retry, see the Celery settings), logs a warning, keeps the task as a ``DeferredTask`` row
and notes that the broker is unreachable (the banner of every page says so, ``broker_status``). Beat's
``deferred_tasks_flush`` hands the kept tasks over once the broker is back. Every task queued through here is
idempotent — it claims its rows by compare-and-set — so a task that reaches a worker twice does no harm.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import redis
from celery import Task
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu import Connection
from kombu.exceptions import OperationalError as KombuOperationalError

from datalek.celery import app
from datalek.models import DeferredTask

logger = logging.getLogger(__name__)

# What a publish raises when the broker cannot be reached. Anything else (a task that cannot be serialised) is a
# bug and is raised as usual.
BROKER_ERRORS = (
    KombuOperationalError,
    OSError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)
STATUS_TTL_SECONDS = 10.0  # how long a page trusts the last look at the broker
PING_TIMEOUT_SECONDS = 1.0

_status_lock = threading.Lock()
_status: dict[str, Any] = {"value": None, "at": 0.0}


def _eager() -> bool:
    return bool(app.conf.task_always_eager)


def enqueue(task: Task | str, /, **kwargs: Any) -> bool:
    """Queue ``task`` with ``kwargs`` (ids, never objects); ``False`` when the broker was unreachable and the task
    was kept in the database instead. Nobody waits for these results, so none is stored."""
    return enqueue_many(task, [kwargs]) == 1


def _registered(task: Task | str) -> Task:
    """A task by its name: a service queues the task that calls it back by name (the name is the service module's
    constant, the task module imports the service), so that neither module imports the other."""
    if not isinstance(task, str):
        return task
    if task not in app.tasks:  # the apps' task modules are imported on first need (Celery's autodiscovery)
        app.loader.import_default_modules()
    return app.tasks[task]


def enqueue_many(task: Task | str, calls: list[dict[str, Any]]) -> int:
    """Queue ``task`` (a task or its registered name) once per keyword set; returns how many reached the broker. At
    the first failure the rest are kept without trying each (a notice of a million people is a thousand batches),
    and while this process saw the broker down moments ago none is tried at all: a request never waits for a broker
    that is not there."""
    task = _registered(task)
    if _eager():
        for kwargs in calls:
            # In-process (make run): what fails there is the task itself, and it says so.
            task.apply_async(kwargs=kwargs)
        return len(calls)
    if _seen_down():  # not noted as a new look: the next one after STATUS_TTL_SECONDS tries the broker again
        _defer(task.name, calls, "the task queue was unreachable moments ago")
        return 0
    for handed, kwargs in enumerate(calls):
        try:
            task.apply_async(kwargs=kwargs, ignore_result=True)
        except BROKER_ERRORS as exc:
            _note_status("unavailable")
            _defer(task.name, calls[handed:], f"{exc.__class__.__name__}: {exc}")
            return handed
    if calls:
        _note_status("ok")
    return len(calls)


def _defer(name: str, calls: list[dict[str, Any]], error: str) -> None:
    now = timezone.now()
    DeferredTask.objects.bulk_create(
        DeferredTask(name=name, kwargs=kwargs, created_at=now, last_error=error[:1000]) for kwargs in calls
    )
    logger.warning(
        "The task queue is unreachable (%s); %d × %s kept in the database, handed over when it is back.",
        error.split(":", 1)[0],
        len(calls),
        name,
    )


def flush(*, limit: int = 1000) -> dict[str, int]:
    """Hand the kept tasks to the broker, oldest first; stop at the first failure (the broker is still down).
    Rows are locked with SKIP LOCKED, so two flushes at once do not hand over the same task."""
    handed, left = 0, 0
    with transaction.atomic():
        rows = list(DeferredTask.objects.select_for_update(skip_locked=True).order_by("id")[:limit])
        for position, row in enumerate(rows):
            try:
                app.send_task(row.name, kwargs=row.kwargs, ignore_result=True)
            except BROKER_ERRORS as exc:
                rest = [r.pk for r in rows[position:]]
                DeferredTask.objects.filter(pk__in=rest).update(
                    attempts=F("attempts") + 1, last_error=f"{exc.__class__.__name__}: {exc}"[:1000]
                )
                left = len(rest)
                _note_status("unavailable")
                break
            row.delete()
            handed += 1
    if handed:
        logger.info("Handed %d deferred task(s) to the task queue.", handed)
    return {"handed_over": handed, "still_kept": left}


# --- is the broker there? ---------------------------------------------------------------------------------


def _last_look(max_age: float) -> str | None:
    """This process's last look at the broker, if it is younger than ``max_age`` seconds."""
    with _status_lock:
        if _status["value"] is not None and time.monotonic() - _status["at"] < max_age:
            return _status["value"]
    return None


def _seen_down() -> bool:
    return _last_look(STATUS_TTL_SECONDS) == "unavailable"


def _note_status(value: str) -> None:
    with _status_lock:
        _status["value"], _status["at"] = value, time.monotonic()


def _ping(url: str) -> bool:
    try:
        if url.startswith(("redis://", "rediss://", "unix://")):
            redis.Redis.from_url(
                url, socket_connect_timeout=PING_TIMEOUT_SECONDS, socket_timeout=PING_TIMEOUT_SECONDS
            ).ping()
        else:
            with Connection(url, connect_timeout=PING_TIMEOUT_SECONDS) as connection:
                connection.ensure_connection(max_retries=1)
    except Exception:  # any failure to answer is "unavailable", whatever the client library calls it
        return False
    return True


def broker_status(*, max_age: float = STATUS_TTL_SECONDS) -> str:
    """``"eager"`` (no broker: tasks run in-process), ``"ok"`` or ``"unavailable"``. The answer is kept in this
    process for ``max_age`` seconds, so pages can ask on every request; ``/healthz`` asks with ``max_age=0``.
    A failed or successful ``enqueue`` counts as a fresh look."""
    url = settings.CELERY_BROKER_URL
    if not url:
        return "eager"
    value = _last_look(max_age)
    if value is None:
        value = "ok" if _ping(url) else "unavailable"
        _note_status(value)
    return value
