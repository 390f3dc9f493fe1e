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


# --- breach facts v1 or v2 in, v2 out ---------------------------------------------------------------------------

CUSTOMERS_AND_MEDICAL_NOTE = {
    "version": 2,
    **{
        key: value
        for key, value in facts_dict(
            confidentiality="unknown", cause="external_malicious", recipients="unknown", recipients_count=None
        ).items()
        if key
        not in (
            "data_categories",
            "dpc_adjustment",
            "subject_categories",
            "subjects_count",
            "identifiability",
        )
    },
    "groups": [
        {
            "label": "customers",
            "subject_categories": ["customers"],
            "subjects_count": 1200,
            "data_categories": ["basic", "contact"],
            "identifiability": "maximum",
        },
        {
            "label": "medical note",
            "subject_categories": ["customers"],
            "subjects_count": 1,
            "data_categories": ["basic", "contact", "health"],
            "identifiability": "maximum",
        },
    ],
}


def test_assess_reads_v1_and_v2_and_answers_with_the_verdict_of_each_group(owner):
    team = client_for(owner)
    v1 = team.post("/api/assess/", {"facts": facts_dict()}, format="json").json()
    assert [g["label"] for g in v1["groups"]] == ["all"]
    assert (v1["to_be_determined"], v1["needs_more_information"]) == ([], False)

    v2 = team.post("/api/assess/", {"facts": CUSTOMERS_AND_MEDICAL_NOTE}, format="json").json()
    assert [(g["label"], g["risk"], g["notify_subjects"]) for g in v2["groups"]] == [
        ("customers", "risk", False),
        ("medical note", "high", True),
    ]
    assert (v2["risk"], v2["notify_authority"], v2["notify_subjects"]) == ("high", True, True)
    assert v2["groups"][1]["weighing"]["index"] == 3.3


def test_an_incident_assessed_through_the_api_answers_its_facts_as_v2(owner, dpo):
    incident = advance(make_incident(owner), "assessment", team=owner, dpo=dpo)
    team, base = client_for(owner), f"/api/incidents/{incident.pk}/assessments/"

    run = team.post(base, {"facts": facts_dict()}, format="json").json()
    assert run["facts"]["version"] == 2 and [g["label"] for g in run["facts"]["groups"]] == ["all"]
    assert "subjects_count" not in run["facts"]

    run = team.post(base, {"facts": CUSTOMERS_AND_MEDICAL_NOTE}, format="json").json()
    assert [g["subjects_count"] for g in run["facts"]["groups"]] == [1200, 1]
    assert [(g["label"], g["risk"]) for g in run["decision"]["groups"]] == [
        ("customers", "risk"),
        ("medical note", "high"),
    ]
    [listed] = team.get(base).json()
    assert listed["facts"] == run["facts"] and listed["decision"]["groups"] == run["decision"]["groups"]


def test_a_v2_error_is_named_by_its_path_in_its_group(owner):
    facts = CUSTOMERS_AND_MEDICAL_NOTE | {
        "groups": [CUSTOMERS_AND_MEDICAL_NOTE["groups"][0], {"label": "medical note", "subjects_count": -1}]
    }
    response = client_for(owner).post("/api/assess/", {"facts": facts}, format="json")
    assert_error(response, 400, "invalid", "groups[1].subjects_count")
    assert "groups[1].data_categories" in response.json()["error"]["fields"]


def test_the_schema_documents_breach_facts_v1_and_v2_and_decision_v2(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    components = schema["components"]["schemas"]
    request = components["FactsInputRequest"]["properties"]["facts"]
    assert request["allOf"][0]["$ref"].endswith("/BreachFactsRequest")
    refs = {one["$ref"].rsplit("/", 1)[1] for one in components["BreachFactsRequest"]["oneOf"]}
    assert refs == {"BreachFactsV1Request", "BreachFactsV2Request"}
    v2 = components["BreachFactsV2Request"]
    assert {"version", "groups", "recipients_detail"} <= set(v2["properties"])
    assert v2["properties"]["confidentiality"]["nullable"] is True
    assert {"subjects_count", "data_categories"}.isdisjoint(v2["properties"])
    assert {"subjects_count", "data_categories"} <= set(components["BreachFactsV1Request"]["properties"])
    group = components["GroupRequest"]["properties"]
    assert {"label", "subjects_count", "already_public", "data_categories"} <= set(group)
    assert group["subjects_count"]["nullable"] is True
    decision = components["EngineDecision"]["properties"]
    assert {"groups", "to_be_determined", "needs_more_information", "notify_subjects"} <= set(decision)
    assert {"weighing", "notify_subjects", "label"} <= set(components["GroupDecision"]["properties"])
    assessment = components["Assessment"]["properties"]
    assert assessment["facts"]["allOf"][0]["$ref"].endswith("/BreachFactsV2")
    assert assessment["decision"]["allOf"][0]["$ref"].endswith("/EngineDecision")
