"""The second factor (TOTP, django-otp) for the acts that bind the organisation and for the admin.

A DPO who has enrolled an authenticator app must have proved it in this session (or, for the API, when the
token was issued) before approving a notice or an incident, filing a notice or recording the decision on the
assessment. With ``OTP_REQUIRED_FOR_DPO`` on (the production default), a DPO without an app cannot do those things
at all until they enrol one. Verification is a property of the request's user: django-otp's middleware sets
``otp_device`` on it after a verified login; the API's token authentication (accounts/authentication.py) sets
``token_verified``, true when the token was issued with the code.

The admin follows the same rule for staff (``OTP_REQUIRED_FOR_STAFF``; accounts/admin_site.py).

Signed in through the organisation's identity provider (accounts/oidc/): someone with an app still gives its code,
so their session is verified as above. Someone without one may do the binding acts when the provider's ID token
said a second factor was used (``second_factor_at_provider``: its ``amr``/``acr``, ``OIDC_MFA_AMR_VALUES``): that
is the organisation's own second factor, and enrolling a second app for Datalek adds nothing. Not for the admin,
which stays behind the application's own code.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

from datalek.errors import DomainError
from incidents.roles import Role, roles_by_organisation

SECOND_FACTOR_REQUIRED = "second_factor_required"
ENROLMENT_REQUIRED = "second_factor_enrolment_required"


def has_second_factor(user: Any) -> bool:
    """The user has a confirmed authenticator app."""
    return bool(getattr(user, "is_authenticated", False)) and user_has_device(user, confirmed=True)


def is_verified(user: Any) -> bool:
    """This request's user gave a valid code when logging in, or came with an API token issued with one."""
    return getattr(user, "otp_device", None) is not None or getattr(user, "token_verified", False)


def verified_at_provider(user: Any) -> bool:
    """This request's user signed in through the identity provider, whose ID token said a second factor was used."""
    return bool(getattr(user, "second_factor_at_provider", False))


def is_dpo_anywhere(user: Any) -> bool:
    return Role.DPO in roles_by_organisation(user).values()


def enrolment_required(user: Any) -> bool:
    """``OTP_REQUIRED_FOR_DPO`` is on and the user is a DPO: they need an authenticator app for the binding acts."""
    return settings.OTP_REQUIRED_FOR_DPO and is_dpo_anywhere(user)


def staff_enrolment_required(user: Any) -> bool:
    """``OTP_REQUIRED_FOR_STAFF`` is on and the user is staff: they need an authenticator app for the admin."""
    return settings.OTP_REQUIRED_FOR_STAFF and bool(getattr(user, "is_staff", False))


def may_enter_admin(user: Any) -> bool:
    """The second factor lets this staff member into the admin: verified when they have an app, and with one when
    it is required."""
    if has_second_factor(user):
        return is_verified(user)
    return not staff_enrolment_required(user)


def relaxed() -> list[str]:
    """Who may do without an authenticator app that production requires by default: ``"dpo"``, ``"staff"``."""
    return [
        who
        for who, required in (
            ("dpo", settings.OTP_REQUIRED_FOR_DPO),
            ("staff", settings.OTP_REQUIRED_FOR_STAFF),
        )
        if not required
    ]


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
    if enrolment_required(actor) and not verified_at_provider(actor):
        raise DomainError(
            ENROLMENT_REQUIRED,
            _("Set up an authenticator app first (%(page)s): it is required to approve, file or decide.")
            % {"page": reverse("two_factor")},
            status=403,
        )
