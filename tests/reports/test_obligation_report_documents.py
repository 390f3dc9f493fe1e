"""The document of a report of an obligation beside the GDPR (issue 18): NIS2's early warning, notification and
final report, made from the recorded facts only — each answer marked recorded, derived or missing —, in the
recipient's language, rendered to PDF by the task, stored with its SHA-256, and only for the incident's team."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse

from datalek.errors import DomainError
from incidents.models import IncidentEvent
from obligations import services as obligation_services
from obligations.models import Obligation
from reports import services
from reports.documents import obligation_report
from reports.models import Document
from reports.rendering import render_document
from tests.incidents.test_api import assert_error, client_for
from tests.notifications.conftest import decided
from tests.obligations.scenes import SIGNIFICANT
from tests.personas import make_incident
from tests.reports.conftest import pdf_text


def _nis2(org, owner, dpo, *, country="NL", language="nl", assessed=True, **incident):
    """An essential entity under NIS2 in ``country`` with a significant incident; ``assessed``: decided on the
    high-risk facts (an attack), else only logged."""
    org.country = country
    org.language = language
    org.save()
    obligation_services.regime_profile_update(
        actor=dpo,
        organisation_id=org.pk,
        values={"nis2_entity": "essential", "nis2_sector": "health", "countries": [country.lower()]},
    )
    made = decided(owner, dpo, **incident) if assessed else make_incident(owner, **incident)
    obligation_services.regime_answers_record(
        actor=owner, incident_id=made.pk, regime="nis2", answers=SIGNIFICANT
    )
    return Obligation.objects.get(incident=made, regime="nis2")


def _file(report, *, owner, dpo, reference):
    obligation_services.obligation_report_draft(actor=owner, report_id=report.pk)
    obligation_services.obligation_report_approve(actor=dpo, report_id=report.pk)
    return obligation_services.obligation_report_file(actor=owner, report_id=report.pk, reference=reference)


def _pdf(django_capture_on_commit_callbacks, actor, report, language="") -> tuple[Document, str]:
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_request(
            actor=actor,
            incident_id=report.obligation.incident_id,
            kind="obligation_report",
            report_id=report.pk,
            language=language,
        )
    document.refresh_from_db()
    assert document.status == "ready", document.error
    return document, pdf_text(document.file.read())


def test_the_early_warning_answers_from_the_recorded_cause_and_countries_in_dutch(
    org, owner, dpo, django_capture_on_commit_callbacks
):
    obligation = _nis2(org, owner, dpo, affected_countries=["NL", "BE"])
    report = obligation.reports.get(code="early_warning")
    document, text = _pdf(django_capture_on_commit_callbacks, owner, report)
    assert document.language == "nl"  # the Dutch CSIRT's language
    assert "NIS2 · Vroegtijdige waarschuwing" in text
    assert "Directive (EU) 2022/2555 Art. 23(4)(a)" in text
    assert "CSIRT" in text and obligation.incident.reference in text
    # The cause recorded in the assessment (an attack), and the two countries of the affected people: derived.
    assert "Een aanval of diefstal" in text and "BE, NL" in text
    assert "afgeleid – controleer" in text
    with document.file.open("rb") as stored_file:
        stored = stored_file.read()
    assert hashlib.sha256(stored).hexdigest() == document.sha256
    event = IncidentEvent.objects.filter(incident=obligation.incident, kind="document_rendered").get()
    assert event.data["sha256"] == document.sha256


def test_the_early_warning_of_an_incident_not_assessed_says_what_is_missing(
    org, owner, dpo, django_capture_on_commit_callbacks
):
    obligation = _nis2(org, owner, dpo, assessed=False, affected_countries=[])
    report = obligation.reports.get(code="early_warning")
    marks = {a["label"]: a["mark"] for a in obligation_report.content_in(report, "en")["answers"]}
    assert marks["Suspected unlawful or malicious act"] == "missing"
    assert marks["Cross-border impact"] == "missing"
    assert marks["What happened"] == "recorded"
    _document, text = _pdf(django_capture_on_commit_callbacks, owner, report)
    assert "ontbreekt" in text and "Een aanval of diefstal" not in text


def test_the_notification_names_the_early_warning_filed_and_leaves_the_indicators_to_the_portal(
    org, owner, dpo, django_capture_on_commit_callbacks
):
    obligation = _nis2(org, owner, dpo, affected_countries=["NL"])
    _file(obligation.reports.get(code="early_warning"), owner=owner, dpo=dpo, reference="CSIRT-EW-17")
    report = obligation.reports.get(code="notification")
    answers = {a["label"]: a for a in obligation_report.content_in(report, "en")["answers"]}
    assert answers["Indicators of compromise"]["mark"] == "missing"
    assert "recipient's portal" in answers["Indicators of compromise"]["note"]
    assert answers["Severity and impact"]["mark"] == "recorded"  # the DPO decided
    assert answers["Severity and impact"]["value"] == "High risk"
    assert answers["Severity score (ENISA)"]["mark"] == "derived"
    assert answers["Cross-border impact"]["value"] == "No: only NL"
    _document, text = _pdf(django_capture_on_commit_callbacks, owner, report, language="en")
    assert "CSIRT-EW-17" in text and "Indicators of compromise" in text and "missing" in text


def test_the_final_report_of_a_belgian_entity_is_in_french_with_the_recorded_cause_and_measures(
    org, owner, dpo, django_capture_on_commit_callbacks
):
    obligation = _nis2(org, owner, dpo, country="BE", language="fr", affected_countries=["BE", "FR"])
    _file(obligation.reports.get(code="early_warning"), owner=owner, dpo=dpo, reference="CCB-EW-1")
    _file(obligation.reports.get(code="notification"), owner=owner, dpo=dpo, reference="CCB-N-1")
    report = obligation.reports.get(code="final")
    document, text = _pdf(django_capture_on_commit_callbacks, owner, report)
    assert document.language == "fr"  # the organisation's language, in Belgium
    assert "NIS2 · Rapport final" in text and "Centre for Cybersecurity Belgium (CCB)" in text
    assert "Directive (EU) 2022/2555 Art. 23(4)(d)" in text
    assert "CCB-EW-1" in text and "CCB-N-1" in text  # the reports filed before it, with their references
    assert obligation.incident.description in text
    assert "Une attaque ou un vol" in text and "Recalled the e-mail." in text and "BE, FR" in text
    assert "saisi" in text and "Échéance" in text


def test_the_language_can_be_chosen_and_a_gdpr_report_has_no_such_document(
    org, owner, dpo, django_capture_on_commit_callbacks
):
    obligation = _nis2(org, owner, dpo, affected_countries=["NL"])
    report = obligation.reports.get(code="early_warning")
    document, text = _pdf(django_capture_on_commit_callbacks, owner, report, language="fr")
    assert document.language == "fr" and "Alerte précoce" in text
    gdpr = Obligation.objects.get(incident=obligation.incident, regime="gdpr").reports.get()
    with pytest.raises(DomainError) as refused:
        services.document_request(
            actor=owner,
            incident_id=obligation.incident_id,
            kind="obligation_report",
            report_id=gdpr.pk,
        )
    assert refused.value.status == 404


def test_only_the_incidents_team_may_preview_request_and_download_it(
    client, org, owner, dpo, outsider, django_capture_on_commit_callbacks
):
    obligation = _nis2(org, owner, dpo, affected_countries=["NL"])
    report = obligation.reports.get(code="early_warning")
    incident = obligation.incident
    preview = reverse("reports:obligation_report_preview", args=[incident.pk, report.pk])
    request = reverse("reports:request", args=[incident.pk])
    post = {"kind": "obligation_report", "report": report.pk, "back": "obligations"}

    client.force_login(outsider)
    assert client.get(preview).status_code == 404
    assert client.post(request, post).status_code == 404
    assert not Document.objects.filter(kind="obligation_report").exists()

    client.force_login(owner)
    response = client.get(preview)
    assert response.status_code == 200 and "Vroegtijdige waarschuwing" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(request, post)
    assert response.status_code == 302 and response["Location"].endswith(
        reverse("obligations:panel", args=[incident.pk])
    )
    document = Document.objects.get(kind="obligation_report")
    assert document.language == "nl" and document.status == "ready"
    download = reverse("reports:download", args=[document.pk])
    assert client.get(download)["X-Document-SHA256"] == document.sha256
    # Listed with the incident's documents.
    panel = client.get(reverse("reports:panel", args=[incident.pk])).content.decode()
    assert f'data-obligation-report="{report.pk}"' in panel

    client.force_login(outsider)
    assert client.get(download).status_code == 404


def test_the_obligations_panel_links_each_report_to_its_document_through_the_card_of_reports(
    client, org, owner, dpo
):
    obligation = _nis2(org, owner, dpo, affected_countries=["NL"])
    report = obligation.reports.get(code="early_warning")
    client.force_login(owner)
    page = client.get(reverse("obligations:panel", args=[obligation.incident_id])).content.decode()
    assert f'data-report-document="{report.pk}"' in page
    assert reverse("reports:obligation_report_preview", args=[obligation.incident_id, report.pk]) in page
    gdpr = Obligation.objects.get(incident=obligation.incident, regime="gdpr").reports.get()
    assert f'data-report-document="{gdpr.pk}"' not in page


def test_a_dora_initial_notification_has_the_common_facts_and_says_what_is_not_recorded(
    org, owner, dpo, django_capture_on_commit_callbacks
):
    org.country, org.language = "NL", "nl"
    org.save()
    obligation_services.regime_profile_update(
        actor=dpo, organisation_id=org.pk, values={"dora_financial_entity": True}
    )
    incident = make_incident(owner, affected_countries=[])
    obligation_services.regime_answers_record(
        actor=owner,
        incident_id=incident.pk,
        regime="dora",
        answers={"classified_major": True, "classified_at": incident.aware_at.isoformat()},
    )
    report = Obligation.objects.get(incident=incident, regime="dora").reports.get(code="initial")
    marks = {a["label"]: a["mark"] for a in obligation_report.content_in(report, "en")["answers"]}
    assert marks["What happened"] == "recorded" and marks["Aware since"] == "recorded"
    # Not assessed yet, no cause, no countries: missing, never guessed.
    assert marks["Severity and impact"] == marks["Type of threat or root cause"] == "missing"
    assert marks["Cross-border impact"] == "missing"
    _document, text = _pdf(django_capture_on_commit_callbacks, owner, report, language="en")
    assert "DORA" in text and incident.description in text and "missing" in text


def test_a_stored_version_keeps_what_it_said_and_renders_again_to_its_bytes(
    org, owner, dpo, django_capture_on_commit_callbacks
):
    obligation = _nis2(org, owner, dpo, affected_countries=["NL"])
    report = obligation.reports.get(code="notification")
    before, text = _pdf(django_capture_on_commit_callbacks, owner, report, language="en")
    assert "Update of the early warning" in text and "CSIRT-EW-9" not in text  # not filed yet: missing
    _file(obligation.reports.get(code="early_warning"), owner=owner, dpo=dpo, reference="CSIRT-EW-9")
    with before.file.open("rb") as stored:
        assert render_document(before).pdf == stored.read()
    after, text = _pdf(django_capture_on_commit_callbacks, owner, report, language="en")
    assert after.version == 2 and "CSIRT-EW-9" in text


def test_the_api_makes_it_in_the_recipients_language_and_asks_which_report(
    org, owner, dpo, outsider, django_capture_on_commit_callbacks
):
    obligation = _nis2(org, owner, dpo, affected_countries=["NL"])
    report = obligation.reports.get(code="early_warning")
    url = f"/api/incidents/{obligation.incident_id}/documents/"
    assert_error(
        client_for(owner).post(url, {"kind": "obligation_report"}, format="json"), 400, "invalid", "report"
    )
    assert (
        client_for(outsider).post(url, {"kind": "obligation_report", "report": report.pk}).status_code == 404
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(owner).post(
            url, {"kind": "obligation_report", "report": report.pk}, format="json"
        )
    assert response.status_code == 202, response.content
    (made,) = response.json()
    assert made["kind"] == "obligation_report" and made["language"] == "nl"
    assert client_for(owner).get(f"/api/documents/{made['id']}/").json()["status"] == "ready"


# --- the intermediate report's own frame ------------------------------------------------------------------------


def test_the_nis2_intermediate_report_gives_status_updates_not_the_final_reports_account(
    org, owner, dpo, django_capture_on_commit_callbacks
):
    """NIS2 Art. 23(4)(c): on the CSIRT's request, what changed since the notification — the request noted when
    drafting, the notification it updates, where the incident stands and whether it was assessed again."""
    obligation = _nis2(org, owner, dpo, affected_countries=["NL"])
    _file(obligation.reports.get(code="early_warning"), owner=owner, dpo=dpo, reference="CSIRT-EW-3")
    _file(obligation.reports.get(code="notification"), owner=owner, dpo=dpo, reference="CSIRT-N-3")
    report = obligation.reports.get(code="intermediate")
    said = obligation_report.content_in(report, "en")
    answers = {a["label"]: a for a in said["answers"]}
    assert said["frame"].startswith("NIS2 Art. 23(4)(c)")
    assert answers["The recipient's request"]["mark"] == "missing"  # nothing noted yet
    assert "CSIRT-N-3" in answers["Report it updates"]["value"]
    assert answers["Report it updates"]["mark"] == "derived"
    assert answers["Status of the incident"]["value"].startswith("Still ongoing: Notification")
    # Assessed before the notification was filed: the update says there is no new assessment.
    assert answers["Assessment since the last report"]["value"].startswith("No new assessment")
    assert (
        "Detailed description" not in answers and "Aware since" not in answers
    )  # not the final report's frame

    obligation_services.obligation_report_draft(
        actor=owner, report_id=report.pk, notes="CSIRT request of 20 October, ref. REQ-7"
    )
    _document, text = _pdf(django_capture_on_commit_callbacks, owner, report, language="en")
    assert "NIS2 · Intermediate report" in text and "Directive (EU) 2022/2555 Art. 23(4)(c)" in text
    assert "REQ-7" in text and "CSIRT-N-3" in text and "status updates" in text
    assert "Status of the incident" in text and "Detailed description" not in text


def test_the_dora_intermediate_report_updates_the_initial_notification_from_the_record(
    org, owner, dpo, django_capture_on_commit_callbacks
):
    org.country, org.language = "NL", "nl"
    org.save()
    obligation_services.regime_profile_update(
        actor=dpo, organisation_id=org.pk, values={"dora_financial_entity": True}
    )
    incident = decided(owner, dpo, affected_countries=["NL"], systems_affected="Payment gateway")
    obligation_services.regime_answers_record(
        actor=owner,
        incident_id=incident.pk,
        regime="dora",
        answers={"classified_major": True, "classified_at": incident.aware_at.isoformat()},
    )
    dora = Obligation.objects.get(incident=incident, regime="dora")
    _file(dora.reports.get(code="initial"), owner=owner, dpo=dpo, reference="DNB-I-1")
    report = dora.reports.get(code="intermediate")
    answers = {a["label"]: a for a in obligation_report.content_in(report, "en")["answers"]}
    assert "DNB-I-1" in answers["Report it updates"]["value"]
    assert answers["Classification as major"]["mark"] == "recorded"
    assert answers["Systems affected"]["value"] == "Payment gateway"
    assert answers["Reported to other authorities"] == {
        "label": "Reported to other authorities",
        "value": "None filed yet",
        "mark": "derived",
        "note": "",
    }
    assert answers["Indicators of compromise"]["mark"] == "missing"
    _document, text = _pdf(django_capture_on_commit_callbacks, owner, report, language="en")
    assert "DORA · Intermediate report" in text and "updates the initial notification" in text
    assert "DNB-I-1" in text and "Payment gateway" in text and "Classification as major" in text
