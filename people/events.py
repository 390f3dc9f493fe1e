"""Audit events of the list of affected people, appended to the incident's hash chain. The trail outlives the
purged list: the events say which fields and how many, never the people's names or addresses."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.events import event_append
from incidents.models import Incident, IncidentEvent, User


class PeopleEventKind(models.TextChoices):
    SUBJECTS_IMPORTED = "subjects_imported", _("Affected people imported")
    SUBJECTS_PURGED = "subjects_purged", _("List of affected people purged")
    SUBJECT_CORRECTED = "subject_corrected", _("Affected person corrected")
    SUBJECT_EXCLUDED = "subject_excluded", _("Affected person excluded from the sending")
    SUBJECTS_GROUPED = "subjects_grouped", _("Affected people without a group put into a group")


def subjects_imported_event(*, incident: Incident, actor: User, data: dict[str, Any]) -> IncidentEvent:
    return event_append(incident=incident, kind=PeopleEventKind.SUBJECTS_IMPORTED, actor=actor, data=data)


def subjects_purged_event(*, incident: Incident, actor: User | None, data: dict[str, Any]) -> IncidentEvent:
    return event_append(incident=incident, kind=PeopleEventKind.SUBJECTS_PURGED, actor=actor, data=data)


def subject_corrected_event(
    *, incident: Incident, actor: User, subject_id: int, fields: list[str]
) -> IncidentEvent:
    """Which of a person's fields a DPO corrected — not the values: the trail outlives the purged list."""
    return event_append(
        incident=incident,
        kind=PeopleEventKind.SUBJECT_CORRECTED,
        actor=actor,
        data={"subject": subject_id, "fields": fields},
    )


def subject_excluded_event(*, incident: Incident, actor: User, subject_id: int, reason: str) -> IncidentEvent:
    return event_append(
        incident=incident,
        kind=PeopleEventKind.SUBJECT_EXCLUDED,
        actor=actor,
        data={"subject": subject_id, "reason": reason},
    )


def subjects_grouped_event(*, incident: Incident, actor: User, group: str, people: int) -> IncidentEvent:
    """A DPO put everyone without a group into one: the group's label (the assessment's words) and how many."""
    return event_append(
        incident=incident,
        kind=PeopleEventKind.SUBJECTS_GROUPED,
        actor=actor,
        data={"group": group, "people": people},
    )
