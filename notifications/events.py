"""Audit events of notices, appended to the incident's hash chain."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.events import event_append
from incidents.models import Incident, IncidentEvent, User
from notifications.models import Notice


class NoticeEventKind(models.TextChoices):
    AUTHORITIES_DECIDED = "authorities_decided", _("Competent authority decided")
    NOTICE_DRAFTED = "notice_drafted", _("Notice drafted")
    NOTICE_EDITED = "notice_edited", _("Notice edited")
    NOTICE_STATUS = "notice_status", _("Notice status changed")
    NOTICE_APPROVED = "notice_approved", _("Notice approved")
    NOTICE_FILED = "notice_filed", _("Notice filed with the authority")


def notice_data(notice: Notice) -> dict[str, Any]:
    return {
        "notice": notice.pk,
        "kind": notice.kind,
        "phase": notice.phase,
        "authority": notice.authority,
        "client": notice.client_id,
        "language": notice.language,
    }


def authorities_decided_event(*, incident: Incident, actor: User, data: dict[str, Any]) -> IncidentEvent:
    return event_append(incident=incident, kind=NoticeEventKind.AUTHORITIES_DECIDED, actor=actor, data=data)


def notice_drafted_event(*, incident: Incident, actor: User, notice: Notice) -> IncidentEvent:
    return event_append(
        incident=incident, kind=NoticeEventKind.NOTICE_DRAFTED, actor=actor, data=notice_data(notice)
    )


def notice_edited_event(*, incident: Incident, actor: User, notice: Notice, changes: list) -> IncidentEvent:
    return event_append(
        incident=incident,
        kind=NoticeEventKind.NOTICE_EDITED,
        actor=actor,
        data=notice_data(notice) | {"changes": changes},
    )


def notice_status_event(
    *, incident: Incident, actor: User | None, notice: Notice, source: str, reason: str = ""
) -> IncidentEvent:
    return event_append(
        incident=incident,
        kind=NoticeEventKind.NOTICE_STATUS,
        actor=actor,
        data=notice_data(notice) | {"from": source, "to": notice.status, "reason": reason},
    )


def notice_approved_event(*, incident: Incident, actor: User, notice: Notice) -> IncidentEvent:
    """What was approved is what goes out: the content's hash is in the chain."""
    return event_append(
        incident=incident,
        kind=NoticeEventKind.NOTICE_APPROVED,
        actor=actor,
        data=notice_data(notice)
        | {"content_sha256": notice.content_sha256, "drafted_by": notice.drafted_by_id},
    )


def notice_filed_event(*, incident: Incident, actor: User, notice: Notice) -> IncidentEvent:
    return event_append(
        incident=incident,
        kind=NoticeEventKind.NOTICE_FILED,
        actor=actor,
        data=notice_data(notice)
        | {
            "filed_at": notice.filed_at.isoformat(),
            "reference": notice.reference,
            "late_reason": notice.late_reason,
        },
    )
