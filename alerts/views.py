"""The pages' side of the alerts app: webhooks on the organisation page, e-mail choices on the account page.
A refused form is shown again on its page (status 400) with each problem at its field."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alerts import cards, services
from alerts.forms import PreferenceForm, WebhookForm
from alerts.models import Handoff, Webhook
from datalek.errors import DomainError
from datalek.web_errors import domain_errors
from incidents.forms import add_service_errors
from incidents.models import Organisation
from incidents.roles import Role, role_in


def _organisation_url(organisation_id: int) -> str:
    return reverse("notifications:organisation", args=[organisation_id]) + "#webhooks"


@login_required
@require_POST
def webhook_create(request: HttpRequest, pk: int) -> HttpResponse:
    role = role_in(request.user, pk)
    if role is None:
        raise Http404(_("No such organisation."))
    if role != Role.DPO:
        raise PermissionDenied(_("Only a DPO of the organisation manages its webhooks."))
    form = WebhookForm(request.POST)
    if form.is_valid():
        try:
            services.webhook_create(actor=request.user, organisation_id=pk, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
    if form.errors:
        organisation = Organisation.objects.get(pk=pk)
        card = cards.organisation_card(request, organisation=organisation, form=form)
        return render(
            request, "alerts/webhooks.html", {"organisation": organisation, "cards": [card]}, status=400
        )
    messages.success(request, _("Webhook added."))
    return redirect(_organisation_url(pk))


def _webhook_home(request: HttpRequest, pk: int, **kwargs) -> str:
    """Back to the webhooks of the hook's organisation (a refusal too: datalek.web_errors)."""
    return _organisation_url(
        get_object_or_404(Webhook.objects.only("organisation_id"), pk=pk).organisation_id
    )


@login_required
@require_POST
@domain_errors(back=_webhook_home)
def webhook_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    hook = Webhook.objects.filter(pk=pk).values_list("organisation_id", "active").first()
    if hook is None or role_in(request.user, hook[0]) is None:
        raise Http404(_("No such webhook."))
    if action == "delete":
        services.webhook_delete(actor=request.user, webhook_id=pk)
    else:
        services.webhook_update(actor=request.user, webhook_id=pk, changes={"active": not hook[1]})
    return redirect(_organisation_url(hook[0]))


@login_required
@require_POST
def preferences_save(request: HttpRequest) -> HttpResponse:
    form = PreferenceForm(request.POST)
    if form.is_valid():
        wanted = set(form.cleaned_data["wanted"])
        try:
            services.preference_save(
                actor=request.user,
                language=form.cleaned_data["language"],
                muted=[kind for kind in Handoff.values if kind not in wanted],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
    if form.errors:
        card = cards.account_card(request, form=form)
        return render(request, "alerts/preferences.html", {"cards": [card]}, status=400)
    messages.success(request, _("Your e-mail choices are saved."))
    return redirect(reverse("account") + "#handoff-mails")
