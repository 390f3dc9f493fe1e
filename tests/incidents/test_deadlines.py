"""Art. 33(1): 72 calendar hours from awareness — across nights, weekends, holidays and clock changes."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from incidents import deadlines, services
from incidents.models import Incident
from risk import services as risk_services
from tests.personas import advance, make_incident

AMS = ZoneInfo("Europe/Amsterdam")


def test_deadline_is_exactly_72_hours_after_awareness():
    aware = datetime(2026, 6, 10, 14, 37, tzinfo=AMS)
    assert deadlines.authority_deadline(aware) - aware == timedelta(hours=72)
    assert deadlines.authority_deadline(aware) == datetime(2026, 6, 13, 14, 37, tzinfo=AMS)


def test_weekend_counts_and_nothing_rolls_over_to_monday():
    friday_afternoon = datetime(2026, 11, 27, 16, 0, tzinfo=AMS)
    deadline = deadlines.authority_deadline(friday_afternoon)
    assert deadline.astimezone(AMS) == datetime(2026, 11, 30, 16, 0, tzinfo=AMS)  # Monday, same hour
    assert deadline.astimezone(AMS).weekday() == 0


def test_public_holidays_count():
    christmas_eve = datetime(2026, 12, 24, 9, 0, tzinfo=AMS)
    assert deadlines.authority_deadline(christmas_eve).astimezone(AMS) == datetime(
        2026, 12, 27, 9, 0, tzinfo=AMS
    )


def test_spring_forward_gives_72_elapsed_hours_and_one_hour_later_on_the_wall_clock():
    # Summer time starts 29 March 2026 02:00 CET -> 03:00 CEST.
    aware = datetime(2026, 3, 27, 10, 0, tzinfo=AMS)
    deadline = deadlines.authority_deadline(aware)
    assert deadline.astimezone(UTC) - aware.astimezone(UTC) == timedelta(hours=72)
    assert deadline.astimezone(AMS) == datetime(2026, 3, 30, 11, 0, tzinfo=AMS)


def test_fall_back_gives_72_elapsed_hours_and_one_hour_earlier_on_the_wall_clock():
    # Winter time starts 25 October 2026 03:00 CEST -> 02:00 CET.
    aware = datetime(2026, 10, 23, 10, 0, tzinfo=AMS)
    deadline = deadlines.authority_deadline(aware)
    assert deadline.astimezone(UTC) - aware.astimezone(UTC) == timedelta(hours=72)
    assert deadline.astimezone(AMS) == datetime(2026, 10, 26, 9, 0, tzinfo=AMS)


def test_naive_awareness_is_refused():
    with pytest.raises(ValueError, match="time zone"):
        deadlines.authority_deadline(datetime(2026, 1, 1, 12, 0))


def test_incident_becomes_overdue_one_second_after_the_deadline(owner):
    aware = datetime(2026, 3, 27, 10, 0, tzinfo=AMS)
    with time_machine.travel(aware + timedelta(hours=1), tick=False):
        incident = make_incident(
            owner,
            occurred_from=aware - timedelta(hours=2),
            occurred_until=aware - timedelta(hours=2),
            detected_at=aware,
            aware_at=aware,
        )
    with time_machine.travel(datetime(2026, 3, 30, 10, 59, 59, tzinfo=AMS), tick=False):
        assert not incident.is_overdue()
        assert not Incident.objects.overdue().filter(pk=incident.pk).exists()
    with time_machine.travel(datetime(2026, 3, 30, 11, 0, 1, tzinfo=AMS), tick=False):
        assert incident.is_overdue()
        assert Incident.objects.overdue().filter(pk=incident.pk).exists()


def test_clock_stops_when_the_authority_is_notified(incident):
    incident.authority_notified_at = incident.aware_at + timedelta(hours=10)
    with time_machine.travel(incident.aware_at + timedelta(hours=100)):
        assert not incident.clock_running
        assert not incident.is_overdue()


def test_clock_stops_when_the_dpo_decides_the_authority_need_not_be_notified(owner, dpo):
    incident = advance(make_incident(owner), "approval", team=owner, dpo=dpo)
    assert incident.clock_running
    risk_services.assessment_decide(
        actor=dpo,
        incident_id=incident.pk,
        agree=False,
        risk="unlikely",
        notify_authority=False,
        notify_subjects=False,
        public_communication=False,
        justification="Recipient is our own auditor.",
    )
    incident.refresh_from_db()
    assert not incident.clock_running
    assert not Incident.objects.clock_running().filter(pk=incident.pk).exists()

    other = make_incident(owner)
    services.incident_transition(actor=owner, incident_id=other.pk, name="start_triage")
    services.incident_transition(
        actor=owner, incident_id=other.pk, name="close_not_breach", reason="Port scan only."
    )
    other.refresh_from_db()
    assert not other.clock_running


def test_clock_keeps_running_through_containment_and_assessment(owner, dpo):
    incident = make_incident(owner)
    for status in ("triage", "containment", "assessment", "approval"):
        advance(incident, status, team=owner, dpo=dpo)
        assert incident.clock_running, status
