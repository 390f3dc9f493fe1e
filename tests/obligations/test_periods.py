"""Hours are elapsed time; days and months are counted on the wall clock of the organisation's time zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from obligations.rules.periods import Period, Unit, add

AMS = ZoneInfo("Europe/Amsterdam")
# 2026 in Europe/Amsterdam: summer time from Sunday 29 March 02:00 CET (01:00 UTC) to Sunday 25 October 03:00 CEST
# (01:00 UTC).


def test_24_hours_across_the_night_the_clocks_go_forward_are_24_real_hours() -> None:
    end = add(datetime(2026, 3, 28, 12, 0, tzinfo=AMS), 24, Unit.HOURS, AMS)
    assert end.astimezone(UTC) == datetime(2026, 3, 29, 11, 0, tzinfo=UTC)
    assert (end.hour, end.utcoffset()) == (13, timedelta(hours=2))  # the wall clock shows 25 hours later


def test_24_hours_across_the_night_the_clocks_go_back_are_24_real_hours() -> None:
    end = add(datetime(2026, 10, 24, 12, 0, tzinfo=AMS), 24, Unit.HOURS, AMS)
    assert end.astimezone(UTC) == datetime(2026, 10, 25, 10, 0, tzinfo=UTC)
    assert (end.hour, end.utcoffset()) == (11, timedelta(hours=1))  # the wall clock shows 23 hours later


def test_72_hours_run_through_the_weekend() -> None:
    assert add(datetime(2026, 6, 5, 17, 45, tzinfo=AMS), 72, Unit.HOURS, AMS) == datetime(
        2026, 6, 8, 17, 45, tzinfo=AMS
    )


def test_three_days_across_the_change_to_summer_time_keep_the_wall_clock() -> None:
    end = add(datetime(2026, 3, 27, 10, 0, tzinfo=AMS), 3, Unit.DAYS, AMS)
    assert end.astimezone(UTC) == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)  # 10:00 CEST, 71 elapsed hours
    assert end.hour == 10


def test_21_days_across_the_change_to_winter_time_keep_the_wall_clock() -> None:
    end = add(datetime(2026, 10, 10, 15, 0, tzinfo=AMS), 21, Unit.DAYS, AMS)
    assert end.astimezone(UTC) == datetime(2026, 10, 31, 14, 0, tzinfo=UTC)  # 15:00 CET, 21 days and an hour
    assert end.hour == 15


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (datetime(2026, 1, 31, 9, 0), datetime(2026, 2, 28, 9, 0)),  # no 31 February: its last day
        (datetime(2028, 1, 31, 9, 0), datetime(2028, 2, 29, 9, 0)),  # a leap year
        (datetime(2026, 3, 31, 16, 0), datetime(2026, 4, 30, 16, 0)),
        (datetime(2026, 2, 28, 9, 0), datetime(2026, 3, 28, 9, 0)),  # the same day, not the month's end
        (datetime(2026, 12, 31, 23, 30), datetime(2027, 1, 31, 23, 30)),  # into the next year
        (datetime(2026, 8, 31, 8, 0), datetime(2026, 9, 30, 8, 0)),
    ],
)
def test_a_month_ends_on_the_same_day_or_on_the_last_day_of_a_shorter_month(start, expected) -> None:
    assert add(start.replace(tzinfo=AMS), 1, Unit.MONTHS, AMS) == expected.replace(tzinfo=AMS)


def test_a_month_across_the_change_to_summer_time_keeps_the_wall_clock() -> None:
    end = add(datetime(2026, 3, 15, 10, 0, tzinfo=AMS), 1, Unit.MONTHS, AMS)
    assert end.astimezone(UTC) == datetime(2026, 4, 15, 8, 0, tzinfo=UTC)


def test_a_month_across_the_change_to_winter_time_keeps_the_wall_clock() -> None:
    end = add(datetime(2026, 10, 15, 10, 0, tzinfo=AMS), 1, Unit.MONTHS, AMS)
    assert end.astimezone(UTC) == datetime(2026, 11, 15, 9, 0, tzinfo=UTC)


def test_calendar_periods_are_counted_in_the_organisations_zone_whatever_zone_the_start_is_given_in() -> None:
    start = datetime(2026, 1, 30, 23, 30, tzinfo=UTC)  # already 31 January, 00:30, in Amsterdam
    assert add(start, 1, Unit.MONTHS, AMS).astimezone(UTC) == datetime(2026, 2, 27, 23, 30, tzinfo=UTC)
    assert add(start, 1, Unit.MONTHS, ZoneInfo("UTC")) == datetime(2026, 2, 28, 23, 30, tzinfo=UTC)


def test_a_wall_clock_time_skipped_in_spring_is_reached_when_the_clocks_jump_past_it() -> None:
    end = add(datetime(2026, 3, 28, 2, 30, tzinfo=AMS), 1, Unit.DAYS, AMS)  # 29 March 02:30 does not exist
    assert end.astimezone(UTC) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert (end.hour, end.minute) == (3, 0)


def test_a_wall_clock_time_repeated_in_autumn_is_its_first_occurrence() -> None:
    end = add(datetime(2026, 10, 24, 2, 30, tzinfo=AMS), 1, Unit.DAYS, AMS)
    assert end.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST, not 02:30 CET


def test_a_start_in_the_repeated_hour_keeps_its_wall_clock_the_next_day() -> None:
    second_half_past_two = datetime(2026, 10, 25, 1, 30, tzinfo=UTC).astimezone(AMS)  # 02:30 CET, fold=1
    end = add(second_half_past_two, 1, Unit.DAYS, AMS)
    assert end.astimezone(UTC) == datetime(2026, 10, 26, 1, 30, tzinfo=UTC)  # 02:30 CET


def test_a_naive_start_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        add(datetime(2026, 5, 1, 12, 0), 72, Unit.HOURS, AMS)


def test_a_contract_period_takes_its_hours_from_the_parameter_and_has_none_without_it() -> None:
    period = Period(Unit.HOURS, parameter="contract_hours")
    assert period.resolved({"contract_hours": 36}) == 36
    assert period.resolved({}) is None
    assert period.resolved(None) is None


def test_a_period_has_an_amount_or_a_parameter_not_both_nor_neither() -> None:
    with pytest.raises(ValueError):
        Period(Unit.HOURS, 24, "contract_hours")
    with pytest.raises(ValueError):
        Period(Unit.HOURS)
