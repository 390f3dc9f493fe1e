"""Reads of the alerts app, scoped to what the user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from alerts.models import AlertPreference, Webhook, WebhookDelivery
from incidents.models import User
from incidents.roles import Role, role_in

LOG_SIZE = 50


def webhooks_managed(user: User, organisation_id: int) -> QuerySet[Webhook] | None:
    """The organisation's webhooks, for its DPOs only (they hold the secrets); None for anyone else."""
    if role_in(user, organisation_id) != Role.DPO:
        return None
    return Webhook.objects.filter(organisation_id=organisation_id).order_by("id")


def delivery_log(organisation_id: int, limit: int = LOG_SIZE) -> list[WebhookDelivery]:
    """The last deliveries of the organisation's webhooks, newest first."""
    return list(
        WebhookDelivery.objects.filter(webhook__organisation_id=organisation_id)
        .select_related("webhook", "source__incident")
        .defer("body")
        .order_by("-created_at", "-id")[:limit]
    )


def preference_of(user: User) -> AlertPreference:
    return AlertPreference.objects.filter(user=user).first() or AlertPreference(user=user)
