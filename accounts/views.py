"""Logging in, in two steps for people with an authenticator app, and enrolling one; the account page.

1. The password (Django's ``LoginView``; django-axes counts failures per username + address, and per address,
   and locks out). The admin's login comes here too (accounts/admin_site.py).
2. When the user has a confirmed TOTP device: the code from the app. Only then is the user logged in, and
   the session is *verified* (django-otp), which the binding acts of a DPO and the admin require
   (``incidents.second_factor``). The half-done login waits in the session for at most ``PENDING_SECONDS``.
"""

from __future__ import annotations

import time
from base64 import b32encode
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import selectors, services
from accounts.forms import CodeForm
from accounts.lockout import LOCKED_OUT, cooloff_minutes, cooloff_seconds, lockout_message
from datalek.api_errors import error_body
from datalek.page_cards import cards_for
from datalek.views import is_api_request
from incidents.roles import roles_by_organisation
from incidents.second_factor import (
    enrolment_required,
    has_second_factor,
    is_verified,
    staff_enrolment_required,
    verified_at_provider,
)

PENDING_KEY = "accounts_pending_login"
PENDING_SECONDS = 300
MAX_CODE_ATTEMPTS = 5


class LoginView(auth_views.LoginView):
    """The password step. With an authenticator app the user is not logged in yet: the code step follows.
    With ``OIDC_ENABLED`` the page also offers the organisation's identity provider (accounts/oidc/)."""

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if settings.OIDC_ENABLED:
            query = urlencode({"next": context.get("next")}) if context.get("next") else ""
            url = reverse("oidc_authentication_init") + (f"?{query}" if query else "")
            context["oidc"] = {"name": settings.OIDC_PROVIDER_NAME, "url": url}
        return context

    def form_valid(self, form) -> HttpResponse:
        user = form.get_user()
        if has_second_factor(user):
            self.request.session[PENDING_KEY] = {
                "user": user.pk,
                "backend": user.backend,
                "since": time.time(),
                "next": self.get_success_url(),
                "attempts": 0,
            }
            return redirect("login_code")
        response = super().form_valid(form)
        if enrolment_required(user):
            messages.warning(
                self.request,
                _("Set up an authenticator app now: you need it to approve, file or decide as the DPO."),
            )
            return redirect("two_factor")
        if staff_enrolment_required(user):
            messages.warning(self.request, _("Set up an authenticator app now: you need it for the admin."))
            return redirect("two_factor")
        return response


def _pending(request: HttpRequest) -> dict[str, Any] | None:
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["since"] > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None
    return pending


def _device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step: the code from the app. Wrong codes are throttled by django-otp (growing delays) and
    after ``MAX_CODE_ATTEMPTS`` the login starts over with the password."""
    pending = _pending(request)
    if pending is None:
        messages.info(request, _("Log in with your username and password first."))
        return redirect("login")
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    device = _device(user) if user else None
    if device is None:
        request.session.pop(PENDING_KEY, None)
        return redirect("login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            request.session.pop(PENDING_KEY, None)
            user.backend = pending["backend"]
            auth_login(request, user)
            otp_login(request, device)
            return HttpResponseRedirect(_safe_next(request, pending["next"]))
        pending["attempts"] += 1
        if pending["attempts"] >= MAX_CODE_ATTEMPTS:
            request.session.pop(PENDING_KEY, None)
            messages.error(request, _("Too many wrong codes. Log in again."))
            return redirect("login")
        request.session[PENDING_KEY] = pending
        allowed, _details = device.verify_is_allowed()
        form.add_error(
            "code",
            _("That code is not right, or it has expired. Try the code your app shows now.")
            if allowed
            else _("Too many wrong codes in a row: wait a few seconds and try again."),
        )
    return render(request, "accounts/login_code.html", {"form": form})


def _safe_next(request: HttpRequest, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return reverse(settings.LOGIN_REDIRECT_URL)


def _grouped(secret: bytes) -> str:
    text = b32encode(secret).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@login_required
@sensitive_post_parameters("code")
@never_cache
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app (QR code and the secret as text, confirmed with a code), or remove it."""
    user = request.user
    device = _device(user)
    form = CodeForm(request.POST or None)
    if device is not None:
        if request.method == "POST" and form.is_valid():
            if device.verify_token(form.cleaned_data["code"]):
                TOTPDevice.objects.filter(user=user).delete()
                messages.success(request, _("The authenticator app is removed from your account."))
                return redirect("two_factor")
            form.add_error("code", _("That code is not right. Nothing was changed."))
        return render(
            request,
            "accounts/two_factor.html",
            {"device": device, "form": form, "verified": is_verified(user)},
        )
    pending = _unconfirmed(user)
    if request.method == "POST" and form.is_valid():
        if pending.verify_token(form.cleaned_data["code"]):
            _confirm(request, pending)
            messages.success(
                request,
                _("Your authenticator app is set up. From now on, logging in asks for its code."),
            )
            return redirect("two_factor")
        form.add_error("code", _("That code is not right. Check the time on your phone and try again."))
    context = {
        "form": form,
        "device": None,
        "qr_svg": segno.make(pending.config_url, error="m").svg_data_uri(scale=5, border=2),
        "secret": _grouped(pending.bin_key),
        "required": enrolment_required(user),
        "required_for_staff": staff_enrolment_required(user),
    }
    return render(request, "accounts/two_factor.html", context)


def _unconfirmed(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def _confirm(request: HttpRequest, device: TOTPDevice) -> None:
    """Confirm the device, verify this session with it, and revoke API tokens issued without a code."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    services.tokens_revoke_all(user=device.user)
    otp_login(request, device)


# --- the account page -------------------------------------------------------------------------------------------


@login_required
@never_cache
def account(request: HttpRequest) -> HttpResponse:
    """Who you are, your two-step login and password, and your API tokens (listed, revoked one by one or all)."""
    user = request.user
    context = {
        "memberships": user.memberships.select_related("organisation").order_by("organisation__name"),
        "roles": roles_by_organisation(user),
        "has_app": has_second_factor(user),
        "verified": is_verified(user),
        "at_provider": verified_at_provider(user),
        "tokens": selectors.tokens_alive(user),
        "token_hours": int(settings.API_TOKEN_TTL.total_seconds() // 3600),
        "tokens_per_user": settings.API_TOKENS_PER_USER,
        "cards": cards_for("account", request),  # what apps above add (datalek.page_cards)
    }
    return render(request, "accounts/account.html", context)


@login_required
@require_POST
def token_revoke(request: HttpRequest) -> HttpResponse:
    if services.token_revoke(user=request.user, digest=request.POST.get("token", "")):
        messages.success(request, _("The API token is revoked: it no longer works."))
    else:
        messages.info(request, _("That API token does not exist any more. Nothing was changed."))
    return redirect("account")


@login_required
@require_POST
def tokens_revoke_all(request: HttpRequest) -> HttpResponse:
    count = services.tokens_revoke_all(user=request.user)
    messages.success(
        request,
        ngettext("%(count)d API token is revoked.", "%(count)d API tokens are revoked.", count)
        % {"count": count},
    )
    return redirect("account")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's (the validators, the session kept), on our pages, back to the account page. A new password ends
    every API token (they are bound to the password: accounts/models.py); the rows are cleared here as well."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form) -> HttpResponse:
        count = len(selectors.tokens_alive(form.user))
        response = super().form_valid(form)
        services.tokens_revoke_all(user=form.user)
        messages.success(self.request, _("Your password is changed."))
        if count:
            messages.info(
                self.request,
                ngettext(
                    "Your %(count)d API token was revoked with the old password.",
                    "Your %(count)d API tokens were revoked with the old password.",
                    count,
                )
                % {"count": count},
            )
        return response


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked-out login (``AXES_LOCKOUT_CALLABLE``): a page, or the API's error; both say
    when to come back (``Retry-After``: the whole cool-off, as this attempt has just started it again)."""
    headers = {"Retry-After": str(cooloff_seconds())}
    if is_api_request(request):
        return JsonResponse(error_body(LOCKED_OUT, lockout_message()), status=429, headers=headers)
    context = {
        "minutes": cooloff_minutes(),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "address_failure_limit": settings.AXES_ADDRESS_FAILURE_LIMIT,
    }
    response = render(request, "accounts/locked_out.html", context, status=429)
    response["Retry-After"] = headers["Retry-After"]
    return response
