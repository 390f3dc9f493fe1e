"""The portal's API: the same reads and writes as the pages, for a client's own alerts only, in the project's
one error shape; and the processor's side (deadlines, acknowledgements, questions, answering)."""

from __future__ import annotations

from incidents.models import Membership
from incidents.roles import Role
from risk.engine import parse_facts
from tests.incidents.test_api import assert_error, client_for
from tests.personas import OrganisationFactory
from tests.portal.conftest import A_COUNT
from tests.reports.conftest import pdf_text


def test_a_controller_lists_and_reads_its_own_alerts(alerts, controller_a):
    api = client_for(controller_a)
    [item] = api.get("/api/portal/alerts/").json()
    assert item["id"] == alerts["a"].pk and item["acknowledged"] is False and item["open_questions"] == 0
    assert item["client"]["name"] == alerts["a"].client.name
    body = api.get(f"/api/portal/alerts/{alerts['a'].pk}/").json()
    assert [p["id"] for p in body["phases"]] == [alerts["a"].pk]
    assert body["phases"][0]["sections"]["subjects"]["count"] == A_COUNT
    assert body["contact"]["email"] and body["facts_available"] is True
    assert_error(api.get(f"/api/portal/alerts/{alerts['b'].pk}/"), 404, "not_found")


def test_acknowledge_ask_and_read_the_facts_through_the_api(alerts, controller_a, owner, breach):
    api = client_for(controller_a)
    url = f"/api/portal/alerts/{alerts['a'].pk}/"
    ack = api.post(url + "acknowledge/", {}, format="json")
    assert ack.status_code == 200 and ack.json()["acknowledged_by"]["id"] == controller_a.pk
    assert api.post(url + "acknowledge/", {"phase": alerts["a"].pk}, format="json").json() == ack.json()
    assert_error(api.post(url + "acknowledge/", {"phase": alerts["b"].pk}, format="json"), 404, "not_found")
    asked = api.post(url + "questions/", {"text": "Which exports?"}, format="json")
    assert asked.status_code == 201 and asked.json()["open"] is True
    assert_error(api.post(url + "questions/", {"text": ""}, format="json"), 400, "invalid", "text")
    facts = parse_facts(api.get(url + "facts/").json())
    assert facts.role == "controller" and facts.subjects_count == A_COUNT

    team = client_for(owner)
    [row_a, row_b] = team.get(f"/api/portal/team/incidents/{breach.pk}/alerts/").json()
    assert row_a["alert_hours"] == 24 and row_b["alert_hours"] == 48
    assert row_a["phases"][0]["acknowledgement"]["acknowledged_by"]["id"] == controller_a.pk
    [question] = row_a["questions"]
    answered = team.post(
        f"/api/portal/team/questions/{question['id']}/answer/", {"answer": "Only the list."}, format="json"
    )
    assert answered.status_code == 200 and answered.json()["open"] is False
    assert_error(
        team.post(f"/api/portal/team/questions/{question['id']}/answer/", {"answer": "Again"}, format="json"),
        409,
        "already_answered",
    )
    assert api.get(url + "questions/").json()[0]["answer"] == "Only the list."


def test_the_import_through_the_api(alerts, controller_a):
    own = OrganisationFactory(name="Bakkerij eigen")
    Membership.objects.create(user=controller_a, organisation=own, role=Role.DPO)
    api = client_for(controller_a)
    created = api.post(
        f"/api/portal/alerts/{alerts['a'].pk}/import/", {"organisation": own.pk}, format="json"
    )
    assert created.status_code == 201
    body = created.json()
    assert body["organisation"]["id"] == own.pk and body["aware_at"]
    assert_error(
        api.post(f"/api/portal/alerts/{alerts['a'].pk}/import/", {"organisation": own.pk}, format="json"),
        409,
        "already_imported",
    )
    detail = api.get(f"/api/portal/alerts/{alerts['a'].pk}/").json()
    assert detail["imports"][0]["reference"] == body["reference"]
    assert api.get(f"/api/incidents/{body['incident']}/").status_code == 200


def test_the_alert_downloads_as_a_pdf_through_the_api(alerts, controller_a):
    response = client_for(controller_a).get(f"/api/portal/alerts/{alerts['a'].pk}/pdf/{alerts['a'].pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "(a) De aard van de inbreuk" in pdf_text(response.content)  # the client's language


def test_anonymous_requests_are_refused(alerts):
    from rest_framework.test import APIClient

    assert_error(APIClient().get("/api/portal/alerts/"), 401, "not_authenticated")


def test_another_clients_alert_and_questions_are_404_before_the_body_is_looked_at(
    alerts, controller_a, controller_b, outsider, owner
):
    """A bad body on someone else's alert or question is answered 404, as a good one would be — never a 400
    that would tell that the alert exists (found by fuzzing the API as each role)."""
    from portal import services

    question = services.question_ask(actor=controller_b, alert_id=alerts["b"].pk, text="Which files?")
    b = f"/api/portal/alerts/{alerts['b'].pk}/"
    for who in (controller_a, outsider, owner):
        api = client_for(who)
        for url, body in (
            (b + "acknowledge/", {"phase": "not a number"}),
            (b + "questions/", {"text": ""}),
            (b + "import/", {}),
        ):
            assert_error(api.post(url, body, format="json"), 404, "not_found")
    for who in (controller_a, controller_b, outsider):
        answer = client_for(who).post(f"/api/portal/team/questions/{question.pk}/answer/", {}, format="json")
        assert_error(answer, 404, "not_found")
    assert_error(
        client_for(owner).post(f"/api/portal/team/questions/{question.pk}/answer/", {}, format="json"),
        400,
        "invalid",
        "answer",
    )
