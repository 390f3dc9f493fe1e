"""What a user may do now, object by object: one function per kind of object, each answering "which act does this
user have on this object, if any".

The acts are derived from the permission logic that already exists (the incident's state machine through
``incidents.transitions.transition_options``, a notice's transitions and their ``permission`` callables), never from
a copy of it: when the workflow driver's ``options(obj, user)`` arrives, each ``*_act`` function below becomes a call
to it. The collecting functions read every kind of object in one query each, whatever their number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents import workflow
from incidents.models import Incident, decision_recorded
from incidents.roles import Role, roles_by_organisation, team_organisation_ids
from incidents.transitions import transition_options
from notifications import client_alerts
from notifications.models import Notice
from obligations.models import Obligation, ObligationReport
from obligations.selectors import conditional_reports
from portal.models import Question
from processors.selectors import deadline_for
from reports.models import Document

if TYPE_CHECKING:
    from incidents.models import User

# How many objects of one kind the inbox reads at most (the ones with the nearest clock first): a page of work,
# not the register.
PER_KIND = 200


class Kind:
    """The acts, by name (the API's ``act`` field)."""

    TRIAGE = "triage"
    CONTAINMENT = "containment"
    ASSESS = "assess"
    DECIDE = "decide"
    APPROVE_ASSESSMENT = "approve_assessment"
    APPROVE_NOTICE = "approve_notice"
    FILE = "file"
    SEND = "send"
    PUBLISH = "publish"
    RECORD_POSTING = "record_posting"
    ANSWER_QUESTION = "answer_question"
    ACKNOWLEDGE = "acknowledge"
    DRAFT_REPORT = "draft_report"
    APPROVE_REPORT = "approve_report"
    FILE_REPORT = "file_report"


LABELS = {
    Kind.TRIAGE: gettext_lazy("Triage: is it a personal-data breach?"),
    Kind.CONTAINMENT: gettext_lazy("Record the containment and start the risk assessment"),
    Kind.ASSESS: gettext_lazy("Assess the risk and submit it to the DPO"),
    Kind.DECIDE: gettext_lazy("Decide on the assessment"),
    Kind.APPROVE_ASSESSMENT: gettext_lazy("Approve the assessment"),
    Kind.APPROVE_NOTICE: gettext_lazy("Approve the notice (second pair of eyes)"),
    Kind.FILE: gettext_lazy("File the approved notice with the authority"),
    Kind.SEND: gettext_lazy("Send the approved notice"),
    Kind.PUBLISH: gettext_lazy("Publish the approved public communication"),
    Kind.RECORD_POSTING: gettext_lazy("Record that the printed letters were posted"),
    Kind.ANSWER_QUESTION: gettext_lazy("Answer the client's question"),
    Kind.ACKNOWLEDGE: gettext_lazy("Acknowledge the alert"),
    Kind.DRAFT_REPORT: gettext_lazy("Draft the report"),
    Kind.APPROVE_REPORT: gettext_lazy("Approve the report (second pair of eyes)"),
    Kind.FILE_REPORT: gettext_lazy("File the approved report with the recipient's reference"),
}
TEAM = "team"  # the security team or the DPO: either may take the act
ROLE_LABELS = {
    TEAM: gettext_lazy("Security team or DPO"),
    Role.DPO.value: Role.DPO.label,
    Role.CONTROLLER.value: Role.CONTROLLER.label,
}


@dataclass(frozen=True)
class Act:
    """One thing waiting for the user: the act, on which object, who may take it, and by when."""

    act: str
    object_type: str  # "incident", "notice", "document", "question", "alert", "report"
    object_id: int
    reference: str
    title: str
    url: str
    organisation: str
    role: str  # TEAM, Role.DPO or Role.CONTROLLER
    deadline: datetime | None
    label_text: str = ""  # when the act names its object (a report of an obligation): LABELS[act] otherwise

    @property
    def overdue(self) -> bool:
        return self.deadline is not None and self.deadline <= timezone.now()

    @property
    def label(self) -> str:
        return self.label_text or str(LABELS[self.act])

    @property
    def role_label(self) -> str:
        return str(ROLE_LABELS[self.role])


# --- incidents: the next step of the state machine ------------------------------------------------------------

_INCIDENT_ACTS = {
    Incident.Status.DETECTION: Kind.TRIAGE,
    Incident.Status.TRIAGE: Kind.TRIAGE,
    Incident.Status.CONTAINMENT: Kind.CONTAINMENT,
    Incident.Status.ASSESSMENT: Kind.ASSESS,
}


def incident_act(incident: Incident, user: User, deadline: datetime | None) -> Act | None:
    """The incident's next step when this user's role may take it: the same transitions as the incident page's
    "Next steps". In approval, the DPO first decides (until then "Approve" is blocked by the missing decision)."""
    options = transition_options(incident, user)
    if not options:
        return None
    if incident.status == Incident.Status.APPROVAL:
        act = Kind.APPROVE_ASSESSMENT if decision_recorded(incident) else Kind.DECIDE
    else:
        act = _INCIDENT_ACTS.get(incident.status)
    if act is None:
        return None
    anchor = {Kind.CONTAINMENT: "#containment", Kind.ASSESS: "#risk", Kind.DECIDE: "#risk"}.get(
        act, "#actions"
    )
    return Act(
        act=act,
        object_type="incident",
        object_id=incident.pk,
        reference=incident.reference,
        title=incident.title,
        url=incident.get_absolute_url() + anchor,
        organisation=incident.organisation.name,
        role=Role.DPO.value if incident.status == Incident.Status.APPROVAL else TEAM,
        deadline=deadline,
    )


def incident_deadline(incident: Incident, client_deadlines: dict[int, datetime]) -> datetime | None:
    """The clock the incident runs on: a processor's, the nearest alert owed to a client (Art. 33(2)); a
    controller's, the authority's 72 hours while they run (Art. 33(1))."""
    if incident.our_role == Incident.OurRole.PROCESSOR:
        return client_deadlines.get(incident.pk)
    return incident.authority_deadline if incident.clock_running else None


def _client_deadlines(user: User) -> dict[int, datetime]:
    nearest: dict[int, datetime] = {}
    for row in client_alerts.open_deadlines(user, limit=10 * PER_KIND):
        nearest.setdefault(row.incident.pk, row.deadline)  # soonest first
    return nearest


def _dpo_organisation_ids(user: User) -> list[int]:
    return [org for org, role in roles_by_organisation(user).items() if role == Role.DPO]


def incident_candidates(user: User) -> QuerySet[Incident]:
    """The incidents with a next step for this user: those before the DPO's approval for the team, those in
    approval for a DPO (the permissions of the transitions out of these states: ``is_team_member``, ``is_dpo``)."""
    return Incident.objects.filter(
        Q(organisation_id__in=team_organisation_ids(user), status__in=list(_INCIDENT_ACTS))
        | Q(organisation_id__in=_dpo_organisation_ids(user), status=Incident.Status.APPROVAL)
    )


def incident_acts(user: User) -> list[Act]:
    incidents = list(
        incident_candidates(user).select_related("organisation").order_by("aware_at", "id")[:PER_KIND]
    )
    client_deadlines = _client_deadlines(user) if incidents else {}
    found = (incident_act(i, user, incident_deadline(i, client_deadlines)) for i in incidents)
    return [act for act in found if act is not None]


# --- notices: approve (four eyes), file, send, publish -----------------------------------------------------------

_NOTICE_ACTS = {
    "approve": Kind.APPROVE_NOTICE,
    "file": Kind.FILE,
    "start_sending": Kind.SEND,
    "publish": Kind.PUBLISH,
}


def _permitted(notice: Notice, user: User) -> set[str]:
    """The notice's transitions this user may take now, or once a condition is met (the workflow driver's options
    of the notice: not those of another status, nor another role's or the drafter's under four eyes)."""
    return {
        o.name for o in workflow.options(notice, user) if o.available or o.obstacle == workflow.CONDITIONS
    }


def _notice_act_name(notice: Notice, permitted: set[str]) -> str | None:
    if notice.status == Notice.Status.AWAITING_APPROVAL:
        return "approve" if "approve" in permitted else None
    if notice.kind == Notice.Kind.AUTHORITY:
        return "file" if "file" in permitted and notice.status == Notice.Status.APPROVED else None
    if notice.kind == Notice.Kind.PUBLIC:
        return "publish" if "publish" in permitted else None
    return "start_sending" if "start_sending" in permitted else None


def notice_deadline(notice: Notice) -> datetime | None:
    """An initial notice to the authority: T0 + 72 h (the client's, on its behalf); an alert to a client: its DPA
    hours; a follow-up, the date it is due. The people's notice has no fixed hour ("without undue delay")."""
    if notice.kind == Notice.Kind.AUTHORITY and notice.phase == Notice.Phase.INITIAL:
        return notice.authority_deadline
    if notice.kind == Notice.Kind.CONTROLLER and notice.phase == Notice.Phase.INITIAL and notice.client_id:
        return deadline_for(notice.incident, notice.client)
    return notice.due_at


def notice_act(notice: Notice, user: User) -> Act | None:
    name = _notice_act_name(notice, _permitted(notice, user))
    if name is None:
        return None
    return Act(
        act=_NOTICE_ACTS[name],
        object_type="notice",
        object_id=notice.pk,
        reference=notice.incident.reference,
        title=notice_title(notice),
        url=reverse("notifications:notice", args=[notice.pk]),
        organisation=notice.incident.organisation.name,
        role=TEAM if name in ("start_sending", "publish") else Role.DPO.value,
        deadline=notice_deadline(notice),
    )


def notice_title(notice: Notice) -> str:
    if notice.kind == Notice.Kind.AUTHORITY:
        addressee = _("Notice to %(code)s") % {"code": notice.authority}
    elif notice.kind == Notice.Kind.CONTROLLER and notice.client_id:
        addressee = _("Alert to %(name)s") % {"name": notice.client.name}
    else:
        addressee = str(notice.get_kind_display())
    return f"{addressee} ({notice.get_phase_display().lower()}) · {notice.incident.title}"


def notice_candidates(user: User) -> QuerySet[Notice]:
    """The notices with a step for this user, as the permissions of their transitions say: approving one that awaits
    approval (a DPO, not its drafter: four eyes), filing an approved notice to an authority (a DPO), sending an
    approved or failed one or publishing an approved public communication (the team)."""
    dpo_of, team_of = _dpo_organisation_ids(user), team_organisation_ids(user)
    sendable = [Notice.Kind.SUBJECTS, Notice.Kind.CONTROLLER]
    return Notice.objects.filter(
        (
            Q(status=Notice.Status.AWAITING_APPROVAL, incident__organisation_id__in=dpo_of)
            & ~Q(drafted_by_id=getattr(user, "pk", None))
        )
        | Q(status=Notice.Status.APPROVED, kind=Notice.Kind.AUTHORITY, incident__organisation_id__in=dpo_of)
        | Q(
            status__in=[Notice.Status.APPROVED, Notice.Status.FAILED],
            kind__in=sendable,
            incident__organisation_id__in=team_of,
        )
        | Q(status=Notice.Status.APPROVED, kind=Notice.Kind.PUBLIC, incident__organisation_id__in=team_of)
    ).exclude(incident__status=Incident.Status.CLOSED)


def notice_acts(user: User) -> list[Act]:
    notices = (
        notice_candidates(user)
        .select_related("incident__organisation", "client__dpa_terms", "instruction")
        .order_by("id")[:PER_KIND]
    )
    found = (notice_act(notice, user) for notice in notices)
    return [act for act in found if act is not None]


# --- letters printed but not yet recorded as posted --------------------------------------------------------------


def letters_act(document: Document, user: User) -> Act | None:
    if roles_by_organisation(user).get(document.incident.organisation_id) not in (Role.SECURITY, Role.DPO):
        return None
    return Act(
        act=Kind.RECORD_POSTING,
        object_type="document",
        object_id=document.pk,
        reference=document.incident.reference,
        title=_("Letters, batch %(batch)s (%(count)s)")
        % {"batch": document.params.get("batch", 1), "count": document.params.get("count", "?")},
        url=document.incident.get_absolute_url() + "#documents",
        organisation=document.incident.organisation.name,
        role=TEAM,
        deadline=None,
    )


def letters_candidates(user: User) -> QuerySet[Document]:
    return Document.objects.filter(
        organisation_id__in=team_organisation_ids(user),
        kind=Document.Kind.LETTERS,
        status=Document.Status.READY,
        posted_at__isnull=True,
    )


def letters_acts(user: User) -> list[Act]:
    documents = letters_candidates(user).select_related("incident__organisation").order_by("id")[:PER_KIND]
    found = (letters_act(document, user) for document in documents)
    return [act for act in found if act is not None]


# --- a client's question waiting for the processor's answer --------------------------------------------------------


def question_act(question: Question, user: User) -> Act | None:
    incident = question.alert.incident
    if roles_by_organisation(user).get(incident.organisation_id) not in (Role.SECURITY, Role.DPO):
        return None
    return Act(
        act=Kind.ANSWER_QUESTION,
        object_type="question",
        object_id=question.pk,
        reference=incident.reference,
        title=_("%(client)s asks: %(text)s")
        % {"client": question.alert.client.name, "text": _shortened(question.text)},
        url=incident.get_absolute_url() + "#controller-clients",
        organisation=incident.organisation.name,
        role=TEAM,
        deadline=None,
    )


def _shortened(text: str, most: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def question_candidates(user: User) -> QuerySet[Question]:
    return Question.objects.filter(
        alert__incident__organisation_id__in=team_organisation_ids(user), answered_at__isnull=True
    )


def question_acts(user: User) -> list[Act]:
    questions = (
        question_candidates(user)
        .select_related("alert__incident__organisation", "alert__client")
        .order_by("asked_at", "id")[:PER_KIND]
    )
    found = (question_act(question, user) for question in questions)
    return [act for act in found if act is not None]


# --- an alert (or an update of it) released to a client and not acknowledged yet -----------------------------------


def _portal_client_ids(user: User) -> list[int]:
    return sorted(org for org, role in roles_by_organisation(user).items() if role == Role.CONTROLLER)


def alert_act(phase: Notice, user: User) -> Act | None:
    """A controller client user acknowledges each released phase of an alert to their organisation."""
    if phase.client_id not in _portal_client_ids(user) or phase.released_at is None:
        return None
    alert_id = phase.parent_id or phase.pk
    processor = phase.client.processor.name if phase.client.processor_id else ""
    return Act(
        act=Kind.ACKNOWLEDGE,
        object_type="alert",
        object_id=alert_id,
        reference=date_format(timezone.localtime(phase.released_at), "DATETIME_FORMAT"),
        title=_("Alert from %(processor)s (%(phase)s)")
        % {"processor": processor, "phase": phase.get_phase_display().lower()},
        url=reverse("portal:alert", args=[alert_id]),
        organisation=phase.client.name,
        role=Role.CONTROLLER.value,
        deadline=None,
    )


def alert_candidates(user: User) -> QuerySet[Notice]:
    return Notice.objects.filter(
        kind=Notice.Kind.CONTROLLER,
        client_id__in=_portal_client_ids(user),
        released_at__isnull=False,
        acknowledgement__isnull=True,
    )


def alert_acts(user: User) -> list[Act]:
    if not _portal_client_ids(user):
        return []
    phases = (
        alert_candidates(user).select_related("client__processor").order_by("released_at", "id")[:PER_KIND]
    )
    found = (alert_act(phase, user) for phase in phases)
    return [act for act in found if act is not None]


# --- a report of an obligation beside the GDPR: draft, approve (four eyes), file ------------------------------------
# The GDPR's reports follow the notices (listed above), so they are not listed twice.

_REPORT_ACTS = {
    ObligationReport.State.OWED: Kind.DRAFT_REPORT,
    ObligationReport.State.DRAFTED: Kind.APPROVE_REPORT,
    ObligationReport.State.APPROVED: Kind.FILE_REPORT,
}
_REPORT_LABELS = {
    Kind.DRAFT_REPORT: gettext_lazy("Draft the %(regime)s report “%(report)s”"),
    Kind.APPROVE_REPORT: gettext_lazy("Approve the %(regime)s report “%(report)s” (second pair of eyes)"),
    Kind.FILE_REPORT: gettext_lazy("File the %(regime)s report “%(report)s” with the recipient's reference"),
}


def report_act(report: ObligationReport, user: User) -> Act | None:
    """The step of the report this user may take now, as the services check it: drafting and filing by the team,
    approving by a DPO other than the drafter (``obligation_report_draft/approve/file``)."""
    obligation, act = report.obligation, _REPORT_ACTS.get(report.state)
    incident = obligation.incident
    role = roles_by_organisation(user).get(incident.organisation_id)
    if act is None or role not in (Role.SECURITY, Role.DPO):
        return None
    if act == Kind.APPROVE_REPORT and (role != Role.DPO or report.drafted_by_id == user.pk):
        return None
    return Act(
        act=act,
        object_type="report",
        object_id=report.pk,
        reference=incident.reference,
        title=incident.title,
        url=incident.get_absolute_url() + "#obligations",
        organisation=incident.organisation.name,
        role=Role.DPO.value if act == Kind.APPROVE_REPORT else TEAM,
        deadline=report.due_at,
        label_text=str(_REPORT_LABELS[act]) % {"regime": obligation.label, "report": report.label},
    )


def report_candidates(user: User) -> QuerySet[ObligationReport]:
    """The open reports of the obligations beside the GDPR with a step for this user: an owed one whose deadline is
    known (not one on request, nor one whose deadline waits for a filing) and an approved one for the team, a drafted
    one for a DPO who did not draft it (four eyes)."""
    dpo_of, team_of = _dpo_organisation_ids(user), team_organisation_ids(user)
    State = ObligationReport.State
    return (
        ObligationReport.objects.filter(
            (
                Q(state=State.OWED, due_at__isnull=False, obligation__incident__organisation_id__in=team_of)
                & ~conditional_reports()
            )
            | (
                Q(state=State.DRAFTED, obligation__incident__organisation_id__in=dpo_of)
                & ~Q(drafted_by_id=getattr(user, "pk", None))
            )
            | Q(state=State.APPROVED, obligation__incident__organisation_id__in=team_of)
        )
        .exclude(obligation__regime="gdpr")
        .exclude(obligation__state=Obligation.State.NOT_APPLICABLE)
    )


def report_acts(user: User) -> list[Act]:
    reports = (
        report_candidates(user)
        .select_related("obligation__incident__organisation")
        .order_by("due_at", "id")[:PER_KIND]
    )
    found = (report_act(report, user) for report in reports)
    return [act for act in found if act is not None]


# Every kind: the objects that may carry an act for the user (counted in the navigation), and the acts themselves.
CANDIDATES = (
    incident_candidates,
    notice_candidates,
    letters_candidates,
    question_candidates,
    alert_candidates,
    report_candidates,
)
COLLECTORS = (incident_acts, notice_acts, letters_acts, question_acts, alert_acts, report_acts)
