"""The second factor (TOTP, django-otp) for the acts that bind the organisation.

A DPO who has enrolled an authenticator app must have proved it in this session (or, for the API, when the
token was issued) before approving a notice or an incident, filing a notice or recording the decision on the
assessment. With ``OTP_REQUIRED_FOR_DPO`` on, a DPO without an app cannot do those things at all until they
enrol one. Verification is a property of the request's user: django-otp's middleware sets ``otp_device`` on it
after a verified login; ``TokenAuthentication`` below marks a user who came with a token, and such a user is
verified when they have an app, since tokens are only issued to them after the code was given (looked up only
when a binding act asks, not on every API request).
"""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import authenticate, user_login_failed
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device
from rest_framework import authentication
from rest_framework.authtoken.models import Token

from datalek.errors import DomainError
from incidents.error_codes import IncidentErrorCode as Code
from incidents.roles import Role, roles_by_organisation

SECOND_FACTOR_REQUIRED = "second_factor_required"
ENROLMENT_REQUIRED = "second_factor_enrolment_required"
LOCKED_OUT = "locked_out"


def has_second_factor(user: Any) -> bool:
    """The user has a confirmed authenticator app."""
    return bool(getattr(user, "is_authenticated", False)) and user_has_device(user, confirmed=True)


def is_verified(user: Any) -> bool:
    """This request's user gave a valid code when logging in (or the API token was issued after one)."""
    if getattr(user, "otp_device", None) is not None:
        return True
    return getattr(user, "token_authenticated", False) and has_second_factor(user)


def is_dpo_anywhere(user: Any) -> bool:
    return Role.DPO in roles_by_organisation(user).values()


def enrolment_required(user: Any) -> bool:
    """``OTP_REQUIRED_FOR_DPO`` is on and the user is a DPO: they need an authenticator app for the binding acts."""
    return settings.OTP_REQUIRED_FOR_DPO and is_dpo_anywhere(user)


def require_second_factor(actor: Any) -> None:
    """Refuse a binding act (approve, file, decide) unless the second factor allows it. 403 with what to do."""
    if has_second_factor(actor):
        if not is_verified(actor):
            raise DomainError(
                SECOND_FACTOR_REQUIRED,
                _(
                    "You have an authenticator app, but this session was not verified with its code. "
                    "Log out and log in again with the code to approve, file or decide."
                ),
                status=403,
            )
        return
    if enrolment_required(actor):
        raise DomainError(
            ENROLMENT_REQUIRED,
            _("Set up an authenticator app first (%(page)s): it is required to approve, file or decide.")
            % {"page": reverse("two_factor")},
            status=403,
        )


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF token authentication whose user counts as verified when they have an authenticator app: the token
    endpoint only issues a token to such a user with a valid code, and enrolling an app revokes older tokens."""

    def authenticate_credentials(self, key: str):
        user, token = super().authenticate_credentials(key)
        user.token_authenticated = True
        return user, token


def token_issue(*, request: Any, username: str, password: str, code: str = "") -> Token:
    """The API token of a user, for the username and password — and, when the user has an authenticator app,
    its current code (``otp``). Failures count towards the same lock-out as the login page (django-axes:
    ``request`` is what it takes the client address from); a wrong code counts as a failed login too."""
    credentials = {"username": username}
    user = authenticate(request=request, username=username, password=password)
    if user is None:
        if getattr(request, "axes_locked_out", False) or AxesProxyHandler.is_locked(request, credentials):
            raise DomainError(LOCKED_OUT, lockout_message(), status=429)
        raise DomainError(Code.INVALID, _("Unable to log in with the username and password given."))
    device = next(iter(devices_for_user(user, confirmed=True)), None)
    if device is not None:
        if not code:
            raise DomainError(
                SECOND_FACTOR_REQUIRED,
                _("You have an authenticator app: give its current code as “otp”."),
                fields={"otp": [_("This field is required for your account.")]},
            )
        if not device.verify_token(code):
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                raise DomainError(LOCKED_OUT, lockout_message(), status=429)
            raise DomainError(
                Code.INVALID,
                _("The code is not right, or it has expired."),
                fields={"otp": [_("Give the code your app shows now.")]},
            )
    token, _created = Token.objects.get_or_create(user=user)
    return token


def cooloff_minutes() -> int:
    """How long a lock-out lasts, in whole minutes (django-axes' cool-off)."""
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_message() -> str:
    return _(
        "Too many failed logins for this username from your address. "
        "Try again in %(minutes)d minutes, or ask an administrator to unlock the account."
    ) % {"minutes": cooloff_minutes()}
