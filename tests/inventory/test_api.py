"""The inventory API: CRUD under /api/inventory/, an incident's systems and proposed facts, import and export —
the same rules as the pages, and the one error shape for every refusal."""

import pytest

from inventory import exchange, selectors
from inventory.models import ProcessingActivity, System
from tests.incidents.test_api import assert_error, client_for
from tests.inventory.builders import add, make_inventory
from tests.personas import make_incident, member


@pytest.fixture
def inventory(org, dpo):
    return make_inventory(dpo, org)


def test_the_dpo_creates_a_system_and_reads_it_back(dpo, inventory):
    api = client_for(dpo)
    response = api.post(
        "/api/inventory/systems/",
        {
            "name": "Customer portal",
            "country": "NL",
            "hosting_processor": inventory.shopify.pk,
            "encryption": "weak",
            "hashing": "state_of_the_art",
            "backup": "recent",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["hosting_processor"] == {"id": inventory.shopify.pk, "name": "Shopify"}
    assert body["archived"] is False and body["organisation"]["name"] == "Fietsenbaas B.V."
    assert api.get(f"/api/inventory/systems/{body['id']}/").json()["encryption"] == "weak"


def test_lists_hold_the_records_of_ones_organisations(owner, inventory):
    api = client_for(owner)
    assert [s["name"] for s in api.get("/api/inventory/systems/").json()] == ["Support mailbox", "Webshop DB"]
    activities = api.get("/api/inventory/processing-activities/").json()
    orders = next(a for a in activities if a["name"] == "Orders")
    assert orders["data_categories"] == ["basic", "contact", "financial"]
    assert orders["systems"] == [{"id": inventory.webshop.pk, "name": "Webshop DB"}]
    processors = api.get("/api/inventory/processors/").json()
    assert next(p for p in processors if p["name"] == "Google Cloud")["parent"]["name"] == "Shopify"


def test_the_security_team_reads_but_may_not_write(owner, inventory):
    api = client_for(owner)
    assert api.get(f"/api/inventory/systems/{inventory.webshop.pk}/").status_code == 200
    assert_error(
        api.post("/api/inventory/systems/", {"name": "X", "country": "NL"}, format="json"),
        403,
        "permission_denied",
    )
    assert_error(
        api.patch(f"/api/inventory/systems/{inventory.webshop.pk}/", {"encryption": "none"}, format="json"),
        403,
        "permission_denied",
    )
    assert_error(api.delete(f"/api/inventory/processors/{inventory.gcp.pk}/"), 403, "permission_denied")
    assert_error(api.get("/api/inventory/export/"), 403, "permission_denied")


@pytest.mark.parametrize("person", ["outsider", "controller_user"])
def test_other_organisations_and_controller_users_get_404(person, inventory, owner, request):
    api = client_for(request.getfixturevalue(person))
    assert_error(api.get(f"/api/inventory/systems/{inventory.webshop.pk}/"), 404, "not_found")
    assert_error(api.delete(f"/api/inventory/systems/{inventory.webshop.pk}/"), 404, "not_found")
    assert inventory.webshop.name not in str(api.get("/api/inventory/systems/").content)
    incident = make_incident(owner)
    assert_error(api.get(f"/api/incidents/{incident.pk}/proposed-facts/"), 404, "not_found")
    assert_error(
        api.put(f"/api/incidents/{incident.pk}/systems/", {"systems": []}, format="json"), 404, "not_found"
    )


def test_invalid_values_and_foreign_references_are_named_by_field(dpo, inventory, other_org):
    foreign = add(member(other_org, "dpo", username="x-dpo"), other_org, System, name="Theirs", country="NL")
    response = client_for(dpo).post(
        "/api/inventory/processing-activities/",
        {
            "name": "Orders",
            "purpose": "Again",
            "data_categories": ["basic", "shoe_size"],
            "systems": [foreign.pk],
        },
        format="json",
    )
    assert_error(response, 400, "invalid", "data_categories")
    assert "systems" in response.json()["error"]["fields"]
    duplicate = client_for(dpo).post(
        "/api/inventory/processing-activities/", {"name": "Orders", "purpose": "x"}, format="json"
    )
    assert_error(duplicate, 400, "invalid", "name")
    unknown = client_for(dpo).post(
        "/api/inventory/systems/", {"name": "Y", "country": "NL", "colour": "red"}, format="json"
    )
    assert_error(unknown, 400, "invalid", "colour")


def test_patch_archives_and_delete_refuses_what_is_in_use(dpo, owner, inventory):
    api = client_for(dpo)
    incident = make_incident(owner)
    client_for(owner).put(
        f"/api/incidents/{incident.pk}/systems/", {"systems": [inventory.mailbox.pk]}, format="json"
    )
    assert_error(api.delete(f"/api/inventory/systems/{inventory.mailbox.pk}/"), 409, "in_use")
    archived = api.patch(f"/api/inventory/systems/{inventory.mailbox.pk}/", {"archived": True}, format="json")
    assert archived.json()["archived"] is True and archived.json()["archived_at"]
    unused = api.post("/api/inventory/systems/", {"name": "Old CRM", "country": "NL"}, format="json").json()
    assert api.delete(f"/api/inventory/systems/{unused['id']}/").status_code == 204
    assert not System.objects.filter(name="Old CRM").exists()


def test_put_replaces_a_record(dpo, inventory):
    response = client_for(dpo).put(
        f"/api/inventory/processing-activities/{inventory.newsletter.pk}/",
        {"name": "Newsletter", "purpose": "Only the monthly letter.", "data_categories": ["contact"]},
        format="json",
    )
    assert response.status_code == 200, response.content
    newsletter = ProcessingActivity.objects.get(pk=inventory.newsletter.pk)
    assert newsletter.data_categories == ["contact"] and newsletter.purpose == "Only the monthly letter."


def test_the_team_sets_systems_reads_the_proposal_and_confirms_or_corrects(owner, colleague, inventory):
    incident = make_incident(owner)
    api = client_for(colleague)
    response = api.put(
        f"/api/incidents/{incident.pk}/systems/", {"systems": [inventory.webshop.pk]}, format="json"
    )
    assert response.status_code == 200
    assert (
        response.json()[0]["system"]["name"] == "Webshop DB"
        and response.json()[0]["added_by"]["id"] == colleague.pk
    )
    proposal = api.get(f"/api/incidents/{incident.pk}/proposed-facts/").json()
    assert proposal["stale"] is False
    count = next(f for f in proposal["facts"] if f["path"] == "subjects_count")
    assert (count["value"], count["status"], count["confirmed_by"]) == (20000, "derived", None)
    assert "upper bound" in count["source"]

    confirmed = api.post(
        f"/api/incidents/{incident.pk}/proposed-facts/confirm/", {"path": "subjects_count"}, format="json"
    ).json()
    assert confirmed["status"] == "recorded" and confirmed["confirmed_by"]["id"] == colleague.pk
    corrected = api.post(
        f"/api/incidents/{incident.pk}/proposed-facts/confirm/",
        {"path": "processors", "value": []},
        format="json",
    ).json()
    assert (corrected["status"], corrected["value"]) == ("recorded", [])
    assert [p["name"] for p in corrected["derived_value"]] == ["Google Cloud", "Shopify"]
    refreshed = api.post(f"/api/incidents/{incident.pk}/proposed-facts/refresh/").json()
    assert {f["path"]: f["status"] for f in refreshed["facts"]}["subjects_count"] == "recorded"


def test_a_bad_confirmation_is_refused_in_the_error_shape(owner, inventory):
    incident = make_incident(owner)
    api = client_for(owner)
    assert_error(
        api.post(
            f"/api/incidents/{incident.pk}/proposed-facts/confirm/", {"path": "subjects_count"}, format="json"
        ),
        409,
        "nothing_proposed",
        "value",
    )
    assert_error(
        api.post(f"/api/incidents/{incident.pk}/proposed-facts/confirm/", {"path": "colour"}, format="json"),
        400,
        "invalid",
        "path",
    )
    api.put(f"/api/incidents/{incident.pk}/systems/", {"systems": [inventory.webshop.pk]}, format="json")
    assert_error(
        api.post(
            f"/api/incidents/{incident.pk}/proposed-facts/confirm/",
            {"path": "subjects_count", "value": "many"},
            format="json",
        ),
        400,
        "invalid",
        "value",
    )
    assert_error(
        api.put(f"/api/incidents/{incident.pk}/systems/", {"systems": [987654]}, format="json"),
        400,
        "invalid",
        "systems",
    )
    assert selectors.fact_provenance(incident)["subjects_count"].status == "derived"


def test_export_and_import_round_trip_through_the_api(org, dpo, inventory):
    api = client_for(dpo)
    document = api.get("/api/inventory/export/").json()
    assert document["format"] == exchange.FORMAT and len(document["systems"]) == 2
    result = api.post("/api/inventory/import/", document, format="json")
    assert result.json() == {"created": 0, "updated": 0, "unchanged": 8}
    document["systems"][0]["encryption"] = "rot13"
    refused = api.post("/api/inventory/import/", document, format="json")
    assert_error(refused, 400, "invalid", "systems[0].encryption")
    assert "“Support mailbox”" in refused.json()["error"]["fields"]["systems[0].encryption"][0]
    assert System.objects.get(name="Support mailbox").encryption == "weak"


def test_the_schema_lists_the_inventory_endpoints(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    text = schema.content.decode()
    for path in (
        "/api/inventory/systems/",
        "/api/inventory/processing-activities/{id}/",
        "/api/inventory/processors/",
        "/api/inventory/export/",
        "/api/inventory/import/",
        "/api/incidents/{id}/systems/",
        "/api/incidents/{id}/proposed-facts/",
        "/api/incidents/{id}/proposed-facts/confirm/",
    ):
        assert path in text, path


@pytest.mark.parametrize("path", ["systems", "processing-activities", "processors"])
def test_lists_take_a_fixed_number_of_queries(
    owner, org, dpo, inventory, path, django_assert_max_num_queries
):
    for n in range(5):
        add(dpo, org, System, name=f"Till {n}", country="NL")
        add(dpo, org, ProcessingActivity, name=f"Activity {n}", purpose="x", systems=[inventory.webshop])
    api = client_for(owner)
    with django_assert_max_num_queries(12):
        assert api.get(f"/api/inventory/{path}/").status_code == 200
