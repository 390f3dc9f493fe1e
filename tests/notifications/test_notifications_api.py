"""The notices API: draft → submit → approve by a second DPO → file with the reference; follow-up, withdrawal,
deliveries and the list of affected people; every refusal in the one error shape."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.incidents.test_api import assert_error, client_for


def test_the_authority_notice_road_through_the_api(notifiable, owner, dpo, dpo2):
    team, first_dpo, second_dpo = client_for(owner), client_for(dpo), client_for(dpo2)
    authorities = team.get(f"/api/incidents/{notifiable.pk}/authorities/").json()
    assert authorities["to_notify"] == ["AP"] and authorities["reasons"]

    draft = team.post(
        f"/api/incidents/{notifiable.pk}/notices/", {"kind": "authority", "authority": "AP"}, format="json"
    )
    assert draft.status_code == 201, draft.content
    notice = draft.json()
    assert notice["status"] == "draft" and "controller.dpo_registration_number" in notice["missing"]
    url = f"/api/notices/{notice['id']}/"

    edited = team.patch(url, {"answers": {"data.records": "5000"}}, format="json")
    assert edited.json()["content"]["sections"]["data"]["records"] == "5000"
    assert_error(
        team.patch(url, {"answers": {"controller.name": "x"}}, format="json"), 400, "invalid", "answers"
    )

    # the AP form still misses required answers: each step needs them acknowledged (Art. 33(4))
    assert_error(team.post(url + "submit/", format="json"), 400, "invalid", "acknowledge_missing")
    ack = {"acknowledge_missing": True}
    assert team.post(url + "submit/", ack, format="json").json()["status"] == "awaiting_approval"
    assert_error(team.post(url + "approve/", ack, format="json"), 403, "permission_denied")
    approved = second_dpo.post(url + "approve/", ack, format="json")
    assert approved.json()["status"] == "approved" and len(approved.json()["content_sha256"]) == 64
    assert_error(first_dpo.post(url + "approve/", ack, format="json"), 409, "notice_not_allowed")

    assert_error(
        first_dpo.post(
            url + "file/", {"filed_at": timezone.now().isoformat(), "reference": ""}, format="json"
        ),
        400,
        "invalid",
        "reference",
    )
    filed = first_dpo.post(
        url + "file/",
        {"filed_at": timezone.now().isoformat(), "reference": "AP-2026-1234", **ack},
        format="json",
    )
    assert filed.json()["status"] == "filed" and filed.json()["reference"] == "AP-2026-1234"
    assert team.get(f"/api/incidents/{notifiable.pk}/").json()["clock_running"] is False

    follow_up = team.post(url + "follow-up/", format="json")
    assert follow_up.status_code == 201 and follow_up.json()["phase"] == "follow_up"
    assert_error(team.post(url + "withdraw/", {}, format="json"), 400, "invalid", "reason")
    assert_error(team.post(url + "teleport/", format="json"), 404, "not_found")


def test_subjects_upload_and_sending_through_the_api(
    notifiable, owner, dpo2, mailoutbox, django_capture_on_commit_callbacks
):
    team = client_for(owner)
    csv = SimpleUploadedFile(
        "people.csv", b"name,email,postal_address,language\nJan,jan@example.nl,,nl\nX,bad,,nl\n"
    )
    with django_capture_on_commit_callbacks(execute=True):  # the import task runs (eagerly) after commit
        accepted = team.post(f"/api/incidents/{notifiable.pk}/subjects/", {"file": csv}, format="multipart")
    assert accepted.status_code == 202 and accepted.json()["status"] == "queued"
    job = team.get(f"/api/incidents/{notifiable.pk}/subjects/imports/{accepted.json()['id']}/").json()
    assert (job["status"], job["percent"], job["created"], job["errors"]) == ("done", 100, 1, 1)
    team.force_login(owner)
    errors = b"".join(team.get(job["error_report"]).streaming_content).decode()
    assert "3,email,bad,“bad” is not a valid e-mail address" in errors
    listed = team.get(f"/api/incidents/{notifiable.pk}/subjects/").json()
    assert [s["email"] for s in listed["results"]] == ["jan@example.nl"]

    notice = team.post(f"/api/incidents/{notifiable.pk}/notices/", {"kind": "subjects"}, format="json").json()
    team.post(f"/api/notices/{notice['id']}/submit/", format="json")
    client_for(dpo2).post(f"/api/notices/{notice['id']}/approve/", format="json")
    with django_capture_on_commit_callbacks(execute=True):
        sent = team.post(f"/api/notices/{notice['id']}/send/", format="json")
    assert sent.status_code == 200
    progress = team.get(f"/api/notices/{notice['id']}/deliveries/").json()
    assert progress["counts"]["sent"] == 1 and progress["failed"] == []
    assert len(mailoutbox) == 1


def test_outsiders_see_no_notice_no_list_and_no_authorities(notifiable, owner, outsider, controller_user):
    notice = (
        client_for(owner)
        .post(
            f"/api/incidents/{notifiable.pk}/notices/",
            {"kind": "authority", "authority": "AP"},
            format="json",
        )
        .json()
    )
    for person in (outsider, controller_user):
        client = client_for(person)
        for url in (
            f"/api/notices/{notice['id']}/",
            f"/api/notices/{notice['id']}/deliveries/",
            f"/api/incidents/{notifiable.pk}/notices/",
            f"/api/incidents/{notifiable.pk}/subjects/",
            f"/api/incidents/{notifiable.pk}/authorities/",
        ):
            assert_error(client.get(url), 404, "not_found")
        assert_error(client.post(f"/api/notices/{notice['id']}/submit/", format="json"), 404, "not_found")


def test_the_schema_says_the_list_of_people_comes_in_cursor_pages(client):
    """The list answers {"next", "previous", "results"}; the schema said a bare list (found by schemathesis)."""
    schema = client.get("/api/schema/?format=json").json()
    ok = schema["paths"]["/api/incidents/{id}/subjects/"]["get"]["responses"]["200"]
    page = ok["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(schema["components"]["schemas"][page]["properties"]) == {"next", "previous", "results"}
