"""The web UI: log in, dashboard, list, create and edit with field messages, the incident page with exactly
the buttons this user may press, transitions, containment, assessment and evidence — and nothing for outsiders."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from incidents.models import Incident
from risk import services as risk_services
from tests.evidence_files import minimal_pdf
from tests.personas import advance, make_incident

FMT = "%Y-%m-%dT%H:%M"


def _form(**overrides):
    now = timezone.localtime()
    data = {
        "title": "Laptop stolen from a car",
        "description": "Encrypted laptop with customer exports stolen.",
        "our_role": "controller",
        "occurrence": "period",
        "occurred_from": (now - timedelta(hours=5)).strftime(FMT),
        "occurred_until": (now - timedelta(hours=5)).strftime(FMT),
        "detected_at": (now - timedelta(hours=4)).strftime(FMT),
        "aware_at": (now - timedelta(hours=3)).strftime(FMT),
        "aware_established_by": "DPO",
        "aware_justification": "Police report filed.",
        "discovery_channel": "own_detection",
        "systems_affected": "Laptop CS-07",
    }
    data.update(overrides)
    return data


RISK_FORM = {
    "summary": "Order overview sent to the wrong customer.",
    "nature": ["confidentiality"],
    "confidentiality": "exfiltrated",
    "cause": "internal_accidental",
    "recipients": "known",
    "recipients_count": "1",
    "sector": "retail",
    "protection_encryption": "none",
    "protection_hashing": "none",
    "protection_backup": "recent",
    "availability_loss": "none",
    "availability_impact": "none",
    "integrity_loss": "none",
    # the people, one group (the form's groups are a formset: risk/forms.py)
    "groups-TOTAL_FORMS": "1",
    "groups-INITIAL_FORMS": "1",
    "groups-0-label": "Customers",
    "groups-0-data_categories": ["basic", "contact"],
    "groups-0-identifiability": "maximum",
    "groups-0-dpc_adjustment_delta": "0",
    "groups-0-subject_categories": ["customers"],
    "groups-0-subjects_count": "1",
}


def _buttons(response) -> list[str]:
    return re.findall(r'data-transition="([a-z_]+)"', response.content.decode())


def test_pages_need_a_login(client, incident):
    for url in ("/", "/incidents/", "/incidents/new/", f"/incidents/{incident.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_login_page_and_logging_in(client, owner):
    assert client.get("/accounts/login/").status_code == 200
    response = client.post("/accounts/login/", {"username": "owner", "password": "correct horse battery"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_dashboard_orders_by_time_left_and_marks_overdue_in_red(client, owner):
    now = timezone.now()
    with time_machine.travel(now - timedelta(hours=80)):
        late = make_incident(owner, title="Late one")
    soon = make_incident(owner, title="Recent one")
    client.force_login(owner)
    html = client.get("/").content.decode()
    assert html.index(late.reference) < html.index(soon.reference)
    red_rows = re.findall(r'<tr class="table-danger">(.*?)</tr>', html, re.DOTALL)
    assert len(red_rows) == 1 and late.reference in red_rows[0]
    assert "text-danger" in red_rows[0] and "overdue by" in red_rows[0]
    assert "data-deadline=" in html


def test_list_filters_and_search(client, owner, dpo):
    a = make_incident(owner, title="Phishing at marketing")
    b = make_incident(owner, title="Wrong recipient")
    advance(b, "triage", team=owner, dpo=dpo)
    client.force_login(owner)
    assert a.reference in client.get("/incidents/?q=phishing").content.decode()
    assert b.reference not in client.get("/incidents/?q=phishing").content.decode()
    triage = client.get("/incidents/?status=triage").content.decode()
    assert b.reference in triage and a.reference not in triage
    partial = client.get("/incidents/?q=wrong", HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content and b.reference.encode() in partial.content


def test_logging_an_incident_in_the_browser(client, owner):
    client.force_login(owner)
    assert client.get("/incidents/new/").status_code == 200
    response = client.post("/incidents/new/", _form())
    incident = Incident.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/incidents/{incident.pk}/"
    assert incident.reported_by == owner and incident.systems_affected == "Laptop CS-07"


def test_the_form_names_the_wrong_field_and_stores_nothing(client, owner):
    client.force_login(owner)
    future = (timezone.localtime() + timedelta(days=1)).strftime(FMT)
    response = client.post("/incidents/new/", _form(aware_at=future, title=""))
    assert response.status_code == 200
    assert "future" in " ".join(response.context["form"].errors["aware_at"])
    assert "title" in response.context["form"].errors
    assert b"is-invalid" in response.content
    assert not Incident.objects.exists()


def test_editing_through_the_form_is_audited(client, incident, owner):
    client.force_login(owner)
    response = client.post(f"/incidents/{incident.pk}/edit/", _form(title="Two laptops stolen"))
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.title == "Two laptops stolen"
    assert "Two laptops stolen" in client.get(f"/incidents/{incident.pk}/").content.decode()


def test_the_page_shows_exactly_the_transitions_this_user_may_take(client, owner, dpo):
    incident = advance(make_incident(owner), "approval", team=owner, dpo=dpo)
    client.force_login(owner)
    assert _buttons(client.get(f"/incidents/{incident.pk}/")) == []
    client.force_login(dpo)
    page = client.get(f"/incidents/{incident.pk}/")
    assert _buttons(page) == ["return_to_assessment"]
    assert "The DPO records a decision on the assessment first" in page.content.decode()
    risk_services.assessment_decide(actor=dpo, incident_id=incident.pk, agree=True)
    assert sorted(_buttons(client.get(f"/incidents/{incident.pk}/"))) == ["approve", "return_to_assessment"]


def test_a_blocked_transition_says_what_is_missing(client, owner, dpo):
    incident = advance(make_incident(owner), "containment", team=owner, dpo=dpo)
    client.force_login(owner)
    response = client.get(f"/incidents/{incident.pk}/")
    assert _buttons(response) == []
    assert "Record the containment first" in response.content.decode()


def test_working_an_incident_through_the_browser(client, incident, owner, dpo):
    client.force_login(owner)
    url = f"/incidents/{incident.pk}/"
    client.post(url + "transition/", {"transition": "start_triage", "expected_status": "detection"})
    client.post(
        url + "transition/", {"transition": "confirm_breach", "reason": "Customer data in the export."}
    )
    client.post(url + "containment/", {"containment_status": "ongoing", "containment_plan": "Wipe remotely."})
    client.post(url + "transition/", {"transition": "start_assessment"})
    page = client.get(url).content.decode()
    assert "is done from the risk-assessment panel" in page  # submitting goes through finalising
    client.post(f"/incidents/{incident.pk}/risk/run/", RISK_FORM)
    client.post(f"/incidents/{incident.pk}/risk/finalise/", {"note": "Please look at the recipients."})
    client.force_login(dpo)
    client.post(f"/incidents/{incident.pk}/risk/decision/", {"agree": "true"})
    client.post(url + "transition/", {"transition": "approve"})
    incident.refresh_from_db()
    assert incident.status == "notification" and incident.approved_by == dpo
    page = client.get(url).content.decode()
    assert (
        "Status changed" in page and "Risk assessment finalised" in page and "DPO decision recorded" in page
    )


def test_a_refused_transition_comes_back_as_a_message(client, incident, owner):
    client.force_login(owner)
    response = client.post(f"/incidents/{incident.pk}/transition/", {"transition": "approve"}, follow=True)
    assert "is not possible" in response.content.decode()
    incident.refresh_from_db()
    assert incident.status == "detection"


def test_containment_errors_are_shown_on_the_field(client, owner, dpo):
    incident = advance(make_incident(owner), "containment", team=owner, dpo=dpo)
    client.force_login(owner)
    response = client.post(f"/incidents/{incident.pk}/containment/", {"containment_status": "ongoing"})
    assert response.status_code == 400
    assert "containment_plan" in response.context["containment_form"].errors


def test_evidence_upload_download_and_refusal(client, incident, owner):
    client.force_login(owner)
    url = f"/incidents/{incident.pk}/evidence/"
    client.post(url, {"file": SimpleUploadedFile("report.pdf", minimal_pdf()), "description": "Police"})
    evidence = incident.evidence.get()
    download = client.get(reverse("incidents:evidence_download", args=[incident.pk, evidence.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="report.pdf"'
    refused = client.post(url, {"file": SimpleUploadedFile("x.html", b"<script>")})
    assert refused.status_code == 400 and "not accepted" in refused.content.decode()
    assert incident.evidence.count() == 1


@pytest.mark.parametrize("persona", ["outsider", "controller_user"])
def test_outsiders_get_404_on_every_incident_page(client, incident, request, persona):
    person = request.getfixturevalue(persona)
    client.force_login(person)
    base = f"/incidents/{incident.pk}/"
    for url in (base, base + "edit/", base + "timeline/"):
        assert client.get(url).status_code == 404
    for url in (base + "transition/", base + "containment/", base + "assessment/", base + "evidence/"):
        assert client.post(url, {"transition": "start_triage"}).status_code == 404
    assert incident.reference not in client.get("/").content.decode()
    assert incident.reference not in client.get("/incidents/").content.decode()
    incident.refresh_from_db()
    assert incident.status == "detection"


def test_a_controller_client_user_may_not_log_incidents(client, controller_user):
    client.force_login(controller_user)
    assert client.get("/incidents/new/").status_code == 404  # the incident pages do not exist for them
    assert client.post("/incidents/new/", {}).status_code == 404
    assert client.get("/incidents/").status_code == 404
    assert client.get("/alerts/deadlines/").status_code == 404
    response = client.get("/")
    assert response.status_code == 302 and response.url == "/portal/"


def test_the_timeline_partial_refreshes_the_audit_trail(client, incident, owner):
    client.force_login(owner)
    response = client.get(f"/incidents/{incident.pk}/timeline/")
    assert b"Incident logged" in response.content and b"<html" not in response.content
