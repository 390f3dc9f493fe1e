"""Celery tasks: thin wrappers that take ids and call the alerts' services."""

from __future__ import annotations

from alerts import handoff, webhooks
from datalek.celery import app


@app.task(name=handoff.SEND_TASK, acks_late=True)
def handoff_mails_send(*, event_id: int) -> int:
    return handoff.send_due(event_id=event_id)


@app.task(name=webhooks.DELIVER_TASK, acks_late=True)
def webhooks_deliver(*, event_id: int) -> int:
    return webhooks.deliver_due(event_id=event_id)


@app.task(name="alerts.tasks.alerts_sweep")
def alerts_sweep() -> dict:
    """Beat, every minute: hand-off e-mails not sent yet (the server refused, a worker died) and webhook
    deliveries whose next attempt is due."""
    return {"mails": handoff.send_due(), "webhooks": webhooks.deliver_due()}
