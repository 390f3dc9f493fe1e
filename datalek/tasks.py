"""Celery tasks of the project itself."""

from __future__ import annotations

from datalek import task_queue
from datalek.celery import app


@app.task(name="datalek.tasks.deferred_tasks_flush")
def deferred_tasks_flush() -> dict:
    """Beat, every minute: the tasks kept while the broker was unreachable are handed over now it is back."""
    return task_queue.flush()
