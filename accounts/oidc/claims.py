"""What the provider's claims say, read without the database: an unverified e-mail address, a second factor
checked at the provider, the roles, and the start of a new user's username.

The roles claim (``OIDC_ROLES_CLAIM``) holds ``"<organisation slug>:<role>"`` values, the role being ``security`` (the
security team) or ``dpo``: a list of strings, or one string with the values separated by spaces or commas (some
providers send a single group that way). Anything else is ignored and reported back to be logged: a value without
a colon, another role (no claim can make anyone staff, a superuser or a controller client user), or two different
roles for one organisation (a membership holds one role; which one was meant is not guessed).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from incidents.roles import Role

ROLE_VALUES = {Role.SECURITY.value, Role.DPO.value}
USERNAME_BASE_LENGTH = 30


def email_unverified(value: Any) -> bool:
    """The provider says the address is not verified (``email_verified`` false; some send the string "false").
    A provider that says nothing is trusted for its addresses: many enterprise providers leave the claim out."""
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


def _values(claim: Any) -> list[str]:
    if claim is None:
        return []
    if isinstance(claim, str):
        return [value for value in re.split(r"[\s,]+", claim) if value]
    if isinstance(claim, list | tuple):
        return [str(value) for value in claim]
    return [str(claim)]


def second_factor_at_provider(id_token: dict[str, Any], *, amr: Iterable[str], acr: Iterable[str]) -> bool:
    """The ID token says the person proved more than a password: an authentication method (``amr``, RFC 8176) among
    ``amr``, or an authentication context class (``acr``) among ``acr``. Read from the signed ID token only."""
    methods = {value.lower() for value in _values(id_token.get("amr"))}
    if methods & {value.lower() for value in amr}:
        return True
    context = id_token.get("acr")
    return isinstance(context, str) and context in set(acr)


def role_grants(claim: Any) -> tuple[dict[str, str], list[str]]:
    """``({organisation slug: role}, [values ignored])`` from the roles claim's value."""
    grants: dict[str, str] = {}
    ignored: list[str] = []
    conflicting: set[str] = set()
    for value in _values(claim):
        slug, colon, role = value.strip().rpartition(":")
        slug, role = slug.strip(), role.strip().lower()
        if not colon or not slug or role not in ROLE_VALUES:
            ignored.append(value)
        elif grants.get(slug, role) != role:
            conflicting.add(slug)
        else:
            grants[slug] = role
    for slug in conflicting:
        ignored.append(f"{slug}:{grants.pop(slug)}")
    return grants, ignored


def username_base(email: str) -> str:
    """The part of the address before the @, in lower-case ASCII letters, digits, dots, hyphens and underscores (at
    most 30 characters): readable in the audit trail, and never chosen by the provider as a whole — the services
    make it unique, so that no claim can name an existing account's username."""
    local = email.rpartition("@")[0] or email
    text = unicodedata.normalize("NFKD", local).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9._-]+", "-", text).strip("._-")
    return text[:USERNAME_BASE_LENGTH].strip("._-") or "user"
