"""Audit events of the outbox and the deadline clock, appended to the incident's hash chain."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.events import event_append
from incidents.models import Incident, IncidentEvent, User
from notifications.events import notice_data
from notifications.models import Notice
from obligations.events import obligation_keys
from obligations.models import ObligationReport


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


def reminder_event(
    *,
    incident: Incident,
    key: str,
    recipients: list[str],
    obligation_report: ObligationReport | None = None,
) -> IncidentEvent:
    data: dict[str, object] = {"key": key, "recipients": recipients}
    if obligation_report is not None:
        # Which report it was about, by the codes the trail keeps (its labels are the reader's language) and the
        # deadline it was reminded of, as stored when the reminder went out.
        obligation = obligation_report.obligation
        data["obligation_report"] = {
            "id": obligation_report.pk,
            **obligation_keys(obligation),
            "rule_set": obligation.rule_set,
            "report": obligation_report.code,
            "due_at": obligation_report.due_at.isoformat() if obligation_report.due_at else None,
        }
    return event_append(incident=incident, kind=DeliveryEventKind.REMINDER, actor=None, data=data)
