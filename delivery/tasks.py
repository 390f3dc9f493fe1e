"""Celery tasks: thin wrappers that take ids and call the services. The task names are those they had in the
notifications app: tasks already queued, or kept in the database while the broker was away, still find them."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import timezone

from datalek.celery import app
from datalek.task_queue import enqueue_many
from delivery import clock, outbox
from notifications.models import Notice
from people import services as people_services
from people import subjects

logger = logging.getLogger(__name__)


def dispatch(notice_id: int) -> int:
    """Queue a task per batch of a notice's outbox rows (ids, not objects, go to workers). While the broker is
    unreachable the batches are kept in the database and handed over when it is back (``datalek.task_queue``): the
    rows stay queued in the outbox meanwhile, and pressing "send" still succeeds. Here, beside the task it queues:
    the outbox (``outbox``) never names its tasks."""
    Notice.objects.filter(pk=notice_id).update(dispatched_at=timezone.now())
    parts = outbox.batches(notice_id)
    enqueue_many(deliveries_send_batch, [{"notice_id": notice_id, "ids": ids} for ids in parts])
    return len(parts)


@app.task(bind=True, name="notifications.tasks.deliveries_send_batch", acks_late=True)
def deliveries_send_batch(self, *, notice_id: int, ids: list[int]) -> dict:
    """One batch of the outbox over one SMTP connection. A temporary SMTP error queues the rest again and
    retries with backoff; after the last retry what is left is marked failed (and shown)."""
    try:
        return outbox.send_batch(notice_id, ids)
    except outbox.TemporaryDeliveryError as exc:
        if self.request.retries >= settings.DELIVERY_MAX_RETRIES:
            outbox.give_up(ids, f"gave up after {self.request.retries + 1} attempts: {exc}")
            outbox.complete_if_done(notice_id)
            return {"gave_up": True}
        raise self.retry(exc=exc, countdown=min(600, 15 * 2**self.request.retries)) from exc


@app.task(name="notifications.tasks.notifications_sweep")
def notifications_sweep() -> dict:
    """Beat, every minute: reminders and escalations of the deadline clock; deliveries whose worker died go
    back to the queue and are dispatched again, and so is the mail of a notice whose hand-over was lost; imports of
    a list of affected people that stopped moving end failed."""
    outcome = clock.sweep()
    notice_ids = outbox.requeue_stale()
    orphans = [pk for pk in outbox.orphaned() if pk not in notice_ids]
    for notice_id in [*notice_ids, *orphans]:
        dispatch(notice_id)
    outcome["requeued_notices"] = len(notice_ids)
    outcome["orphaned_notices"] = len(orphans)
    outcome["purged_lists"] = people_services.purge_expired()
    outcome["stalled_imports"] = subjects.fail_stalled()
    return outcome
