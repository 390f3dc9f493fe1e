"""Every write of the accounts app: issuing and revoking API tokens."""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model, user_login_failed
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from accounts.lockout import LOCKED_OUT, cooloff_seconds, lockout_message
from accounts.models import ApiToken, password_stamp
from datalek.errors import DomainError
from incidents.error_codes import IncidentErrorCode as Code
from incidents.second_factor import SECOND_FACTOR_REQUIRED

TOO_MANY_TOKENS = "too_many_tokens"


class LockedOut(DomainError):
    """The lock-out, for the API: 429 with ``Retry-After`` (datalek/api_errors.py reads ``retry_after``)."""

    status = 429

    def __init__(self) -> None:
        super().__init__(LOCKED_OUT, lockout_message())
        self.retry_after = cooloff_seconds()


def token_issue(
    *, request: Any, username: str, password: str, code: str = "", name: str = ""
) -> tuple[ApiToken, str]:
    """A new API token for the username and password — and, when the user has an authenticator app, its current
    code (``otp``), which makes the token *verified*. Failures count towards the same lock-out as the login page
    (django-axes: ``request`` is what it takes the client address from); a wrong code counts as a failed login."""
    credentials = {"username": username}
    user = authenticate(request=request, username=username, password=password)
    if user is None:
        if getattr(request, "axes_locked_out", False) or AxesProxyHandler.is_locked(request, credentials):
            raise LockedOut()
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
                raise LockedOut()
            raise DomainError(
                Code.INVALID,
                _("The code is not right, or it has expired."),
                fields={"otp": [_("Give the code your app shows now.")]},
            )
    return token_create(user=user, verified=device is not None, name=name)


@transaction.atomic
def token_create(*, user: Any, verified: bool, name: str = "") -> tuple[ApiToken, str]:
    """Store a new token of ``user`` (its digest) and return it with the token itself, which is shown once and kept
    nowhere. Dead tokens of the user (expired, or from before a password change) are cleared first; at most
    ``API_TOKENS_PER_USER`` may be alive at once, so that a script that never logs out is noticed."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()  # one issue at a time per user
    alive = _clear_dead(user)
    if alive >= settings.API_TOKENS_PER_USER:
        raise DomainError(
            TOO_MANY_TOKENS,
            _(
                "You have %(count)d API tokens that are still valid, the most allowed. Revoke one on your "
                "account page (/accounts/) or log out with one (POST /api/auth/logout/)."
            )
            % {"count": alive},
            status=409,
        )
    return ApiToken.objects.create(
        user=user,
        expiry=settings.API_TOKEN_TTL,
        name=name,
        verified=verified,
        password_stamp=password_stamp(user),
    )


def _clear_dead(user: Any) -> int:
    """Delete the user's tokens that no longer authenticate; return how many are alive."""
    tokens = list(ApiToken.objects.filter(user=user))
    dead = [token.digest for token in tokens if not token.alive_for(user)]
    if dead:
        ApiToken.objects.filter(digest__in=dead).delete()
    return len(tokens) - len(dead)


def token_revoke(*, user: Any, digest: str) -> bool:
    """Revoke one of the user's own tokens; False when they have no such token."""
    deleted, _by_model = ApiToken.objects.filter(user=user, digest=digest).delete()
    return deleted > 0


def tokens_revoke_all(*, user: Any) -> int:
    """Revoke every token of the user (logging out everywhere; enrolling an app; a new password)."""
    deleted, _by_model = ApiToken.objects.filter(user=user).delete()
    return deleted
