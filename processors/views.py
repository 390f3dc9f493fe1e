"""Web UI of the processor side: the client organisations we process for with the breach terms of their data
processing agreements, and the written instructions of clients to notify on their behalf."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from datalek.errors import DomainError
from datalek.web_errors import domain_errors, found
from incidents.forms import add_service_errors
from incidents.models import Incident
from incidents.roles import Role, is_dpo, role_in
from incidents.views import incident_view
from inventory.models import ProcessingActivity
from processors import selectors, services
from processors.forms import ClientCreateForm, DpaTermsForm, InstructionForm, RevokeForm


@login_required
def clients_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The controllers we process for (Art. 28), with the breach terms of each one's agreement."""
    organisation = selectors.organisation_for(request.user, pk)
    if organisation is None:
        raise Http404(_("No such organisation."))
    can_edit = role_in(request.user, organisation.pk) == Role.DPO
    form = ClientCreateForm(request.POST or None)
    if request.method == "POST" and can_edit and form.is_valid():
        try:
            client = services.client_create(
                actor=request.user, processor_id=organisation.pk, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Client added with the default terms (24 hours); set its terms now."))
            return redirect("processors:client", pk=client.pk)
    clients = [(client, selectors.terms_of(client)) for client in selectors.clients_of(organisation.pk)]
    return render(
        request,
        "processors/clients.html",
        {"organisation": organisation, "clients": clients, "form": form, "can_edit": can_edit},
        status=400 if form.errors else 200,
    )


@login_required
def client_page(request: HttpRequest, pk: int) -> HttpResponse:
    client = found(selectors.client_get, request.user, pk)
    can_edit = role_in(request.user, client.processor_id) == Role.DPO
    ours = ProcessingActivity.objects.active().filter(organisation_id=client.processor_id).order_by("name")
    form = DpaTermsForm(request.POST or None, initial=_terms_initial(client), activities=ours)
    if request.method == "POST" and can_edit and form.is_valid():
        try:
            services.dpa_terms_save(
                actor=request.user,
                client_id=client.pk,
                changes=form.changes(),
                activity_ids=form.activity_ids(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("processors:client", pk=client.pk)
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    context = {
        "client": client,
        "terms": selectors.terms_of(client),
        "form": form,
        "can_edit": can_edit,
        "activities": selectors.activities_for(client),
    }
    return render(request, "processors/client.html", context, status=400 if form.errors else 200)


def _terms_initial(client) -> dict:
    terms = selectors.terms_of(client)
    return {
        "name": client.name,
        "alert_hours": terms.alert_hours,
        "contacts": "\n".join(terms.contacts),
        "dpo_name": client.dpo_name,
        "agreement": terms.agreement,
        "language": client.language,
        "sector": client.sector,
        "activities": [str(a.pk) for a in selectors.activities_for(client)],
    }


# --- written instructions of clients (to notify on their behalf) ---------------------------------------------


@incident_view
def instructions_page(request: HttpRequest, incident: Incident) -> HttpResponse:
    clients = incident.client_organisations.order_by("name")
    form = InstructionForm(request.POST or None, request.FILES or None, clients=clients)
    if request.method == "POST" and form.is_valid():
        data, upload = form.cleaned_data, form.cleaned_data["document"]
        try:
            services.instruction_record(
                actor=request.user,
                incident_id=incident.pk,
                client_id=data["client"],
                allows=data["allows"],
                given_by=data["given_by"],
                given_at=data["given_at"],
                document_reference=data["document_reference"],
                note=data["note"],
                upload=(upload.name, upload.size, upload) if upload else None,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The client's written instruction is recorded."))
            return redirect("processors:instructions", pk=incident.pk)
    context = {
        "incident": incident,
        "instructions": selectors.instructions_of(incident),
        "form": form,
        "revoke_form": RevokeForm(),
        "is_dpo": is_dpo(incident, request.user),
    }
    return render(request, "processors/instructions.html", context, status=400 if form.errors else 200)


def _instructions_of(request: HttpRequest, pk: int) -> str:
    """Where a refused revocation goes back to (datalek.web_errors): the instructions of its incident."""
    instruction = selectors.instruction_get(request.user, pk)
    if instruction is None:
        raise Http404(_("No such instruction."))
    return reverse("processors:instructions", args=[instruction.incident_id])


@require_POST
@login_required
@domain_errors(back=_instructions_of)
def instruction_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    instruction = selectors.instruction_get(request.user, pk)
    if instruction is None:
        raise Http404(_("No such instruction."))
    form = RevokeForm(request.POST)
    try:
        services.instruction_revoke(actor=request.user, instruction_id=pk, reason=form.data.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The instruction is revoked."))
    return redirect("processors:instructions", pk=instruction.incident_id)
