"""The Art. 33(1) clock: at the latest 72 hours after the controller became aware.

Calendar hours: nights, weekends and public holidays count and nothing rolls over to a working day
(Regulation 1182/71 Art. 3(3)-(4); domain.md §3.2). The arithmetic is done in UTC so that a change to or from
summer time in between gives exactly 72 elapsed hours, whatever the wall clock shows.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone


def authority_deadline(aware_at: datetime) -> datetime:
    if timezone.is_naive(aware_at):
        raise ValueError("The awareness moment must be an aware datetime (with a time zone).")
    return aware_at.astimezone(UTC) + timedelta(hours=settings.AUTHORITY_DEADLINE_HOURS)


def time_left(deadline: datetime, now: datetime | None = None) -> timedelta:
    """Negative once the deadline has passed."""
    return deadline - (now or timezone.now())


def is_past(deadline: datetime, now: datetime | None = None) -> bool:
    return time_left(deadline, now) <= timedelta(0)


def overdue_threshold(now: datetime | None = None) -> datetime:
    """Incidents aware before this moment are past the deadline (for indexed queries on ``aware_at``)."""
    return (now or timezone.now()).astimezone(UTC) - timedelta(hours=settings.AUTHORITY_DEADLINE_HOURS)
