"""Outgoing webhooks: each audit event an organisation's webhook subscribed to becomes a delivery row, written in
the event's transaction and sent after the commit; a refused delivery is tried again with backoff.

What is sent: ``POST`` of a JSON body with ``X-Datalek-Signature: sha256=<hex HMAC-SHA256 of the raw body with the
webhook's secret>``, ``X-Datalek-Timestamp`` (the moment of this attempt, Unix seconds), ``X-Datalek-Event`` and
``X-Datalek-Delivery``. The body holds the incident's reference, status and deadlines, never its title,
description or anything about the people affected. The Slack and Teams formats are ``{"text": ...}``, which
their incoming webhooks accept. Only https URLs (plain http to this machine only where
``WEBHOOK_ALLOW_LOCAL_HTTP`` is on: DEBUG, tests); redirects are never followed and the timeout is short.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import socket
import uuid
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alerts.models import Webhook, WebhookDelivery, WebhookEvent
from datalek.task_queue import enqueue
from incidents.models import Incident, IncidentEvent

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
LEASE = timedelta(minutes=5)


def event_of(event: IncidentEvent) -> WebhookEvent | None:
    """Which webhook event, if any, this audit event is."""
    kind, data = str(event.kind), event.data or {}
    simple = {
        "created": WebhookEvent.INCIDENT_LOGGED,
        "transition": WebhookEvent.INCIDENT_STATUS,
        "dpo_decision": WebhookEvent.DECISION,
        "notice_approved": WebhookEvent.NOTICE_APPROVED,
        "notice_filed": WebhookEvent.NOTICE_FILED,
        "reminder": WebhookEvent.DEADLINE,
    }
    if kind in simple:
        return simple[kind]
    if kind == "notice_status" and data.get("to") in ("sent", "published"):
        return WebhookEvent.NOTICE_SENT
    return None


def check_url(url: str) -> str:
    """The URL if a webhook may call it; else a ValidationError naming the field."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.username or parts.password:
        raise ValidationError({"url": [_("Put no user name or password in the URL; use the secret.")]})
    if parts.scheme == "https" and parts.hostname:
        return url
    local = parts.scheme == "http" and (parts.hostname or "") in LOCAL_HOSTS
    if local and settings.WEBHOOK_ALLOW_LOCAL_HTTP:
        return url
    raise ValidationError({"url": [_("A webhook URL must start with https://.")]})


def private_address(url: str) -> str:
    """The first address the URL's host resolves to that is not on the public internet (loopback, private,
    link-local — e.g. a cloud's metadata service —, reserved or multicast), or "". A webhook must not reach inside
    the network Datalek runs in (SSRF); a name that does not resolve is left to the call, which then fails."""
    parts = urlsplit(url)
    try:
        found = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, ValueError):
        return ""
    for *_rest, sockaddr in found:
        address = ipaddress.ip_address(sockaddr[0])
        if not address.is_global or address.is_multicast:
            return str(address)
    return ""


# --- planning: inside the event's transaction -------------------------------------------------------------


def plan(event: IncidentEvent) -> int:
    name = event_of(event)
    if name is None:
        return 0
    # An organisation keeps a handful of webhooks: their event lists are read here rather than with a JSON
    # containment lookup, which SQLite (make run) does not have.
    hooks = [
        hook
        for hook in Webhook.objects.filter(organisation_id=event.incident.organisation_id, active=True)
        if str(name) in hook.events
    ]
    if not hooks:
        return 0
    now = timezone.now()
    rows = [
        WebhookDelivery(
            webhook=hook,
            source=event,
            event=name,
            body=body(hook, name, event),
            created_at=now,
            next_attempt_at=now,
        )
        for hook in hooks
    ]
    created = WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    transaction.on_commit(lambda: _queue(event.pk))
    return len(created)


DELIVER_TASK = "alerts.tasks.webhooks_deliver"  # the task that calls back this module (alerts/tasks.py)


def _queue(event_id: int) -> None:
    enqueue(DELIVER_TASK, event_id=event_id)


def payload(name: str, event: IncidentEvent) -> dict[str, Any]:
    incident = event.incident
    return {
        "event": str(name),
        "occurred_at": event.created_at.isoformat(),
        "organisation": {"id": incident.organisation_id, "name": incident.organisation.name},
        "incident": _incident(incident),
        "details": _details(str(event.kind), event.data or {}),
    }


def _incident(incident: Incident) -> dict[str, Any]:
    deadline = incident.authority_deadline if incident.our_role != Incident.OurRole.PROCESSOR else None
    return {
        "id": incident.pk,
        "reference": incident.reference,
        "status": incident.status,
        "our_role": incident.our_role,
        "aware_at": incident.aware_at.isoformat() if incident.aware_at else None,
        "authority_deadline": deadline.isoformat() if deadline else None,
        "url": f"{settings.SITE_URL}{incident.get_absolute_url()}",
    }


def _details(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """What changed, without free text (a reason or a justification may name people)."""
    if kind == "transition":
        return {"transition": data.get("transition"), "from": data.get("from"), "to": data.get("to")}
    if kind == "dpo_decision":
        return {"advice": data.get("advice"), "decision": data.get("decision")}
    if kind.startswith("notice"):
        keys = ("notice", "kind", "phase", "authority", "client", "reference", "to")
        return {key: data[key] for key in keys if key in data}
    if kind == "reminder":
        return {"reminder": data.get("key")}
    return {}


def body(hook: Webhook, name: str, event: IncidentEvent) -> str:
    data = payload(name, event)
    if hook.payload_format == Webhook.Format.JSON:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return json.dumps({"text": text(name, event, data)}, ensure_ascii=False)


def text(name: str, event: IncidentEvent, data: dict[str, Any]) -> str:
    """One line for a chat channel, in the organisation's language."""
    incident = event.incident
    with translation.override(incident.organisation.language):
        what = str(WebhookEvent(name).label)
        status = str(incident.get_status_display())
        line = _("%(reference)s: %(what)s (status: %(status)s)") % {
            "reference": incident.reference,
            "what": what,
            "status": status,
        }
    return f"{line} {data['incident']['url']}"


def sign(secret: str, raw: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


# --- delivering: after the commit, in a worker -----------------------------------------------------------


def _claimable(now: datetime) -> Q:
    return Q(status=WebhookDelivery.Status.QUEUED, next_attempt_at__lte=now) | Q(
        status=WebhookDelivery.Status.SENDING, claimed_at__lt=now - LEASE
    )


def deliver_due(*, event_id: int | None = None, now: datetime | None = None) -> int:
    """Send the deliveries that are due (of one event, or all); returns how many were delivered."""
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(_claimable(now))
    if event_id is not None:
        due = due.filter(source_id=event_id)
    return sum(
        deliver(pk, now=now)
        for pk in list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:200])
    )


def deliver(delivery_id: int, *, now: datetime | None = None) -> int:
    """Claim one delivery (compare-and-set) and send it once; record the outcome. 1 when delivered."""
    now = now or timezone.now()
    token = uuid.uuid4()
    claimed = WebhookDelivery.objects.filter(Q(pk=delivery_id) & _claimable(now)).update(
        status=WebhookDelivery.Status.SENDING, claim_token=token, claimed_at=now
    )
    if not claimed:
        return 0
    delivery = WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)
    code, error = _post(delivery)
    return _record(delivery, token, code, error, now)


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    hook = delivery.webhook
    raw = delivery.body.encode()
    try:
        url = check_url(hook.url)
    except ValidationError:
        return None, "refused: the URL is not https"
    private = private_address(url)
    if private and not settings.WEBHOOK_ALLOW_LOCAL_HTTP:
        return None, f"refused: the host resolves to {private}, an address inside a private network"
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Datalek-Webhook/1",
        "X-Datalek-Event": delivery.event,
        "X-Datalek-Delivery": str(delivery.pk),
        "X-Datalek-Timestamp": str(int(timezone.now().timestamp())),
        "X-Datalek-Signature": sign(hook.secret, raw),
    }
    try:
        response = requests.post(
            url, data=raw, headers=headers, timeout=settings.WEBHOOK_TIMEOUT_SECONDS, allow_redirects=False
        )
    except requests.RequestException as exc:
        return None, f"{exc.__class__.__name__}: {exc}"[:1000]
    if 200 <= response.status_code < 300:
        return response.status_code, ""
    if response.is_redirect or 300 <= response.status_code < 400:
        return response.status_code, f"redirect to {response.headers.get('Location', '?')} not followed"
    return response.status_code, f"HTTP {response.status_code}: {response.text[:200]}"


def backoff(attempts: int) -> timedelta:
    """30 s after the first failure, doubling, at most an hour."""
    return timedelta(seconds=min(3600, 30 * 2 ** (attempts - 1)))


def _record(delivery: WebhookDelivery, token: uuid.UUID, code: int | None, error: str, now: datetime) -> int:
    attempts = delivery.attempts + 1
    attempt = {"at": timezone.now().isoformat(), "code": code, "error": error}
    fields: dict[str, Any] = {
        "attempts": attempts,
        "response_code": code,
        "last_error": error,
        "history": [*delivery.history, attempt],
    }
    if not error:
        fields |= {"status": WebhookDelivery.Status.DELIVERED, "delivered_at": timezone.now()}
    elif attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        fields |= {"status": WebhookDelivery.Status.FAILED}
    else:
        fields |= {"status": WebhookDelivery.Status.QUEUED, "next_attempt_at": now + backoff(attempts)}
    WebhookDelivery.objects.filter(pk=delivery.pk, claim_token=token).update(**fields)
    return 0 if error else 1
