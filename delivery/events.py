"""Audit events of the outbox and the deadline clock, appended to the incident's hash chain."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.events import event_append
from incidents.models import Incident, IncidentEvent, User
from notifications.events import notice_data
from notifications.models import Notice


class DeliveryEventKind(models.TextChoices):
    DELIVERIES = "deliveries", _("Notice delivery")
    REMINDER = "reminder", _("Reminder sent")


def deliveries_event(
    *, incident: Incident, actor: User | None, notice: Notice, counts: dict[str, int], what: str
) -> IncidentEvent:
    return event_append(
        incident=incident,
        kind=DeliveryEventKind.DELIVERIES,
        actor=actor,
        data=notice_data(notice) | {"what": what, "counts": counts},
    )


def reminder_event(*, incident: Incident, key: str, recipients: list[str]) -> IncidentEvent:
    return event_append(
        incident=incident,
        kind=DeliveryEventKind.REMINDER,
        actor=None,
        data={"key": key, "recipients": recipients},
    )
