"""The alerts app's listener of audit events (registered in AlertsConfig.ready)."""

from __future__ import annotations

from alerts import handoff, webhooks
from incidents.models import IncidentEvent


def on_event(event: IncidentEvent) -> None:
    handoff.plan(event)
    webhooks.plan(event)
