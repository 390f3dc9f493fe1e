"""Periods of time as the laws count them: elapsed hours, calendar days, calendar months.

Each law states its limits in one unit, and the unit decides how a change of summer time counts:

- **hours** — GDPR Art. 33(1) "not later than 72 hours", NIS2 Art. 23(4)(a)(b) "within 24 hours" / "within 72
  hours", eIDAS Art. 19a(1)(b) "within 24 hours", CRA Art. 14(2)(a)(b) and 14(4)(a)(b) "within 24 hours" / "within
  72 hours", DORA Delegated Reg. 2025/301 Art. 5 "within 4 hours" / "24 hours" / "72 hours". A period in hours is
  *elapsed* time: 24 h across the night the clocks go forward are 24 real hours (the wall clock shows 25 h later).
  Nights, weekends and public holidays count and nothing rolls over (Reg. 1182/71 Art. 3(3)-(4); domain.md §3.2).
- **days** — ePrivacy: Reg. 611/2013 Art. 2(3) second notification "within three days following the initial
  notification"; the Belgian GBA/APD: part 2 "within 21 calendar days" after part 1 (domain.md §8.4); CRA Art.
  14(2)(c) final report "no later than 14 days" after a corrective measure. A day is a *calendar* day in the
  organisation's time zone: the wall-clock time is kept (filed Friday 10:00 → due Monday 10:00, whether the
  clocks changed in between or not).
- **months** — NIS2 Art. 23(4)(d) final report "no later than one month after" the notification; DORA Delegated
  Reg. 2025/301 Art. 5 final report "no later than one month" after the latest intermediate report; CRA Art.
  14(4)(c) "within one month". A month is a *calendar* month in the organisation's time zone, wall-clock time kept;
  when the day does not exist in the last month the period ends on that month's last day (31 January + 1 month =
  28 or 29 February), as Reg. 1182/71 Art. 3(2)(c) says.

Read strictly, Reg. 1182/71 Art. 3(1)-(2) would not count the hour (or day) of the event and would end a period at
the end of its last hour (or day), and Art. 3(4) moves the end of a period in days or months off a Saturday, Sunday
or public holiday. We do neither on purpose: the deadline computed here is never later than the law's, so a report
made by it is never late. A wall-clock time that does not exist (the hour skipped when the clocks go forward) is
reached when the clocks jump past it; one that occurs twice (the hour repeated in autumn) is its first occurrence.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo


class Unit(StrEnum):
    HOURS = "hours"
    DAYS = "days"
    MONTHS = "months"


@dataclass(frozen=True)
class Period:
    """``amount`` units; or, for a period a contract fixes (a processor's alert), the name of the parameter that gives
    the amount (``parameter``), None while it is not given."""

    unit: Unit
    amount: int | None = None
    parameter: str | None = None

    def __post_init__(self) -> None:
        if (self.amount is None) == (self.parameter is None):
            raise ValueError("A period has either an amount or the name of the parameter giving it.")

    def resolved(self, params: Mapping[str, int] | None) -> int | None:
        if self.amount is not None:
            return self.amount
        return (params or {}).get(self.parameter or "")


def hours(n: int) -> Period:
    return Period(Unit.HOURS, n)


def days(n: int) -> Period:
    return Period(Unit.DAYS, n)


def months(n: int) -> Period:
    return Period(Unit.MONTHS, n)


def add(start: datetime, amount: int, unit: Unit, zone: ZoneInfo) -> datetime:
    """``start`` plus ``amount`` units, as an aware datetime in ``zone`` (see the module docstring for each unit)."""
    if start.tzinfo is None or start.utcoffset() is None:
        raise ValueError("A period runs from an aware datetime (with a time zone).")
    if unit is Unit.HOURS:
        return (start.astimezone(UTC) + timedelta(hours=amount)).astimezone(zone)
    wall = start.astimezone(zone).replace(tzinfo=None, fold=0)
    if unit is Unit.DAYS:
        wall += timedelta(days=amount)
    else:
        wall = _plus_months(wall, amount)
    return _on_the_wall(wall, zone)


def _plus_months(wall: datetime, amount: int) -> datetime:
    index = wall.year * 12 + wall.month - 1 + amount
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return wall.replace(year=year, month=month + 1, day=min(wall.day, last_day))


def _on_the_wall(wall: datetime, zone: ZoneInfo) -> datetime:
    """The first moment the clocks of ``zone`` show ``wall`` — or, in the hour skipped in spring, jump past it."""
    first = wall.replace(tzinfo=zone, fold=0)  # in autumn's repeated hour, fold=0 is the first occurrence
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall:
        return first
    # A skipped time: fold=1 reads it with the offset after the change (an instant before the jump), fold=0 with
    # the offset before it (an instant after). The jump lies between; find it to the second.
    before = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    after = first.astimezone(UTC)
    while after - before > timedelta(seconds=1):
        middle = before + (after - before) / 2
        if middle.astimezone(zone).replace(tzinfo=None) >= wall:
            after = middle
        else:
            before = middle
    return after.replace(microsecond=0).astimezone(zone)  # the clocks change on a whole second
