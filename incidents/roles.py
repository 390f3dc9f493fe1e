"""Roles and the permission predicates the state machine uses.

A user's role is per organisation (``Membership``). The security team and the DPO work the incidents of
their own organisation; a controller client user belongs to a client organisation and never sees incidents,
only (in the processor portal) the alerts addressed to that organisation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from incidents.models import Incident, User


class Role(models.TextChoices):
    SECURITY = "security", _("Security team")
    DPO = "dpo", _("Data protection officer")
    CONTROLLER = "controller", _("Controller client user")


TEAM_ROLES = (Role.SECURITY, Role.DPO)
_CACHE_ATTR = "_datalek_roles"


def roles_by_organisation(user: Any) -> dict[int, str]:
    """``{organisation_id: role}`` for this user, read once per user object (i.e. per request)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = dict(user.memberships.values_list("organisation_id", "role"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def areas(user: Any) -> dict[str, bool]:
    """Which parts of Datalek the navigation offers this user: the team's pages, the controller portal, or both."""
    roles = set(roles_by_organisation(user).values())
    return {"team": bool(roles & set(TEAM_ROLES)), "portal": Role.CONTROLLER in roles}


def sees_team_pages(user: Any) -> bool:
    """The team's pages are offered to the team, and to anyone who is not only a controller client user."""
    offered = areas(user)
    return offered["team"] or not offered["portal"]


def role_in(user: Any, organisation_id: int) -> str | None:
    return roles_by_organisation(user).get(organisation_id)


def team_organisation_ids(user: Any) -> list[int]:
    return [org_id for org_id, role in roles_by_organisation(user).items() if role in TEAM_ROLES]


def is_team_member(incident: Incident, user: User) -> bool:
    """Security team or DPO of the incident's organisation."""
    return role_in(user, incident.organisation_id) in TEAM_ROLES


def is_dpo(incident: Incident, user: User) -> bool:
    return role_in(user, incident.organisation_id) == Role.DPO


def condition(hint: str) -> Callable[[Callable[[Incident], bool]], Callable[[Incident], bool]]:
    """Mark a pure transition condition with the hint shown when it blocks a transition."""

    def mark(predicate: Callable[[Incident], bool]) -> Callable[[Incident], bool]:
        predicate.hint = hint  # type: ignore[attr-defined]
        return predicate

    return mark
