"""Sentry, only when SENTRY_DSN is set. Breach records are personal data themselves, so events leave
without request bodies, cookies, headers that identify people, or user details."""

from __future__ import annotations

from typing import Any

_SCRUBBED = "[scrubbed]"
_SENSITIVE_HEADERS = {"authorization", "cookie", "x-csrftoken", "x-forwarded-for", "x-real-ip"}


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """``before_send``: strip what could carry personal data from an event."""
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("data", None)
        request.pop("cookies", None)
        if request.get("query_string"):
            request["query_string"] = _SCRUBBED
        headers = request.get("headers")
        if isinstance(headers, dict):
            for key in list(headers):
                if key.lower() in _SENSITIVE_HEADERS:
                    headers[key] = _SCRUBBED
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    return event


def sentry_init(*, dsn: str, environment: str, traces_sample_rate: float) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=traces_sample_rate,
        before_send=scrub_event,
    )
