"""Celery tasks: thin wrappers that take ids and call the services."""

from __future__ import annotations

import logging

from django.conf import settings

from datalek.celery import app
from notifications import clock, delivery, subjects

logger = logging.getLogger(__name__)


@app.task(bind=True, name="notifications.tasks.deliveries_send_batch", acks_late=True)
def deliveries_send_batch(self, *, notice_id: int, ids: list[int]) -> dict:
    """One batch of the outbox over one SMTP connection. A temporary SMTP error queues the rest again and
    retries with backoff; after the last retry what is left is marked failed (and shown)."""
    try:
        return delivery.send_batch(notice_id, ids)
    except delivery.TemporaryDeliveryError as exc:
        if self.request.retries >= settings.DELIVERY_MAX_RETRIES:
            delivery.give_up(ids, f"gave up after {self.request.retries + 1} attempts: {exc}")
            delivery.complete_if_done(notice_id)
            return {"gave_up": True}
        raise self.retry(exc=exc, countdown=min(600, 15 * 2**self.request.retries)) from exc


@app.task(name="notifications.tasks.notifications_sweep")
def notifications_sweep() -> dict:
    """Beat, every minute: reminders and escalations of the deadline clock; deliveries whose worker died go
    back to the queue and are dispatched again, and so is the mail of a notice whose hand-over was lost; imports of
    a list of affected people that stopped moving end failed."""
    outcome = clock.sweep()
    notice_ids = delivery.requeue_stale()
    orphans = [pk for pk in delivery.orphaned() if pk not in notice_ids]
    for notice_id in [*notice_ids, *orphans]:
        delivery.dispatch(notice_id)
    outcome["requeued_notices"] = len(notice_ids)
    outcome["orphaned_notices"] = len(orphans)
    outcome["purged_lists"] = subjects.purge_expired()
    outcome["stalled_imports"] = subjects.fail_stalled()
    return outcome


@app.task(name="notifications.tasks.subjects_import_task", acks_late=True)
def subjects_import_task(*, job_id: int) -> dict:
    """Check and load an uploaded list of affected people; its progress shows on the incident's list page."""
    job = subjects.subjects_import_run(job_id)
    return {"status": job.status, "created": job.created, "errors": job.errors}
