"""The register and the insights know the obligations beside the GDPR's (issue 18): the register's column "Other
reporting obligations" names each obligation with its state (and why, when ruled out) and its reports under way
with their state, stored deadline, filing moment and the recipient's reference — alike from Python and from
PostgreSQL, in the CSV and in the PDF; the insights count them per regime and list the open reports by next
deadline. Another organisation's obligations never appear."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone, translation

from obligations import services as obligation_services
from obligations.models import Obligation
from reports import register
from reports.insights import as_json, insights
from reports.register import Period
from tests.incidents.test_api import client_for
from tests.obligations.scenes import SIGNIFICANT
from tests.personas import make_incident

AWARE = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # 09:00 in Amsterdam and Brussels (winter time)
NOW = AWARE + timedelta(hours=30)  # the early warning was due at AWARE + 24 h; the notification at + 72 h
DORA_RULED_OUT = (
    "DORA (BE): Not applicable (Not classified as a major ICT-related incident (DORA Art. 19(1)).)"
)
pytestmark = pytest.mark.usefixtures("time_travel")


@pytest.fixture
def time_travel():
    with time_machine.travel(NOW, tick=False):
        yield


def _incident(owner, **facts):
    with time_machine.travel(AWARE + timedelta(hours=1), tick=False):
        return make_incident(
            owner,
            aware_at=AWARE,
            detected_at=AWARE - timedelta(hours=1),
            occurred_from=AWARE - timedelta(hours=2),
            occurred_until=AWARE - timedelta(hours=2),
            **facts,
        )


def _file(report, *, owner, dpo, reference, at):
    obligation_services.obligation_report_draft(actor=owner, report_id=report.pk)
    obligation_services.obligation_report_approve(actor=dpo, report_id=report.pk)
    return obligation_services.obligation_report_file(
        actor=owner, report_id=report.pk, reference=reference, filed_at=at
    )


@pytest.fixture
def bank(org, owner, dpo):
    """A Belgian essential entity under NIS2 that is also a financial entity under DORA, with one incident: NIS2's
    early warning filed (an hour after awareness, ref. CCB-123), its notification due; DORA ruled out."""
    org.country = "BE"
    org.save()
    obligation_services.regime_profile_update(
        actor=dpo,
        organisation_id=org.pk,
        values={
            "nis2_entity": "essential",
            "nis2_sector": "banking",
            "dora_financial_entity": True,
            "countries": ["be"],
        },
    )
    incident = _incident(owner, title="Ransomware at the bank")
    for regime, answers in (("nis2", SIGNIFICANT), ("dora", {"classified_major": False})):
        obligation_services.regime_answers_record(
            actor=owner, incident_id=incident.pk, regime=regime, answers=answers
        )
    nis2 = Obligation.objects.get(incident=incident, regime="nis2")
    assert Obligation.objects.get(incident=incident, regime="dora").state == "not_applicable"
    _file(
        nis2.reports.get(code="early_warning"),
        owner=owner,
        dpo=dpo,
        reference="CCB-123",
        at=AWARE + timedelta(hours=1),
    )
    return incident


@pytest.fixture
def elsewhere(other_org, outsider):
    """Another Belgian organisation's incident of the same day with a NIS2 obligation: its early warning filed late
    (ref. ELSEWHERE-1), its notification due."""
    other_org.country = "BE"
    other_org.save()
    their_dpo = member_dpo(other_org)
    obligation_services.regime_profile_update(
        actor=their_dpo,
        organisation_id=other_org.pk,
        values={"nis2_entity": "important", "countries": ["be"]},
    )
    incident = _incident(outsider, title="Somewhere else")
    obligation_services.regime_answers_record(
        actor=outsider, incident_id=incident.pk, regime="nis2", answers=SIGNIFICANT
    )
    nis2 = Obligation.objects.get(incident=incident, regime="nis2", state="owed")
    _file(
        nis2.reports.get(code="early_warning"),
        owner=outsider,
        dpo=their_dpo,
        reference="ELSEWHERE-1",
        at=AWARE + timedelta(hours=25),
    )
    return incident


def member_dpo(organisation):
    from incidents.models import Role
    from tests.personas import member

    return member(organisation, Role.DPO, username=f"dpo-{organisation.pk}")


def _expected() -> str:
    """The obligation is as its first open report (the notification): owed."""
    return (
        "NIS2 (BE): Owed — Early warning: Filed, due 2026-03-03T09:00+01:00, filed 2026-03-02T10:00+01:00, "
        "ref. CCB-123; Incident notification: Owed, due 2026-03-05T09:00+01:00 | " + DORA_RULED_OUT
    )


def _cells(lines) -> dict[str, dict[str, str]]:
    rows = csv.DictReader(io.StringIO("".join(lines).lstrip("\ufeff")))
    return {row["Reference"]: row for row in rows}


PERIOD = Period(date(2026, 2, 1), date(2026, 3, 31))


def test_the_register_names_each_other_obligation_and_its_reports_under_way(bank, elsewhere):
    with timezone.override("Europe/Amsterdam"):
        rows = list(register.rows(bank.organisation, PERIOD))
    assert [r["reference"] for r in rows] == [
        bank.reference
    ]  # the other organisation's incident is not there
    assert rows[0]["other_obligations"] == _expected()
    # A report on request or counting from a filing still to come is not under way yet: left out.
    assert "Intermediate" not in rows[0]["other_obligations"]
    assert "GDPR" not in rows[0]["other_obligations"]  # the GDPR's obligation is the register's other columns


def test_the_column_sits_after_the_notification_columns_and_is_empty_without_other_obligations(owner, org):
    keys = [key for key, _label in register.COLUMNS]
    assert keys.index("other_obligations") == keys.index("people_informed_at") + 1
    plain = _incident(owner, title="Only the GDPR")
    with timezone.override("Europe/Amsterdam"):
        lines = list(register._python_lines(org, PERIOD))
    assert _cells(lines)[plain.reference]["Other reporting obligations"] == ""


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database writes the register on PostgreSQL"
)
@pytest.mark.parametrize("language", ["en", "nl", "fr"])
@pytest.mark.parametrize("zone", ["Europe/Amsterdam", "America/St_Johns"])
def test_the_database_writes_the_same_obligations_as_python(bank, elsewhere, owner, language, zone):
    _incident(owner, title="Only the GDPR, no other obligation")
    with translation.override(language), timezone.override(zone):
        by_python = "".join(register._python_lines(bank.organisation, PERIOD))
        by_database = "".join(register._sql_lines(bank.organisation, PERIOD))
    assert by_database == by_python
    assert "CCB-123" in by_database and "ELSEWHERE-1" not in by_database


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database writes the register on PostgreSQL"
)
def test_the_csv_download_carries_the_column(bank, elsewhere, owner):
    with timezone.override("Europe/Amsterdam"):
        response = client_for(owner).get(
            "/api/register/csv/",
            {"organisation": bank.organisation_id, "date_from": "2026-02-01", "date_to": "2026-03-31"},
        )
        body = b"".join(response.streaming_content).decode("utf-8")
    cells = _cells([body])
    assert list(cells) == [bank.reference]
    assert cells[bank.reference]["Other reporting obligations"] == _expected()


def test_the_register_pdf_shows_the_obligations(bank, elsewhere):
    from reports.documents.register import register_context
    from reports.rendering import document_locale, html_to_pdf, render_html
    from tests.reports.conftest import pdf_text

    with document_locale("en"):
        context = register_context(
            bank.organisation, PERIOD, language="en", version="1", created=None, now=timezone.now()
        )
        html = render_html("reports/register.html", context, language="en")
    text = pdf_text(html_to_pdf(html).pdf)
    for phrase in (
        "Other reporting obligations",
        "CCB-123",
        # the moments as the PDF's other moments are written
        "NIS2 (BE): Owed — Early warning: Filed, due 03/03/2026 09:00, filed 02/03/2026 10:00, ref. CCB-123; "
        "Incident notification: Owed, due 05/03/2026 09:00 | DORA (BE): Not applicable (Not classified as a major",
        "Open reports, the next deadline first",  # the insights' list, in the PDF too
    ):
        assert phrase in text
    assert "Somewhere else" not in text and "ELSEWHERE-1" not in text


def test_the_insights_count_the_other_obligations_per_regime_and_list_the_open_reports(
    bank, elsewhere, owner, dpo
):
    # A second incident whose early warning was filed two hours late and whose notification is now overdue.
    with time_machine.travel(AWARE + timedelta(hours=1), tick=False):
        late = _incident(owner, title="Late one")
    obligation_services.regime_answers_record(
        actor=owner, incident_id=late.pk, regime="nis2", answers=SIGNIFICANT
    )
    nis2 = Obligation.objects.get(incident=late, regime="nis2")
    _file(
        nis2.reports.get(code="early_warning"),
        owner=owner,
        dpo=dpo,
        reference="CCB-9",
        at=AWARE + timedelta(hours=26),
    )
    with time_machine.travel(AWARE + timedelta(hours=80), tick=False):
        data = insights(bank.organisation, PERIOD)
    regimes = {r["regime"]: r for r in data["obligations"]["regimes"]}
    assert list(regimes) == ["nis2", "dora"] and "gdpr" not in regimes
    assert {k: regimes["nis2"][k] for k in ("arisen", "ruled_out", "on_time", "late", "overdue")} == {
        "arisen": 2,
        "ruled_out": 0,
        "on_time": 1,
        "late": 1,
        "overdue": 2,  # both notifications, due 72 hours after awareness
    }
    assert {k: regimes["dora"][k] for k in ("arisen", "ruled_out", "on_time", "late", "overdue")} == {
        "arisen": 0,
        "ruled_out": 1,
        "on_time": 0,
        "late": 0,
        "overdue": 0,
    }
    open_reports = data["obligations"]["open_reports"]
    assert [(r["incident"], r["regime"], r["report"]) for r in open_reports] == [
        (bank.reference, "nis2", "notification"),
        (late.reference, "nis2", "notification"),
    ]
    assert all(r["overdue"] and r["report_label"] == "Incident notification" for r in open_reports)
    assert data["obligations"]["open_total"] == 2
    assert "Somewhere else" not in str(data["obligations"])
    assert (
        sum(r["late"] for r in data["obligations"]["regimes"]) == 1
    )  # theirs, filed late too, is not counted
    assert any(c.title == "Reports of the other reporting obligations" for c in data["charts"])
    api = as_json(data)["obligations"]
    assert api["open_reports"][0]["due_at"] == (AWARE + timedelta(hours=72)).isoformat()


def test_the_insights_page_and_the_api_show_them_to_the_team_only(bank, elsewhere, owner, outsider, client):
    client.force_login(owner)
    page = client.get(
        "/insights/",
        {"organisation": bank.organisation_id, "date_from": "2026-02-01", "date_to": "2026-03-31"},
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Other reporting obligations" in html and 'data-regime="nis2"' in html and bank.reference in html
    assert "Somewhere else" not in html
    mine = client_for(owner).get(
        "/api/insights/",
        {"organisation": bank.organisation_id, "date_from": "2026-02-01", "date_to": "2026-03-31"},
    )
    assert mine.status_code == 200
    assert [r["regime"] for r in mine.json()["obligations"]["regimes"]] == ["nis2", "dora"]
    theirs = client_for(outsider).get(
        "/api/insights/",
        {"organisation": bank.organisation_id, "date_from": "2026-02-01", "date_to": "2026-03-31"},
    )
    assert theirs.status_code in (403, 404)


def test_an_organisation_without_other_obligations_sees_no_such_section(owner, org, client):
    _incident(owner)
    data = insights(org, PERIOD)
    assert data["obligations"] == {"regimes": [], "open_reports": [], "open_total": 0}
    assert not any(c.title == "Reports of the other reporting obligations" for c in data["charts"])
    client.force_login(owner)
    html = client.get(
        "/insights/", {"organisation": org.pk, "date_from": "2026-02-01", "date_to": "2026-03-31"}
    )
    assert "Other reporting obligations" not in html.content.decode()
