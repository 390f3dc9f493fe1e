"""The insights: incidents per month by nature and cause, notified or not, the on-time rate of authority notices, the
hours from awareness to the notice, the open incidents by time left — counted in the database, drawn as SVG by
matplotlib, the same images on the page and in the register PDF."""

import base64
from datetime import timedelta

import time_machine
from django.utils import timezone

from notifications import services as notice_services
from reports.charts import horizontal_bars, stacked_bars
from reports.insights import insights
from reports.register import Period
from tests.notifications.conftest import decided
from tests.personas import make_incident
from tests.reports.conftest import approved, not_a_breach


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
    notice_services.notice_file(
        actor=dpo, notice_id=notice.pk, filed_at=filed_at, reference=f"M-{hours}", acknowledge_missing=True
    )
    return incident


@time_machine.travel("2026-06-15 12:00 +0000")  # mid-month: every incident falls in the same month
def test_the_numbers_add_up(owner, dpo, dpo2, org):
    _filed_after(owner, dpo, dpo2, 10)
    _filed_after(owner, dpo, dpo2, 30)
    _filed_after(owner, dpo, dpo2, 90)  # late
    not_a_breach(owner, "No data.")
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


def test_a_chart_is_a_reproducible_svg_image_without_script_with_its_numbers_in_words():
    chart = stacked_bars("Per month", ["Jan", "Feb"], [("a", [1, 2]), ("b", [0, 3])])
    again = stacked_bars("Per month", ["Jan", "Feb"], [("a", [1, 2]), ("b", [0, 3])])
    assert (
        chart.svg == again.svg and "<svg" in chart.svg
    )  # the same bytes: a register PDF renders again alike
    assert "<script" not in chart.svg and "<dc:date>" not in chart.svg and "http://127" not in chart.svg
    assert base64.b64decode(chart.data_uri.split(",", 1)[1]).decode() == chart.svg
    assert chart.summary == "Jan: 1 (a 1); Feb: 5 (a 2, b 3)"  # the image's alternative text
    assert ">Feb<" in chart.svg or "Feb</text>" in chart.svg  # text stays text
    assert horizontal_bars("Open", [("x", 0), ("y", 0)]).empty
    assert stacked_bars("Per month", ["Jan"], [("a", [0])]).empty


def test_a_label_is_never_read_as_a_formula():
    chart = horizontal_bars("Cost", [("between $5 and $10", 3)])
    assert "between $5 and $10" in chart.svg


def test_the_register_pdf_carries_the_charts_with_their_words(owner, dpo):
    from reports.rendering import html_to_pdf
    from tests.reports.conftest import pdf_text, register_html

    incident = decided(owner, dpo)
    html = register_html(incident.organisation, "en")
    assert html.count('src="data:image/svg+xml;base64,') == 4  # one of the five has no data yet
    rendered = html_to_pdf(html)
    assert rendered.refused == ()  # data: URLs are what the fetcher allows
    assert "to notify, not yet notified" in pdf_text(rendered.pdf)  # a bar's label, drawn in the chart
