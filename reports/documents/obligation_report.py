"""The document of one report of an obligation beside the GDPR (NIS2 Art. 23(4), DORA, eIDAS, ePrivacy, CRA): who
it goes to and on what legal basis, its stored deadline, the reports filed before it, and the content the law asks
for that report — answered only from what is recorded (the incident, its latest final risk assessment and the
obligation), each answer with its provenance as the GDPR notices mark it (``notifications.content``): recorded,
derived (computed: check it) or missing. Nothing is typed twice: what is not recorded stays missing.

The GDPR's own reports are the notices' documents (``reports.documents.notice``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from incidents.models import Incident
from notifications.content import DERIVED, MISSING, RECORDED, at_path
from obligations import rules as R
from obligations.models import Obligation, ObligationReport
from reports.models import Document
from reports.regulators import mark_labels
from reports.regulators.common import moment
from reports.selectors import document_meta
from risk.engine.facts import breach_view
from risk.explanations import SEVERITY_LEVELS
from risk.models import RiskAssessment
from risk.selectors import latest_final_of
from vocabulary.codes import CAUSES

KIND = Document.Kind.OBLIGATION_REPORT
TEMPLATE = "reports/obligation_report.html"
MALICIOUS = {"internal_malicious", "external_malicious"}
# The language of the recipient's country; Belgium takes the organisation's (nl or fr), else Dutch.
COUNTRY_LANGUAGES = {"NL": "nl", "FR": "fr", "LU": "fr"}


@dataclass
class Answer:
    label: str
    value: Any  # a text, or a list of texts
    mark: str  # RECORDED, DERIVED, MISSING, or "" for an optional answer not known
    note: str = ""


@dataclass
class Facts:
    """What the answers are read from: the incident, its latest final assessment (the breach as a whole, with the
    provenance recorded for each fact) and the obligation."""

    incident: Incident
    obligation: Obligation
    assessment: RiskAssessment | None
    facts: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, report: ObligationReport) -> Facts:
        incident = report.obligation.incident
        assessment = latest_final_of(incident)
        return cls(
            incident,
            report.obligation,
            assessment,
            breach_view(assessment.facts) if assessment else {},
            assessment.provenance if assessment else {},
        )

    def fact(self, path: str) -> tuple[Any, str]:
        value = at_path(self.facts, path)
        return value, (self.provenance.get(path, RECORDED) if value not in (None, "", []) else MISSING)


def _answer(label: str, value: Any, mark: str = RECORDED, *, note: str = "") -> Answer:
    empty = value is None or value == "" or value == []
    return Answer(label, value, MISSING if empty else mark, note)


def recipient_language(obligation: Obligation, organisation_language: str | None = None) -> str:
    """The recipient's language: its country's; in Belgium the organisation's if Dutch or French, else Dutch.
    ``organisation_language``: the organisation's, when the caller has it (else read through the obligation)."""
    if organisation_language is None:
        organisation_language = obligation.incident.organisation.language
    if obligation.country == "BE":
        return organisation_language if organisation_language in ("nl", "fr") else "nl"
    return COUNTRY_LANGUAGES.get(obligation.country, organisation_language or "en")


def language(document: Document) -> str:
    return document.language or "en"


# --- the answers ---------------------------------------------------------------------------------------------


def _cause(f: Facts) -> Answer:
    cause, mark = f.fact("cause")
    labels = dict(CAUSES)
    return _answer(_("Type of threat or root cause"), str(labels[cause]) if cause in labels else None, mark)


def _malicious(f: Facts) -> Answer:
    """NIS2 Art. 23(4)(a): whether the incident is suspected of being caused by unlawful or malicious acts, as the
    recorded cause says (an unknown cause does not answer it)."""
    cause, mark = f.fact("cause")
    if cause in (None, "unknown"):
        return _answer(_("Suspected unlawful or malicious act"), None)
    value = _("Yes: %(cause)s") % {"cause": dict(CAUSES)[cause]} if cause in MALICIOUS else _("No")
    return _answer(_("Suspected unlawful or malicious act"), value, DERIVED if mark == RECORDED else mark)


def _cross_border(f: Facts) -> Answer:
    """Cross-border impact, from the countries the affected people live in (none recorded: not known)."""
    countries = [c.code for c in f.incident.affected_countries]
    if not countries:
        return _answer(_("Cross-border impact"), None)
    abroad = [c for c in countries if c != f.obligation.country]
    value = (
        _("Yes: %(countries)s") % {"countries": ", ".join(countries)}
        if abroad
        else _("No: only %(country)s") % {"country": f.obligation.country}
    )
    return _answer(_("Cross-border impact"), value, DERIVED)


def _description(f: Facts) -> Answer:
    return _answer(_("What happened"), f.incident.description)


def _aware(f: Facts) -> Answer:
    return _answer(_("Aware since"), moment(f.incident.aware_at))


def _impact(f: Facts) -> list[Answer]:
    """Severity and impact: the risk the DPO decided (or the engine's advice) and the ENISA severity score of the
    latest final assessment."""
    if f.assessment is None:
        return [_answer(_("Severity and impact"), None), _answer(_("Severity score (ENISA)"), None)]
    decided = f.assessment.is_decided
    risk = f.incident.risk_level or f.assessment.decision.get("risk")
    severity = f.assessment.decision.get("severity") or {}
    score = severity.get("score")
    return [
        _answer(_("Severity and impact"), _risk_label(risk), RECORDED if decided else DERIVED),
        _answer(
            _("Severity score (ENISA)"),
            f"{score} ({SEVERITY_LEVELS.get(severity.get('level'), severity.get('level'))})"
            if score is not None
            else None,
            DERIVED,
        ),
    ]


def _risk_label(risk: str | None) -> str | None:
    if not risk:
        return None
    return str(dict(Incident.RiskLevel.choices).get(risk, risk))


def _measures(f: Facts) -> list[Answer]:
    """Mitigation measures applied and ongoing: the containment measures taken and the plan (one is enough)."""
    mitigation, mark = f.fact("mitigation.description")
    some = bool(f.incident.containment_measures or f.incident.containment_plan or mitigation)
    answers = [
        Answer(_("Measures applied"), f.incident.containment_measures, RECORDED),
        Answer(_("Measures ongoing (plan)"), f.incident.containment_plan, RECORDED),
        Answer(_("Mitigation"), mitigation, mark),
    ]
    for answer in answers:
        if not answer.value:
            answer.mark = "" if some else MISSING
    return answers


def _early_warning_update(f: Facts, previous: list[ObligationReport]) -> Answer:
    """NIS2 Art. 23(4)(b): the notification updates the early warning; it names the early warning filed."""
    early = next((r for r in previous if r.code == "early_warning" and r.state == "filed"), None)
    if early is None:
        return _answer(_("Update of the early warning"), None)
    value = _("Updates the early warning filed with reference %(reference)s") % {"reference": early.reference}
    return _answer(_("Update of the early warning"), value, DERIVED)


def _indicators() -> Answer:
    return Answer(
        _("Indicators of compromise"),
        None,
        MISSING,
        _("Not kept by Datalek: add them in the recipient's portal."),
    )


# --- the intermediate report: what changed since the report it updates -------------------------------------


def _update_of(previous: list[ObligationReport], code: str) -> Answer:
    """The report an intermediate report updates (NIS2's notification, DORA's initial notification), named with
    its reference once filed."""
    filed = [r for r in previous if r.code == code and r.state == ObligationReport.State.FILED]
    if not filed:
        return _answer(_("Report it updates"), None)
    report = filed[-1]
    value = _("%(report)s filed %(moment)s, reference %(reference)s") % {
        "report": report.label,
        "moment": moment(report.filed_at),
        "reference": report.reference or "—",
    }
    return _answer(_("Report it updates"), value, DERIVED)


def _request(report: ObligationReport) -> Answer:
    """NIS2 Art. 23(4)(c): the intermediate report is made at the request of the CSIRT or the competent authority;
    the request is what the team noted when drafting it."""
    return _answer(
        _("The recipient's request"),
        report.notes,
        note=""
        if report.notes
        else _("Not recorded: note the request (its date and reference) when drafting."),
    )


def _status(f: Facts) -> Answer:
    """Where the incident stands now: handled (the moment recorded on the obligation), closed, or its stage and its
    containment as recorded."""
    handled = f.obligation.recorded_moments().get("handled")
    if handled is not None:
        return _answer(
            _("Status of the incident"), _("Handled since %(moment)s") % {"moment": moment(handled)}
        )
    incident = f.incident
    if incident.closed_at:
        return _answer(
            _("Status of the incident"), _("Closed on %(moment)s") % {"moment": moment(incident.closed_at)}
        )
    containment = incident.get_containment_status_display()
    if incident.contained_at:
        containment = _("Contained since %(moment)s") % {"moment": moment(incident.contained_at)}
    return _answer(
        _("Status of the incident"),
        _("Still ongoing: %(stage)s; %(containment)s")
        % {
            "stage": incident.get_status_display(),
            "containment": containment,
        },
    )


def _assessed_since(f: Facts, previous: list[ObligationReport]) -> Answer:
    """Whether the assessment the answers come from is newer than the last report filed: an update says so."""
    if f.assessment is None or f.assessment.finalised_at is None:
        return _answer(_("Assessment since the last report"), None)
    last = max((r.filed_at for r in previous if r.filed_at), default=None)
    when = moment(f.assessment.finalised_at)
    if last is None or f.assessment.finalised_at > last:
        value = _("Yes: assessed again on %(moment)s") % {"moment": when}
    else:
        value = _("No new assessment since the last report (the latest: %(moment)s)") % {"moment": when}
    return _answer(_("Assessment since the last report"), value, DERIVED)


def _classification(f: Facts) -> Answer:
    """DORA: the classification as a major ICT-related incident, its moment the obligation's trigger."""
    if f.obligation.trigger_code != "classification" or not f.obligation.trigger_reason:
        return _answer(_("Classification as major"), None)
    value = _("Classified %(moment)s") % {"moment": moment(f.obligation.trigger_at)}
    return _answer(_("Classification as major"), value, RECORDED, note=f.obligation.trigger_reason)


def _duration(f: Facts) -> Answer:
    incident = f.incident
    if incident.occurred_from and incident.occurred_until:
        value = _("From %(start)s to %(end)s") % {
            "start": moment(incident.occurred_from),
            "end": moment(incident.occurred_until),
        }
    elif incident.occurred_from:
        value = _("Since %(start)s, still ongoing") % {"start": moment(incident.occurred_from)}
    else:
        value = None
    return _answer(_("Duration of the incident"), value)


def _people(f: Facts) -> Answer:
    count, mark = f.fact("subjects_count")
    return _answer(_("People or clients affected"), count, mark)


def _other_reports(f: Facts) -> Answer:
    """DORA asks whether the incident was reported to other authorities: the other obligations' reports filed."""
    filed = (
        ObligationReport.objects.filter(
            obligation__incident=f.incident, state=ObligationReport.State.FILED, filed_at__isnull=False
        )
        .exclude(obligation=f.obligation)
        .select_related("obligation")
        .order_by("filed_at")
    )
    lines = [
        _("%(regime)s: %(report)s, filed %(moment)s")
        % {
            "regime": r.obligation.label,
            "report": r.label,
            "moment": moment(r.filed_at),
        }
        for r in filed
    ]
    return _answer(_("Reported to other authorities"), lines or _("None filed yet"), DERIVED)


def answers(report: ObligationReport, previous: list[ObligationReport]) -> list[Answer]:
    """The content the law asks for this report, answered from the recorded facts."""
    f = Facts.of(report)
    if report.code == "intermediate":
        return intermediate(f, report, previous)
    if f.obligation.regime == "nis2":
        if report.code == "early_warning":
            return [_description(f), _aware(f), _malicious(f), _cross_border(f)]
        if report.code == "notification":
            return [
                _early_warning_update(f, previous),
                _description(f),
                *_impact(f),
                _indicators(),
                _cross_border(f),
            ]
        return [
            _answer(_("Detailed description"), f.incident.description),
            _aware(f),
            *_impact(f),
            _cause(f),
            *_measures(f),
            _cross_border(f),
        ]
    return [_description(f), _aware(f), *_impact(f), _cause(f), *_measures(f), _cross_border(f)]


def intermediate(f: Facts, report: ObligationReport, previous: list[ObligationReport]) -> list[Answer]:
    """An intermediate report has its own frame: not the final report's full account, but what changed since the
    report it updates. NIS2 Art. 23(4)(c): relevant status updates, on the request of the CSIRT or the competent
    authority. DORA Art. 19(4)(b): the initial notification updated with the information known now (the
    classification, duration, what and whom it affects, the cause, the measures, the other authorities told)."""
    if f.obligation.regime == "dora":
        return [
            _update_of(previous, "initial"),
            _classification(f),
            _status(f),
            _description(f),
            _duration(f),
            _answer(_("Systems affected"), f.incident.systems_affected),
            _people(f),
            _cause(f),
            *_impact(f),
            *_measures(f),
            _other_reports(f),
            _indicators(),
        ]
    return [
        _request(report),
        _update_of(previous, "notification"),
        _status(f),
        _assessed_since(f, previous),
        *_impact(f),
        _cause(f),
        *_measures(f),
        _cross_border(f),
    ]


def frame(regime: str, code: str) -> str:
    """The line above the content: what the law asks of this report."""
    if code == "intermediate" and regime == "nis2":
        return _(
            "NIS2 Art. 23(4)(c): an intermediate report gives the relevant status updates the CSIRT or the "
            "competent authority asked for — what changed since the notification, from what is recorded."
        )
    if code == "intermediate" and regime == "dora":
        return _(
            "DORA Art. 19(4)(b): the intermediate report updates the initial notification with the information "
            "known now, from what is recorded; the authority's form may ask for more, to be answered in its portal."
        )
    if regime == "nis2":
        return _(
            "The content NIS2 Art. 23(4) asks for this report: the NIS Cooperation Group's common notification "
            "templates are not binding yet, so the recipient's portal may ask it in its own order."
        )
    return _(
        "The facts every report of an incident gives, as recorded; the recipient's form may ask for more, to be "
        "answered in its portal."
    )


# --- the document --------------------------------------------------------------------------------------------


def _iso(moment_: Any) -> str | None:
    return moment_.isoformat() if moment_ else None


def content(report: ObligationReport) -> dict[str, Any]:
    """What the document says, as JSON, built in the active language: kept in the document's parameters when it is
    asked for, so that its version shows the report as it was then (a re-render gives the same bytes), whatever is
    recorded or filed afterwards."""
    obligation = report.obligation
    incident = obligation.incident
    rule_set = obligation.rules()
    rule = report.rule()
    recipient = rule.recipient or rule_set.recipient(obligation.country)
    previous = [
        r
        for r in obligation.reports.order_by("position")
        if r.position < report.position and r.state == ObligationReport.State.FILED
    ]
    return {
        "regime_code": obligation.regime,
        "report_code": report.code,
        "frame": frame(obligation.regime, report.code),
        "regime": str(R.REGIMES[obligation.regime].label),
        "title": str(rule.label),
        "incident_title": incident.title,
        "sources": [source.full for source in rule.sources],
        "recipient": {"name": str(recipient.name), "unverified": recipient.unverified} if recipient else None,
        "country": obligation.country,
        "trigger_at": _iso(obligation.trigger_at),
        "trigger_reason": obligation.trigger_reason,
        "due_at": _iso(report.due_at),
        "previous": [
            {
                "label": r.label,
                "filed_at": _iso(r.filed_at),
                "reference": r.reference,
            }
            for r in previous
        ],
        "answers": [
            {"label": str(a.label), "value": a.value, "mark": a.mark, "note": str(a.note)}
            for a in answers(report, previous)
        ],
    }


def content_in(report: ObligationReport, language: str) -> dict[str, Any]:
    """The content in the document's language and time zone (``reports.rendering.document_locale``, which this
    module does not import: it loads WeasyPrint)."""
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        return content(report)


def context(
    incident: Incident, said: dict[str, Any], *, language: str, version: str, created=None
) -> dict[str, Any]:
    return {
        "doc": document_meta(
            kind=KIND,
            reference=incident.reference,
            language=language,
            version=version,
            created=created,
            author=incident.organisation.name,
        ),
        "incident": incident,
        **said,
        "missing": sum(1 for a in said["answers"] if a["mark"] == MISSING),
        "marks": mark_labels("", language),
    }


def page(document: Document) -> tuple[str, dict[str, Any]]:
    """The report as it was when the document was asked for (its content kept in the parameters)."""
    return TEMPLATE, context(
        document.incident,
        document.params["content"],
        language=language(document),
        version=f"{document.version}",
        created=document.requested_at,
    )


def preview(report: ObligationReport, *, language: str) -> tuple[str, dict[str, Any]]:
    """The report as it would be made now (not stored)."""
    return TEMPLATE, context(
        report.obligation.incident, content(report), language=language, version=_("preview")
    )
