"""The organisation's regimes profile through the API (``/api/organisations/{id}/regimes/``): the security team and
the DPO read it, only the DPO writes it, anyone else gets 404; a bad country code or entity kind is refused naming
the field, with nothing changed; a write evaluates the open incidents' obligations again, as the organisation page's
form does (the same service)."""

from __future__ import annotations

import pytest

from obligations import services
from obligations.models import Obligation, RegimeProfile
from tests.incidents.test_api import assert_error, client_for
from tests.obligations.test_obligations import SIGNIFICANT, _incident
from tests.portal.conftest import *  # noqa: F403 - the client organisations and their controller users

pytestmark = pytest.mark.django_db


def url(organisation) -> str:
    return f"/api/organisations/{organisation.pk}/regimes/"


def test_the_team_reads_the_profile_and_an_organisation_without_one_is_in_no_regime(org, owner, dpo):
    for member in (owner, dpo):
        response = client_for(member).get(url(org))
        assert response.status_code == 200, response.content
        assert response.json() == {
            "nis2_entity": "none",
            "nis2_sector": "",
            "dora_financial_entity": False,
            "trust_service_provider": False,
            "public_ecs_provider": False,
            "digital_products_manufacturer": False,
            "countries": [],
            "updated_at": None,
        }
    assert not RegimeProfile.objects.filter(organisation=org).exists()  # reading creates nothing


def test_the_dpo_writes_the_profile_and_the_open_incidents_are_evaluated_again(org, owner, dpo):
    incident = _incident(owner)
    services.regime_answers_record(actor=owner, incident_id=incident.pk, regime="nis2", answers=SIGNIFICANT)
    assert not Obligation.objects.filter(incident=incident, regime="nis2").exists()  # not in scope yet
    body = {"nis2_entity": "essential", "nis2_sector": "health", "countries": ["nl", "BE"]}
    response = client_for(dpo).put(url(org), body, format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["nis2_entity"], data["nis2_sector"], data["countries"]) == (
        "essential",
        "health",
        ["BE", "NL"],
    )
    assert data["dora_financial_entity"] is False and data["updated_at"]
    profile = RegimeProfile.objects.get(organisation=org)
    assert (profile.nis2_entity, profile.countries, profile.updated_by) == ("essential", ["BE", "NL"], dpo)
    nis2 = Obligation.objects.filter(incident=incident, regime="nis2")
    assert sorted(nis2.values_list("country", flat=True)) == ["BE", "NL"]  # one per country of the profile
    for obligation in nis2:
        assert obligation.state == "owed" and obligation.reports.get(code="early_warning").due_at is not None
    assert client_for(owner).get(url(org)).json() == data


def test_a_put_replaces_the_whole_profile(org, dpo):
    services.regime_profile_update(
        actor=dpo, organisation_id=org.pk, values={"dora_financial_entity": True, "countries": ["NL"]}
    )
    response = client_for(dpo).put(url(org), {"public_ecs_provider": True}, format="json")
    assert response.status_code == 200, response.content
    profile = RegimeProfile.objects.get(organisation=org)
    assert (profile.dora_financial_entity, profile.public_ecs_provider, profile.countries) == (
        False,
        True,
        [],
    )


def test_the_security_team_may_not_write_it(org, owner, dpo):
    response = client_for(owner).put(url(org), {"nis2_entity": "essential"}, format="json")
    assert_error(response, 403, "permission_denied")
    assert not RegimeProfile.objects.filter(organisation=org).exists()


def test_anyone_else_gets_404_whatever_they_send(org, dpo, outsider, client_a, controller_a):
    for nobody in (outsider, controller_a):
        assert_error(client_for(nobody).get(url(org)), 404, "not_found")
        response = client_for(nobody).put(url(org), {"nis2_entity": "essential"}, format="json")
        assert_error(response, 404, "not_found")
        response = client_for(nobody).put(url(org), {"nis2_entity": "nonsense"}, format="json")
        assert_error(response, 404, "not_found")
    # A client organisation is not one of ours, not even for its processor's DPO.
    assert_error(client_for(dpo).get(url(client_a)), 404, "not_found")
    assert not RegimeProfile.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"countries": ["NLD"]}, "countries"),
        ({"countries": ["XX"]}, "countries"),
        ({"countries": ["N1"]}, "countries"),
        ({"countries": "NL"}, "countries"),
        ({"nis2_entity": "hospital"}, "nis2_entity"),
        ({"dora_financial_entity": "maybe"}, "dora_financial_entity"),
        ({"nis2_sector": "x" * 101}, "nis2_sector"),
        ({"cra": True}, "cra"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_changes(org, dpo, body, field):
    services.regime_profile_update(
        actor=dpo, organisation_id=org.pk, values={"nis2_entity": "important", "countries": ["NL"]}
    )
    response = client_for(dpo).put(url(org), {"nis2_entity": "essential"} | body, format="json")
    assert_error(response, 400, "invalid", field=field)
    profile = RegimeProfile.objects.get(organisation=org)
    assert (profile.nis2_entity, profile.countries) == ("important", ["NL"])


def test_the_schema_documents_the_regimes_profile(owner):
    schema = client_for(owner).get("/api/schema/?format=json").json()
    operations = schema["paths"]["/api/organisations/{id}/regimes/"]
    assert (operations["get"]["operationId"], operations["put"]["operationId"]) == (
        "organisations_regimes_retrieve",
        "organisations_regimes_update",
    )
    properties = schema["components"]["schemas"]["RegimeProfile"]["properties"]
    assert {"nis2_entity", "countries", "dora_financial_entity"} <= set(properties)
