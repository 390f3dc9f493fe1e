"""The obligations panel of the incident page (loaded with htmx) and the organisation's regimes profile. Forms post
normally and come back to the page; refusals go through the one web error path (datalek.web_errors)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from datalek.web_errors import domain_errors
from incidents.models import Incident
from incidents.roles import TEAM_ROLES, is_dpo, is_team_member, role_in
from incidents.views import incident_view
from obligations import selectors, services
from obligations.forms import AnswersForm, MomentForm, ProfileForm
from obligations.models import RegimeAnswers, RegimeProfile
from obligations.panel import rows_of, tests_in_scope


def _panel_url(request: HttpRequest, incident: Incident, **kwargs) -> str:
    """After a step: the obligations' own page, with what happened said at its top and the panel right below it
    (on the incident page the panel loads after the page, below the other panels, far from the message)."""
    return reverse("obligations:panel", args=[incident.pk])


def _panel(
    request: HttpRequest, incident: Incident, *, bound: dict | None = None, moment: MomentForm | None = None
) -> HttpResponse:
    profile = services.profile_of(incident.organisation)
    answers = {a.regime: a.answers for a in RegimeAnswers.objects.filter(incident=incident)}
    forms = {
        regime: (bound or {}).get(regime)
        or AnswersForm(
            prefix=regime, questions=services.QUESTIONS[regime], initial_answers=answers.get(regime)
        )
        for regime in tests_in_scope(profile)
    }
    obligations = list(selectors.obligations_of(request.user, incident.pk))
    moment_forms = {}
    for obligation in obligations:
        names = services.recordable_moments(obligation)
        if names:
            moment_forms[obligation.pk] = (
                moment
                if moment is not None and moment.prefix == f"moment-{obligation.pk}"
                else MomentForm(prefix=f"moment-{obligation.pk}", obligation=obligation, names=names)
            )
    context = {
        "incident": incident,
        "rows": rows_of(obligations, moment_forms),
        "tests": forms,
        "can_work": is_team_member(incident, request.user),
        "is_dpo": is_dpo(incident, request.user),
    }
    if request.headers.get("HX-Request"):
        return render(request, "obligations/_panel.html", context)
    return render(request, "obligations/page.html", context, status=400 if bound or moment else 200)


@incident_view
def obligations_panel(request: HttpRequest, incident: Incident) -> HttpResponse:
    return _panel(request, incident)


@require_POST
@incident_view
@domain_errors(back=_panel_url, details=True)
def answers_record(request: HttpRequest, incident: Incident, regime: str) -> HttpResponse:
    if regime not in services.QUESTIONS:
        raise Http404
    form = AnswersForm(request.POST, prefix=regime, questions=services.QUESTIONS[regime])
    if not form.is_valid():
        return _panel(request, incident, bound={regime: form})
    try:
        services.regime_answers_record(
            actor=request.user, incident_id=incident.pk, regime=regime, answers=form.answers()
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Answers recorded; the obligations were evaluated again."))
    return redirect(_panel_url(request, incident))


STEPS = {
    "draft": lambda actor, pk, post: services.obligation_report_draft(actor=actor, report_id=pk),
    "approve": lambda actor, pk, post: services.obligation_report_approve(actor=actor, report_id=pk),
    "file": lambda actor, pk, post: services.obligation_report_file(
        actor=actor, report_id=pk, reference=post.get("reference", "")
    ),
}

STEP_DONE = {
    "draft": gettext_lazy("The report is marked as drafted; a DPO other than you approves it."),
    "approve": gettext_lazy(
        "The report is approved; file it with the recipient's reference once it is sent."
    ),
    "file": gettext_lazy(
        "The report is filed with the recipient's reference; the deadlines it starts are stored."
    ),
}


@require_POST
@incident_view
@domain_errors(back=_panel_url, details=True)
def report_step(request: HttpRequest, incident: Incident, report_id: int, step: str) -> HttpResponse:
    if step not in STEPS or not incident.obligations.filter(reports__pk=report_id).exists():
        raise Http404
    try:
        STEPS[step](request.user, report_id, request.POST)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, STEP_DONE[step])
    return redirect(_panel_url(request, incident))


@require_POST
@incident_view
@domain_errors(back=_panel_url, details=True)
def moment_record(request: HttpRequest, incident: Incident, obligation_id: int) -> HttpResponse:
    """The team records a moment a report counts from on one obligation; a refusal comes back on the form, naming
    the field, with nothing stored."""
    obligation = incident.obligations.filter(pk=obligation_id).first()
    if obligation is None:
        raise Http404
    names = services.recordable_moments(obligation)
    form = MomentForm(request.POST, prefix=f"moment-{obligation.pk}", obligation=obligation, names=names)
    if form.is_valid():
        try:
            services.obligation_moment_record(
                actor=request.user,
                obligation_id=obligation.pk,
                name=form.cleaned_data["name"],
                at=form.cleaned_data["at"],
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
        else:
            messages.success(request, _("The moment is recorded; the deadline that waited for it is stored."))
            return redirect(_panel_url(request, incident))
    said = "; ".join(
        f"{form.fields[name].label if name in form.fields else _('Moment')}: {' '.join(errors)}"
        for name, errors in form.errors.items()
    )
    messages.error(request, _("The moment was not recorded. %(errors)s") % {"errors": said})
    return _panel(request, incident, moment=form)


def _organisation_url(request: HttpRequest, pk: int, **kwargs) -> str:
    return reverse("notifications:organisation", args=[pk]) + "#regimes"


@require_POST
@login_required
@domain_errors(back=_organisation_url, details=True)
def profile_save(request: HttpRequest, pk: int) -> HttpResponse:
    """The DPO saves the organisation's regimes (the card on the organisation page)."""
    if role_in(request.user, pk) not in TEAM_ROLES:
        raise Http404  # whatever was posted: the organisation does not exist for them
    form = ProfileForm(request.POST, instance=RegimeProfile(organisation_id=pk))
    if form.is_valid():
        try:
            services.regime_profile_update(actor=request.user, organisation_id=pk, values=form.values())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Regimes saved; the open incidents were evaluated again."))
    else:
        messages.error(request, " ".join(" ".join(errors) for errors in form.errors.values()))
    return redirect(_organisation_url(request, pk))
