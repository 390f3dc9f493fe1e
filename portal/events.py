"""Audit events of the portal, appended to the processor's incident's hash chain (and, for an import, to the new
incident's chain of the controller)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.events import event_append
from incidents.models import Incident, IncidentEvent, User
from notifications.models import Notice
from portal.models import AlertImport, Question


class PortalEventKind(models.TextChoices):
    ALERT_ACKNOWLEDGED = "alert_acknowledged", _("Alert acknowledged by the client")
    ALERT_QUESTION = "alert_question", _("Question of the client about an alert")
    ALERT_ANSWER = "alert_answer", _("Answer to the client's question")
    ALERT_IMPORTED = "alert_imported", _("Imported from a processor's alert")


def _alert(notice: Notice) -> dict[str, Any]:
    return {
        "notice": notice.pk,
        "alert": notice.parent_id or notice.pk,
        "phase": notice.phase,
        "client": {"id": notice.client_id, "name": notice.client.name},
    }


def acknowledged_event(*, incident: Incident, actor: User, notice: Notice) -> IncidentEvent:
    """Receipt confirmed by a person of the client: with the controller informed, its own 72 hours run."""
    return event_append(
        incident=incident, kind=PortalEventKind.ALERT_ACKNOWLEDGED, actor=actor, data=_alert(notice)
    )


def question_event(*, incident: Incident, actor: User, question: Question) -> IncidentEvent:
    return event_append(
        incident=incident,
        kind=PortalEventKind.ALERT_QUESTION,
        actor=actor,
        data=_alert(question.alert) | {"question": question.pk, "text": question.text},
    )


def answer_event(*, incident: Incident, actor: User, question: Question) -> IncidentEvent:
    return event_append(
        incident=incident,
        kind=PortalEventKind.ALERT_ANSWER,
        actor=actor,
        data=_alert(question.alert) | {"question": question.pk, "text": question.answer},
    )


def imported_event(
    *, incident: Incident, actor: User, imported: AlertImport, source: dict[str, Any]
) -> IncidentEvent:
    """On the controller's new incident: where it came from (the processor's alert, as received)."""
    return event_append(
        incident=incident,
        kind=PortalEventKind.ALERT_IMPORTED,
        actor=actor,
        data={"import": imported.pk, **source},
    )
