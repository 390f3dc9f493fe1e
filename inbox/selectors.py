"""Reads: the user's inbox, every act they may take now across their organisations, the nearest clock first."""

from __future__ import annotations

from inbox.acts import CANDIDATES, COLLECTORS, Act
from incidents.models import User


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


# The navigation says "99+" beyond this: the count reads at most this many rows, whatever the size of the tables.
COUNT_LIMIT = 100


def inbox_count(user: User) -> int:
    """The number in the navigation, in one query: the ids of the same objects as the inbox (``CANDIDATES``), at
    most COUNT_LIMIT of them, read as one UNION ALL — no COUNT over a table of a million incidents."""
    if not getattr(user, "is_authenticated", False):
        return 0
    first, *others = (candidates(user).order_by().values_list("pk") for candidates in CANDIDATES)
    return len(first.union(*others, all=True)[:COUNT_LIMIT])
