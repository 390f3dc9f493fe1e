"""The client address the login lock-out counts by (``AXES_CLIENT_IP_CALLABLE``).

Directly exposed, it is ``REMOTE_ADDR``: an ``X-Forwarded-For`` header then is whatever the client wrote, and
believing it would let an attacker escape the lock-out by changing it each time. Behind our TLS proxy
(``BEHIND_TLS_PROXY``) each of the ``TRUSTED_PROXY_COUNT`` proxies appends the address it saw, so the client's
is that many entries from the right; entries further left are the client's own claims and are ignored.
(django-ipware's heuristics prefer a public address anywhere in the header, which a client can plant.)
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or ""
    if settings.BEHIND_TLS_PROXY:
        hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        count = settings.TRUSTED_PROXY_COUNT
        if len(hops) >= count:
            return _valid(hops[-count]) or _valid(remote)
    return _valid(remote)
