"""The deadline clock: reminders at T0 + 24/48/60/70 h and an escalation when overdue, each exactly once, only
while the authority notice is not filed; the GBA part-2 deadline the same way."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from delivery import clock
from delivery.models import Reminder
from delivery.tasks import notifications_sweep
from incidents.models import IncidentEvent
from notifications import services
from tests.notifications.conftest import decided
from tests.personas import make_incident
from tests.portal.conftest import client_a  # noqa: F401 - a fixture: a client with the terms of its DPA


@pytest.fixture
def t0():
    return timezone.now().replace(microsecond=0)


@pytest.fixture
def running(owner, dpo, t0):
    with time_machine.travel(t0, tick=False):
        return make_incident(
            owner,
            occurred_from=t0 - timedelta(hours=2),
            occurred_until=t0 - timedelta(hours=2),
            detected_at=t0 - timedelta(hours=1),
            aware_at=t0,
        )


def _sweep_at(moment):
    with time_machine.travel(moment, tick=False):
        return clock.sweep()


def test_reminders_go_out_at_each_threshold_exactly_once(running, t0, mailoutbox):
    assert _sweep_at(t0 + timedelta(hours=23, minutes=59)) == {"planned": 0, "sent": 0}
    assert _sweep_at(t0 + timedelta(hours=24)) == {"planned": 1, "sent": 1}
    assert _sweep_at(t0 + timedelta(hours=24, minutes=1)) == {"planned": 0, "sent": 0}  # the sweep runs again
    _sweep_at(t0 + timedelta(hours=48))
    _sweep_at(t0 + timedelta(hours=60))
    _sweep_at(t0 + timedelta(hours=70))
    _sweep_at(t0 + timedelta(hours=72, seconds=1))
    _sweep_at(t0 + timedelta(hours=80))
    keys = list(Reminder.objects.order_by("created_at").values_list("key", flat=True))
    assert keys == ["authority:24h", "authority:48h", "authority:60h", "authority:70h", "authority:overdue"]
    assert len(mailoutbox) == 5
    assert mailoutbox[-1].subject.startswith("OVERDUE")
    assert sorted(mailoutbox[0].to) == ["dpo@example.nl", "owner@example.nl"]
    assert "48 hours have passed since we became aware" in mailoutbox[1].body
    assert IncidentEvent.objects.filter(incident=running, kind="reminder").count() == 5


def test_an_incident_logged_late_gets_one_reminder_not_a_pile(running, t0, mailoutbox):
    _sweep_at(t0 + timedelta(hours=61))
    assert list(Reminder.objects.values_list("key", flat=True)) == ["authority:60h"]
    assert len(mailoutbox) == 1


def test_a_reminder_claimed_by_a_dead_sweep_is_sent_later_once(running, t0, mailoutbox, settings):
    with time_machine.travel(t0 + timedelta(hours=25), tick=False):
        clock.plan()
        Reminder.objects.update(claimed_at=timezone.now())  # claimed, then the worker died
        assert clock.send_due() == 0
    assert _sweep_at(t0 + timedelta(hours=25, seconds=settings.DELIVERY_LEASE_SECONDS + 1))["sent"] == 1
    assert _sweep_at(t0 + timedelta(hours=26))["sent"] == 0
    assert len(mailoutbox) == 1


def test_no_reminder_once_the_authority_notice_is_filed(owner, dpo, dpo2, mailoutbox):
    incident = decided(owner, dpo)
    notice = services.notice_draft(actor=owner, incident_id=incident.pk, kind="authority", authority="AP")
    services.notice_submit(actor=owner, notice_id=notice.pk, acknowledge_missing=True)
    services.notice_approve(actor=dpo2, notice_id=notice.pk, acknowledge_missing=True)
    services.notice_file(
        actor=dpo, notice_id=notice.pk, filed_at=timezone.now(), reference="M-1", acknowledge_missing=True
    )
    assert _sweep_at(incident.aware_at + timedelta(hours=73)) == {"planned": 0, "sent": 0}


def test_no_reminder_when_the_dpo_decided_the_authority_need_not_be_notified(owner, dpo):
    from tests.risk.builders import facts_dict

    incident = decided(owner, dpo, facts=facts_dict(protection={"encryption": "state_of_the_art"}))
    assert incident.notify_authority is False
    assert _sweep_at(incident.aware_at + timedelta(hours=30)) == {"planned": 0, "sent": 0}


def test_a_processors_incident_gets_no_authority_reminder(owner, dpo, client_a, t0, mailoutbox):  # noqa: F811
    """A processor never notifies the authority itself (Art. 33(2)): its clocks are the alerts owed to each client,
    not the 72 hours — the reminders of those clocks go out, the authority's never do."""
    with time_machine.travel(t0, tick=False):
        incident = make_incident(owner, our_role="processor", clients=[client_a], aware_at=t0)
    _sweep_at(t0 + timedelta(hours=71))
    keys = set(Reminder.objects.filter(incident=incident).values_list("key", flat=True))
    assert not {key for key in keys if key.startswith("authority")}, keys
    assert keys, "the client's alert clock is reminded"


def test_the_gba_part_two_deadline_is_reminded_and_escalated(owner, dpo, dpo2, org, mailoutbox):
    org.country = "BE"
    org.save()
    incident = decided(owner, dpo, affected_countries=["BE"])
    notice = services.notice_draft(actor=owner, incident_id=incident.pk, kind="authority", authority="GBA")
    services.notice_submit(actor=owner, notice_id=notice.pk, acknowledge_missing=True)
    services.notice_approve(actor=dpo2, notice_id=notice.pk, acknowledge_missing=True)
    notice = services.notice_file(
        actor=dpo, notice_id=notice.pk, filed_at=timezone.now(), reference="DBN-1", acknowledge_missing=True
    )
    _sweep_at(notice.due_at - timedelta(days=4))
    _sweep_at(notice.due_at - timedelta(days=2, hours=23))
    _sweep_at(notice.due_at + timedelta(minutes=1))
    keys = list(Reminder.objects.order_by("created_at").values_list("key", flat=True))
    assert keys == [f"follow_up:{notice.pk}:3d", f"follow_up:{notice.pk}:overdue"]
    assert "follow-up" in mailoutbox[-1].subject


def test_the_beat_task_runs_the_sweep(running, t0, mailoutbox):
    with time_machine.travel(t0 + timedelta(hours=49), tick=False):
        outcome = notifications_sweep()
    assert outcome == {
        "planned": 1,
        "sent": 1,
        "requeued_notices": 0,
        "orphaned_notices": 0,
        "purged_lists": 0,
        "stalled_imports": 0,
    }
