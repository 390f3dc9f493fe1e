"""The authentication backend of the provider's callback: mozilla-django-oidc's code flow, with what it leaves out.

The library exchanges the code (with PKCE), checks the ID token's signature (the provider's JWKS) and its nonce, and
reads userinfo. Added here:

- the ID token must be for us and from our provider: ``aud`` names the client id (and ``azp`` does when there are
  several audiences), ``iss`` is the issuer, ``exp`` and ``iat`` are there and ``exp`` has not passed (the library
  checks neither audience nor issuer); userinfo must speak of the same ``sub`` (OpenID Connect Core, 5.3.2);
- the person is matched by e-mail address, case-insensitively, to exactly one active user; an address the provider
  says is unverified is refused; someone unknown is created only with ``OIDC_CREATE_USERS``;
- the login lock-out holds here too: AxesBackend (first in ``AUTHENTICATION_BACKENDS``) refuses a locked address
  before the provider is asked, and the matched user's username locked from this address is refused as on the
  login page; every refusal raises ``PermissionDenied``, so Django signals a failed login and django-axes counts it;
- the roles claim, when configured, decides the security-team and DPO memberships (``services``);
- whether the provider vouched for a second factor is left on the request for the callback (``oidc_mfa``).

Refusals are logged with a reason code and, once known, the user's id — never the address, name or subject.
The library's ``get_user`` is replaced by Django's: a deactivated user's session ends, as with a password login.
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
import requests
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from accounts.oidc import claims, provider, services

log = logging.getLogger("accounts.oidc")
LEEWAY_SECONDS = 60  # clocks of the provider and of Datalek a little apart
REFUSAL_ATTRIBUTE = "oidc_refusal"
MFA_ATTRIBUTE = "oidc_mfa"


class Refused(Exception):
    """A sign-in refused for a reason the person is told (``views.refusal_message``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def refuse(request: Any, reason: str, user_id: int | None = None) -> None:
    """Remember why (the callback's message) and log it without personal data."""
    setattr(request, REFUSAL_ATTRIBUTE, reason)
    log.warning("OIDC: sign-in refused (%s)%s", reason, f" for user {user_id}" if user_id else "")


class OIDCBackend(OIDCAuthenticationBackend):
    # The endpoints are looked up when a callback is handled, not when the backend is made: Django makes every
    # backend for every password login and each request of a signed-in user, and a discovery document to fetch
    # must not slow or break those.
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return provider.setting(attr, *args)

    def authenticate(
        self, request: Any, nonce: str | None = None, code_verifier: str | None = None, **credentials
    ):
        """Only the callback's call (a request and the nonce of its state, nothing else): a password login's
        ``authenticate(username=…, password=…)`` never reaches the provider, whatever its query string holds."""
        if request is None or not nonce or credentials:
            return None
        try:
            self.OIDC_OP_TOKEN_ENDPOINT = self.get_settings("OIDC_OP_TOKEN_ENDPOINT")
            self.OIDC_OP_USER_ENDPOINT = self.get_settings("OIDC_OP_USER_ENDPOINT")
            self.OIDC_OP_JWKS_ENDPOINT = self.get_settings("OIDC_OP_JWKS_ENDPOINT")
            self.issuer = self.get_settings("OIDC_OP_ISSUER")
            user = super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        except Refused as exc:
            refuse(request, exc.reason, getattr(exc, "user_id", None))
            raise PermissionDenied from None
        except (provider.Unavailable, requests.RequestException, ValueError) as exc:
            # The provider down, or answering what is not JSON; a token request refused (HTTPError) is here too.
            refuse(request, "provider", None)
            log.warning("OIDC: the provider's answer could not be used: %s", type(exc).__name__)
            raise PermissionDenied from None
        except (SuspiciousOperation, jwt.PyJWTError, KeyError, TypeError) as exc:
            refuse(request, "token", None)
            log.warning("OIDC: the ID token was refused: %s", _reason(exc))
            raise PermissionDenied from None
        if user is None:  # no code in the callback, or the library's own refusal (claims it could not use)
            refuse(request, "token", None)
            raise PermissionDenied
        return user

    def get_payload_data(self, token: Any, key: Any) -> dict[str, Any]:
        """The token's claims once its signature, algorithm, audience, issuer and lifetime are right."""
        header = jwt.get_unverified_header(token)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("unexpected signing algorithm")
        payload = jwt.decode(
            token,
            key,
            algorithms=[self.OIDC_RP_SIGN_ALGO],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=self.issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": ["iss", "aud", "sub"]},
        )
        audiences = payload["aud"] if isinstance(payload["aud"], list) else [payload["aud"]]
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("another party's token (azp)")
        return payload

    def verify_token(self, token: Any, **kwargs: Any) -> dict[str, Any]:
        payload = super().verify_token(token, **kwargs)
        if "nonce" in kwargs and not ({"exp", "iat"} <= payload.keys()):
            raise SuspiciousOperation("an ID token without exp or iat")
        return payload

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]):
        """``payload`` is the checked ID token; the other claims come from userinfo."""
        info = self.get_userinfo(access_token, id_token, payload)
        if not isinstance(info, dict) or info.get("sub") != payload["sub"]:
            raise Refused("token")
        email = str(info.get("email") or payload.get("email") or "").strip()
        if not email:
            raise Refused("no_email")
        if claims.email_unverified(info.get("email_verified", payload.get("email_verified"))):
            raise Refused("unverified_email")
        user = self._user(email, info)
        if not AxesProxyHandler.is_allowed(self.request, {"username": user.get_username()}):
            self.request.axes_locked_out = True  # the lock-out page (AxesMiddleware), as on the login page
            raise _refused("locked_out", user)
        if settings.OIDC_ROLES_CLAIM:
            grants, ignored = claims.role_grants(
                info.get(settings.OIDC_ROLES_CLAIM, payload.get(settings.OIDC_ROLES_CLAIM))
            )
            for value in ignored:
                log.warning("OIDC: roles claim of user %s: %r ignored", user.pk, value)
            services.memberships_from_provider(user=user, grants=grants)
        setattr(
            self.request,
            MFA_ATTRIBUTE,
            claims.second_factor_at_provider(
                payload, amr=settings.OIDC_MFA_AMR_VALUES, acr=settings.OIDC_MFA_ACR_VALUES
            ),
        )
        return user

    def _user(self, email: str, info: dict[str, Any]):
        users = list(self.UserModel.objects.filter(email__iexact=email)[:2])
        if len(users) > 1:
            raise Refused("ambiguous_email")
        if users:
            if not users[0].is_active:
                raise _refused("inactive", users[0])
            return users[0]
        if not settings.OIDC_CREATE_USERS:
            raise Refused("unknown_user")
        return services.oidc_user_create(
            email=email,
            first_name=str(info.get("given_name") or ""),
            last_name=str(info.get("family_name") or ""),
        )

    def get_user(self, user_id: Any):
        return ModelBackend.get_user(self, user_id)

    def user_can_authenticate(self, user: Any) -> bool:
        return ModelBackend.user_can_authenticate(self, user)


def _refused(reason: str, user: Any) -> Refused:
    refusal = Refused(reason)
    refusal.user_id = user.pk  # type: ignore[attr-defined]
    return refusal


def _reason(exc: Exception) -> str:
    """The kind of failure, for the log: the exception's class, and our own fixed messages (never the token)."""
    if isinstance(exc, SuspiciousOperation):
        return f"{type(exc).__name__}: {exc}"
    return type(exc).__name__
