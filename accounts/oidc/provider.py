"""The provider's endpoints: the explicit settings, or its discovery document, fetched on first use and kept for an
hour in this process.

Not at start-up: a provider that is down must not stop Datalek (its local logins go on), and a sign-in while it is
down ends on the login page with a message (``Unavailable``), not with a 500.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from mozilla_django_oidc.utils import import_from_settings

from accounts.oidc.config import ENDPOINTS, check_url

DISCOVERY_TTL_SECONDS = 3600
_WELL_KNOWN = "/.well-known/openid-configuration"
_cache: dict[str, tuple[float, dict[str, Any]]] = {}
_lock = threading.Lock()


class Unavailable(Exception):
    """The provider could not be asked (down, slow, or answering something that is not its discovery document)."""


def discovered(url: str) -> dict[str, Any]:
    with _lock:
        cached = _cache.get(url)
    if cached and time.monotonic() - cached[0] < DISCOVERY_TTL_SECONDS:
        return cached[1]
    try:
        answer = requests.get(url, timeout=settings.OIDC_TIMEOUT, verify=True)
        answer.raise_for_status()
        document = answer.json()
    except (requests.RequestException, ValueError) as exc:
        raise Unavailable(f"discovery document: {type(exc).__name__}") from exc
    _check(url, document)
    with _lock:
        _cache[url] = (time.monotonic(), document)
    return document


def _check(url: str, document: Any) -> None:
    """OpenID Connect Discovery 1.0, 4.3: the issuer is the discovery URL without its well-known suffix; and every
    endpoint we use is there, over HTTPS."""
    if not isinstance(document, dict) or any(not document.get(key) for key in ENDPOINTS.values()):
        raise Unavailable("discovery document: an endpoint is missing")
    if url.endswith(_WELL_KNOWN) and document["issuer"].rstrip("/") != url[: -len(_WELL_KNOWN)].rstrip("/"):
        raise Unavailable("discovery document: the issuer is not the provider's own")
    try:
        for name, key in ENDPOINTS.items():
            if name != "OIDC_OP_ISSUER":
                check_url(key, document[key])
    except (ImproperlyConfigured, TypeError, AttributeError, ValueError) as exc:
        raise Unavailable(f"discovery document: {exc}") from exc


def setting(name: str, *default: Any) -> Any:
    """A setting as mozilla-django-oidc reads it, the endpoints from the discovery document when it is used."""
    if name in ENDPOINTS and settings.OIDC_OP_DISCOVERY_URL:
        return discovered(settings.OIDC_OP_DISCOVERY_URL)[ENDPOINTS[name]]
    return import_from_settings(name, *default)


def forget() -> None:
    """Forget the discovery documents (the tests' providers come and go)."""
    with _lock:
        _cache.clear()
