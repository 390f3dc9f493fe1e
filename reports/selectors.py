"""Reads: the documents a user may see, what the pages show of them, and what a notice's document is made of — the
regulator's form with its answers, from the stored data only. The documents themselves (template and context per
kind) are the modules of ``reports.documents``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from datalek.errors import DomainError
from delivery.models import Delivery
from incidents import selectors as incident_selectors
from incidents.models import Incident, Organisation, User
from incidents.roles import team_organisation_ids
from notifications.authorities import by_code
from notifications.content import content_sha256
from notifications.models import Notice
from obligations.models import ObligationReport
from reports.error_codes import ReportErrorCode as Code
from reports.models import Document
from reports.regulators import Source, build_form, completeness, edpb, form_language, mark_labels
from risk.engine.facts import breach_view
from risk.models import RiskAssessment

NOTICE_RELATED = ("incident__organisation", "client", "parent", "approved_by", "filed_by", "drafted_by")


# --- who sees what ------------------------------------------------------------------------------------------


def document_get(user: User, document_id: int) -> Document:
    """A document of one of the user's organisations (security team or DPO), else 404."""
    try:
        return Document.objects.select_related("incident", "notice", "organisation", "requested_by").get(
            pk=document_id, organisation_id__in=team_organisation_ids(user)
        )
    except (Document.DoesNotExist, ValueError, TypeError):
        raise DomainError(Code.NOT_FOUND, _("No such document."), status=404) from None


def obligation_report_for(incident: Incident, report_id: int | None) -> ObligationReport:
    """A report of one of the incident's obligations beside the GDPR (the GDPR's are the notices' documents) that
    is on a rule set, else 404."""
    try:
        return (
            ObligationReport.objects.select_related("obligation__incident__organisation")
            .exclude(obligation__regime="gdpr")
            .exclude(obligation__rule_set="")
            .get(pk=report_id, obligation__incident=incident)
        )
    except (ObligationReport.DoesNotExist, ValueError, TypeError):
        raise DomainError(Code.NOT_FOUND, _("No such report."), status=404) from None


def documents_of_incident(incident: Incident) -> QuerySet[Document]:
    return incident.documents.select_related("notice", "requested_by", "posted_by").order_by("-id")


def register_documents(organisation: Organisation, limit: int = 20) -> list[Document]:
    return list(
        Document.objects.filter(organisation=organisation, kind=Document.Kind.REGISTER)
        .select_related("requested_by")
        .order_by("-id")[:limit]
    )


def team_organisation(user: User, organisation_id: int | None) -> Organisation:
    """One of our organisations where the user is on the team: the one asked for, or the only one. 404 otherwise —
    nobody learns that another organisation exists."""
    organisations = incident_selectors.team_organisations(user).order_by("name")
    if organisation_id is not None:
        organisations = organisations.filter(pk=organisation_id)
    found = organisations.first()
    if found is None:
        raise DomainError(Code.NOT_FOUND, _("No such organisation."), status=404)
    return found


def team_organisations(user: User) -> list[Organisation]:
    return list(incident_selectors.team_organisations(user).order_by("name"))


def notice_for(incident: Incident, notice_id: int) -> Notice:
    try:
        return Notice.objects.select_related(*NOTICE_RELATED).get(pk=notice_id, incident=incident)
    except (Notice.DoesNotExist, ValueError, TypeError):
        raise DomainError(Code.NOT_FOUND, _("No such notice."), status=404) from None


def notices_of(incident: Incident) -> list[Notice]:
    return list(
        incident.notices.select_related(*NOTICE_RELATED).order_by("kind", "authority", "client_id", "id")
    )


def postal_deliveries(notice: Notice) -> QuerySet[Delivery]:
    """The letters of a notice to the people: one per person without an e-mail address (channel post)."""
    return notice.deliveries.filter(channel=Delivery.Channel.POST).order_by("id")


def letter_counts(notice: Notice) -> dict[str, int]:
    counts = dict(postal_deliveries(notice).values_list("status").annotate(n=Count("id")))
    return {
        "to_print": counts.get(Delivery.Status.TO_PRINT, 0),
        "posted": counts.get(Delivery.Status.SENT, 0),
    }


# --- the notice's document ------------------------------------------------------------------------------------


def notice_form(notice: Notice) -> str:
    """Which document structure: "ap", "cnil", "gba" or "edpb" for an authority; else the notice's kind."""
    if notice.kind == Notice.Kind.AUTHORITY:
        return by_code(notice.authority).form
    return notice.kind


def notice_language(notice: Notice) -> str:
    form = notice_form(notice)
    if notice.kind == Notice.Kind.AUTHORITY:
        return form_language(form, notice)
    return notice.language


def notice_version(notice: Notice) -> str:
    """The content's hash: what was approved (frozen), or what the draft says now."""
    return (notice.content_sha256 or content_sha256(notice.content))[:12]


def assessment_for(notice: Notice) -> RiskAssessment | None:
    """The finalised assessment the notice's content was built from: the last one finalised before it was built
    (assessments are frozen once finalised, so this never changes afterwards)."""
    finals = notice.incident.assessments.filter(finalised_at__isnull=False)
    built = parse_datetime(notice.content.get("built_at") or "")
    if built is not None:
        finals = finals.filter(finalised_at__lte=built)
    return finals.order_by("-version").first()


def notice_source(notice: Notice) -> Source:
    """Only what the notice's content holds (frozen at approval) and the assessment it was built from."""
    assessment = assessment_for(notice)
    sections = notice.content.get("sections", {})
    return Source(
        sections=sections,
        provenance=notice.content.get("provenance", {}),
        facts=breach_view(assessment.facts) if assessment else {},
        fact_provenance=assessment.provenance if assessment else {},
        notice=notice,
        incident=notice.incident,
        language=notice_language(notice),
        people=sections.get("communication", {}).get("channels") or {},
        processors=sections.get("controller", {}).get("processors") or [],
        form_answers=notice.content.get("form_answers") or {},
    )


def edpb_export(notice: Notice) -> dict[str, Any]:
    """An authority notice in the EDPB template's JSON (every field under the template's number, typed, with its
    provenance), whatever the regulator's own form; 404 for any other notice."""
    if notice.kind != Notice.Kind.AUTHORITY:
        raise DomainError(Code.NOT_FOUND, _("Only a notice to an authority has a form."), status=404)
    with translation.override("en"):
        return edpb.export(notice_source(notice))


def authority_form(notice: Notice):
    """The regulator's form with every answer and its provenance (also shown on the notice page)."""
    with translation.override(notice_language(notice)):
        return build_form(notice_form(notice), notice_source(notice))


def document_meta(
    *, kind: str, reference: str, language: str, version: str, created: datetime | None, author: str
) -> dict[str, Any]:
    return {
        "kind": kind,
        "reference": reference,
        "language": language,
        "version": version,
        "created": w3c(created),
        "author": author,
    }


def w3c(moment: datetime | None) -> str:
    """A fixed metadata date (from the data, never "now"), so a re-render gives the same bytes."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else ""


# --- what the pages show -------------------------------------------------------------------------------------


def _latest_by_scope(documents: list[Document]) -> dict[str, Document]:
    latest: dict[str, Document] = {}
    for document in documents:  # newest first
        latest.setdefault(document.scope, document)
    return latest


def documents_panel(incident: Incident) -> dict[str, Any]:
    """The incident's documents: the report, each notice's document and the letters, with the latest version of
    each and its status."""
    documents = list(documents_of_incident(incident)[:500])
    latest = _latest_by_scope(documents)
    notices = notices_of(incident)
    rows = [
        {
            "notice": notice,
            "form": notice_form(notice),
            "document": latest.get(f"notice:{notice.pk}"),
            "letters": letter_counts(notice) if notice.kind == Notice.Kind.SUBJECTS else None,
            # What the regulator's form still misses, as the notice page and the document count it.
            "missing": len(authority_form(notice).missing) if notice.kind == Notice.Kind.AUTHORITY else None,
            "batches": [
                d for d in latest.values() if d.kind == Document.Kind.LETTERS and d.notice_id == notice.pk
            ],
        }
        for notice in notices
    ]
    reports = [d for scope, d in latest.items() if scope.startswith("incident:")]
    return {
        "rows": rows,
        "reports": reports,
        "obligation_reports": obligation_report_rows(incident, latest),
        "pending": any(d.is_pending for d in latest.values()),
    }


def obligation_report_rows(incident: Incident, latest: dict[str, Document]) -> list[dict[str, Any]]:
    """The reports of the incident's obligations beside the GDPR that have a document, each with the latest
    version in each language."""
    made: dict[int, list[Document]] = {}
    for document in latest.values():
        if document.kind == Document.Kind.OBLIGATION_REPORT:
            made.setdefault(document.params.get("obligation_report"), []).append(document)
    if not made:
        return []
    reports = ObligationReport.objects.filter(pk__in=made, obligation__incident=incident).select_related(
        "obligation"
    )
    return [
        {"report": r, "label": report_label(r), "documents": made[r.pk]}
        for r in reports.order_by("obligation_id", "position")
    ]


def report_label(report: ObligationReport) -> str:
    """The report's name as its obligation's stored rule set gives it, e.g. "Early warning"."""
    return report.label


def notice_block(notice: Notice) -> dict[str, Any]:
    """The notice page's answers: for an authority notice the regulator's form built as for the document — the same
    answers, tags, order and count of what is missing — with the answers a person may record on a draft; and the
    PDFs made."""
    documents = list(notice.documents.filter(kind=Document.Kind.NOTICE).select_related("requested_by")[:5])
    context: dict[str, Any] = {
        "notice": notice,
        "incident": notice.incident,
        "documents": documents,
        "pending": any(d.is_pending for d in documents),
        "version": notice_version(notice),
    }
    if notice.kind == Notice.Kind.AUTHORITY:
        form = notice_form(notice)
        language = notice_language(notice)
        built = authority_form(notice)
        context |= {
            "form": built,
            "missing": built.missing,
            "marks": mark_labels(form, language),
            "form_name": FORM_NAMES.get(form) or by_code(notice.authority).name,
            "editable": notice.status == Notice.Status.DRAFT,
            "completeness": completeness.for_notice(form, built, notice, language),
            "structure_source": completeness.STRUCTURE_SOURCE.get(form, ""),
        }
    return context


FORM_NAMES = {"ap": "AP", "cnil": "CNIL", "gba": "GBA/APD", "edpb": "EDPB"}


def notice_completeness(notice: Notice) -> completeness.Completeness:
    """Every question of the authority notice's form: answered, missing or not covered (reports/regulators/
    completeness.py)."""
    form = notice_form(notice)
    language = notice_language(notice)
    return completeness.for_notice(form, authority_form(notice), notice, language)


def missing_required_answers(notice: Notice) -> list[dict[str, str]]:
    """The answers the notice's form requires that are missing (registered with the approval road: reports/apps.py),
    each as its number and question."""
    return [
        {"number": i.number, "question": i.question} for i in notice_completeness(notice).required_missing
    ]
