"""Logging in, in two steps for people with an authenticator app, and enrolling one.

1. The password (Django's ``LoginView``; django-axes counts failures per username + address and locks out).
2. When the user has a confirmed TOTP device: the code from the app. Only then is the user logged in, and
   the session is *verified* (django-otp), which the binding acts of a DPO require
   (``incidents.second_factor``). The half-done login waits in the session for at most ``PENDING_SECONDS``.
"""

from __future__ import annotations

import time
from base64 import b32encode
from typing import Any

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
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from accounts.forms import CodeForm
from datalek.api_errors import error_body
from datalek.views import is_api_request
from incidents.second_factor import (
    LOCKED_OUT,
    cooloff_minutes,
    enrolment_required,
    has_second_factor,
    is_verified,
    lockout_message,
)

PENDING_KEY = "accounts_pending_login"
PENDING_SECONDS = 300
MAX_CODE_ATTEMPTS = 5


class LoginView(auth_views.LoginView):
    """The password step. With an authenticator app the user is not logged in yet: the code step follows."""

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
    Token.objects.filter(user=device.user).delete()
    otp_login(request, device)


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked-out login (``AXES_LOCKOUT_CALLABLE``): a page, or the API's error."""
    if is_api_request(request):
        return JsonResponse(error_body(LOCKED_OUT, lockout_message()), status=429)
    context = {"minutes": cooloff_minutes(), "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "accounts/locked_out.html", context, status=429)
