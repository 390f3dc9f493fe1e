"""Reads of the accounts app."""

from __future__ import annotations

from typing import Any

from accounts.models import ApiToken


def tokens_alive(user: Any) -> list[ApiToken]:
    """The user's API tokens that still authenticate, newest first. Dead ones (expired, or issued before a password
    change) wait to be cleared when the next token is issued or when one of them is tried."""
    return [token for token in ApiToken.objects.filter(user=user) if token.alive_for(user)]
