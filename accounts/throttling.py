"""API throttles (DRF), with the rates read from ``settings.API_THROTTLE_RATES`` on each request and the client
address that the login lock-out uses.

DRF's own ``get_ident`` believes ``X-Forwarded-For`` unless ``NUM_PROXIES`` is set: a client would escape its
limit by writing a new address in the header each time. ``accounts.client_ip`` trusts the header only behind our
TLS proxy, and only the entry the proxy wrote. ``Retry-After`` is exact: the seconds until the oldest request in
the window leaves it (DRF's estimate spreads the remaining time over the requests left, and gives none at all when
the rate was lowered meanwhile).
"""

from __future__ import annotations

import math

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from accounts.client_ip import client_ip


class RateThrottle(SimpleRateThrottle):
    def get_rate(self) -> str:
        return settings.API_THROTTLE_RATES[self.scope]

    def get_ident(self, request) -> str:
        return client_ip(request) or "unknown"

    def wait(self) -> int:
        oldest_counted = (
            self.history[self.num_requests - 1] if len(self.history) >= self.num_requests else self.now
        )
        return max(1, math.ceil(self.duration - (self.now - oldest_counted)))


class AnonThrottle(RateThrottle):
    """Anonymous callers, per client address."""

    scope = "anon"

    def get_cache_key(self, request, view) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class UserThrottle(RateThrottle):
    """Logged-in callers (token or session), per user."""

    scope = "user"

    def get_cache_key(self, request, view) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class TokenEndpointThrottle(RateThrottle):
    """``POST /api/auth/token/``, per client address, whoever is asked for: tighter than the rest, as each request
    tries a password."""

    scope = "token"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
