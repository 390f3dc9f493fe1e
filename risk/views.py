"""The risk-assessment panel of the incident page. The incident page loads it with htmx; its forms post
normally and come back to the incident page, or show the panel as a page of its own with the errors marked — or,
after "Add a group", "Copy this group" or "Remove", with the form as typed and the change made."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from datalek.web_errors import domain_errors
from incidents.models import Incident
from incidents.roles import is_dpo, is_team_member
from incidents.views import incident_view
from risk import selectors, services
from risk.forms import AssessmentForm, DecisionForm


def _panel(request: HttpRequest, incident: Incident, *, facts_form=None, decision_form=None) -> HttpResponse:
    context = {
        "incident": incident,
        "draft": selectors.draft_of(incident),
        "final": selectors.latest_final_of(incident),
        "versions": selectors.assessments_of(incident),
        "facts_form": facts_form or AssessmentForm.starting(incident),
        "decision_form": decision_form or DecisionForm(),
        "is_dpo": is_dpo(incident, request.user),
        "can_work": is_team_member(incident, request.user),
    }
    if request.headers.get("HX-Request"):
        return render(request, "risk/_panel.html", context)
    invalid = bool(facts_form and facts_form.is_bound and facts_form.errors) or bool(
        decision_form and decision_form.errors
    )
    return render(request, "risk/page.html", context, status=400 if invalid else 200)


def _panel_url(request: HttpRequest, incident: Incident) -> str:
    """Back to the panel on the incident page (a refusal too: datalek.web_errors)."""
    return incident.get_absolute_url() + "#risk"


def _back(request: HttpRequest, incident: Incident, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(_panel_url(request, incident))


@incident_view
def assessment_panel(request: HttpRequest, incident: Incident) -> HttpResponse:
    return _panel(request, incident)


@require_POST
@incident_view
@domain_errors(back=_panel_url)
def assessment_run(request: HttpRequest, incident: Incident) -> HttpResponse:
    action = request.POST.get("group_action")
    if action:  # a group added, copied or removed: the form again, nothing run or stored
        return _panel(
            request,
            incident,
            facts_form=AssessmentForm.edited(request.POST, incident=incident, action=action),
        )
    form = AssessmentForm(request.POST, incident=incident)
    if form.is_valid():
        try:
            services.assessment_run(actor=request.user, incident_id=incident.pk, facts=form.to_facts())
        except ValidationError as exc:
            form.add_facts_errors(exc)
        else:
            return _back(request, incident, _("Assessment run; check the result before you finalise it."))
    return _panel(request, incident, facts_form=form)


@require_POST
@incident_view
@domain_errors(back=_panel_url)
def assessment_finalise(request: HttpRequest, incident: Incident) -> HttpResponse:
    services.assessment_finalise(
        actor=request.user, incident_id=incident.pk, note=request.POST.get("note", "")
    )
    return _back(request, incident, _("Assessment finalised and submitted to the DPO."))


@require_POST
@incident_view
@domain_errors(back=_panel_url)
def assessment_decide(request: HttpRequest, incident: Incident) -> HttpResponse:
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.assessment_decide(actor=request.user, incident_id=incident.pk, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return _back(request, incident, _("Decision recorded. You can now approve the assessment."))
    return _panel(request, incident, decision_form=form)
