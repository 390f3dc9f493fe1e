"""Celery tasks: thin wrappers that take ids and call the services. The task name is the one it had in the
notifications app: imports already queued, or kept in the database while the broker was away, still find it."""

from __future__ import annotations

from datalek.celery import app
from people import subjects


@app.task(name="notifications.tasks.subjects_import_task", acks_late=True)
def subjects_import_task(*, job_id: int) -> dict:
    """Check and load an uploaded list of affected people; its progress shows on the incident's list page."""
    job = subjects.subjects_import_run(job_id)
    return {"status": job.status, "created": job.created, "errors": job.errors}
