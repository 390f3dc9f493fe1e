"""Reads of the list of affected people: the list (or one group of it), the people a message cannot reach or who are
in none of the groups told, and the imports with their progress. The list is personal data: callers have checked
the user is on the incident's team."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from incidents.models import Incident
from people import recipients
from people.groups import EVERYONE, Audience, audience_of
from people.models import AffectedSubject, SubjectImport
from people.recipients import problem
from people.subjects import progress_key


def subjects_of(incident: Incident, *, group: str | None = None) -> QuerySet[AffectedSubject]:
    """The list, or the people of one group of it (without regard to case; "" for those without a group)."""
    people = incident.affected_subjects.order_by("id")
    if group is None:
        return people
    return people.filter(group__iexact=group.strip()) if group.strip() else people.filter(group="")


PROBLEMS_SHOWN = 100


def subject_problems(incident: Incident) -> list[tuple[AffectedSubject, str, str]]:
    """The first people on the list a message cannot reach (and whom no DPO excluded), each with the field and what
    is wrong with it: what a DPO corrects or excludes before the notice reaches everyone it is for. On a breach
    told by group (``people.groups``, the finalised assessment's) these are the people of the groups told
    that cannot be reached, and first those in none of the assessment's groups."""
    audience = audience_of(incident)
    found = [
        (person, "group", group_problem(person.group, audience))
        for person in ungrouped(incident.pk, audience)[:PROBLEMS_SHOWN]
    ]
    for person in unreachable(incident.pk, audience)[: PROBLEMS_SHOWN - len(found)]:
        field, message = problem(
            name=person.name,
            email=person.email,
            postal_address=person.postal_address,
            language=person.language,
            external_id=person.external_id,
        ) or ("", _("cannot be reached"))
        found.append((person, field, message))
    return found


def group_problem(group: str, audience) -> str:
    """Why a person of a breach told by group is in none of its groups, with the groups there are."""
    groups = ", ".join(f"“{g.label}”" for g in audience.groups)
    if not group.strip():
        return _(
            "not given, and this breach has several groups (%(groups)s), not all of them told. Set the person's "
            "group or exclude them."
        ) % {"groups": groups}
    return _(
        "“%(group)s” is not one of the assessment's groups (%(groups)s). Set the person's group or exclude them."
    ) % {"group": group, "groups": groups}


def listed_for(incident_id: int, audience: Audience):
    """The people on the list a notice for ``audience`` is for, but for those a DPO excluded."""
    return AffectedSubject.objects.filter(
        audience.told_people(), incident_id=incident_id, excluded_at__isnull=True
    )


def unreachable(incident_id: int, audience: Audience = EVERYONE):
    """The people on the list a notice for ``audience`` is for, no delivery can be made of and whom no DPO
    excluded: while there are any, a notice to the people is not done (it ends failed, to be retried once they are
    corrected or excluded)."""
    return recipients.unreachable(listed_for(incident_id, audience)).order_by("id")


def ungrouped(incident_id: int, audience: Audience):
    """On a notice told by group: the people on the list (not excluded) whose group is blank or not one of the
    assessment's — neither told nor left out without a DPO's word. Nobody when everyone is told."""
    return AffectedSubject.objects.filter(
        audience.ungrouped(), incident_id=incident_id, excluded_at__isnull=True
    ).order_by("id")


def untold(incident_id: int, audience: Audience = EVERYONE) -> bool:
    """Whether someone the notice is for cannot be told until a DPO acts: unreachable, or in no group."""
    return unreachable(incident_id, audience).exists() or ungrouped(incident_id, audience).exists()


def problem_count(incident_id: int, audience: Audience = EVERYONE) -> int:
    return unreachable(incident_id, audience).count() + ungrouped(incident_id, audience).count()


def imports_of(incident: Incident) -> list:
    """The last imports of the list of affected people, with the live progress of those still running."""
    return [
        with_progress(job)
        for job in SubjectImport.objects.filter(incident=incident).select_related("requested_by")[:10]
    ]


def with_progress(job):
    """A running import's progress lives in the cache while its transaction is open."""
    if job.status == job.Status.RUNNING:
        job.processed = cache.get(progress_key(job.pk), job.processed)
    return job
