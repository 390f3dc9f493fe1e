"""Reads: the user's inbox, every act they may take now across their organisations, the nearest clock first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inbox import acts
from inbox.acts import Act

if TYPE_CHECKING:
    from incidents.models import User

COLLECTORS = (acts.incident_acts, acts.notice_acts, acts.letters_acts, acts.question_acts, acts.alert_acts)


def _clock_order(act: Act) -> tuple:
    # Nearest deadline first; the acts without a deadline after them, oldest object first.
    return (
        act.deadline is None,
        act.deadline.timestamp() if act.deadline else 0,
        act.object_type,
        act.object_id,
    )


def inbox_for(user: User) -> list[Act]:
    """Every act waiting for this user, ordered by the clock. Only objects of the user's own organisations (as a
    team member) or addressed to their client organisation (as a controller user) are read."""
    if not getattr(user, "is_authenticated", False):
        return []
    found = [act for collect in COLLECTORS for act in collect(user)]
    return sorted(found, key=_clock_order)


def inbox_count(user: User) -> int:
    return len(inbox_for(user))
