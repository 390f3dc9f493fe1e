"""Every write of the list of affected people: an upload queued for loading (``subjects`` checks and loads it, in a
task), a DPO's correction, exclusion or grouping of one person, and the purge of the list after the incident. Each
owns its transaction, checks the role and writes the audit event."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import IO

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from datalek.errors import DomainError
from datalek.task_queue import enqueue
from incidents.evidence import safe_filename
from incidents.lock_objects import incident_lock
from incidents.models import Incident, User
from incidents.roles import Role, role_in
from incidents.services import incident_get_for_update
from people import events
from people.error_codes import PeopleErrorCode as Code
from people.groups import audience_of
from people.models import AffectedSubject, SubjectImport
from people.recipients import problem
from people.subjects import dedupe_key, new_job, require_open
from people.tasks import subjects_import_task


def subjects_import_start(
    *, actor: User, incident_id: int, name: str, size: int, stream: IO[bytes]
) -> SubjectImport:
    """Keep the upload and queue its loading (a Celery task after commit)."""
    _require_text(size, stream)
    if size > settings.SUBJECTS_IMPORT_MAX_BYTES:
        raise ValidationError(
            {
                "file": [
                    _("The file is larger than %(mb)d MB.")
                    % {"mb": settings.SUBJECTS_IMPORT_MAX_BYTES // 2**20}
                ]
            }
        )
    with transaction.atomic():
        job = new_job(
            actor=actor,
            incident_id=incident_id,
            file_name=safe_filename(name, default="upload.csv"),
            size=size,
            content=File(stream),
        )
        transaction.on_commit(lambda: _queue(job.pk))
    return job


# What a spreadsheet or document saved instead of "CSV UTF-8" looks like; their own loader would read none of it.
_NOT_CSV = {".zip", ".xlsx", ".xls", ".ods", ".docx", ".doc", ".odt", ".pdf", ".png", ".jpg", ".gif", ".7z"}


def _require_text(size: int, stream: IO[bytes]) -> None:
    """Refuse at once, with what it seems to be, a file that is not text (the content decides, not the name)."""
    if size <= 0:
        raise ValidationError({"file": [_("The file is empty.")]})
    sample = stream.read(64 * 1024)
    stream.seek(0)
    try:
        sniffed = {match.extension.lower() for match in puremagic.magic_string(sample)} & _NOT_CSV
    except puremagic.PureError:
        sniffed = set()
    if sniffed or b"\x00" in sample:
        kind = sorted(sniffed)[0] if sniffed else _("binary")
        raise ValidationError(
            {
                "file": [
                    _("This is not a CSV text file (it looks like %(kind)s): save the list as “CSV UTF-8”.")
                    % {"kind": kind}
                ]
            }
        )


def _queue(job_id: int) -> None:
    enqueue(subjects_import_task, job_id=job_id)  # kept in the database while the broker is unreachable


# --- one person: a DPO's correction or exclusion (the way out of a notice that cannot reach someone) ----------

EDITABLE = ("name", "email", "postal_address", "language", "group")


def _person_for_dpo(actor: User, incident_id: int, subject_id: int) -> tuple[Incident, AffectedSubject]:
    """The incident locked (outsiders get its 404), a DPO of its organisation, and the person on its list."""
    incident = incident_get_for_update(actor, incident_id)
    if role_in(actor, incident.organisation_id) != Role.DPO:
        raise DomainError(
            Code.FORBIDDEN, _("Only a DPO corrects or excludes a person on the list."), status=403
        )
    require_open(incident)
    person = AffectedSubject.objects.select_for_update().filter(incident=incident, pk=subject_id).first()
    if person is None:
        raise DomainError(Code.NOT_FOUND, _("No such person on this list."), status=404)
    return incident, person


@transaction.atomic
def subject_correct(*, actor: User, incident_id: int, subject_id: int, **changes: str) -> AffectedSubject:
    """A DPO corrects a person's name, e-mail address, postal address, language or group, held to the same rule as
    the import (``people.recipients``). Audited with the fields changed, not their values (a group's label
    may say something of the person: "medical note")."""
    incident, person = _person_for_dpo(actor, incident_id, subject_id)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed.")] for name in sorted(unknown)})
    values = {name: getattr(person, name) for name in EDITABLE}
    values |= {name: (value or "").strip() for name, value in changes.items()}
    values["language"] = values["language"].lower()
    refused = problem(**values)
    if refused is not None:
        raise ValidationError({refused[0]: [refused[1]]})
    key = dedupe_key(
        external_id=person.external_id, email=values["email"], name=values["name"],
        postal_address=values["postal_address"],
    )  # fmt: skip
    if AffectedSubject.objects.filter(incident=incident, dedupe_key=key).exclude(pk=person.pk).exists():
        where = "email" if values["email"] and not person.external_id else "name"
        raise ValidationError({where: [_("This person is already on the list.")]})
    changed = [name for name in EDITABLE if values[name] != getattr(person, name)]
    if changed:
        for name in changed:
            setattr(person, name, values[name])
        person.dedupe_key = key
        person.save(update_fields=[*changed, "dedupe_key"])
        events.subject_corrected_event(incident=incident, actor=actor, subject_id=person.pk, fields=changed)
    return person


@transaction.atomic
def subject_exclude(*, actor: User, incident_id: int, subject_id: int, reason: str) -> AffectedSubject:
    """A DPO takes a person off the sending of every notice not yet made to them (e.g. told otherwise, no address
    to be found), with the reason. They stay on the list, marked, until the list is purged. Audited."""
    incident, person = _person_for_dpo(actor, incident_id, subject_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why this person is not told through Datalek.")]})
    person.excluded_at, person.excluded_by, person.excluded_reason = timezone.now(), actor, reason
    person.save(update_fields=["excluded_at", "excluded_by", "excluded_reason"])
    events.subject_excluded_event(incident=incident, actor=actor, subject_id=person.pk, reason=reason)
    return person


@transaction.atomic
def subjects_group_blank(*, actor: User, incident_id: int, group: str) -> int:
    """A DPO puts everyone on the list who has no group yet — and was not excluded — into ``group``, in one step:
    the way out when a list loaded without a group column meets a breach of several groups (the few of another
    group are given theirs one by one, or by loading their rows again with a group column). Only a label of the
    assessment is accepted. Audited with the label and how many people, no names."""
    incident = incident_get_for_update(actor, incident_id)
    if role_in(actor, incident.organisation_id) != Role.DPO:
        raise DomainError(
            Code.FORBIDDEN, _("Only a DPO sets the group of the people on the list."), status=403
        )
    require_open(incident)
    label = audience_of(incident).label_for(group or "")
    if label is None:
        raise ValidationError(
            {
                "group": [
                    _("Choose one of the groups of the assessment: %(groups)s.")
                    % {"groups": _labels(incident)}
                ]
            }
        )
    people = AffectedSubject.objects.filter(incident=incident, group="", excluded_at__isnull=True)
    count = people.update(group=label)
    events.subjects_grouped_event(incident=incident, actor=actor, group=label, people=count)
    return count


def _labels(incident: Incident) -> str:
    return ", ".join(f"“{g.label}”" for g in audience_of(incident).groups) or "—"


# --- purge (the list is personal data) -----------------------------------------------------------------------

# What an app above this one keeps of the people (the outbox's names and addresses) and forgets before the list is
# deleted: each registers a step, called with the locked incident inside the purge's transaction.
_BEFORE_PURGE: list[Callable[[Incident], None]] = []


def register_before_purge(step: Callable[[Incident], None]) -> None:
    if step not in _BEFORE_PURGE:
        _BEFORE_PURGE.append(step)


def subjects_purge(*, actor: User | None, incident_id: int) -> int:
    """Delete the list of affected people of a closed incident, and the names and addresses in its outbox and
    import reports; what remains is how many there were and what happened to the notices. Audited."""
    with transaction.atomic():
        if actor is not None:
            incident = incident_get_for_update(actor, incident_id)
            if role_in(actor, incident.organisation_id) != Role.DPO:
                raise DomainError(
                    Code.FORBIDDEN, _("Only a DPO purges the list of affected people."), status=403
                )
        else:
            incident = incident_lock(incident_id)
        if incident.status != Incident.Status.CLOSED:
            raise DomainError(
                Code.NOT_ALLOWED, _("The list is purged after the incident is closed."), status=409
            )
        for step in _BEFORE_PURGE:  # the outbox forgets the names and addresses it holds (``delivery``)
            step(incident)
        subjects = AffectedSubject.objects.filter(incident=incident)
        purged = subjects.count()
        subjects._raw_delete(subjects.db)  # no per-row cascade: the outbox rows were detached above
        for job in SubjectImport.objects.filter(incident=incident).exclude(error_report=""):
            job.error_report.delete(save=False)
        SubjectImport.objects.filter(incident=incident).update(error_report="")
        events.subjects_purged_event(incident=incident, actor=actor, data={"purged": purged})
    return purged


def _incidents_with_people() -> list[int]:
    """The incidents that have a list of affected people. Every minute, at a million incidents (nearly all closed)
    and lists of a million people: asking each closed incident whether it has people would probe the index a
    million times, and a DISTINCT would read it whole; this walks the index from one incident to the next
    (a "loose index scan"), one step per incident that has a list."""
    table = AffectedSubject._meta.db_table
    query = f"""
        WITH RECURSIVE holders(incident_id) AS (
            SELECT (SELECT min(incident_id) FROM {table})
            UNION ALL
            SELECT (SELECT min(s.incident_id) FROM {table} s WHERE s.incident_id > h.incident_id)
            FROM holders h WHERE h.incident_id IS NOT NULL
        )
        SELECT incident_id FROM holders WHERE incident_id IS NOT NULL
    """  # noqa: S608 - our own table name, no values
    with connection.cursor() as cursor:
        cursor.execute(query)
        return [incident_id for (incident_id,) in cursor.fetchall()]


def purge_expired(now=None) -> int:
    """The sweep: lists of incidents closed longer ago than SUBJECTS_RETENTION_DAYS are purged."""
    if not settings.SUBJECTS_RETENTION_DAYS:
        return 0
    before = (now or timezone.now()) - timedelta(days=settings.SUBJECTS_RETENTION_DAYS)
    due = list(
        Incident.objects.filter(
            pk__in=_incidents_with_people(), status=Incident.Status.CLOSED, closed_at__lte=before
        ).values_list("id", flat=True)[:100]
    )
    for incident_id in due:
        subjects_purge(actor=None, incident_id=incident_id)
    return len(due)
