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
    told by group (``notifications.groups``, the finalised assessment's) these are the people of the groups told
    that cannot be reached, and first those in none of the assessment's groups."""
    from notifications.delivery import ungrouped, unreachable
    from notifications.groups import audience_of
    from notifications.recipients import problem

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


def notice_audience(notice: Notice) -> dict | None:
    """For a notice to the people told by group: each group of the breach with how many people of it are on the
    list (not excluded), whether they are told and, if not, why (the group's verdict); and how many on the list are
    in none of the groups. None when the notice goes to everyone on the list."""
    from django.db.models import Count
    from django.db.models.functions import Upper

    from notifications.groups import Audience, key_of

    audience = Audience.from_content(notice.content)
    if not audience.by_group:
        return None
    listed = AffectedSubject.objects.filter(incident_id=notice.incident_id, excluded_at__isnull=True)
    counts = dict(
        listed.order_by()
        .annotate(key=Upper("group"))
        .values("key")
        .annotate(n=Count("id"))
        .values_list("key", "n")
    )
    rows = []
    for group in audience.groups:
        rows.append(
            {
                "group": group,
                "listed": counts.pop(key_of(group.label), 0),
                "told": group.notify_subjects,
                "why": "" if group.notify_subjects else why_not_told(group),
            }
        )
    return {
        "rows": rows,
        "told": sum(row["listed"] for row in rows if row["told"]),
        "ungrouped": sum(counts.values()),
    }


def why_not_told(group) -> str:
    """Why the people of a group are not told individually, from its verdict (Art. 34(1), 34(3))."""
    from risk.explanations import exemption_label, risk_label

    if group.public_communication:
        return _("high risk; a public communication instead (Art. 34(3)(c))")
    if group.exemptions:
        labels = ", ".join(exemption_label(code) for code in group.exemptions)
        return _("high risk, but %(exemptions)s") % {"exemptions": labels}
    return _("%(risk)s: not a high risk to them (Art. 34(1))") % {"risk": risk_label(group.risk)}
