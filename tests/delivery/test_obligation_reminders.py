"""The deadline clock for the obligations beside the GDPR (NIS2, DORA, …): each report not filed is reminded when
half its term is gone, two hours before its stored deadline (terms of six hours or more) and once overdue — each
exactly once, counted from the moment its deadline runs from, never for the GDPR's (the authority reminders are)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from delivery import clock
from delivery.models import Reminder
from delivery.templatetags.reminder_tags import obligation_reminder_label
from incidents.models import Incident, IncidentEvent
from obligations import rules as R
from obligations import services
from obligations.models import Obligation, ObligationReport
from obligations.rules.periods import Unit
from tests.obligations.scenes import NOT_SIGNIFICANT, SIGNIFICANT, nis2_hospital
from tests.personas import make_incident

AWARE = datetime(2026, 10, 12, 8, 0, tzinfo=UTC)  # a Monday, NIS2 in force in NL since 15 August 2026


@pytest.fixture
def hospital(org, dpo):
    return nis2_hospital(org, dpo)


def _incident(owner, *, nis2=SIGNIFICANT):
    with time_machine.travel(AWARE + timedelta(hours=2), tick=False):
        incident = make_incident(
            owner,
            aware_at=AWARE,
            detected_at=AWARE - timedelta(hours=1),
            occurred_from=AWARE - timedelta(hours=2),
            occurred_until=AWARE - timedelta(hours=2),
        )
        if nis2 is not None:
            services.regime_answers_record(actor=owner, incident_id=incident.pk, regime="nis2", answers=nis2)
    return incident


def _report(incident, regime, code):
    return ObligationReport.objects.get(obligation__incident=incident, obligation__regime=regime, code=code)


def _sweep_at(moment):
    with time_machine.travel(moment, tick=False):
        return clock.sweep()


def _keys(incident):
    return list(
        Reminder.objects.filter(incident=incident, key__startswith="obligation:")
        .order_by("created_at", "id")
        .values_list("key", flat=True)
    )


def _file(report, *, team, dpo, at):
    with time_machine.travel(at, tick=False):
        services.obligation_report_draft(actor=team, report_id=report.pk)
        services.obligation_report_approve(actor=dpo, report_id=report.pk)
        services.obligation_report_file(actor=team, report_id=report.pk, reference="CSIRT-1", filed_at=at)


# --- the clock ---------------------------------------------------------------------------------------------------


def test_the_nis2_early_warning_is_reminded_at_half_two_hours_left_and_overdue_each_once(
    hospital, owner, mailoutbox
):
    incident = _incident(owner)
    warning = _report(incident, "nis2", "early_warning")
    assert warning.due_at == AWARE + timedelta(hours=24)
    _sweep_at(AWARE + timedelta(hours=11, minutes=59))
    assert _keys(incident) == []
    for hours in (12, 12.5, 22, 22.1, 24, 30):
        _sweep_at(AWARE + timedelta(hours=hours))
        _sweep_at(AWARE + timedelta(hours=hours))  # the sweep runs twice
    assert _keys(incident) == [
        f"obligation:{warning.pk}:half",
        f"obligation:{warning.pk}:2h",
        f"obligation:{warning.pk}:overdue",
    ]
    # The notification (72 h) had its "half" at 36 h; the sweep at 30 h was before it.
    assert not Reminder.objects.filter(obligation_report=_report(incident, "nis2", "notification")).exists()
    reminders = Reminder.objects.filter(obligation_report=warning)
    assert reminders.count() == 3 and all(r.sent_at for r in reminders)
    sent = [m for m in mailoutbox if "NIS2" in m.subject]
    assert len(sent) == 3


def test_a_filed_report_is_not_reminded(hospital, owner, dpo, dpo2):
    incident = _incident(owner)
    _file(_report(incident, "nis2", "early_warning"), team=owner, dpo=dpo, at=AWARE + timedelta(hours=10))
    for hours in (12, 22, 24, 30):
        _sweep_at(AWARE + timedelta(hours=hours))
    assert _keys(incident) == []


def test_a_closed_incident_is_not_reminded(hospital, owner):
    incident = _incident(owner)
    # The clock reads the status; how the incident got closed is the workflow's business.
    Incident.objects.filter(pk=incident.pk).update(status=Incident.Status.CLOSED)
    for hours in (12, 22, 24):
        _sweep_at(AWARE + timedelta(hours=hours))
    assert _keys(incident) == []


def test_an_obligation_ruled_out_is_not_reminded(hospital, owner):
    incident = _incident(owner)
    with time_machine.travel(AWARE + timedelta(hours=3), tick=False):
        services.regime_answers_record(
            actor=owner, incident_id=incident.pk, regime="nis2", answers=NOT_SIGNIFICANT
        )
    warning = _report(incident, "nis2", "early_warning")
    assert warning.obligation.state == Obligation.State.NOT_APPLICABLE
    assert warning.due_at == AWARE + timedelta(hours=24)  # the stored deadline stays, the obligation is off
    for hours in (12, 22, 24):
        _sweep_at(AWARE + timedelta(hours=hours))
    assert _keys(incident) == []


def test_the_dora_initial_notification_four_hours_after_classification_has_no_two_hours_left(org, owner, dpo):
    services.regime_profile_update(
        actor=dpo, organisation_id=org.pk, values={"dora_financial_entity": True, "countries": ["nl"]}
    )
    incident = _incident(owner, nis2=None)
    classified = AWARE + timedelta(hours=1)
    with time_machine.travel(AWARE + timedelta(hours=2), tick=False):
        services.regime_answers_record(
            actor=owner,
            incident_id=incident.pk,
            regime="dora",
            answers={"classified_major": True, "classified_at": classified.isoformat()},
        )
    initial = _report(incident, "dora", "initial")
    assert initial.due_at == classified + timedelta(hours=4)
    _sweep_at(classified + timedelta(hours=1, minutes=59))
    assert _keys(incident) == []
    for hours in (2, 2.5, 3, 3.5, 4, 5):
        _sweep_at(classified + timedelta(hours=hours))
    assert _keys(incident) == [f"obligation:{initial.pk}:half", f"obligation:{initial.pk}:overdue"]


def test_the_nis2_final_report_counts_from_the_notifications_filing(hospital, owner, dpo):
    incident = _incident(owner)
    _file(_report(incident, "nis2", "early_warning"), team=owner, dpo=dpo, at=AWARE + timedelta(hours=20))
    filed = AWARE + timedelta(hours=30)  # Tuesday 13 October, 16:00 in Amsterdam (summer time)
    _file(_report(incident, "nis2", "notification"), team=owner, dpo=dpo, at=filed)
    final = _report(incident, "nis2", "final")
    # One calendar month later, wall-clock time kept: 13 November 16:00, now winter time (15:00 UTC).
    assert final.due_at == datetime(2026, 11, 13, 15, 0, tzinfo=UTC)
    half = filed + (final.due_at - filed) / 2
    _sweep_at(half - timedelta(minutes=1))
    assert _keys(incident) == []
    _sweep_at(half)
    # The progress report (owed only if the incident is still ongoing) falls due at the same moment: one reminder.
    assert _keys(incident) == [f"obligation:{final.pk}:half"]
    _sweep_at(final.due_at - timedelta(hours=2))
    _sweep_at(final.due_at)
    assert _keys(incident)[1:] == [f"obligation:{final.pk}:2h", f"obligation:{final.pk}:overdue"]


def test_the_gdpr_obligation_is_reminded_by_the_authority_reminders_only(owner):
    incident = _incident(owner, nis2=None)
    gdpr = _report(incident, "gdpr", "notification")
    assert gdpr.due_at == AWARE + timedelta(hours=72) and gdpr.obligation.state == Obligation.State.OWED
    for hours in (36, 70, 73):
        _sweep_at(AWARE + timedelta(hours=hours))
    assert _keys(incident) == []
    assert list(
        Reminder.objects.filter(incident=incident).order_by("created_at").values_list("key", flat=True)
    ) == [
        "authority:24h",
        "authority:70h",
        "authority:overdue",
    ]


def test_the_sweep_reads_the_obligations_in_a_fixed_number_of_queries(
    hospital, owner, django_assert_num_queries
):
    for _ in range(3):
        _incident(owner)
    with django_assert_num_queries(2):  # the reports, and the filings their terms may count from
        due = clock._obligation_reminders_due(AWARE + timedelta(hours=12))
    assert len(due) == 3 and {key for _incident_id, _report_id, key in due} == {"half"}


def test_a_reports_first_reminder_is_never_beyond_the_reach_of_the_sweep():
    """The sweep reads only the reports due within ``OBLIGATION_REACH``: half of every term any rule set has must
    fit in it (a calendar month at most 31 days and the hour summer time gives back)."""
    longest = {
        Unit.HOURS: timedelta(hours=1),
        Unit.DAYS: timedelta(days=1, hours=1),
        Unit.MONTHS: timedelta(days=31, hours=1),
    }
    for rule_set in R.rule_sets():
        for report in rule_set.reports:
            for limits in (report.limits, report.instead[1] if report.instead else ()):
                for limit in limits:
                    amount = limit.period.amount or 72  # a contract's hours: the DPA terms allow at most 72
                    assert longest[limit.period.unit] * amount / 2 <= clock.OBLIGATION_REACH, (
                        rule_set.id,
                        report.code,
                    )


# --- the e-mail and the audit trail ------------------------------------------------------------------------------


def test_the_reminder_names_the_regime_the_report_the_recipient_the_deadline_and_the_obligations_page(
    hospital, owner, mailoutbox, settings
):
    incident = _incident(owner)
    warning = _report(incident, "nis2", "early_warning")
    _sweep_at(AWARE + timedelta(hours=22))
    (message,) = [m for m in mailoutbox if "NIS2" in m.subject]
    assert message.subject == f"Reminder: {incident.reference} — NIS2 (NL): Early warning"
    link = f"{settings.SITE_URL}{reverse('obligations:panel', args=[incident.pk])}"
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert "Two hours left: the report is not filed yet." in body
        assert "the CSIRT and the sector&#x27;s competent authority" in body or (
            "the CSIRT and the sector's competent authority" in body
        )
        # 24 hours after awareness: Tuesday 13 October 08:00 UTC, 10:00 in Amsterdam (summer time).
        assert "Deadline: Tue 13 Oct 2026 10:00 (Europe/Amsterdam)" in body
        assert link in body
    assert sorted(message.to) == ["dpo@example.nl", "owner@example.nl"]

    _sweep_at(AWARE + timedelta(hours=24))
    overdue = [m for m in mailoutbox if "NIS2" in m.subject][-1]
    assert overdue.subject == f"OVERDUE: {incident.reference} — NIS2 (NL): Early warning"
    assert "Overdue: the deadline has passed and the report is not filed. File it now." in overdue.body

    events = IncidentEvent.objects.filter(incident=incident, kind="reminder").order_by("sequence")
    about = [e.data["obligation_report"] for e in events if "obligation_report" in e.data]
    assert (
        about
        == [
            {
                "id": warning.pk,
                "obligation": warning.obligation_id,
                "regime": "nis2",
                "variant": "entity",
                "country": "NL",
                "rule_set": "nis2-2022",
                "report": "early_warning",
                "due_at": "2026-10-13T08:00:00+00:00",
            }
        ]
        * 2
    )
    labels = [obligation_reminder_label(e.data) for e in events if "obligation_report" in e.data]
    assert labels == ["NIS2 (NL): Early warning: 2 hours left", "NIS2 (NL): Early warning: overdue"]


def test_the_timeline_says_which_report_a_reminder_was_about(hospital, owner, client):
    incident = _incident(owner)
    _sweep_at(AWARE + timedelta(hours=12))
    client.force_login(owner)
    html = client.get(reverse("incidents:timeline", args=[incident.pk])).content.decode()
    assert "NIS2 (NL): Early warning: half the term has passed" in html


def test_the_half_way_reminder_says_so(hospital, owner, mailoutbox):
    _incident(owner)
    _sweep_at(AWARE + timedelta(hours=12))
    (message,) = [m for m in mailoutbox if "NIS2" in m.subject]
    assert "Half the time gone: the report is not filed yet." in message.body


# --- the term a report's deadline counts from --------------------------------------------------------------------


def _unsaved(regime, code, *, due_at, trigger_at=AWARE, variant="", rule_set=None, country="NL"):
    obligation = Obligation(
        regime=regime,
        variant=variant,
        rule_set=rule_set if rule_set is not None else f"{regime}-2022",
        country=country,
        trigger_at=trigger_at,
    )
    return ObligationReport(obligation=obligation, code=code, due_at=due_at)


def test_the_term_counts_from_the_trigger_moment():
    report = _unsaved("nis2", "early_warning", variant="entity", due_at=AWARE + timedelta(hours=24))
    assert clock.term_start(report, filed={}, aware_at=AWARE) == AWARE


def test_the_term_counts_from_the_earlier_reports_filing():
    filed = datetime(2026, 10, 30, 9, 0, tzinfo=UTC)  # 10:00 in Amsterdam, winter time
    report = _unsaved("nis2", "final", variant="entity", due_at=datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    assert clock.term_start(report, filed={"notification": filed}, aware_at=AWARE) == filed


def test_doras_initial_notification_counts_from_whichever_limit_gives_its_deadline():
    early = _unsaved(
        "dora", "initial", trigger_at=AWARE + timedelta(hours=1), due_at=AWARE + timedelta(hours=5)
    )
    assert clock.term_start(early, filed={}, aware_at=AWARE) == AWARE + timedelta(hours=1)
    # Classified 22 hours after awareness: the 24-hour backstop after awareness comes first.
    late = _unsaved(
        "dora", "initial", trigger_at=AWARE + timedelta(hours=22), due_at=AWARE + timedelta(hours=24)
    )
    assert clock.term_start(late, filed={}, aware_at=AWARE) == AWARE


def test_doras_final_report_counts_from_the_latest_intermediate_report_filed_again():
    first = AWARE + timedelta(days=3)
    again = AWARE + timedelta(days=10)  # 22 October, 10:00 in Amsterdam (summer time)
    # One calendar month after the latest filing, wall-clock time kept: 22 November 10:00, winter time (09:00 UTC).
    final = _unsaved("dora", "final", due_at=datetime(2026, 11, 22, 9, 0, tzinfo=UTC))
    final.obligation.moments = {"filed_again:intermediate": [{"at": again.isoformat()}]}
    assert clock.term_start(final, filed={"intermediate": first}, aware_at=AWARE) == again


def test_a_term_that_cannot_be_told_is_taken_as_the_24_hours_before_the_deadline():
    due = AWARE + timedelta(days=40)
    moved = _unsaved("nis2", "early_warning", variant="entity", due_at=due)  # no limit gives this deadline
    assert clock.term_start(moved, filed={}, aware_at=AWARE) == due - timedelta(hours=24)
    unknown = _unsaved("nis2", "early_warning", variant="entity", rule_set="nis2-gone", due_at=due)
    assert clock.term_start(unknown, filed={}, aware_at=AWARE) == due - timedelta(hours=24)
    # The final report after a progress report runs from the moment the incident was handled, not recorded here.
    final = _unsaved("nis2", "final", variant="entity", due_at=due)
    assert clock.term_start(final, filed={"notification": AWARE, "progress": AWARE}, aware_at=AWARE) == (
        due - timedelta(hours=24)
    )


def test_the_thresholds_of_a_term():
    start, deadline = AWARE, AWARE + timedelta(hours=24)
    assert clock.term_threshold(start, deadline, start + timedelta(hours=11)) is None
    assert clock.term_threshold(start, deadline, start + timedelta(hours=12)) == "half"
    assert clock.term_threshold(start, deadline, start + timedelta(hours=22)) == "2h"
    assert clock.term_threshold(start, deadline, deadline) == "overdue"
    short = AWARE + timedelta(hours=4)
    assert clock.term_threshold(start, short, start + timedelta(hours=3)) == "half"  # no "2h" under six hours
