"""The inventory pages and the incident page's "Affected systems" card: the DPO edits, the security team
reads, controller client users and other organisations get 404."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inventory import selectors, services
from inventory.models import ProcessingActivity, Processor, System
from tests.inventory.builders import make_inventory
from tests.personas import advance, make_incident


@pytest.fixture
def inventory(org, dpo):
    return make_inventory(dpo, org)


def url(org, rest=""):
    return f"/inventory/{org.slug}/{rest}"


def test_pages_need_a_login(client, org):
    response = client.get(url(org, "systems/"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_nav_leads_to_the_inventory_of_ones_organisation(client, org, owner):
    client.force_login(owner)
    assert 'href="/inventory/"' in client.get("/").content.decode()
    response = client.get("/inventory/")
    assert response.status_code == 302 and response["Location"] == url(org, "systems/")


@pytest.mark.parametrize("kind", ["systems", "activities", "processors"])
def test_the_security_team_reads_every_list_but_gets_no_edit_buttons(client, org, owner, inventory, kind):
    client.force_login(owner)
    response = client.get(url(org, f"{kind}/"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-action="new"' not in html and 'data-action="edit"' not in html
    assert 'data-action="import"' not in html
    assert client.get(url(org, f"{kind}/new/")).status_code == 403


def test_the_lists_show_the_register(client, org, dpo, inventory):
    client.force_login(dpo)
    systems = client.get(url(org, "systems/")).content.decode()
    assert "Webshop DB" in systems and "State of the art" in systems and "Orders" in systems
    processors = client.get(url(org, "processors/")).content.decode()
    assert "Google Cloud" in processors and "outside the EEA" in processors and "of Shopify" in processors
    activities = client.get(url(org, "activities/")).content.decode()
    assert "Art. 6(1)(b) contract" in activities and "Financial data" in activities
    assert 'data-action="edit"' in activities and 'data-action="new"' in activities


@pytest.mark.parametrize("person", ["outsider", "controller_user"])
def test_other_organisations_and_controller_users_get_404_everywhere(client, org, inventory, person, request):
    client.force_login(request.getfixturevalue(person))
    index = client.get("/inventory/")  # the outsider is sent to their own inventory, never to ours
    assert index.status_code == 404 or org.slug not in index["Location"]
    for path in (
        url(org, "systems/"),
        url(org, "systems/new/"),
        url(org, f"systems/{inventory.webshop.pk}/edit/"),
        url(org, "export.json"),
        url(org, "import/"),
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(url(org, f"systems/{inventory.webshop.pk}/delete/")).status_code == 404
    assert System.objects.filter(pk=inventory.webshop.pk).exists()


def test_the_dpo_creates_and_edits_a_system(client, org, dpo, inventory):
    client.force_login(dpo)
    form = {
        "name": "Customer portal",
        "country": "nl",
        "hosting_processor": "",
        "encryption": "weak",
        "hashing": "state_of_the_art",
        "backup": "recent",
    }
    response = client.post(url(org, "systems/new/"), form)
    assert response.status_code == 302 and response["Location"] == url(org, "systems/")
    portal = System.objects.get(name="Customer portal")
    assert (portal.country, portal.encryption) == ("NL", "weak")
    client.post(url(org, f"systems/{portal.pk}/edit/"), form | {"encryption": "state_of_the_art"})
    portal.refresh_from_db()
    assert portal.encryption == "state_of_the_art"


def test_a_form_with_errors_marks_the_fields_and_saves_nothing(client, org, dpo, inventory):
    client.force_login(dpo)
    response = client.post(
        url(org, "systems/new/"),
        {"name": "Webshop DB", "country": "QQ", "encryption": "none", "hashing": "none", "backup": "none"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "name" in errors and "country" in errors
    assert System.objects.count() == 2


def test_the_dpo_creates_an_activity_with_categories_systems_and_processors(
    client, org, dpo, inventory, client_org
):
    client.force_login(dpo)
    page = client.get(url(org, "activities/new/")).content.decode()
    assert "Bakkerij van Dam" in page  # a processor organisation: done for which clients
    client.post(
        url(org, "activities/new/"),
        {
            "name": "Job applications",
            "purpose": "Hire people.",
            "legal_basis": "legitimate_interests",
            "data_categories": ["basic", "contact", "employment"],
            "subject_categories": ["job_applicants"],
            "subjects_count": "60",
            "retention": "Two months after the position is filled",
            "systems": [inventory.mailbox.pk],
            "processors": [],
        },
    )
    activity = ProcessingActivity.objects.get(name="Job applications")
    assert activity.data_categories == ["basic", "contact", "employment"]
    assert list(activity.systems.all()) == [inventory.mailbox]


def test_deleting_a_record_in_use_says_to_archive_it(client, org, dpo, inventory):
    client.force_login(dpo)
    response = client.post(url(org, f"processors/{inventory.shopify.pk}/delete/"), follow=True)
    assert "Archive it instead" in response.content.decode()
    client.post(url(org, f"processors/{inventory.shopify.pk}/archive/"))
    inventory.shopify.refresh_from_db()
    assert inventory.shopify.is_archived
    html = client.get(url(org, "processors/")).content.decode()
    assert "archived" in html and 'data-action="restore"' in html


def test_the_security_team_may_not_archive_or_delete(client, org, owner, inventory):
    client.force_login(owner)
    assert client.post(url(org, f"systems/{inventory.webshop.pk}/archive/")).status_code == 403
    assert client.post(url(org, f"systems/{inventory.webshop.pk}/delete/")).status_code == 403


def test_the_dpo_downloads_and_uploads_the_inventory(client, org, dpo, owner, inventory):
    client.force_login(dpo)
    response = client.get(url(org, "export.json"))
    assert response["Content-Disposition"].startswith('attachment; filename="inventory-')
    document = json.loads(response.content)
    assert [s["name"] for s in document["systems"]] == ["Support mailbox", "Webshop DB"]
    upload = SimpleUploadedFile("inventory.json", response.content, content_type="application/json")
    result = client.post(url(org, "import/"), {"file": upload}, follow=True)
    assert "0 new, 0 changed, 8 unchanged" in result.content.decode()
    csv = client.get(url(org, "export/systems.csv"))
    assert csv["Content-Type"] == "text/csv; charset=utf-8" and b"Webshop DB" in csv.content
    client.force_login(owner)
    assert client.get(url(org, "export.json")).status_code == 403


def test_an_uploaded_bad_file_lists_the_problems_and_changes_nothing(client, org, dpo, inventory):
    client.force_login(dpo)
    bad = {"systems": [{"name": "Laptops", "country": "Holland"}], "processors": [{"name": "X"}]}
    upload = SimpleUploadedFile("bad.json", json.dumps(bad).encode(), content_type="application/json")
    response = client.post(url(org, "import/"), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported" in html and "systems[0].country" in html and "processors[0].country" in html
    assert not System.objects.filter(name="Laptops").exists()
    garbage = SimpleUploadedFile("x.json", b"\xff\xfe not json", content_type="application/json")
    assert "not a JSON file" in client.post(url(org, "import/"), {"file": garbage}).content.decode()


# --- the incident page's card ---------------------------------------------------------------------------


def card(client, incident):
    return client.get(f"/incidents/{incident.pk}/systems/", HTTP_HX_REQUEST="true")


def test_the_incident_page_loads_the_card_with_htmx(client, owner, inventory):
    incident = make_incident(owner)
    client.force_login(owner)
    page = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert f'hx-get="/incidents/{incident.pk}/systems/"' in page
    response = card(client, incident)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "Webshop DB" in html and 'data-action="save-systems"' in html


def test_the_team_picks_systems_and_sees_the_derived_facts_with_their_source(
    client, owner, colleague, inventory
):
    incident = make_incident(owner)
    client.force_login(colleague)
    response = client.post(f"/incidents/{incident.pk}/systems/", {"systems": [inventory.webshop.pk]})
    assert response.status_code == 302 and response["Location"].endswith("#affected-systems")
    link = incident.inventory_links.get()
    assert (link.system, link.added_by) == (inventory.webshop, colleague)
    html = card(client, incident).content.decode()
    assert 'data-path="subjects_count" data-provenance="derived"' in html
    assert "20,000" in html and "upper bound" in html  # grouped as the reader's locale does
    assert "Shopify (IE)" in html
    timeline = client.get(f"/incidents/{incident.pk}/timeline/").content.decode()
    assert "Affected systems chosen" in timeline and "Facts proposed from the inventory" in timeline


def test_confirming_and_correcting_in_the_card(client, owner, inventory):
    incident = make_incident(owner)
    client.force_login(owner)
    client.post(
        f"/incidents/{incident.pk}/systems/", {"systems": [inventory.webshop.pk, inventory.mailbox.pk]}
    )
    client.post(f"/incidents/{incident.pk}/facts/confirm/", {"path": "protection.encryption"})
    client.post(
        f"/incidents/{incident.pk}/facts/confirm/",
        {"path": "data_categories", "correct": "1", "value": ["basic", "contact"]},
    )
    rows = selectors.fact_provenance(incident)
    assert (rows["protection.encryption"].status, rows["protection.encryption"].value) == ("recorded", "weak")
    assert rows["data_categories"].value == ["basic", "contact"] and rows["data_categories"].corrected
    html = card(client, incident).content.decode()
    assert 'data-path="data_categories" data-provenance="recorded"' in html and "inventory said" in html
    timeline = client.get(f"/incidents/{incident.pk}/timeline/").content.decode()
    assert "Proposed fact confirmed" in timeline and "Proposed fact corrected" in timeline


def test_a_correction_without_a_value_is_refused_and_changes_nothing(client, owner, inventory):
    incident = make_incident(owner)
    client.force_login(owner)
    client.post(f"/incidents/{incident.pk}/systems/", {"systems": [inventory.webshop.pk]})
    response = client.post(
        f"/incidents/{incident.pk}/facts/confirm/", {"path": "data_categories", "correct": "1"}, follow=True
    )
    assert "This field is required" in response.content.decode()
    assert selectors.fact_provenance(incident)["data_categories"].status == "derived"


def test_the_card_offers_a_refresh_when_the_inventory_changed(client, org, owner, dpo, inventory):
    incident = make_incident(owner)
    services.incident_set_affected_systems(
        actor=owner, incident_id=incident.pk, system_ids=[inventory.webshop.pk]
    )
    services.record_update(actor=dpo, model=System, record_id=inventory.webshop.pk, values={"backup": "none"})
    client.force_login(owner)
    assert 'id="proposal-stale"' in card(client, incident).content.decode()
    client.post(f"/incidents/{incident.pk}/systems/propose/")
    assert selectors.fact_provenance(incident)["protection.backup"].value == "none"
    assert 'id="proposal-stale"' not in card(client, incident).content.decode()


def test_a_closed_incident_shows_the_card_read_only(client, owner, dpo, inventory):
    incident = advance(make_incident(owner), "closed", team=owner, dpo=dpo)
    client.force_login(owner)
    html = card(client, incident).content.decode()
    assert 'data-action="save-systems"' not in html
    assert (
        client.post(f"/incidents/{incident.pk}/systems/", {"systems": [inventory.webshop.pk]}).status_code
        == 302
    )
    assert not incident.inventory_links.exists()


@pytest.mark.parametrize("person", ["outsider", "controller_user"])
def test_the_card_is_404_outside_the_incidents_organisation(client, owner, inventory, person, request):
    incident = make_incident(owner)
    client.force_login(request.getfixturevalue(person))
    assert card(client, incident).status_code == 404
    assert (
        client.post(f"/incidents/{incident.pk}/systems/", {"systems": [inventory.webshop.pk]}).status_code
        == 404
    )
    assert (
        client.post(f"/incidents/{incident.pk}/facts/confirm/", {"path": "subjects_count"}).status_code == 404
    )
    assert not incident.inventory_links.exists()


def test_the_lists_take_a_fixed_number_of_queries(client, org, dpo, inventory, django_assert_max_num_queries):
    client.force_login(dpo)
    for kind in ("systems", "activities", "processors"):
        with django_assert_max_num_queries(14):
            assert client.get(url(org, f"{kind}/")).status_code == 200
    assert Processor.objects.count() == 3
