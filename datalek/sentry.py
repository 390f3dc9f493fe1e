"""Sentry, only when SENTRY_DSN is set. Breach records are personal data themselves, so events leave
without request bodies, cookies, query strings, headers that identify people, user details or the local
variables of stack frames, and every string left in them — exception messages, log messages, breadcrumbs,
extra data — is scrubbed of e-mail addresses, IBANs and phone numbers (``datalek.scrubbing``)."""

from __future__ import annotations

from typing import Any

from datalek.scrubbing import scrub_data

_SCRUBBED = "[scrubbed]"
# Headers that say nothing about a person; every other one (cookies, tokens, addresses, referrers) is blanked.
_SAFE_HEADERS = {
    "accept",
    "accept-encoding",
    "accept-language",
    "content-length",
    "content-type",
    "host",
    "user-agent",
}


def _scrub_request(request: dict[str, Any]) -> None:
    for key in ("data", "cookies", "env"):
        request.pop(key, None)
    if request.get("query_string"):
        request["query_string"] = _SCRUBBED
    headers = request.get("headers")
    if isinstance(headers, dict):
        request["headers"] = {k: v if k.lower() in _SAFE_HEADERS else _SCRUBBED for k, v in headers.items()}


def _drop_frame_variables(event: dict[str, Any]) -> None:
    containers = [
        *(event.get("exception") or {}).get("values", []),
        *(event.get("threads") or {}).get("values", []),
    ]
    for container in containers:
        for frame in (container.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """``before_send``: strip what could carry personal data from an event."""
    request = event.get("request")
    if isinstance(request, dict):
        _scrub_request(request)
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    event.pop("server_name", None)
    _drop_frame_variables(event)
    return scrub_data(event)


def sentry_options(*, dsn: str, environment: str, traces_sample_rate: float) -> dict[str, Any]:
    # The SDK is loaded only with a SENTRY_DSN (settings.py).
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    return {
        "dsn": dsn,
        "environment": environment,
        "integrations": [DjangoIntegration(), CeleryIntegration()],
        # No user details, cookies or headers by default: the SDK's default when neither the deprecated
        # send_default_pii nor its successor data_collection is set (2.x; both kept unset so that no version of
        # the pinned range warns), and before_send strips them all the same.
        "include_local_variables": False,
        "max_request_body_size": "never",
        "traces_sample_rate": traces_sample_rate,
        "before_send": scrub_event,
        "before_send_transaction": scrub_event,
        # Release-health sessions carry the user's address and do not pass through before_send.
        "auto_session_tracking": False,
    }


def sentry_init(*, dsn: str, environment: str, traces_sample_rate: float) -> None:
    import sentry_sdk  # only with a SENTRY_DSN

    sentry_sdk.init(**sentry_options(dsn=dsn, environment=environment, traces_sample_rate=traces_sample_rate))
