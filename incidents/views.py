"""Web UI for the security team and the DPO. Views validate input with forms and call services."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from datalek.errors import DomainError
from datalek.web_errors import domain_errors, found
from incidents import selectors, services
from incidents.dashboard import owed_for
from incidents.evidence import evidence_file_response
from incidents.filters import IncidentFilter
from incidents.forms import (
    ContainmentForm,
    EvidenceForm,
    IncidentForm,
    TransitionForm,
    add_service_errors,
)
from incidents.models import Incident
from incidents.pagination import keyset_page
from incidents.roles import Role, is_dpo, roles_by_organisation
from incidents.selectors import DASHBOARD_LIMIT
from incidents.transitions import transition_options


def incident_view(view):
    """Login required, and the incident resolved for this user (404 for anyone outside its organisation)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, pk: int, *args, **kwargs) -> HttpResponse:
        return view(request, found(selectors.incident_get, request.user, pk), *args, **kwargs)

    return wrapper


def _detail(request: HttpRequest, incident: Incident, **kwargs) -> str:
    """Where a refused change goes back to (datalek.web_errors): the incident page."""
    return incident.get_absolute_url()


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    has_team_role = selectors.team_organisations(request.user).exists()
    if not has_team_role and Role.CONTROLLER in roles_by_organisation(request.user).values():
        return redirect("portal:home")  # a controller client user's home is the portal, not incidents
    running, others = selectors.dashboard_incidents(request.user)
    owed = owed_for(running[:DASHBOARD_LIMIT] + others[:DASHBOARD_LIMIT])
    for incident in (*running, *others):
        incident.owed = owed.get(incident.pk, [])
    return render(
        request,
        "incidents/dashboard.html",
        {
            "running": running,
            "others": others,
            "has_team_role": has_team_role,
        },
    )


def require_team(request: HttpRequest) -> None:
    """The incident pages are the security team's and the DPO's; anyone else (a controller client user) gets 404, as
    if they did not exist."""
    if not selectors.team_organisations(request.user).exists():
        raise Http404(_("Only the security team and the DPO log incidents."))


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    require_team(request)
    filtered = IncidentFilter(request.GET or None, queryset=selectors.incidents_for_user(request.user))
    page = keyset_page(filtered.qs, after=request.GET.get("after"), before=request.GET.get("before"))
    query = request.GET.copy()
    for key in ("after", "before"):
        query.pop(key, None)
    context = {"filter": filtered, "page": page, "query": query.urlencode()}
    template = (
        "incidents/_incident_table.html" if request.headers.get("HX-Request") else "incidents/list.html"
    )
    return render(request, template, context)


def _incident_form(request: HttpRequest, instance: Incident | None = None) -> IncidentForm:
    organisations = selectors.team_organisations(request.user)
    org_ids = [instance.organisation_id] if instance else list(organisations.values_list("id", flat=True))
    initial = {"client_organisations": list(instance.client_organisations.all())} if instance else None
    return IncidentForm(
        request.POST or None,
        instance=instance,
        initial=initial,
        organisations=organisations,
        clients=selectors.client_organisations_of(org_ids),
    )


@login_required
def incident_create(request: HttpRequest) -> HttpResponse:
    require_team(request)
    form = _incident_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_create(
                actor=request.user,
                organisation=form.chosen_organisation(),
                facts=form.facts(),
                clients=form.cleaned_data.get("client_organisations", []),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Incident %(ref)s logged. The 72-hour clock runs from the awareness moment.")
                % {"ref": incident.reference},
            )
            return redirect("incidents:detail", pk=incident.pk)
    return render(request, "incidents/form.html", {"form": form, "incident": None})


@incident_view
@domain_errors(back=_detail)
def incident_edit(request: HttpRequest, incident: Incident) -> HttpResponse:
    form = _incident_form(request, incident)
    if request.method == "POST" and form.is_valid():
        clients = (
            form.cleaned_data.get("client_organisations") if "client_organisations" in form.fields else None
        )
        try:
            services.incident_update(
                actor=request.user, incident_id=incident.pk, changes=form.facts(), clients=clients
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved and recorded in the audit trail."))
            return redirect("incidents:detail", pk=incident.pk)
    return render(request, "incidents/form.html", {"form": form, "incident": incident})


def _detail_context(request: HttpRequest, incident: Incident, **forms) -> dict:
    return {
        "incident": incident,
        "events": selectors.incident_events(incident),
        "evidence": incident.evidence.select_related("uploaded_by"),
        "options": transition_options(incident, request.user),
        "clients": incident.client_organisations.all(),
        "is_dpo": is_dpo(incident, request.user),
        "containment_form": forms.get("containment_form") or ContainmentForm(instance=incident),
        "evidence_form": forms.get("evidence_form") or EvidenceForm(),
    }


@incident_view
def incident_detail(request: HttpRequest, incident: Incident) -> HttpResponse:
    return render(request, "incidents/detail.html", _detail_context(request, incident))


@incident_view
def incident_timeline(request: HttpRequest, incident: Incident) -> HttpResponse:
    return render(
        request,
        "incidents/_timeline.html",
        {"incident": incident, "events": selectors.incident_events(incident)},
    )


def _invalid(request: HttpRequest, incident: Incident, **forms) -> HttpResponse:
    messages.error(request, _("Nothing was saved: please correct the marked fields."))
    return render(request, "incidents/detail.html", _detail_context(request, incident, **forms), status=400)


@require_POST
@incident_view
@domain_errors(back=_detail)
def incident_containment(request: HttpRequest, incident: Incident) -> HttpResponse:
    form = ContainmentForm(request.POST, instance=incident)
    if not form.is_valid():
        return _invalid(request, incident, containment_form=form)
    try:
        services.incident_update(actor=request.user, incident_id=incident.pk, changes=form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _invalid(request, incident, containment_form=form)
    messages.success(request, _("Containment recorded."))
    return redirect("incidents:detail", pk=incident.pk)


@require_POST
@incident_view
@domain_errors(back=_detail)
def incident_transition(request: HttpRequest, incident: Incident) -> HttpResponse:
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The request was incomplete; nothing changed."))
        return redirect("incidents:detail", pk=incident.pk)
    try:
        updated = services.incident_transition(
            actor=request.user,
            incident_id=incident.pk,
            name=form.cleaned_data["transition"],
            reason=form.cleaned_data["reason"],
            expected_status=form.cleaned_data["expected_status"] or None,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Status is now “%(status)s”.") % {"status": updated.get_status_display()})
    return redirect("incidents:detail", pk=incident.pk)


@require_POST
@incident_view
@domain_errors(back=_detail)
def evidence_upload(request: HttpRequest, incident: Incident) -> HttpResponse:
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _invalid(request, incident, evidence_form=form)
    upload = form.cleaned_data["file"]
    try:
        services.evidence_add(
            actor=request.user,
            incident_id=incident.pk,
            name=upload.name,
            size=upload.size,
            stream=upload,
            description=form.cleaned_data["description"],
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _invalid(request, incident, evidence_form=form)
    messages.success(request, _("Evidence attached; its SHA-256 is in the audit trail."))
    return redirect("incidents:detail", pk=incident.pk)


@incident_view
def evidence_download(request: HttpRequest, incident: Incident, evidence_id: int) -> HttpResponse:
    return evidence_file_response(get_object_or_404(incident.evidence, pk=evidence_id))
