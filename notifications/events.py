"""Audit events of notices, appended to the incident's hash chain."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.events import event_append
from incidents.models import Incident, IncidentEvent, User
from notifications.models import Notice, WrittenInstruction


class NoticeEventKind(models.TextChoices):
    AUTHORITIES_DECIDED = "authorities_decided", _("Competent authority decided")
    NOTICE_DRAFTED = "notice_drafted", _("Notice drafted")
    NOTICE_EDITED = "notice_edited", _("Notice edited")
    NOTICE_STATUS = "notice_status", _("Notice status changed")
    NOTICE_APPROVED = "notice_approved", _("Notice approved")
    NOTICE_FILED = "notice_filed", _("Notice filed with the authority")
    DELIVERIES = "deliveries", _("Notice delivery")
    SUBJECTS_IMPORTED = "subjects_imported", _("Affected people imported")
    SUBJECTS_PURGED = "subjects_purged", _("List of affected people purged")
    SUBJECT_CORRECTED = "subject_corrected", _("Affected person corrected")
    SUBJECT_EXCLUDED = "subject_excluded", _("Affected person excluded from the sending")
    SUBJECTS_GROUPED = "subjects_grouped", _("Affected people without a group put into a group")
    REMINDER = "reminder", _("Reminder sent")
    INSTRUCTION_RECORDED = "instruction_recorded", _("Written instruction of a client recorded")
    INSTRUCTION_REVOKED = "instruction_revoked", _("Written instruction of a client revoked")


def _notice(notice: Notice) -> dict[str, Any]:
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
        incident=incident, kind=NoticeEventKind.NOTICE_DRAFTED, actor=actor, data=_notice(notice)
    )


def notice_edited_event(*, incident: Incident, actor: User, notice: Notice, changes: list) -> IncidentEvent:
    return event_append(
        incident=incident,
        kind=NoticeEventKind.NOTICE_EDITED,
        actor=actor,
        data=_notice(notice) | {"changes": changes},
    )


def notice_status_event(
    *, incident: Incident, actor: User | None, notice: Notice, source: str, reason: str = ""
) -> IncidentEvent:
    return event_append(
        incident=incident,
        kind=NoticeEventKind.NOTICE_STATUS,
        actor=actor,
        data=_notice(notice) | {"from": source, "to": notice.status, "reason": reason},
    )


def notice_approved_event(*, incident: Incident, actor: User, notice: Notice) -> IncidentEvent:
    """What was approved is what goes out: the content's hash is in the chain."""
    return event_append(
        incident=incident,
        kind=NoticeEventKind.NOTICE_APPROVED,
        actor=actor,
        data=_notice(notice) | {"content_sha256": notice.content_sha256, "drafted_by": notice.drafted_by_id},
    )


def notice_filed_event(*, incident: Incident, actor: User, notice: Notice) -> IncidentEvent:
    return event_append(
        incident=incident,
        kind=NoticeEventKind.NOTICE_FILED,
        actor=actor,
        data=_notice(notice)
        | {
            "filed_at": notice.filed_at.isoformat(),
            "reference": notice.reference,
            "late_reason": notice.late_reason,
        },
    )


def deliveries_event(
    *, incident: Incident, actor: User | None, notice: Notice, counts: dict[str, int], what: str
) -> IncidentEvent:
    return event_append(
        incident=incident,
        kind=NoticeEventKind.DELIVERIES,
        actor=actor,
        data=_notice(notice) | {"what": what, "counts": counts},
    )


def subjects_imported_event(*, incident: Incident, actor: User, data: dict[str, Any]) -> IncidentEvent:
    return event_append(incident=incident, kind=NoticeEventKind.SUBJECTS_IMPORTED, actor=actor, data=data)


def reminder_event(*, incident: Incident, key: str, recipients: list[str]) -> IncidentEvent:
    return event_append(
        incident=incident,
        kind=NoticeEventKind.REMINDER,
        actor=None,
        data={"key": key, "recipients": recipients},
    )


def instruction_event(
    *, incident: Incident, actor: User, instruction: WrittenInstruction, what: str
) -> IncidentEvent:
    """A client's written instruction to notify on its behalf, recorded or revoked (domain.md §9)."""
    kind = NoticeEventKind.INSTRUCTION_RECORDED if what == "recorded" else NoticeEventKind.INSTRUCTION_REVOKED
    return event_append(
        incident=incident,
        kind=kind,
        actor=actor,
        data={
            "instruction": instruction.pk,
            "client": {"id": instruction.client_id, "name": instruction.client.name},
            "allows": instruction.allows,
            "given_by": instruction.given_by,
            "given_at": instruction.given_at.isoformat(),
            "document": instruction.document_id,
            "document_reference": instruction.document_reference,
            "reason": instruction.revoke_reason,
        },
    )


def subjects_purged_event(*, incident: Incident, actor: User | None, data: dict[str, Any]) -> IncidentEvent:
    return event_append(incident=incident, kind=NoticeEventKind.SUBJECTS_PURGED, actor=actor, data=data)


def subject_corrected_event(
    *, incident: Incident, actor: User, subject_id: int, fields: list[str]
) -> IncidentEvent:
    """Which of a person's fields a DPO corrected — not the values: the trail outlives the purged list."""
    return event_append(
        incident=incident,
        kind=NoticeEventKind.SUBJECT_CORRECTED,
        actor=actor,
        data={"subject": subject_id, "fields": fields},
    )


def subject_excluded_event(*, incident: Incident, actor: User, subject_id: int, reason: str) -> IncidentEvent:
    return event_append(
        incident=incident,
        kind=NoticeEventKind.SUBJECT_EXCLUDED,
        actor=actor,
        data={"subject": subject_id, "reason": reason},
    )


def subjects_grouped_event(*, incident: Incident, actor: User, group: str, people: int) -> IncidentEvent:
    """A DPO put everyone without a group into one: the group's label (the assessment's words) and how many."""
    return event_append(
        incident=incident,
        kind=NoticeEventKind.SUBJECTS_GROUPED,
        actor=actor,
        data={"group": group, "people": people},
    )
