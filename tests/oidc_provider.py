"""A small OpenID Connect provider for the tests, on 127.0.0.1 (no network): discovery, JWKS, authorize, token
and userinfo — the authorization-code flow as an organisation's identity provider speaks it, with PKCE.

The person who signs in at the provider is whoever the test sets as ``provider.person`` (the claims the ID token
and userinfo carry). ``GET /authorize`` shows a page with one button (the browser test clicks it); ``POST
/authorize`` is that button: it answers with the redirect back to the client with a code and the state. Each code
is good once, for the client, redirect URI and PKCE verifier it was issued for.

The ways a provider — or someone posing as one — can go wrong are switches on the provider: ``sign_with_other_key``
(a signature made with a key the JWKS does not hold), ``nonce`` (a nonce other than the one asked for),
``audience`` and ``issuer`` (a token meant for another client, or from another issuer), ``expires_in``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.test import override_settings
from django.urls import clear_url_caches
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "datalek-tests"
CLIENT_SECRET = "a-client-secret-for-the-tests-only"
KEY_ID = "test-key-1"


def _rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class Grant:
    client_id: str
    redirect_uri: str
    nonce: str | None
    challenge: str | None
    person: dict[str, Any]


@dataclass
class Provider:
    """The provider's state; the HTTP server below serves it."""

    url: str = ""
    person: dict[str, Any] = field(default_factory=dict)
    sign_with_other_key: bool = False
    nonce: str | None = None  # None: the nonce the client asked for
    audience: str = CLIENT_ID
    issuer: str | None = None  # None: the provider's own URL
    expires_in: int = 300
    key: rsa.RSAPrivateKey = field(default_factory=_rsa_key)
    other_key: rsa.RSAPrivateKey = field(default_factory=_rsa_key)
    grants: dict[str, Grant] = field(default_factory=dict)
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    token_requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    # --- what the client asks ------------------------------------------------------------------------------

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    def jwks(self) -> dict[str, Any]:
        public = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]}

    def authorize(self, query: dict[str, str]) -> str:
        """The person at the provider approves: the URL the browser is sent back to, with a code and the state."""
        if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
            raise ValueError("unknown client or response type")
        code = secrets.token_urlsafe(16)
        with self.lock:
            self.grants[code] = Grant(
                client_id=query["client_id"],
                redirect_uri=query["redirect_uri"],
                nonce=query.get("nonce"),
                challenge=query.get("code_challenge"),
                person=dict(self.person),
            )
        return f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query.get('state', '')})}"

    def token(self, form: dict[str, str], basic: tuple[str, str] | None) -> tuple[int, dict[str, Any]]:
        client_id, secret = basic or (form.get("client_id", ""), form.get("client_secret", ""))
        with self.lock:
            self.token_requests += 1
            grant = self.grants.pop(form.get("code", ""), None)
        if (client_id, secret) != (CLIENT_ID, CLIENT_SECRET):
            return 401, {"error": "invalid_client"}
        if grant is None or grant.redirect_uri != form.get("redirect_uri"):
            return 400, {"error": "invalid_grant"}
        if grant.challenge is not None:
            verifier = form.get("code_verifier", "")
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
            if digest.decode() != grant.challenge:
                return 400, {"error": "invalid_grant", "error_description": "PKCE verifier"}
        access_token = secrets.token_urlsafe(24)
        with self.lock:
            self.tokens[access_token] = grant.person
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": self.expires_in,
            "id_token": self.id_token(grant),
        }

    def id_token(self, grant: Grant) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer or self.url,
            "sub": grant.person["sub"],
            "aud": self.audience,
            "iat": now,
            "exp": now + self.expires_in,
            "nonce": self.nonce if self.nonce is not None else grant.nonce,
            **{k: grant.person[k] for k in ("amr", "acr", "email", "email_verified") if k in grant.person},
        }
        key = self.other_key if self.sign_with_other_key else self.key
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KEY_ID})

    def userinfo(self, authorization: str) -> tuple[int, dict[str, Any]]:
        scheme, _space, token = authorization.partition(" ")
        person = self.tokens.get(token) if scheme == "Bearer" else None
        if person is None:
            return 401, {"error": "invalid_token"}
        return 200, {k: v for k, v in person.items() if k not in ("amr", "acr")}

    # --- helpers for the tests -----------------------------------------------------------------------------

    def sign_in(self, authorize_url: str) -> str:
        """What a person does at the provider's page (the button): the callback URL with the code and state."""
        answer = requests.post(authorize_url, allow_redirects=False, timeout=10)
        assert answer.status_code == 302, answer.text
        return answer.headers["Location"]


def _page(query: dict[str, str], person: dict[str, Any]) -> bytes:
    """The provider's sign-in page: who will sign in, and the button that posts to this same URL."""
    action = html.escape("/authorize?" + urlencode(query))
    who = html.escape(str(person.get("email", person.get("sub", "?"))))
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Test identity provider</title></head>"
        f"<body><h1>Test identity provider</h1><p>Signed in as {who}.</p>"
        f"<form method='post' action='{action}'><button type='submit'>Continue to Datalek</button></form>"
        "</body></html>"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    provider: Provider

    def log_message(self, format: str, *args: Any) -> None:  # the tests' output stays readable
        return

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: dict[str, Any]) -> None:
        self._send(status, json.dumps(data).encode(), "application/json")

    def _query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}

    def do_GET(self) -> None:
        route = urlparse(self.path).path
        if route == "/.well-known/openid-configuration":
            self._json(200, self.provider.discovery())
        elif route == "/jwks":
            self._json(200, self.provider.jwks())
        elif route == "/authorize":
            self._send(200, _page(self._query(), self.provider.person), "text/html; charset=utf-8")
        elif route == "/userinfo":
            self._json(*self.provider.userinfo(self.headers.get("Authorization", "")))
        else:
            self._json(404, {"error": "not_found"})

    def do_POST(self) -> None:
        route = urlparse(self.path).path
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        if route == "/authorize":
            try:
                location = self.provider.authorize(self._query())
            except (KeyError, ValueError):
                self._json(400, {"error": "invalid_request"})
                return
            self._send(302, b"", "text/plain", {"Location": location})
        elif route == "/token":
            self._json(*self.provider.token(form, _basic(self.headers.get("Authorization", ""))))
        else:
            self._json(404, {"error": "not_found"})


def _basic(header: str) -> tuple[str, str] | None:
    scheme, _space, value = header.partition(" ")
    if scheme != "Basic":
        return None
    client_id, _colon, secret = base64.b64decode(value).decode().partition(":")
    return client_id, secret


def start_provider() -> tuple[Provider, ThreadingHTTPServer]:
    provider = Provider()
    handler = type("Handler", (_Handler,), {"provider": provider})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    provider.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, name="oidc-provider", daemon=True).start()
    return provider, server


@pytest.fixture
def oidc_provider():
    provider, server = start_provider()
    yield provider
    server.shutdown()
    server.server_close()


def provider_environment(provider: Provider, **env: str) -> dict[str, str]:
    """The environment an operator sets for this provider (the README's example), with ``env`` on top."""
    return {
        "OIDC_ENABLED": "true",
        "OIDC_RP_CLIENT_ID": CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_OP_DISCOVERY_URL": f"{provider.url}/.well-known/openid-configuration",
        "OIDC_PROVIDER_NAME": "Test IdP",
        **env,
    }


def _reload_urls() -> None:
    clear_url_caches()
    importlib.reload(importlib.import_module(settings.ROOT_URLCONF))
    clear_url_caches()


@contextmanager
def oidc_enabled(provider: Provider, monkeypatch: pytest.MonkeyPatch, **env: str) -> Iterator[None]:
    """Datalek as it starts with these variables: the settings made by the same function datalek/settings.py calls
    (accounts.oidc.config), and the URLs read again (datalek/urls.py adds oidc/ only when it is on)."""
    from accounts.oidc import provider as discovery
    from accounts.oidc.config import oidc_settings

    for name, value in provider_environment(provider, **env).items():
        monkeypatch.setenv(name, value)
    made = oidc_settings(backends=settings.AUTHENTICATION_BACKENDS, middleware=settings.MIDDLEWARE)
    discovery.forget()
    try:
        with override_settings(**made):
            _reload_urls()
            yield
    finally:
        _reload_urls()
        discovery.forget()
