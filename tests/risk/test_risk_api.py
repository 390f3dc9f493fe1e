"""The risk API: the stateless engine endpoint, and the assessment of an incident step by step."""

import json
from pathlib import Path

import pytest

from risk.models import RiskAssessment
from tests.incidents.test_api import assert_error, client_for
from tests.personas import advance, make_incident
from tests.risk.builders import facts_dict

CASES = Path(__file__).resolve().parent.parent / "data" / "cases"


@pytest.mark.parametrize("case", sorted(CASES.glob("*.json")), ids=lambda p: p.stem)
def test_assess_returns_the_engine_decision_for_every_public_case(case, owner):
    data = json.loads(case.read_text())
    response = client_for(owner).post("/api/assess/", {"facts": data["facts"]}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    for verdict, expected in data["expected"].items():
        assert body[verdict] == expected, verdict
    assert all(reason["article"] for reason in body["reasons"])


def test_assess_names_the_bad_field_by_its_path_and_stores_nothing(owner):
    response = client_for(owner).post(
        "/api/assess/", {"facts": facts_dict(protection={"backup": "daily"}, colour="red")}, format="json"
    )
    assert_error(response, 400, "invalid", "protection.backup")
    assert "colour" in response.json()["error"]["fields"]
    assert not RiskAssessment.objects.exists()


def test_assess_needs_a_facts_object_and_a_login(owner, db):
    assert_error(
        client_for(owner).post("/api/assess/", {"facts": [1, 2]}, format="json"), 400, "invalid", "facts"
    )
    assert_error(client_for(owner).post("/api/assess/", {}, format="json"), 400, "invalid", "facts")
    from rest_framework.test import APIClient

    assert_error(
        APIClient().post("/api/assess/", {"facts": facts_dict()}, format="json"), 401, "not_authenticated"
    )


def test_an_incident_assessed_finalised_and_decided_through_the_api(owner, dpo):
    incident = advance(make_incident(owner), "assessment", team=owner, dpo=dpo)
    team, base = client_for(owner), f"/api/incidents/{incident.pk}/assessments/"

    run = team.post(
        base, {"facts": facts_dict(recipients="public", cause="external_malicious")}, format="json"
    )
    assert run.status_code == 200, run.content
    assert (run.json()["version"], run.json()["status"]) == (1, "draft")
    assert run.json()["decision"]["risk"] == "high"

    final = team.post(base + "finalise/", {"note": "Published on a paste site."}, format="json")
    assert final.json()["status"] == "final"
    assert team.get(f"/api/incidents/{incident.pk}/").json()["status"] == "approval"

    dpo_client = client_for(dpo)
    assert_error(team.post(base + "decision/", {"agree": True}, format="json"), 403, "permission_denied")
    refused = dpo_client.post(
        base + "decision/",
        {
            "agree": False,
            "risk": "risk",
            "notify_authority": True,
            "notify_subjects": False,
            "public_communication": False,
        },
        format="json",
    )
    assert_error(refused, 400, "invalid", "justification")
    decided = dpo_client.post(
        base + "decision/",
        {
            "agree": False,
            "risk": "risk",
            "notify_authority": True,
            "notify_subjects": False,
            "public_communication": False,
            "justification": "Paste was removed within minutes; no copies found.",
        },
        format="json",
    )
    assert decided.json()["dpo_decision"]["overrides"] == ["risk", "notify_subjects"]
    versions = team.get(base).json()
    assert [v["version"] for v in versions] == [1]
    incident_json = team.get(f"/api/incidents/{incident.pk}/").json()
    assert (incident_json["risk_level"], incident_json["notify_subjects"]) == ("risk", False)


def test_assessment_endpoints_refuse_outsiders_and_wrong_states(owner, dpo, outsider):
    incident = advance(make_incident(owner), "containment", team=owner, dpo=dpo)
    base = f"/api/incidents/{incident.pk}/assessments/"
    assert_error(client_for(outsider).get(base), 404, "not_found")
    assert_error(client_for(outsider).post(base, {"facts": facts_dict()}, format="json"), 404, "not_found")
    assert_error(
        client_for(owner).post(base, {"facts": facts_dict()}, format="json"), 409, "transition_not_allowed"
    )
    assert_error(client_for(owner).post(base + "finalise/", {}, format="json"), 409, "transition_not_allowed")
