"""Web UI of the documents: the Documents card of an incident, previews (the same template and context as the PDF),
downloads (always as attachments), the block on the notice page, the breach register and the insights."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Min
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from datalek.csv_files import CONTENT_TYPE
from datalek.web_errors import domain_errors, found
from delivery.outbox import preview
from incidents.models import Incident
from incidents.views import incident_view
from notifications.models import Notice
from notifications.views import notice_view
from reports import letters, register, selectors, services
from reports.documents import incident_report as incident_report_document
from reports.documents import letters as letters_document
from reports.documents import obligation_report as obligation_report_document
from reports.documents import register as register_document
from reports.forms import DocumentRequestForm, period_form
from reports.insights import insights
from reports.models import Document
from reports.rendering import document_locale, render_html, render_notice_html

# What a preview may load: our stylesheet; nothing runs, nothing is framed, no form posts anywhere.
PREVIEW_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
LETTERS_PREVIEW = 20


def _preview(html: str) -> HttpResponse:
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = PREVIEW_CSP
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


# --- the Documents card and the notice block ---------------------------------------------------------------


@incident_view
def documents_panel(request: HttpRequest, incident: Incident) -> HttpResponse:
    context = selectors.documents_panel(incident)
    return render(request, "reports/_documents.html", context | {"incident": incident})


@notice_view
def notice_block(request: HttpRequest, notice: Notice) -> HttpResponse:
    return render(request, "reports/_notice_block.html", selectors.notice_block(notice))


def _notice_document(request: HttpRequest, notice: Notice) -> str:
    return reverse("notifications:notice", args=[notice.pk]) + "#document"


@require_POST
@notice_view
@domain_errors(back=_notice_document, details=True)
def notice_form_answer(request: HttpRequest, notice: Notice) -> HttpResponse:
    """Record (or take back) one answer of an authority notice's draft straight into the regulator's form; a
    refusal names the answers it refuses."""
    key, values = request.POST.get("key", ""), request.POST.getlist("value")
    value = values if request.POST.get("input") == "multi" else (values or [""])[0]
    if request.POST.get("clear"):
        value = None
    try:
        services.notice_form_record(actor=request.user, notice_id=notice.pk, answers={key: value})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The answer is recorded on the draft."))
    return redirect(_notice_document(request, notice))


def _documents(request: HttpRequest, incident: Incident, **kwargs) -> str:
    """Where a refused request goes back to (datalek.web_errors): the incident's Documents card."""
    return incident.get_absolute_url() + "#documents"


@require_POST
@incident_view
@domain_errors(back=_documents)
def document_request(request: HttpRequest, incident: Incident) -> HttpResponse:
    form = DocumentRequestForm(request.POST)
    if not form.is_valid():
        raise Http404(_("No such document."))
    data = form.cleaned_data
    services.document_request(
        actor=request.user,
        incident_id=incident.pk,
        kind=data["kind"],
        notice_id=data["notice"],
        report_id=data["report"],
        # the obligation's report is in its recipient's language unless one is chosen
        language=data["language"]
        or ("" if data["kind"] == Document.Kind.OBLIGATION_REPORT else translation.get_language()),
    )
    messages.success(request, _("The PDF is being made; its status is shown in the Documents card."))
    if data["back"] == "obligations":
        return redirect(reverse("obligations:panel", args=[incident.pk]))
    if data["back"] == "notice" and data["notice"]:
        return redirect(reverse("notifications:notice", args=[data["notice"]]) + "#document")
    return redirect(_documents(request, incident))


@require_POST
@incident_view
@domain_errors(back=_documents)
def letters_request(request: HttpRequest, incident: Incident, notice_id: int) -> HttpResponse:
    made = services.letters_request(actor=request.user, incident_id=incident.pk, notice_id=notice_id)
    messages.success(request, _("%(n)s batch(es) of letters are being made.") % {"n": len(made)})
    return redirect(_documents(request, incident))


@incident_view
def report_preview(request: HttpRequest, incident: Incident) -> HttpResponse:
    language = request.GET.get("language") or incident.organisation.language
    language = language if language in services.LANGUAGES else "en"
    with document_locale(language):
        template, context = incident_report_document.preview(incident, language=language)
        return _preview(render_html(template, context, language=language))


@incident_view
def obligation_report_preview(request: HttpRequest, incident: Incident, report_id: int) -> HttpResponse:
    """The document of a report of an obligation as it would be made now, in its recipient's language unless
    another is asked for."""
    report = found(selectors.obligation_report_for, incident, report_id)
    language = request.GET.get("language") or obligation_report_document.recipient_language(report.obligation)
    language = language if language in services.LANGUAGES else "en"
    with document_locale(language):
        template, context = obligation_report_document.preview(report, language=language)
        return _preview(render_html(template, context, language=language))


@notice_view
def notice_preview(request: HttpRequest, notice: Notice) -> HttpResponse:
    return _preview(render_notice_html(notice))


@notice_view
def notice_edpb_json(request: HttpRequest, notice: Notice) -> HttpResponse:
    """The notice in the EDPB template's JSON, as a file to download (the API gives the same)."""
    data = found(selectors.edpb_export, notice)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    name = f"{notice.incident.reference}-notice-{notice.pk}-edpb-2026.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@notice_view
def letters_preview(request: HttpRequest, notice: Notice) -> HttpResponse:
    """The first letters still to print (or, once sent, the first letters of the list), as they will be printed."""
    span = selectors.postal_deliveries(notice).aggregate(
        first_id=Min("id"), last_id=Max("id"), count=Count("id")
    )
    if notice.kind != Notice.Kind.SUBJECTS or not span["count"]:
        raise Http404(_("There are no letters for this notice."))
    params = {"batch": 1, **span}
    with document_locale(notice.language):
        template, context = letters_document.preview(notice, params, limit=LETTERS_PREVIEW)
        return _preview(render_html(template, context, language=notice.language))


@notice_view
def people_preview(request: HttpRequest, notice: Notice) -> HttpResponse:
    """The e-mail or the letter exactly as a person of a group told, in a language of the notice, gets it: the same
    templates and texts as what is sent and printed (``?language=nl&group=…&channel=email|letter``; by default the
    notice's language, its first group told, the e-mail)."""
    texts = notice.content.get("texts") or {}
    first = notice.language if notice.language in texts else next(iter(sorted(texts)), "")
    language = request.GET.get("language") or first
    groups = (notice.content.get("group_texts") or {}).get(language) or {}
    group = request.GET.get("group") or next(iter(groups), "")
    if notice.kind != Notice.Kind.SUBJECTS or language not in texts:
        raise Http404(_("This notice has no text in that language."))
    if groups and group not in groups:
        raise Http404(_("This notice is not told to that group."))
    if request.GET.get("channel") == "letter":
        with document_locale(language):
            context = letters.preview_context(notice, language, group)
            return _preview(render_html("reports/letters.html", context, language=language))
    return _preview(preview(notice, language, group).html)


@login_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = found(selectors.document_get, request.user, pk)
    if document.status != Document.Status.READY or not document.file:
        raise Http404(_("This document is not ready."))
    return file_response(document)


def file_response(document: Document) -> FileResponse:
    """A document is only ever served as a download, never shown inline by the browser."""
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.download_name(),
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Document-SHA256"] = document.sha256
    return response


def _posted_back(request: HttpRequest, pk: int) -> str:
    return _document_home(selectors.document_get(request.user, pk))


@require_POST
@login_required
@domain_errors(back=_posted_back)
def letters_posted(request: HttpRequest, pk: int) -> HttpResponse:
    document = services.letters_mark_posted(actor=request.user, document_id=pk)
    messages.success(request, _("The batch is marked as posted."))
    return redirect(_document_home(document))


def _document_home(document: Document) -> str:
    """The page that lists a document: its incident's Documents card, or the register page for a register PDF
    (which has no incident)."""
    if document.incident_id is None:
        return reverse("reports:register") + "?" + urlencode({"organisation": document.organisation_id})
    return document.incident.get_absolute_url() + "#documents"


# --- the register and the insights ------------------------------------------------------------------------


def _period(request: HttpRequest):
    """The organisation and the period from the query string; 404 for anyone not on a team."""
    organisations = selectors.team_organisations(request.user)
    by_id = {o.pk: o for o in organisations}
    asked = request.GET.get("organisation")
    if not organisations or (asked and asked not in {str(pk) for pk in by_id}):
        raise Http404(_("No such organisation."))
    form = period_form(request.GET, organisations)
    organisation = None
    if form.is_valid():  # the form's choices are these organisations: none chosen is the first
        chosen = form.cleaned_data["organisation"]
        organisation = by_id[chosen] if chosen is not None else organisations[0]
    return form, organisation


def _valid_period(request: HttpRequest):
    """The organisation and the period, 404 unless valid, and the language asked for (else the request's)."""
    form, organisation = _period(request)
    if organisation is None:
        raise Http404(_("Choose a valid period."))
    return form, organisation, form.cleaned_data["language"] or translation.get_language()


@login_required
def register_page(request: HttpRequest) -> HttpResponse:
    form, organisation = _period(request)
    context = {"form": form, "organisation": organisation}
    if organisation is not None:
        language = form.cleaned_data["language"] or ""
        query = urlencode({"organisation": organisation.pk, **_dates(form), "language": language})
        context |= {
            "count": register.incidents_in(organisation, form.period).count(),
            "documents": selectors.register_documents(organisation),
            "query": query,
            "pdf_max": register.PDF_MAX_ROWS,
        }
    return render(request, "reports/register_page.html", context)


def _dates(form) -> dict[str, str]:
    return {
        "date_from": form.cleaned_data["date_from"].isoformat(),
        "date_to": form.cleaned_data["date_to"].isoformat(),
    }


@login_required
def register_csv(request: HttpRequest) -> StreamingHttpResponse:
    form, organisation, language = _valid_period(request)
    return csv_response(organisation, form.period, language)


def csv_response(organisation, period: register.Period, language: str) -> StreamingHttpResponse:
    """The register, streamed: a line at a time from a server-side cursor, whatever the number of incidents."""

    def lines():
        with translation.override(language):
            for line in register.csv_lines(organisation, period):
                yield line.encode("utf-8")

    response = StreamingHttpResponse(lines(), content_type=CONTENT_TYPE)
    name = f"register-{organisation.slug}-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _register_url(form, organisation) -> str:
    return reverse("reports:register") + "?" + urlencode({"organisation": organisation.pk} | _dates(form))


def _register_back(request: HttpRequest) -> str:
    """Where a refused register PDF goes back to: the register page of the organisation and the period asked."""
    form, organisation, _language = _valid_period(request)
    return _register_url(form, organisation)


@require_POST
@login_required
@domain_errors(back=_register_back)
def register_pdf(request: HttpRequest) -> HttpResponse:
    form, organisation, language = _valid_period(request)
    services.register_request(
        actor=request.user, organisation_id=organisation.pk, period=form.period, language=language
    )
    messages.success(request, _("The register PDF is being made."))
    return redirect(_register_url(form, organisation))


@login_required
def register_preview(request: HttpRequest) -> HttpResponse:
    form, organisation, language = _valid_period(request)
    with document_locale(language):
        template, context = register_document.preview(organisation, form.period, language=language)
        return _preview(render_html(template, context, language=language))


@login_required
def insights_page(request: HttpRequest) -> HttpResponse:
    form, organisation = _period(request)
    context = {"form": form, "organisation": organisation}
    if organisation is not None:
        context["insights"] = insights(organisation, form.period)
    return render(request, "reports/insights_page.html", context)
