"""Reads of notices, deliveries and affected people, scoped to the user's organisations."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from datalek.errors import DomainError
from incidents.models import Incident, User
from incidents.roles import team_organisation_ids
from notifications.error_codes import NoticeErrorCode as Code
from notifications.models import AffectedSubject, Notice

RELATED = (
    "incident__organisation",
    "client",
    "drafted_by",
    "approved_by",
    "filed_by",
    "submitted_by",
    "parent",
)


def notices_of(incident: Incident) -> QuerySet[Notice]:
    return incident.notices.select_related(*RELATED).order_by("kind", "authority", "client_id", "id")


def notice_get(user: User, notice_id: int) -> Notice:
    try:
        return Notice.objects.select_related(*RELATED, "previous").get(
            pk=notice_id, incident__organisation_id__in=team_organisation_ids(user)
        )
    except (Notice.DoesNotExist, ValueError, TypeError):
        raise DomainError(Code.NOT_FOUND, _("No such notice."), status=404) from None


def chain_of(notice: Notice) -> list[Notice]:
    """The notice's phases in order: the initial one, its follow-ups and a withdrawal."""
    root = notice.root
    return [root, *root.phases.select_related(*RELATED).order_by("id")]


def public_notice(slug: str) -> Notice | None:
    return (
        Notice.objects.select_related("incident__organisation")
        .filter(public_slug=slug, kind=Notice.Kind.PUBLIC, phase=Notice.Phase.INITIAL)
        .first()
    )


def subjects_of(incident: Incident) -> QuerySet[AffectedSubject]:
    return incident.affected_subjects.order_by("id")


PROBLEMS_SHOWN = 100


def subject_problems(incident: Incident) -> list[tuple[AffectedSubject, str, str]]:
    """The first people on the list a message cannot reach (and whom no DPO excluded), each with the field and what
    is wrong with it: what a DPO corrects or excludes before the notice reaches everyone."""
    from notifications.delivery import unreachable
    from notifications.recipients import problem

    found = []
    for person in unreachable(incident.pk)[:PROBLEMS_SHOWN]:
        field, message = problem(
            name=person.name,
            email=person.email,
            postal_address=person.postal_address,
            language=person.language,
            external_id=person.external_id,
        ) or ("", _("cannot be reached"))
        found.append((person, field, message))
    return found


def missing_answers(notice: Notice) -> list[str]:
    return sorted(path for path, mark in notice.content.get("provenance", {}).items() if mark == "missing")


def unfinished_notices(incident: Incident) -> list[str]:
    """Notices still on their way (drafted, awaiting approval, approved but not filed or sent, sending, failed):
    the incident is not closed before they are done or withdrawn."""
    open_notices = incident.notices.exclude(status__in=Notice.DONE).select_related("client")
    return [
        _("The notice “%(notice)s” is still “%(status)s”.")
        % {"notice": _addressee(n), "status": n.get_status_display()}
        for n in open_notices
    ]


def _addressee(notice: Notice) -> str:
    if notice.kind == Notice.Kind.AUTHORITY:
        return f"{notice.authority} ({notice.get_phase_display().lower()})"
    if notice.kind == Notice.Kind.CONTROLLER:
        return f"{notice.client.name} ({notice.get_phase_display().lower()})"
    return f"{notice.get_kind_display()} ({notice.get_phase_display().lower()})"


def organisation_for(user: User, organisation_id: int):
    """One of our organisations where this user is on the team, or None."""
    from incidents.models import Organisation

    return Organisation.objects.filter(
        pk=organisation_id, id__in=team_organisation_ids(user), kind=Organisation.Kind.OWN
    ).first()


def instruction_get(user: User, instruction_id: int):
    """A written instruction of an incident of one of the user's organisations, or None."""
    from notifications.models import WrittenInstruction

    return WrittenInstruction.objects.filter(
        pk=instruction_id, incident__organisation_id__in=team_organisation_ids(user)
    ).first()


def imports_of(incident: Incident) -> list:
    """The last imports of the list of affected people, with the live progress of those still running."""
    from notifications.models import SubjectImport

    return [
        with_progress(job)
        for job in SubjectImport.objects.filter(incident=incident).select_related("requested_by")[:10]
    ]


def with_progress(job):
    """A running import's progress lives in the cache while its transaction is open."""
    from django.core.cache import cache

    from notifications.subjects import progress_key

    if job.status == job.Status.RUNNING:
        job.processed = cache.get(progress_key(job.pk), job.processed)
    return job


def messages_waiting(user: User) -> int:
    """E-mails of the user's organisations still waiting in the outbox (queued, not yet taken by a worker)."""
    from notifications.models import Delivery

    return Delivery.objects.filter(
        status=Delivery.Status.QUEUED,
        channel=Delivery.Channel.EMAIL,
        notice__incident__organisation_id__in=team_organisation_ids(user),
    ).count()
