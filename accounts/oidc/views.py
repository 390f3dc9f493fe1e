"""The button's start (to the provider), the callback (back from it) and the page for someone without a role yet.

The callback ends on the login page with a message for every refusal — never a 400 or a 500 — or, when the
lock-out holds, on the lock-out page (429). After a good sign-in the second factor is settled as after a password:

- someone with an authenticator app in Datalek gives its code next (the login's code step, ``login_code``),
  whatever the provider did: their app is never bypassed;
- without one, a second factor the provider vouched for (``amr``/``acr`` of the ID token) is marked on the session
  (``middleware``) and counts for the DPO's binding acts; without that, a DPO who must have an app is sent to set
  one up, as after a password.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import user_login_failed
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from accounts.oidc import provider
from accounts.oidc.backend import MFA_ATTRIBUTE, REFUSAL_ATTRIBUTE, refuse
from accounts.oidc.middleware import SESSION_KEY
from accounts.views import PENDING_KEY
from incidents.roles import roles_by_organisation
from incidents.second_factor import enrolment_required, has_second_factor, staff_enrolment_required

log = logging.getLogger("accounts.oidc")


def provider_name() -> str:
    return settings.OIDC_PROVIDER_NAME or _("your identity provider")


def refusal_message(reason: str) -> str:
    messages_by_reason = {
        "cancelled": _("Signing in at %(provider)s was cancelled or refused there. Nothing was changed."),
        "state": _(
            "This sign-in was not started in this browser, or it was already used. Start again with the button."
        ),
        "provider": _(
            "%(provider)s could not be reached, or did not accept the request. "
            "Try again later, or log in with your password."
        ),
        "no_email": _(
            "%(provider)s did not tell us your e-mail address, which is how Datalek knows you. "
            "Ask your administrator."
        ),
        "unverified_email": _(
            "%(provider)s says your e-mail address is not verified. Verify it there, then sign in again."
        ),
        "ambiguous_email": _(
            "More than one Datalek account has your e-mail address. Ask your administrator to sort it out."
        ),
        "unknown_user": _(
            "There is no Datalek account for your e-mail address. Ask your administrator for access."
        ),
        "inactive": _("Your Datalek account is switched off. Ask your administrator."),
    }
    default = _("The answer from %(provider)s could not be verified, so you are not signed in. Try again.")
    return messages_by_reason.get(reason, default) % {"provider": provider_name()}


class AuthenticateView(OIDCAuthenticationRequestView):
    """The button: off to the provider with a new state, nonce and PKCE challenge kept in the session."""

    get_settings = staticmethod(provider.setting)

    def __init__(self, **kwargs) -> None:
        View.__init__(
            self, **kwargs
        )  # the library's would look up the endpoint here, outside any error handling
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider.setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except provider.Unavailable as exc:
            log.warning("OIDC: the provider could not be asked: %s", exc)
            messages.error(request, refusal_message("provider"))
            return redirect("login")
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(provider.setting)

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.GET.get("error"):
            refuse(request, "cancelled")
            return super().get(request)  # forgets the state, so that it cannot be used again
        states = request.session.get("oidc_states")
        if (
            not request.GET.get("code")
            or not isinstance(states, dict)
            or request.GET.get("state") not in states
        ):
            # Not a sign-in this browser started (or one already finished): a failed login, counted by django-axes.
            refuse(request, "state")
            user_login_failed.send(sender=__name__, credentials={"username": None}, request=request)
            return self.login_failure()
        return super().get(request)

    def login_failure(self) -> HttpResponse:
        if not getattr(
            self.request, "axes_locked_out", False
        ):  # else AxesMiddleware answers with the lock-out
            messages.error(self.request, refusal_message(getattr(self.request, REFUSAL_ATTRIBUTE, "token")))
        return redirect("login")

    def login_success(self) -> HttpResponse:
        user, request = self.user, self.request
        if has_second_factor(user):
            # Not logged in yet: the code step of the login (accounts/views.py) finishes it, as after a password.
            request.session[PENDING_KEY] = {
                "user": user.pk,
                "backend": user.backend,
                "since": time.time(),
                "next": self.success_url,
                "attempts": 0,
            }
            log.info("OIDC: user %s signed in at the provider; the app's code follows", user.pk)
            return redirect("login_code")
        response = super().login_success()
        at_provider = bool(getattr(request, MFA_ATTRIBUTE, False))
        if at_provider:
            request.session[SESSION_KEY] = user.pk
        else:
            request.session.pop(SESSION_KEY, None)
        log.info(
            "OIDC: user %s signed in%s", user.pk, " (second factor at the provider)" if at_provider else ""
        )
        return self._next_step(user, at_provider) or response

    def _next_step(self, user, at_provider: bool) -> HttpResponse | None:
        if enrolment_required(user) and not at_provider:
            messages.warning(
                self.request,
                _("Set up an authenticator app now: you need it to approve, file or decide as the DPO."),
            )
            return redirect("two_factor")
        if staff_enrolment_required(user):
            messages.warning(self.request, _("Set up an authenticator app now: you need it for the admin."))
            return redirect("two_factor")
        if not user.is_staff and not roles_by_organisation(user):
            return redirect("oidc_no_access")
        return None


@login_required
@never_cache
def no_access(request: HttpRequest) -> HttpResponse:
    """Signed in, but no role in any organisation yet (a new user, or the roles claim named none of ours)."""
    if roles_by_organisation(request.user):
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/oidc_no_access.html", {"provider": provider_name()})
