"""On an incident: the team picks the affected systems, the inventory proposes the facts, each *derived* until
a person confirms (recorded, with who and when) or corrects it; refreshing never overwrites what is recorded.
Every step is in the incident's audit trail."""

import pytest
from django.core.exceptions import ValidationError

from datalek.errors import DomainError
from incidents.models import Incident
from incidents.verification import verify_all
from inventory import selectors, services
from inventory.models import IncidentFactProvenance, ProcessingActivity, System
from tests.inventory.builders import add, make_inventory
from tests.personas import advance, make_incident, member


@pytest.fixture
def inventory(org, dpo):
    return make_inventory(dpo, org)


@pytest.fixture
def hit(inventory, owner):
    """An incident on the web shop database."""
    incident = make_incident(owner)
    services.incident_set_affected_systems(
        actor=owner, incident_id=incident.pk, system_ids=[inventory.webshop.pk]
    )
    return incident


def facts_of(incident):
    return selectors.fact_provenance(incident)


def kinds(incident):
    return list(incident.events.order_by("sequence").values_list("kind", flat=True))


def test_picking_systems_proposes_derived_facts_with_their_source(hit):
    facts = facts_of(hit)
    assert facts["data_categories"].value == ["basic", "contact", "financial", "behavioural"]
    assert facts["subjects_count"].value == 20000
    assert facts["protection.encryption"].value == "state_of_the_art"
    assert [(p["name"], p["country"], p["parent"]) for p in facts["processors"].value] == [
        ("Google Cloud", "US", "Shopify"),  # a sub-processor of Shopify, outside the EEA
        ("Shopify", "IE", None),
    ]
    assert all(row.status == "derived" and row.confirmed_by is None for row in facts.values())
    assert facts["data_categories"].source == "from systems: Webshop DB (activities: Newsletter, Orders)"
    assert kinds(hit)[-2:] == ["affected_systems_set", "facts_proposed"]


def test_confirming_records_who_and_when_and_is_audited(hit, colleague):
    row = services.incident_confirm_fact(actor=colleague, incident_id=hit.pk, path="subjects_count")
    assert (row.status, row.value, row.confirmed_by) == ("recorded", 20000, colleague)
    assert row.confirmed_at is not None and not row.corrected
    event = hit.events.order_by("-sequence").first()
    assert event.kind == "fact_confirmed" and event.actor == colleague
    assert event.data["path"] == "subjects_count" and event.data["value"] == 20000


def test_correcting_makes_the_value_recorded_and_keeps_what_the_inventory_said(hit, owner):
    row = services.incident_confirm_fact(
        actor=owner, incident_id=hit.pk, path="data_categories", value=["contact", "basic"]
    )
    assert (row.status, row.value, row.derived_value) == (
        "recorded",
        ["basic", "contact"],
        ["basic", "contact", "financial", "behavioural"],
    )
    assert row.corrected
    assert hit.events.order_by("-sequence").first().kind == "fact_corrected"


def test_refreshing_never_overwrites_a_recorded_value(hit, owner, dpo, inventory):
    services.incident_confirm_fact(actor=owner, incident_id=hit.pk, path="subjects_count", value=150)
    services.record_update(
        actor=dpo, model=ProcessingActivity, record_id=inventory.orders.pk, values={"subjects_count": 50000}
    )
    services.record_update(
        actor=dpo, model=System, record_id=inventory.webshop.pk, values={"encryption": "weak"}
    )
    hit.refresh_from_db()
    assert selectors.proposal_is_stale(hit, facts_of(hit))
    services.incident_propose_facts(actor=owner, incident_id=hit.pk)
    facts = facts_of(hit)
    assert (facts["subjects_count"].status, facts["subjects_count"].value) == ("recorded", 150)
    assert (facts["protection.encryption"].status, facts["protection.encryption"].value) == (
        "derived",
        "weak",
    )
    assert not selectors.proposal_is_stale(hit, facts)


def test_taking_a_system_off_drops_its_derived_facts_but_keeps_recorded_ones(hit, owner, inventory):
    services.incident_confirm_fact(actor=owner, incident_id=hit.pk, path="processors")
    services.incident_set_affected_systems(actor=owner, incident_id=hit.pk, system_ids=[])
    facts = facts_of(hit)
    assert list(facts) == ["processors"] and facts["processors"].status == "recorded"
    assert not hit.inventory_links.exists()


def test_saving_the_same_systems_again_changes_nothing(hit, owner, inventory):
    before = hit.events.count()
    services.incident_set_affected_systems(actor=owner, incident_id=hit.pk, system_ids=[inventory.webshop.pk])
    assert hit.events.count() == before


def test_systems_of_another_organisation_are_refused(org, owner, other_org):
    other_dpo = member(other_org, "dpo", username="other-dpo")
    foreign = add(other_dpo, other_org, System, name="Their DB", country="NL")
    incident = make_incident(owner)
    with pytest.raises(ValidationError) as refused:
        services.incident_set_affected_systems(actor=owner, incident_id=incident.pk, system_ids=[foreign.pk])
    assert "systems" in refused.value.message_dict
    assert not incident.inventory_links.exists()


def test_only_the_incidents_team_may_pick_systems_or_confirm(hit, outsider, controller_user, inventory):
    for person in (outsider, controller_user):
        with pytest.raises(DomainError) as hidden:
            services.incident_set_affected_systems(actor=person, incident_id=hit.pk, system_ids=[])
        assert hidden.value.status == 404
        with pytest.raises(DomainError):
            services.incident_confirm_fact(actor=person, incident_id=hit.pk, path="subjects_count")
    assert facts_of(hit)["subjects_count"].status == "derived"


def test_a_closed_incident_cannot_be_changed(owner, dpo, inventory):
    incident = advance(make_incident(owner), "closed", team=owner, dpo=dpo)
    with pytest.raises(DomainError) as refused:
        services.incident_set_affected_systems(
            actor=owner, incident_id=incident.pk, system_ids=[inventory.webshop.pk]
        )
    assert refused.value.status == 409


def test_confirming_needs_a_proposal_or_a_value(owner, inventory):
    incident = make_incident(owner)
    with pytest.raises(DomainError) as nothing:
        services.incident_confirm_fact(actor=owner, incident_id=incident.pk, path="subjects_count")
    assert nothing.value.code == "nothing_proposed"
    row = services.incident_confirm_fact(actor=owner, incident_id=incident.pk, path="subjects_count", value=3)
    assert (row.status, row.derived_value, row.source) == ("recorded", None, "")


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("data_categories", ["basic", "shoe_size"]),
        ("data_categories", []),
        ("subjects_count", -1),
        ("subjects_count", "12"),
        ("protection.backup", "state_of_the_art"),
        ("processors", ["Shopify"]),
        ("processors", [999999]),
        ("client_organisations", [1]),
    ],
)
def test_a_correction_must_be_a_valid_value(hit, owner, path, value):
    with pytest.raises(ValidationError) as invalid:
        services.incident_confirm_fact(actor=owner, incident_id=hit.pk, path=path, value=value)
    assert "value" in invalid.value.message_dict
    assert IncidentFactProvenance.objects.filter(incident=hit, status="recorded").count() == 0


def test_an_unknown_fact_is_refused(hit, owner):
    with pytest.raises(ValidationError) as invalid:
        services.incident_confirm_fact(actor=owner, incident_id=hit.pk, path="recipients")
    assert "path" in invalid.value.message_dict


def test_as_processor_the_affected_clients_are_proposed_and_confirming_sets_them_on_the_incident(
    org, dpo, owner, client_org
):
    platform = add(dpo, org, System, name="Hosting platform", country="NL", encryption="state_of_the_art")
    add(
        dpo,
        org,
        ProcessingActivity,
        name="Hosting the bakery's shop",
        purpose="Host the web shop of the client.",
        data_categories=["basic", "contact"],
        subject_categories=["customers"],
        subjects_count=2500,
        systems=[platform],
        client_organisations=[client_org],
    )
    incident = make_incident(owner, our_role=Incident.OurRole.PROCESSOR)
    services.incident_set_affected_systems(actor=owner, incident_id=incident.pk, system_ids=[platform.pk])
    proposed = facts_of(incident)["client_organisations"]
    assert (proposed.status, proposed.value) == (
        "derived",
        [{"id": client_org.pk, "name": "Bakkerij van Dam"}],
    )
    assert not incident.client_organisations.exists()  # a proposal is not a fact of the incident
    services.incident_confirm_fact(actor=owner, incident_id=incident.pk, path="client_organisations")
    assert list(incident.client_organisations.all()) == [client_org]
    assert kinds(incident)[-2:] == ["fact_confirmed", "updated"]


def test_the_audit_chain_stays_intact_through_all_of_it(hit, owner, dpo, inventory):
    services.incident_confirm_fact(actor=owner, incident_id=hit.pk, path="subjects_count", value=10)
    services.incident_propose_facts(actor=owner, incident_id=hit.pk)
    services.incident_set_affected_systems(
        actor=owner, incident_id=hit.pk, system_ids=[inventory.webshop.pk, inventory.mailbox.pk]
    )
    assert verify_all(Incident.objects.all()) == (1, [])


def test_an_archived_activity_no_longer_counts(hit, owner, dpo, inventory):
    services.record_archive(actor=dpo, model=ProcessingActivity, record_id=inventory.newsletter.pk)
    services.incident_propose_facts(actor=owner, incident_id=hit.pk)
    facts = facts_of(hit)
    assert facts["subjects_count"].value == 12000
    assert "behavioural" not in facts["data_categories"].value
