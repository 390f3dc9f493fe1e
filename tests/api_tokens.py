"""API tokens for tests: made through the service the token endpoint uses, without a password or a code."""

from __future__ import annotations

from accounts.services import token_create


def token_for(user, *, verified: bool = False, name: str = "") -> str:
    """A new token of ``user``; ``verified``: as if issued with the code of an authenticator app."""
    _token, key = token_create(user=user, verified=verified, name=name)
    return key
