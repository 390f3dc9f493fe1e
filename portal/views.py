"""The controller portal in the browser: a controller client user's alerts, each with its updates, documents,
acknowledgements and questions; the import into their own Datalek organisation. And, for the processor's team, the
card on its incident page with each client's deadline, acknowledgements and open questions.

Views are thin: the alert is resolved through ``selectors.alert_get`` (404 for anything not released to the
user's own client organisation) before anything else happens.
"""

from __future__ import annotations

import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from datalek.web_errors import domain_errors, found
from incidents.models import Incident
from incidents.roles import is_team_member
from incidents.views import incident_view
from notifications import client_alerts
from notifications.models import Notice
from notifications.services import WORKING_STATES
from portal import selectors, services
from portal.forms import AnswerForm, ImportForm, QuestionForm
from reports.rendering import render_notice_pdf


def alert_view(view):
    """Login required, and the alert resolved for this user (404 unless released to their own client)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, pk: int, *args, **kwargs) -> HttpResponse:
        return view(request, found(selectors.alert_get, request.user, pk), *args, **kwargs)

    return wrapper


def _alert_url(request: HttpRequest, alert: Notice, **kwargs) -> str:
    return reverse("portal:alert", args=[alert.pk])


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where a controller client user lands; the processor's own team has its dashboard instead."""
    if not selectors.has_portal(request.user):
        return redirect("incidents:dashboard")
    return render(request, "portal/home.html", {"alerts": selectors.alert_list(request.user)})


def _alert_context(request: HttpRequest, alert: Notice, **forms) -> dict:
    phases = selectors.phases_of(alert)
    targets = selectors.import_targets(request.user, alert)
    return {
        "alert": alert,
        "phases": phases,
        "latest": phases[-1],
        "answers": selectors.alert_sections(phases[-1]),
        "acks": {p.pk: selectors.acknowledgement_of(p) for p in phases},
        "questions": selectors.questions_of(alert),
        "question_form": forms.get("question_form") or QuestionForm(),
        "import_form": forms.get("import_form") or (ImportForm(organisations=targets) if targets else None),
        "imports": selectors.imports_visible(request.user, alert),
        "has_facts": any((p.content or {}).get("facts") for p in phases),
    }


@alert_view
def alert_page(request: HttpRequest, alert: Notice) -> HttpResponse:
    return render(request, "portal/alert.html", _alert_context(request, alert))


@require_POST
@alert_view
@domain_errors(back=_alert_url)
def acknowledge(request: HttpRequest, alert: Notice, phase: int) -> HttpResponse:
    services.alert_acknowledge(actor=request.user, alert_id=alert.pk, phase_id=phase)
    messages.success(request, _("Receipt acknowledged; the processor sees who did it, and when."))
    return redirect(_alert_url(request, alert))


@require_POST
@alert_view
def ask(request: HttpRequest, alert: Notice) -> HttpResponse:
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.question_ask(actor=request.user, alert_id=alert.pk, text=form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_error("text", exc.messages)
        else:
            messages.success(request, _("Your question is sent to the processor."))
            return redirect(reverse("portal:alert", args=[alert.pk]) + "#questions")
    return render(
        request, "portal/alert.html", _alert_context(request, alert, question_form=form), status=400
    )


def _download(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@alert_view
def facts_json(request: HttpRequest, alert: Notice) -> HttpResponse:
    """The breach facts of the client's part of the breach (docs/breach-facts.md), role controller."""
    facts = found(selectors.alert_facts, alert)
    body = json.dumps(facts, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json")
    return _download(response, f"breach-facts-alert-{alert.pk}.json")


@alert_view
def phase_pdf(request: HttpRequest, alert: Notice, phase: int) -> HttpResponse:
    """The alert (or one of its updates) as the reports app renders it: A4, clause 9.2 in the client's language."""
    notice = found(selectors.phase_get, alert, phase)
    response = HttpResponse(render_notice_pdf(notice), content_type="application/pdf")
    return _download(response, f"alert-{alert.pk}-{notice.phase}-{notice.pk}.pdf")


@require_POST
@alert_view
@domain_errors(back=_alert_url)
def import_alert(request: HttpRequest, alert: Notice) -> HttpResponse:
    form = ImportForm(request.POST, organisations=selectors.import_targets(request.user, alert))
    if not form.is_valid():
        return render(
            request, "portal/alert.html", _alert_context(request, alert, import_form=form), status=400
        )
    try:
        imported = services.alert_import(
            actor=request.user, alert_id=alert.pk, organisation_id=form.cleaned_data["organisation"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_alert_url(request, alert))
    messages.success(
        request,
        _("Incident %(ref)s logged in %(org)s, aware from the moment the alert reached you; check its facts.")
        % {"ref": imported.incident.reference, "org": imported.organisation.name},
    )
    return redirect(imported.incident.get_absolute_url())


# --- the processor's side: the card on the incident page ------------------------------------------------------


@incident_view
def team_card(request: HttpRequest, incident: Incident) -> HttpResponse:
    context = selectors.processor_view(request.user, incident.pk)
    context |= {
        "proposed": selectors.proposed_clients(incident),
        "can_draft": is_team_member(incident, request.user) and incident.status in WORKING_STATES,
        "answer_form": AnswerForm(),
    }
    template = "portal/_team_card.html" if request.headers.get("HX-Request") else "portal/team_card_page.html"
    return render(request, template, context)


@incident_view
def team_clocks(request: HttpRequest, incident: Incident) -> HttpResponse:
    """Beside the 72-hour clock in the incident's header: each affected client's alert deadline (our T0 + the hours
    of its DPA), counting down until the alert is out."""
    return render(request, "portal/_team_clocks.html", {"rows": client_alerts.client_alerts(incident)})


def _answered_url(request: HttpRequest, pk: int) -> str:
    """Back to the card on the question's incident page."""
    question = selectors.team_question_get(request.user, pk)
    return question.alert.incident.get_absolute_url() + "#controller-clients"


@require_POST
@login_required
@domain_errors(back=_answered_url)
def team_answer(request: HttpRequest, pk: int) -> HttpResponse:
    question = selectors.team_question_get(request.user, pk)
    form = AnswerForm(request.POST)
    try:
        services.question_answer(
            actor=request.user, question_id=question.pk, text=form.data.get("answer", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Answer sent; the client sees it in its portal."))
    return redirect(question.alert.incident.get_absolute_url() + "#controller-clients")
