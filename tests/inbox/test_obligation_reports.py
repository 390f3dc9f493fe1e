"""The reports of the obligations beside the GDPR in "Waiting for you": an owed report with a known deadline waits for
the incident's team to draft it, a drafted one for a DPO other than its drafter, an approved one for the team to file
it; each with its stored deadline and a link to the incident's obligations panel, for nobody else, and gone once taken.
The GDPR's reports follow the notices and are not listed twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from inbox.selectors import inbox_count, inbox_for
from obligations import services
from obligations.models import Obligation, ObligationReport
from tests.obligations.scenes import NOT_SIGNIFICANT, SIGNIFICANT, nis2_hospital
from tests.personas import make_incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def hospital(org, dpo):
    return nis2_hospital(org, dpo)


def significant_incident(owner, **overrides):
    incident = make_incident(owner, **overrides)
    services.regime_answers_record(actor=owner, incident_id=incident.pk, regime="nis2", answers=SIGNIFICANT)
    return incident


def nis2_reports(incident) -> dict[str, ObligationReport]:
    obligation = Obligation.objects.get(incident=incident, regime="nis2", variant="entity")
    return {report.code: report for report in obligation.reports.all()}


def report_acts(user) -> list[tuple[str, int]]:
    return [(act.act, act.object_id) for act in inbox_for(user) if act.object_type == "report"]


def test_an_owed_report_with_a_known_deadline_waits_for_the_team_to_draft_it(
    hospital, owner, colleague, dpo, dpo2, outsider, controller_a
):
    incident = significant_incident(owner)
    reports = nis2_reports(incident)
    early, notification = reports["early_warning"], reports["notification"]
    expected = [("draft_report", early.pk), ("draft_report", notification.pk)]  # 24 h, then 72 h
    for member in (owner, colleague, dpo, dpo2):
        assert report_acts(member) == expected, member
    for nobody in (outsider, controller_a):
        assert report_acts(nobody) == [], nobody

    act = next(a for a in inbox_for(owner) if a.object_type == "report")
    assert act.label == "Draft the NIS2 (NL) report \u201cEarly warning\u201d"
    assert act.deadline == early.due_at == incident.aware_at + timedelta(hours=24)
    assert not act.overdue
    assert (act.role, act.reference, act.title) == ("team", incident.reference, incident.title)
    assert act.url == f"/incidents/{incident.pk}/#obligations"
    # The intermediate report is on request, the final's deadline waits for the notification's filing: no acts.
    assert {a.object_id for a in inbox_for(owner) if a.object_type == "report"} == {early.pk, notification.pk}


def test_each_step_waits_for_the_right_people_and_is_gone_once_taken(
    hospital, owner, colleague, dpo, dpo2, outsider, controller_a
):
    incident = significant_incident(owner)
    early = nis2_reports(incident)["early_warning"]

    services.obligation_report_draft(actor=dpo, report_id=early.pk)
    for anyone in (owner, colleague, dpo, dpo2, outsider, controller_a):
        assert ("draft_report", early.pk) not in report_acts(anyone), anyone
    assert ("approve_report", early.pk) in report_acts(dpo2)
    for nobody in (dpo, owner, colleague, outsider, controller_a):  # four eyes: not the drafter; a DPO only
        assert ("approve_report", early.pk) not in report_acts(nobody), nobody
    approve = next(a for a in inbox_for(dpo2) if a.object_id == early.pk and a.object_type == "report")
    assert (approve.role, approve.deadline) == ("dpo", early.due_at)
    assert approve.label == "Approve the NIS2 (NL) report \u201cEarly warning\u201d (second pair of eyes)"

    services.obligation_report_approve(actor=dpo2, report_id=early.pk)
    assert ("approve_report", early.pk) not in report_acts(dpo2)
    for member in (owner, colleague, dpo, dpo2):
        assert ("file_report", early.pk) in report_acts(member), member
    for nobody in (outsider, controller_a):
        assert report_acts(nobody) == [], nobody
    file = next(a for a in inbox_for(owner) if a.object_id == early.pk and a.object_type == "report")
    assert file.label == "File the NIS2 (NL) report \u201cEarly warning\u201d with the recipient's reference"
    assert file.role == "team"

    services.obligation_report_file(actor=owner, report_id=early.pk, reference="CSIRT-1")
    for anyone in (owner, colleague, dpo, dpo2):
        assert early.pk not in [object_id for _act, object_id in report_acts(anyone)], anyone


def test_once_the_notification_is_filed_the_final_report_waits_to_be_drafted_not_the_conditional_progress_report(
    hospital, owner, dpo, dpo2
):
    incident = significant_incident(owner)
    reports = nis2_reports(incident)
    for code in ("early_warning", "notification"):
        services.obligation_report_draft(actor=owner, report_id=reports[code].pk)
        services.obligation_report_approve(actor=dpo, report_id=reports[code].pk)
        services.obligation_report_file(actor=owner, report_id=reports[code].pk, reference=f"CSIRT-{code}")
    reports = nis2_reports(incident)
    assert reports["final"].due_at is not None and reports["progress"].due_at is not None
    assert report_acts(owner) == [("draft_report", reports["final"].pk)]

    # Once the team chose the progress report (the incident still ongoing) and drafted it, it is an act like any.
    services.obligation_report_draft(actor=owner, report_id=reports["progress"].pk)
    assert ("approve_report", reports["progress"].pk) in report_acts(dpo)


def test_an_overdue_report_is_flagged_like_the_other_acts(client, hospital, owner):
    incident = significant_incident(owner)
    early = nis2_reports(incident)["early_warning"]
    with time_machine.travel(early.due_at + timedelta(hours=1), tick=False):
        act = next(a for a in inbox_for(owner) if a.object_id == early.pk and a.object_type == "report")
        assert act.overdue
        client.force_login(owner)
        html = client.get(reverse("inbox:page")).content.decode()
    row = html.split(f'data-object="report-{early.pk}"')[1].split("</tr>")[0]
    assert "text-danger" in row and "overdue by" in row


def test_no_act_for_a_ruled_out_obligation_nor_for_the_gdpr_reports(hospital, owner, dpo):
    incident = make_incident(owner)
    services.regime_answers_record(
        actor=owner, incident_id=incident.pk, regime="nis2", answers=NOT_SIGNIFICANT
    )
    assert Obligation.objects.get(incident=incident, regime="nis2").state == "not_applicable"
    assert ObligationReport.objects.filter(obligation__incident=incident, obligation__regime="gdpr").exists()
    for member in (owner, dpo):
        assert report_acts(member) == [], member


def test_the_page_links_the_obligations_panel_the_navigation_counts_and_the_api_lists_the_reports(
    client, hospital, owner, dpo, dpo2, outsider
):
    incident = significant_incident(owner)
    reports = nis2_reports(incident)
    services.obligation_report_draft(actor=dpo, report_id=reports["notification"].pk)
    for person in (owner, dpo, dpo2, outsider):
        assert inbox_count(person) == len(inbox_for(person)), person
    assert inbox_count(dpo2) == inbox_count(dpo) + 1  # the report dpo drafted waits for dpo2 only

    client.force_login(owner)
    html = client.get(reverse("inbox:page")).content.decode()
    assert f'href="/incidents/{incident.pk}/#obligations"' in html
    assert "Draft the NIS2 (NL) report \u201cEarly warning\u201d" in html
    assert f'data-inbox-count="{inbox_count(owner)}"' in html

    client.force_login(dpo2)
    body = client.get("/api/inbox/").json()
    assert body["count"] == inbox_count(dpo2)
    items = {(i["object"]["type"], i["object"]["id"]): i for i in body["items"]}
    approve = items[("report", reports["notification"].pk)]
    assert approve["act"] == "approve_report" and approve["role"] == "dpo"
    assert (
        approve["label"]
        == "Approve the NIS2 (NL) report \u201cIncident notification\u201d (second pair of eyes)"
    )
    assert approve["object"]["url"] == f"/incidents/{incident.pk}/#obligations"
    assert approve["object"]["reference"] == incident.reference
    assert parse_datetime(approve["deadline"]) == reports["notification"].due_at
    assert items[("report", reports["early_warning"].pk)]["act"] == "draft_report"

    client.force_login(outsider)
    assert client.get("/api/inbox/").json() == {"count": 0, "items": []}


def test_the_reports_cost_the_same_few_queries_for_one_or_many(
    client, hospital, owner, dpo, django_assert_max_num_queries
):
    significant_incident(owner)
    client.force_login(dpo)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("inbox:page"))
    baseline = len(few.captured_queries)
    for n in range(4):
        reports = nis2_reports(significant_incident(owner, title=f"Ransomware {n}"))
        services.obligation_report_draft(actor=owner, report_id=reports["early_warning"].pk)
        if n % 2:
            services.obligation_report_approve(actor=dpo, report_id=reports["early_warning"].pk)
    with django_assert_max_num_queries(baseline):
        response = client.get(reverse("inbox:page"))
    acts = inbox_for(dpo)
    assert (
        len([a for a in acts if a.object_type == "report"]) == 10
    )  # 6 drafts (5 notifications, 1 early warning), 2 approvals, 2 filings
    assert f'data-inbox-count="{len(acts)}"' in response.content.decode()
