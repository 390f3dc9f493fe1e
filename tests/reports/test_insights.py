"""The insights: incidents per month by nature and cause, notified or not, the on-time rate of authority notices, the
hours from awareness to the notice, the open incidents by time left — counted in the database, drawn as SVG."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from incidents import services as incident_services
from notifications import services as notice_services
from reports.charts import horizontal_bars, nice_max, stacked_bars
from reports.insights import insights
from reports.register import Period
from tests.notifications.conftest import decided
from tests.personas import make_incident
from tests.reports.conftest import approved


def _filed_after(owner, dpo, dpo2, hours: float):
    """An incident notified ``hours`` after awareness."""
    with time_machine.travel(timezone.now() - timedelta(hours=hours + 10)):
        incident = decided(owner, dpo)
    filed_at = incident.aware_at + timedelta(hours=hours)
    with time_machine.travel(filed_at - timedelta(minutes=30)):
        notice = notice_services.notice_draft(
            actor=owner, incident_id=incident.pk, kind="authority", authority="AP"
        )
        if hours > 72:
            notice_services.notice_edit(actor=owner, notice_id=notice.pk, late_reason="Found out late.")
        notice = approved(notice, owner, dpo2)
    notice_services.notice_file(actor=dpo, notice_id=notice.pk, filed_at=filed_at, reference=f"M-{hours}")
    return incident


@time_machine.travel("2026-06-15 12:00 +0000")  # mid-month: every incident falls in the same month
def test_the_numbers_add_up(owner, dpo, dpo2, org):
    _filed_after(owner, dpo, dpo2, 10)
    _filed_after(owner, dpo, dpo2, 30)
    _filed_after(owner, dpo, dpo2, 90)  # late
    no_breach = make_incident(owner)
    incident_services.incident_transition(actor=owner, incident_id=no_breach.pk, name="start_triage")
    incident_services.incident_transition(
        actor=owner, incident_id=no_breach.pk, name="close_not_breach", reason="No data."
    )
    make_incident(owner)  # open, on the clock, 4 hours after awareness: 68 hours left
    data = insights(org, Period.default())
    assert data["outcomes"] == {
        "total": 5,
        "notified": 3,
        "pending": 0,
        "not_required": 0,
        "not_a_breach": 1,
        "undecided": 1,
    }
    timing = data["timing"]
    assert (timing["notified"], timing["on_time"], timing["late"], timing["on_time_rate"]) == (3, 2, 1, 67)
    assert timing["median_hours"] == 30.0 and 30 < timing["p90_hours"] <= 90
    assert timing["buckets"] == [1, 1, 0, 1, 0]
    assert data["open"]["under_72"] == 1 and data["open"]["overdue"] == 0
    month = timezone.localdate().strftime("%Y-%m")
    assert data["by_month"][month]["total"] == 5 and data["by_month"][month]["confidentiality"] == 3
    assert (
        data["by_month"][month]["cause_external_malicious"] == 3
        and data["by_month"][month]["not_assessed"] == 2
    )


def test_an_overdue_incident_is_counted_as_such(owner, org):
    with time_machine.travel(timezone.now() - timedelta(hours=80)):
        make_incident(owner)
    assert insights(org, Period.default())["open"]["overdue"] == 1


def test_charts_are_plain_svg_geometry_with_dots_whatever_the_locale():
    chart = stacked_bars("Per month", ["Jan", "Feb"], [("a", [1, 2]), ("b", [0, 3])])
    assert len([r for r in chart.rects if r.title]) == 3  # zero values draw nothing
    assert all("," not in r.y and "," not in r.height for r in chart.rects)
    assert horizontal_bars("Open", [("x", 0), ("y", 0)]).empty
    assert [nice_max(v) for v in (0, 3, 7, 12, 180)] == [1, 5, 10, 20, 200]
