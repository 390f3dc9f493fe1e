"""The REST API: token auth, incidents, transitions, events, evidence — and one error shape for every refusal."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from incidents.models import Incident
from tests.api_tokens import token_for
from tests.personas import advance, make_incident


def client_for(user) -> APIClient:
    """An API client with a token of ``user``: one token per user object, however many clients a test asks for (a
    user holds at most API_TOKENS_PER_USER at once)."""
    if not hasattr(user, "api_token_for_tests"):
        user.api_token_for_tests = token_for(user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {user.api_token_for_tests}")
    return client


def assert_error(response, status, code, field=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    if field:
        assert field in body["error"]["fields"], body


def incident_payload(**overrides):
    now = timezone.now()
    payload = {
        "title": "Phishing: subscriber list exported",
        "description": "Credentials phished; the attacker exported the newsletter list.",
        "occurrence": "period",
        "occurred_from": (now - timedelta(hours=10)).isoformat(),
        "occurred_until": (now - timedelta(hours=9)).isoformat(),
        "detected_at": (now - timedelta(hours=8)).isoformat(),
        "aware_at": (now - timedelta(hours=7)).isoformat(),
        "aware_established_by": "Security officer on duty",
        "aware_justification": "Audit log shows an export from an unknown IP.",
    }
    payload.update(overrides)
    return payload


def test_token_is_issued_for_valid_credentials_only(owner):
    client = APIClient()
    response = client.post(
        "/api/auth/token/", {"username": "owner", "password": "correct horse battery"}, format="json"
    )
    assert response.status_code == 200 and response.json()["token"]
    assert_error(
        client.post("/api/auth/token/", {"username": "owner", "password": "wrong"}, format="json"),
        400,
        "invalid",
    )


def test_anonymous_requests_are_refused_in_the_error_shape(db):
    assert_error(APIClient().get("/api/incidents/"), 401, "not_authenticated")


def test_create_returns_status_deadline_and_the_callers_transitions(owner):
    response = client_for(owner).post("/api/incidents/", incident_payload(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    incident = Incident.objects.get(pk=body["id"])
    assert body["status"] == "detection"
    assert body["reference"] == incident.reference
    assert (
        body["authority_deadline"]
        == incident.authority_deadline.astimezone(timezone.get_current_timezone()).isoformat()
    )
    assert body["available_transitions"] == ["start_triage"]
    assert body["clock_running"] is True and body["overdue"] is False


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"aware_at": (timezone.now() + timedelta(days=1)).isoformat()}, "aware_at"),
        ({"aware_at": (timezone.now() - timedelta(hours=11)).isoformat()}, "aware_at"),
        ({"aware_at": "yesterday-ish"}, "aware_at"),
        ({"occurrence": "sometimes"}, "occurrence"),
        ({"title": ""}, "title"),
        ({"status": "closed"}, "status"),
        ({"client_organisations": [999999]}, "client_organisations"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_stored(owner, overrides, field):
    response = client_for(owner).post("/api/incidents/", incident_payload(**overrides), format="json")
    assert_error(response, 400, "invalid", field)
    assert not Incident.objects.exists()


def test_malformed_json_is_a_clear_400(owner):
    response = client_for(owner).post("/api/incidents/", "{not json", content_type="application/json")
    assert_error(response, 400, "malformed_request")


def test_list_shows_only_the_callers_organisation_and_filters(owner, outsider, dpo):
    mine = make_incident(owner)
    overdue = make_incident(
        owner,
        occurred_from=timezone.now() - timedelta(hours=100),
        occurred_until=timezone.now() - timedelta(hours=99),
        detected_at=timezone.now() - timedelta(hours=98),
        aware_at=timezone.now() - timedelta(hours=97),
    )
    make_incident(outsider)
    client = client_for(owner)

    ids = {row["id"] for row in client.get("/api/incidents/").json()["results"]}
    assert ids == {mine.id, overdue.id}
    assert [r["id"] for r in client.get("/api/incidents/?overdue=true").json()["results"]] == [overdue.id]
    assert [r["id"] for r in client.get(f"/api/incidents/?q={mine.reference}").json()["results"]] == [mine.id]
    advance(mine, "triage", team=owner, dpo=dpo)
    assert [r["id"] for r in client.get("/api/incidents/?status=triage").json()["results"]] == [mine.id]
    assert_error(client.get("/api/incidents/?status=nonsense"), 400, "invalid", "status")


def test_list_pages_with_a_cursor(owner):
    for _ in range(3):
        make_incident(owner)
    client = client_for(owner)
    first = client.get("/api/incidents/?page_size=2").json()
    assert len(first["results"]) == 2 and first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None


@pytest.mark.parametrize("persona", ["outsider", "controller_user"])
def test_people_of_other_organisations_get_404_for_every_incident_url(persona, incident, request):
    client = client_for(request.getfixturevalue(persona))
    for url in (
        f"/api/incidents/{incident.pk}/",
        f"/api/incidents/{incident.pk}/events/",
        f"/api/incidents/{incident.pk}/evidence/",
    ):
        assert_error(client.get(url), 404, "not_found")
    assert_error(
        client.patch(f"/api/incidents/{incident.pk}/", {"title": "x"}, format="json"), 404, "not_found"
    )
    assert_error(
        client.post(
            f"/api/incidents/{incident.pk}/transitions/", {"transition": "start_triage"}, format="json"
        ),
        404,
        "not_found",
    )
    incident.refresh_from_db()
    assert (incident.title, incident.status) != ("x", "triage")


def test_patch_edits_facts_and_the_events_show_old_and_new(incident, colleague):
    client = client_for(colleague)
    response = client.patch(f"/api/incidents/{incident.pk}/", {"systems_affected": "Zendesk"}, format="json")
    assert response.status_code == 200 and response.json()["systems_affected"] == "Zendesk"
    events = client.get(f"/api/incidents/{incident.pk}/events/").json()
    assert events[-1]["kind"] == "updated"
    assert events[-1]["data"]["changes"]["systems_affected"] == {"old": "", "new": "Zendesk"}
    assert events[-1]["prev_hash"] == events[-2]["hash"]


def test_patch_refuses_a_timeline_that_cannot_be(incident, owner):
    response = client_for(owner).patch(
        f"/api/incidents/{incident.pk}/",
        {"detected_at": (timezone.now() - timedelta(hours=1)).isoformat()},
        format="json",
    )
    assert_error(response, 400, "invalid", "aware_at")


def test_transitions_through_the_api_with_every_kind_of_refusal(incident, owner, dpo):
    client, url = client_for(owner), f"/api/incidents/{incident.pk}/transitions/"
    assert_error(client.post(url, {"transition": "teleport"}, format="json"), 400, "invalid", "transition")
    assert_error(client.post(url, {"transition": "approve"}, format="json"), 409, "transition_not_allowed")
    assert client.post(url, {"transition": "start_triage"}, format="json").json()["status"] == "triage"
    assert_error(
        client.post(url, {"transition": "close_not_breach"}, format="json"), 400, "invalid", "reason"
    )
    assert_error(
        client.post(url, {"transition": "confirm_breach", "expected_status": "detection"}, format="json"),
        409,
        "stale",
    )
    advance(incident, "approval", team=owner, dpo=dpo)
    assert_error(client.post(url, {"transition": "approve"}, format="json"), 403, "transition_forbidden")
    dpo_client = client_for(dpo)
    assert_error(dpo_client.post(url, {"transition": "approve"}, format="json"), 409, "conditions_not_met")
    decided = dpo_client.post(
        f"/api/incidents/{incident.pk}/assessments/decision/", {"agree": True}, format="json"
    )
    assert decided.status_code == 200, decided.content
    response = dpo_client.post(url, {"transition": "approve", "reason": "Agreed."}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "notification"
    assert response.json()["available_transitions"] == ["close"]


def test_conditions_block_with_the_reason_in_the_message(owner, dpo):
    incident = advance(make_incident(owner), "containment", team=owner, dpo=dpo)
    response = client_for(owner).post(
        f"/api/incidents/{incident.pk}/transitions/", {"transition": "start_assessment"}, format="json"
    )
    assert_error(response, 409, "conditions_not_met")
    assert "containment" in response.json()["error"]["message"].lower()


def test_evidence_upload_and_download_as_attachment(incident, owner):
    client = client_for(owner)
    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4 test", content_type="text/html")
    response = client.post(
        f"/api/incidents/{incident.pk}/evidence/",
        {"file": upload, "description": "Police"},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    evidence = response.json()
    assert evidence["content_type"] == "application/pdf"  # ours, not what the client claimed

    download = client.get(f"/api/incidents/{incident.pk}/evidence/{evidence['id']}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    assert download["Content-Type"] == "application/pdf"  # the file's own type: the schema says "*/*"
    schema = client.get("/api/schema/?format=json").json()
    documented = schema["paths"]["/api/incidents/{id}/evidence/{evidence_id}/"]["get"]["responses"]["200"]
    assert set(documented["content"]) == {"*/*"}

    bad = SimpleUploadedFile("run.exe", b"MZ\x90\x00", content_type="application/pdf")
    assert_error(
        client.post(f"/api/incidents/{incident.pk}/evidence/", {"file": bad}, format="multipart"),
        400,
        "invalid",
        "file",
    )


def test_unknown_api_urls_answer_in_the_error_shape(owner):
    assert_error(client_for(owner).get("/api/nothing-here/"), 404, "not_found")


def test_a_member_of_two_organisations_must_say_which(owner, other_org):
    from incidents.models import Membership

    Membership.objects.create(user=owner, organisation=other_org, role="security")
    client = client_for(owner)
    assert_error(
        client.post("/api/incidents/", incident_payload(), format="json"), 400, "invalid", "organisation"
    )
    response = client.post("/api/incidents/", incident_payload(organisation=other_org.id), format="json")
    assert response.status_code == 201
    assert response.json()["organisation"]["id"] == other_org.id


def test_the_openapi_schema_and_docs_are_served(owner):
    client = client_for(owner)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/incidents/{id}/transitions/" in schema.json()["paths"]
    client.force_login(owner)
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()
