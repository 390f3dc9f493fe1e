"""Reads of the portal, each scoped at its root.

A controller client user sees only the alerts *released* to the client organisations where they have the
controller role — never a draft, never another client's alert, never the processor's incident. Every read of the
controller side starts from ``alerts_for(user)``; nothing is fetched by id without passing through it. The
processor's team reads the same rows through its own incidents (``incidents.selectors``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from datalek.errors import DomainError
from incidents import selectors as incident_selectors
from incidents.models import Incident, Organisation, User
from incidents.roles import Role, roles_by_organisation
from inventory.selectors import fact_provenance
from notifications import client_alerts
from notifications.models import Notice
from portal.error_codes import PortalErrorCode as Code
from portal.models import Acknowledgement, AlertImport, Question
from risk.engine import FactsError, parse_facts


def portal_client_ids(user: User) -> list[int]:
    """The client organisations where this user has the controller role."""
    return sorted(org_id for org_id, role in roles_by_organisation(user).items() if role == Role.CONTROLLER)


def has_portal(user: User) -> bool:
    return bool(portal_client_ids(user))


def alerts_for(user: User) -> QuerySet[Notice]:
    """The alerts (first phases) released to the user's client organisations, newest first."""
    return (
        Notice.objects.filter(
            kind=Notice.Kind.CONTROLLER,
            phase=Notice.Phase.INITIAL,
            client_id__in=portal_client_ids(user),
            released_at__isnull=False,
        )
        .select_related("client", "acknowledgement")
        .order_by("-released_at", "-id")
    )


def alert_list(user: User) -> QuerySet[Notice]:
    """The portal's list: each alert with its number of released phases and of open questions."""
    return alerts_for(user).annotate(
        updates=Count("phases", filter=Q(phases__released_at__isnull=False), distinct=True),
        open_questions=Count("questions", filter=Q(questions__answered_at__isnull=True), distinct=True),
    )


def alert_get(user: User, alert_id: Any) -> Notice:
    try:
        return alerts_for(user).get(pk=alert_id)
    except (Notice.DoesNotExist, ValueError, TypeError):
        raise DomainError(Code.NOT_FOUND, _("No such alert."), status=404) from None


def phases_of(alert: Notice) -> list[Notice]:
    """The alert and its released updates (follow-ups, a withdrawal), in order; drafts never show."""
    later = alert.phases.filter(released_at__isnull=False).select_related("acknowledgement").order_by("id")
    return [alert, *later]


def phase_get(alert: Notice, phase_id: Any) -> Notice:
    for phase in phases_of(alert):
        if str(phase.pk) == str(phase_id):
            return phase
    raise DomainError(Code.NOT_FOUND, _("No such update of this alert."), status=404)


def acknowledgement_of(phase: Notice) -> Acknowledgement | None:
    try:
        return phase.acknowledgement
    except Acknowledgement.DoesNotExist:
        return None


def questions_of(alert: Notice) -> QuerySet[Question]:
    return alert.questions.select_related("asked_by", "answered_by").order_by("asked_at", "id")


# The alert's answers in the order of clause 9.2 — (a) nature, data and people, when; (b) the contact point;
# (c) consequences and measures — rather than the order the database keeps a JSON object's keys in.
ALERT_ORDER = (
    ("breach", ("description", "nature", "systems")),
    ("data", ("categories", "records")),
    ("subjects", ("categories", "count", "source")),
    (
        "timeline",
        ("occurrence", "occurred_from", "occurred_until", "aware_at", "alert_hours", "alert_deadline"),
    ),
    ("contact", ("name", "email", "phone")),
    ("consequences", ("risk", "severity_level", "severity_score", "reasons")),
    ("measures_after", ("containment_status", "containment_measures", "containment_plan", "mitigation")),
    ("processor", ("name", "incident_reference")),
)


def alert_sections(phase: Notice) -> list[tuple[str, list[tuple[str, Any]]]]:
    """A phase's answers as (section, [(key, value)]) in clause 9.2's order; anything else after them."""
    sections = dict((phase.content or {}).get("sections", {}))
    sections.pop("notice", None)
    ordered = []
    for name, keys in (*ALERT_ORDER, *((n, ()) for n in sections if n not in dict(ALERT_ORDER))):
        answers = sections.get(name)
        if answers:
            rest = [k for k in answers if k not in keys]
            ordered.append((name, [(k, answers[k]) for k in (*keys, *rest) if k in answers]))
    return ordered


def alert_facts(alert: Notice) -> dict[str, Any]:
    """The breach facts (docs/breach-facts.md) of the client's part of the breach, role controller, from the
    newest released phase that carries them: what the processor approved and sent, nothing newer."""
    for phase in reversed(phases_of(alert)):
        facts = (phase.content or {}).get("facts")
        if facts:
            try:
                return parse_facts(facts).to_dict()
            except FactsError:
                break
    raise DomainError(
        Code.NO_FACTS,
        _("The processor has not sent assessed facts with this alert yet; they follow in an update."),
        status=404,
    )


def import_targets(user: User, alert: Notice) -> QuerySet[Organisation]:
    """The user's own organisations (security team or DPO) an alert can be imported into."""
    return incident_selectors.team_organisations(user).exclude(pk=alert.incident.organisation_id)


def imports_visible(user: User, alert: Notice) -> QuerySet[AlertImport]:
    """Imports of this alert into organisations where the user is on the team (no one else learns of them)."""
    targets = incident_selectors.team_organisations(user).values("id")
    return alert.imports.filter(organisation_id__in=targets).select_related("incident", "organisation")


# --- the processor's side ---------------------------------------------------------------------------------------


def processor_view(user: User, incident_id: int) -> dict[str, Any]:
    """What the processor's team sees of its alerts on the incident page: per affected client the DPA deadline,
    the alert's phases with their acknowledgements, and the questions (open ones first)."""
    incident = incident_selectors.incident_get(user, incident_id)
    rows = client_alerts.client_alerts(incident)
    alert_ids = [row.alert.pk for row in rows if row.alert]
    phase_ids = [phase.pk for row in rows for phase in row.phases]
    acks = {
        a.notice_id: a
        for a in Acknowledgement.objects.filter(notice_id__in=phase_ids).select_related("acknowledged_by")
    }
    questions: dict[int, list[Question]] = {}
    for question in Question.objects.filter(alert_id__in=alert_ids).select_related("asked_by", "answered_by"):
        questions.setdefault(question.alert_id, []).append(question)
    return {"incident": incident, "rows": rows, "acks": acks, "questions": questions}


def proposed_clients(incident: Incident) -> list[dict[str, Any]]:
    """Clients the inventory proposes from the affected systems that are not chosen on the incident yet."""
    row = fact_provenance(incident).get("client_organisations")
    if row is None or not row.is_derived:
        return []
    chosen = {c.pk for c in incident.client_organisations.all()}
    return [c for c in row.value if c["id"] not in chosen]


def team_question_get(user: User, question_id: Any) -> Question:
    """A question about an alert of one of the user's own incidents (security team or DPO)."""
    incidents = incident_selectors.incidents_for_user(user).values("id")
    try:
        return Question.objects.select_related("alert").get(pk=question_id, alert__incident_id__in=incidents)
    except (Question.DoesNotExist, ValueError, TypeError):
        raise DomainError(Code.NOT_FOUND, _("No such question."), status=404) from None


def imported_facts(incident) -> dict | None:
    """The breach facts of the processor's alert an incident was imported from (the risk form starts there)."""
    record = AlertImport.objects.filter(incident=incident).only("facts").first()
    return record.facts if record else None
