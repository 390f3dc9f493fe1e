"""The breach register (Art. 33(5)): every incident of the period, notified or not, with the reasons for the decision;
as a CSV streamed in constant memory, whatever the number of incidents."""

from __future__ import annotations

import csv
import io
import tracemalloc
from datetime import date, timedelta

import pytest
from django.utils import timezone

from incidents.models import Incident
from notifications import services as notice_services
from reports.register import Period
from risk.models import RiskAssessment
from tests.notifications.conftest import decided
from tests.personas import make_incident
from tests.reports.conftest import filed, not_a_breach
from tests.risk.builders import facts_dict


def _csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def _period(**extra) -> dict[str, str]:
    today = timezone.localdate()
    return {"date_from": (today - timedelta(days=30)).isoformat(), "date_to": today.isoformat(), **extra}


def test_the_register_lists_every_incident_notified_or_not_with_the_reasons(client, owner, dpo, dpo2):
    notified = decided(owner, dpo, title="Ransomware on the file server")
    notice = notice_services.notice_draft(
        actor=owner, incident_id=notified.pk, kind="authority", authority="AP"
    )
    filed(notice, owner, dpo, dpo2, reference="M-2026-77")
    closed_at_triage = not_a_breach(
        owner, "Only test data was exposed.", title='=HYPERLINK("http://evil.example")'
    )
    make_incident(owner, title="Still in detection")
    client.force_login(owner)
    rows = {r["Reference"]: r for r in _csv(client.get("/register/csv/", _period(language="en")))}
    assert len(rows) == 3
    row = rows[notified.reference]
    assert row["Notify the authority"] == "yes" and row["Within 72 hours"] == "yes"
    assert row["Authority"] == "AP" and row["Authority's reference"] == "M-2026-77"
    assert "high" in row["Reasons for the decision"] and row["Nature"] == "confidentiality"
    assert row["Categories of personal data"].startswith("Basic identity")
    closed = rows[closed_at_triage.reference]
    assert (
        closed["Personal-data breach"] == "no"
        and closed["Reasons for the decision"] == "Only test data was exposed."
    )
    assert closed["Title"].startswith("'=HYPERLINK")  # a spreadsheet shows it, never runs it


def test_the_register_speaks_the_language_asked_for(client, owner, dpo):
    decided(owner, dpo)
    client.force_login(owner)
    rows = _csv(client.get("/register/csv/", _period(language="nl")))
    assert "Referentie" in rows[0] and rows[0]["Melden aan toezichthouder"] == "ja"
    rows = _csv(client.get("/register/csv/", _period(language="fr")))
    assert "Référence" in rows[0] and rows[0]["Notifier l'autorité"] == "oui"


def test_the_api_streams_the_same_register(owner, dpo):
    from tests.incidents.test_api import client_for

    decided(owner, dpo)
    response = client_for(owner).get("/api/register/csv/", _period(), HTTP_ACCEPT="text/csv")
    assert len(_csv(response)) == 1


def _bulk_incidents(organisation, reporter, count: int) -> None:
    """``count`` incidents over the last year, each with a finalised assessment, created in bulk. Their audit chains
    are empty and valid (no events, no head): the register does not depend on them."""
    now = timezone.now()
    incidents = [
        Incident(
            organisation=organisation,
            reference=f"DL-BULK-{n:06d}",
            title=f"Bulk incident {n} with a title of ordinary length",
            description="Customer records were exposed through a misconfigured export job. " * 3,
            detected_at=now - timedelta(minutes=n * 50 + 30),
            aware_at=now - timedelta(minutes=n * 50),
            aware_established_by="Security officer",
            aware_justification="Log entry of the export job.",
            reported_by=reporter,
            risk_level="risk",
            risk_rationale="risk (risk engine 1.0.0, version 1): notify the supervisory authority within 72 hours.",
            notify_authority=True,
            notify_subjects=False,
            authority_notified_at=now - timedelta(minutes=n * 50 - 600) if n % 3 else None,
        )
        for n in range(count)
    ]
    created = Incident.objects.bulk_create(incidents, batch_size=2000)
    facts = facts_dict(subjects_count=1200, data_categories=["basic", "contact", "financial"])
    decision = {"risk": "risk", "severity": {"level": "medium", "score": 2.5}, "reasons": []}
    RiskAssessment.objects.bulk_create(
        [
            RiskAssessment(
                incident=incident,
                version=1,
                facts=facts,
                decision=decision,
                engine_version="1.0.0",
                created_by=reporter,
                created_at=now,
                updated_at=now,
                finalised_by=reporter,
                finalised_at=now,
            )
            for incident in created
        ],
        batch_size=2000,
    )


def _peak_while_streaming(client, params) -> tuple[int, int, int]:
    """Rows, bytes and the peak of traced Python memory while the response is read chunk by chunk."""
    response = client.get("/register/csv/", params)
    rows = size = 0
    tracemalloc.start()
    try:
        for chunk in response.streaming_content:
            size += len(chunk)
            rows += chunk.count(b"\n")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return rows - 1, size, peak


@pytest.mark.django_db
def test_the_csv_export_streams_10000_incidents_in_flat_memory(client, owner, org):
    _bulk_incidents(org, owner, 10_000)
    client.force_login(owner)
    today = timezone.localdate()
    whole = {
        "date_from": (today - timedelta(days=400)).isoformat(),
        "date_to": today.isoformat(),
        "language": "en",
    }
    # The newest 2,000 incidents (50 minutes apart) lie within the last 70 days: two chunks of the cursor.
    part = whole | {"date_from": (today - timedelta(days=68)).isoformat()}
    rows_part, size_part, peak_part = _peak_while_streaming(client, part)
    rows_all, size_all, peak_all = _peak_while_streaming(client, whole)
    assert rows_all == 10_000 and 1_900 < rows_part < 2_100
    assert size_all > 4.5 * size_part  # five times the rows, five times the bytes …
    # … and the same memory: the 8,000 more rows add less than a tenth of their own size to the peak (a chunk of
    # rows is in memory at a time, never the export).
    assert peak_all - peak_part < (size_all - size_part) / 10


def test_a_period_is_a_range_of_days_in_the_display_time_zone():
    period = Period(date(2026, 3, 1), date(2026, 3, 31))
    start, end = period.bounds
    assert (start.isoformat(), end.isoformat()) == ("2026-03-01T00:00:00+01:00", "2026-04-01T00:00:00+02:00")
    assert Period.from_params(period.as_params()) == period


def test_the_register_pdf_gives_the_whole_reason_of_every_decision_not_to_notify(owner, dpo):
    """Art. 33(5): the breaches that were not notified are documented with why — in full, not cut short."""
    from reports.rendering import html_to_pdf
    from tests.reports.conftest import pdf_text, register_html

    kept = decided(
        owner,
        dpo,
        title="Order overview to a trusted customer, deleted",
        facts=facts_dict(recipients="trusted", mitigation={"data_retrieved_or_deleted": True}),
    )
    kept.refresh_from_db()
    assert kept.notify_authority is False and len(kept.risk_rationale) > 400
    reason = "Only the test environment was reached; it holds generated data and no personal data. " * 4
    not_a_breach(owner, reason, title="Alarm without data")
    text = pdf_text(html_to_pdf(register_html(kept.organisation, "en")).pdf)
    assert " ".join(kept.risk_rationale.split())[-60:] in text  # the end of the reason is there too
    assert " ".join(reason.split())[-60:] in text
