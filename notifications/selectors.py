"""Reads of notices, scoped to the user's organisations."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.db.models.functions import Upper
from django.utils.translation import gettext as _

from datalek.errors import DomainError
from incidents.models import Incident, User
from incidents.roles import team_organisation_ids
from notifications.authorities import Establishment as Place
from notifications.authorities import resolve
from notifications.error_codes import NoticeErrorCode as Code
from notifications.models import AuthorityDecision, Notice
from people.groups import Audience, key_of
from people.models import AffectedSubject
from risk.explanations import exemption_label, risk_label

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


def notice_audience(notice: Notice) -> dict | None:
    """For a notice to the people told by group: each group of the breach with how many people of it are on the
    list (not excluded), whether they are told and, if not, why (the group's verdict); and how many on the list are
    in none of the groups. None when the notice goes to everyone on the list."""
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
    if group.public_communication:
        return _("high risk; a public communication instead (Art. 34(3)(c))")
    if group.exemptions:
        labels = ", ".join(exemption_label(code) for code in group.exemptions)
        return _("high risk, but %(exemptions)s") % {"exemptions": labels}
    return _("%(risk)s: not a high risk to them (Art. 34(1))") % {"risk": risk_label(group.risk)}


def authorities_resolution(incident: Incident):
    places = [Place(e.country.code, e.is_main) for e in incident.organisation.establishments.all()]
    if not places:
        places = [Place(incident.organisation.country.code, True)]
    return resolve(
        role=incident.our_role,
        establishments=places,
        affected_countries=[c.code for c in incident.affected_countries],
    )


def authority_codes(incident: Incident) -> list[str]:
    """The authorities to notify: the DPO's decision when there is one, else what the resolver says."""
    decision = AuthorityDecision.objects.filter(incident=incident).first()
    return list(decision.codes) if decision else list(authorities_resolution(incident).codes)
