"""The OpenID Connect settings, read from the environment with the typed readers of ``datalek.env``.

datalek/settings.py calls ``oidc_settings`` only when ``OIDC_ENABLED`` is on; a missing or bad value stops the start
with the variable named, as every other setting does. Nothing here reaches the provider: its discovery document is
fetched on the first sign-in (``accounts.oidc.provider``), so a provider that is down does not stop Datalek.

Some of mozilla-django-oidc's settings are fixed here rather than offered: the nonce is always used and checked,
TLS certificates are always verified, unsigned tokens are never accepted and no token is kept in the session.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from datalek.env import env_bool, env_choice, env_int, env_list, env_str

# mozilla-django-oidc checks RS* and ES* signatures with the provider's keys (JWKS) and HS256 with the client secret.
SIGN_ALGORITHMS = {"RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "HS256"}
# Each explicit endpoint, and the key of the discovery document it is otherwise read from.
ENDPOINTS = {
    "OIDC_OP_ISSUER": "issuer",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
# RFC 8176 methods that are a second factor by themselves or say one was used: multiple factors, a one-time
# password, a hardware-secured key. Not "sms" (a code by text message) nor "pwd".
DEFAULT_MFA_AMR = ["mfa", "otp", "hwk"]
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
BACKEND = "accounts.oidc.backend.OIDCBackend"
MIDDLEWARE = "accounts.oidc.middleware.SecondFactorAtProviderMiddleware"


def check_url(name: str, url: str) -> str:
    """An endpoint must be HTTPS (the tokens and the client secret travel to it); plain HTTP only on this machine,
    for development and the tests' provider."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url
    if parts.scheme == "http" and parts.hostname in _LOOPBACK:
        return url
    raise ImproperlyConfigured(
        f"{name}={url!r} must be an https:// URL (http:// only for 127.0.0.1 or localhost)."
    )


def _provider() -> dict[str, str | None]:
    discovery = env_str("OIDC_OP_DISCOVERY_URL", None) or None
    endpoints = {name: env_str(name, None) or None for name in ENDPOINTS}
    if discovery and any(endpoints.values()):
        raise ImproperlyConfigured(
            "Set either OIDC_OP_DISCOVERY_URL or the explicit endpoints (OIDC_OP_ISSUER, …), not both."
        )
    if not discovery and not all(endpoints.values()):
        missing = ", ".join(name for name, value in endpoints.items() if not value)
        raise ImproperlyConfigured(
            f"OIDC_ENABLED is on: set OIDC_OP_DISCOVERY_URL (the provider's /.well-known/openid-configuration), "
            f"or every explicit endpoint ({missing} missing)."
        )
    if discovery:
        check_url("OIDC_OP_DISCOVERY_URL", discovery)
    for name, value in endpoints.items():
        if value and name != "OIDC_OP_ISSUER":
            check_url(name, value)
    return {"OIDC_OP_DISCOVERY_URL": discovery, **endpoints}


def _scopes() -> str:
    scopes = env_str("OIDC_RP_SCOPES", "openid email profile")
    if not {"openid", "email"} <= set(scopes.split()):
        raise ImproperlyConfigured(
            f"OIDC_RP_SCOPES={scopes!r} must include openid and email: people are matched by their e-mail address."
        )
    return scopes


def oidc_settings(*, backends: list[str], middleware: list[str]) -> dict[str, Any]:
    """The settings for ``OIDC_ENABLED``: the library's, ours, and the backend and middleware added to the lists."""
    create_users = env_bool("OIDC_CREATE_USERS", False)
    after_otp = middleware.index("django_otp.middleware.OTPMiddleware") + 1
    return {
        "OIDC_ENABLED": True,
        "OIDC_PROVIDER_NAME": env_str("OIDC_PROVIDER_NAME", "").strip(),
        "OIDC_RP_CLIENT_ID": env_str("OIDC_RP_CLIENT_ID"),
        "OIDC_RP_CLIENT_SECRET": env_str("OIDC_RP_CLIENT_SECRET"),
        "OIDC_RP_SIGN_ALGO": env_choice("OIDC_RP_SIGN_ALGO", "RS256", SIGN_ALGORITHMS),
        "OIDC_RP_SCOPES": _scopes(),
        **_provider(),
        "OIDC_TOKEN_USE_BASIC_AUTH": env_bool("OIDC_TOKEN_USE_BASIC_AUTH", False),
        "OIDC_USE_PKCE": env_bool("OIDC_USE_PKCE", True),
        "OIDC_TIMEOUT": env_int("OIDC_TIMEOUT_SECONDS", 10, minimum=1),
        # Who may sign in and what they may do.
        "OIDC_CREATE_USERS": create_users,
        "OIDC_CREATE_USER": create_users,  # the library's name for it (its default is on)
        "OIDC_ROLES_CLAIM": env_str("OIDC_ROLES_CLAIM", "").strip() or None,
        "OIDC_MFA_AMR_VALUES": env_list("OIDC_MFA_AMR_VALUES", DEFAULT_MFA_AMR),
        "OIDC_MFA_ACR_VALUES": env_list("OIDC_MFA_ACR_VALUES", []),
        # Fixed: see the module's docstring.
        "OIDC_USE_NONCE": True,
        "OIDC_VERIFY_SSL": True,
        "OIDC_ALLOW_UNSECURED_JWT": False,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_STORE_ID_TOKEN": False,
        "LOGIN_REDIRECT_URL_FAILURE": "login",
        "AUTHENTICATION_BACKENDS": [*backends, BACKEND],
        "MIDDLEWARE": [*middleware[:after_otp], MIDDLEWARE, *middleware[after_otp:]],
    }
