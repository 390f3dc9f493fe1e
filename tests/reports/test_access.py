"""Only the security team and the DPO of the incident's organisation see its documents; the register and the insights
are per organisation, for its team. Everyone else gets 404 — they do not even learn that something exists."""

import pytest

from reports import services
from reports.register import Period
from tests.incidents.test_api import assert_error, client_for

PERIOD = {"date_from": "2026-01-01", "date_to": "2026-12-31"}


@pytest.fixture
def document(ap_notice, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        made = services.document_request(
            actor=owner, incident_id=ap_notice.incident_id, kind="notice", notice_id=ap_notice.pk
        )
    made.refresh_from_db()
    return made


def _pages(document):
    incident, notice = document.incident_id, document.notice_id
    return [
        ("get", f"/incidents/{incident}/documents/", {}),
        ("get", f"/incidents/{incident}/documents/report/", {}),
        ("post", f"/incidents/{incident}/documents/request/", {"kind": "incident_report"}),
        ("post", f"/incidents/{incident}/documents/request/", {"kind": "notice", "notice": notice}),
        ("post", f"/incidents/{incident}/documents/letters/{notice}/", {}),
        ("get", f"/documents/notices/{notice}/", {}),
        ("get", f"/documents/notices/{notice}/block/", {}),
        ("get", f"/documents/notices/{notice}/letters/", {}),
        ("get", f"/documents/{document.pk}/download/", {}),
        ("post", f"/documents/{document.pk}/posted/", {}),
    ]


@pytest.mark.parametrize("who", ["outsider", "controller_user"])
def test_people_outside_the_organisation_get_404_for_its_documents(client, document, who, request):
    client.force_login(request.getfixturevalue(who))
    for method, url, data in _pages(document):
        assert getattr(client, method)(url, data).status_code == 404, url


@pytest.mark.parametrize("who", ["outsider", "controller_user"])
def test_people_outside_the_organisation_get_404_from_the_api(document, who, request):
    api = client_for(request.getfixturevalue(who))
    incident = document.incident_id
    assert_error(api.get(f"/api/incidents/{incident}/documents/"), 404, "not_found")
    assert_error(
        api.post(f"/api/incidents/{incident}/documents/", {"kind": "incident_report"}, format="json"),
        404,
        "not_found",
    )
    assert_error(api.get(f"/api/documents/{document.pk}/"), 404, "not_found")
    assert_error(api.get(f"/api/documents/{document.pk}/download/"), 404, "not_found")
    assert_error(api.post(f"/api/documents/{document.pk}/posted/"), 404, "not_found")


@pytest.mark.parametrize("body", [{}, {"kind": "nonsense"}, {"kind": "notice"}])
def test_a_request_for_another_organisations_incident_is_404_whatever_the_body(document, outsider, body):
    """Not a 400 about the body first: that would answer differently for an incident that exists (found by
    fuzzing the API as another organisation)."""
    api = client_for(outsider)
    response = api.post(f"/api/incidents/{document.incident_id}/documents/", body, format="json")
    assert_error(response, 404, "not_found")


def test_the_register_and_insights_are_for_the_team_of_the_organisation(
    client, document, outsider, controller_user, org
):
    client.force_login(controller_user)  # no team anywhere
    for url in ("/register/", "/register/csv/", "/register/preview/", "/insights/"):
        assert client.get(url, PERIOD).status_code == 404, url
    assert client.post("/register/pdf/?date_from=2026-01-01&date_to=2026-12-31").status_code == 404
    client.force_login(outsider)  # a team, but of another organisation
    for url in ("/register/csv/", "/register/preview/", "/insights/", "/register/"):
        assert client.get(url, PERIOD | {"organisation": org.pk}).status_code == 404, url
    assert (
        client.post(
            f"/register/pdf/?organisation={org.pk}&date_from=2026-01-01&date_to=2026-12-31"
        ).status_code
        == 404
    )


@pytest.mark.parametrize("who", ["outsider", "controller_user"])
def test_the_register_and_insights_api_answer_404_outside_the_organisation(document, org, who, request):
    api = client_for(request.getfixturevalue(who))
    params = PERIOD | {"organisation": org.pk}
    assert_error(api.get("/api/register/csv/", params), 404, "not_found")
    assert_error(api.get("/api/insights/", params), 404, "not_found")
    assert_error(api.post("/api/register/pdf/", params, format="json"), 404, "not_found")


def test_the_outsider_sees_only_their_own_register(client, document, outsider, other_org):
    client.force_login(outsider)
    response = client.get("/register/csv/", PERIOD)  # their own organisation, which has no incidents
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response.status_code == 200 and document.incident.reference not in body
    assert len(body.strip().splitlines()) == 1


def test_a_colleague_of_the_security_team_and_a_dpo_may(client, document, colleague, dpo):
    for person in (colleague, dpo):
        client.force_login(person)
        for method, url, data in _pages(document)[:4] + _pages(document)[5:7] + _pages(document)[8:9]:
            response = getattr(client, method)(url, data)
            assert response.status_code in (200, 302), (url, response.status_code)


def test_services_refuse_documents_of_another_organisation(document, outsider):
    from datalek.errors import DomainError

    with pytest.raises(DomainError) as refused:
        services.register_request(
            actor=outsider, organisation_id=document.organisation_id, period=Period.default()
        )
    assert refused.value.status == 404
    with pytest.raises(DomainError):
        services.letters_mark_posted(actor=outsider, document_id=document.pk)


def test_a_period_before_1970_is_refused_with_a_message_not_a_server_error(client, document, owner):
    """Year 3 gave a 500 in the insights (no ISO label for its months); found by schemathesis."""
    api = client_for(owner)
    ancient = {"date_from": "0003-01-01", "date_to": "0003-01-31"}
    assert_error(api.get("/api/insights/", ancient), 400, "invalid", "date_from")
    assert_error(api.get("/api/register/csv/", ancient), 400, "invalid", "date_from")
    client.force_login(owner)
    assert client.get("/insights/", ancient).status_code < 500
