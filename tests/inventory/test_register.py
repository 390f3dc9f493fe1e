"""The register: the DPO edits it, the security team reads it, nobody else sees it; names are unique; the
vocabulary is checked; what an incident refers to is archived, never deleted."""

import pytest
from django.core.exceptions import ValidationError

from datalek.errors import DomainError
from inventory import selectors, services
from inventory.models import InventoryChange, ProcessingActivity, Processor, System
from tests.inventory.builders import add, make_inventory
from tests.personas import OrganisationFactory, make_incident, member


def test_the_dpo_adds_a_system_and_the_change_is_logged(org, dpo):
    system = add(dpo, org, System, name="  Webshop DB ", country="ie", encryption="weak")
    assert (system.name, system.country, system.encryption) == ("Webshop DB", "IE", "weak")
    change = InventoryChange.objects.get()
    assert (change.actor, change.action, change.record_type, change.record_name) == (
        dpo,
        "created",
        "system",
        "Webshop DB",
    )


def test_the_security_team_may_not_edit_the_register(org, owner):
    with pytest.raises(DomainError) as refused:
        add(owner, org, System, name="Webshop DB", country="NL")
    assert refused.value.status == 403
    assert not System.objects.exists()


def test_people_of_other_organisations_and_controller_users_get_not_found(
    org, dpo, outsider, controller_user
):
    system = add(dpo, org, System, name="Webshop DB", country="NL")
    for person in (outsider, controller_user):
        with pytest.raises(DomainError) as refused:
            add(person, org, System, name="Other", country="NL")
        assert refused.value.status == 404
        with pytest.raises(DomainError) as hidden:
            services.record_update(actor=person, model=System, record_id=system.pk, values={"name": "X"})
        assert hidden.value.status == 404
        with pytest.raises(DomainError):
            selectors.record_get(person, System, system.pk)


def test_names_are_unique_per_organisation_only(org, dpo, other_org):
    add(dpo, org, System, name="Webshop DB", country="NL")
    with pytest.raises(ValidationError) as duplicate:
        add(dpo, org, System, name="Webshop DB", country="DE")
    assert "name" in duplicate.value.message_dict
    other_dpo = member(other_org, "dpo", username="other-dpo")
    assert add(other_dpo, other_org, System, name="Webshop DB", country="NL").pk


def test_values_outside_the_vocabulary_are_refused_field_by_field(org, dpo):
    with pytest.raises(ValidationError) as invalid:
        add(dpo, org, System, name="Webshop DB", country="XX", encryption="military", backup="daily")
    assert {"country", "encryption", "backup"} <= set(invalid.value.message_dict)
    with pytest.raises(ValidationError) as categories:
        add(
            dpo,
            org,
            ProcessingActivity,
            name="Orders",
            purpose="Orders",
            data_categories=["basic", "shoe_size"],
            subject_categories=["aliens"],
            legal_basis="because",
        )
    assert {"data_categories", "subject_categories", "legal_basis"} <= set(categories.value.message_dict)
    assert "shoe_size" in str(categories.value.message_dict["data_categories"])


def test_categories_are_kept_in_the_vocabulary_order(org, dpo):
    activity = add(
        dpo, org, ProcessingActivity, name="Orders", purpose="Orders", data_categories=["financial", "basic"]
    )
    assert activity.data_categories == ["basic", "financial"]


def test_records_may_not_point_into_another_organisation(org, dpo, other_org):
    other_dpo = member(other_org, "dpo", username="other-dpo")
    foreign = add(other_dpo, other_org, Processor, name="Elsewhere", country="NL")
    with pytest.raises(ValidationError) as refused:
        add(dpo, org, System, name="Webshop DB", country="NL", hosting_processor=foreign)
    assert "hosting_processor" in refused.value.message_dict


def test_an_activity_is_done_only_for_our_own_clients(org, dpo, client_org, other_org):
    stranger = OrganisationFactory(name="Someone else's client", kind="client", processor=other_org)
    activity = add(
        dpo, org, ProcessingActivity, name="Hosting", purpose="Host", client_organisations=[client_org]
    )
    assert list(activity.client_organisations.all()) == [client_org]
    with pytest.raises(ValidationError) as refused:
        add(dpo, org, ProcessingActivity, name="Other", purpose="Host", client_organisations=[stranger])
    assert "client_organisations" in refused.value.message_dict


def test_a_sub_processor_hangs_under_a_processor_and_never_under_itself(org, dpo):
    inventory = make_inventory(dpo, org)
    assert inventory.gcp.parent == inventory.shopify
    with pytest.raises(ValidationError) as loop:
        services.record_update(
            actor=dpo,
            model=Processor,
            record_id=inventory.shopify.pk,
            values={"role": "sub_processor", "parent": inventory.gcp},
        )
    assert "parent" in loop.value.message_dict
    with pytest.raises(ValidationError):
        add(dpo, org, Processor, name="Plain", country="NL", parent=inventory.shopify)  # not a sub-processor


def test_saving_without_changes_writes_nothing(org, dpo):
    system = add(dpo, org, System, name="Webshop DB", country="NL")
    services.record_update(actor=dpo, model=System, record_id=system.pk, values={"name": "Webshop DB"})
    assert InventoryChange.objects.count() == 1


def test_an_unused_record_can_be_deleted(org, dpo):
    system = add(dpo, org, System, name="Old CRM", country="NL")
    services.record_delete(actor=dpo, model=System, record_id=system.pk)
    assert not System.objects.exists()
    assert InventoryChange.objects.filter(action="deleted", record_name="Old CRM").exists()


def test_a_system_an_incident_refers_to_is_archived_not_deleted(org, dpo, owner):
    inventory = make_inventory(dpo, org)
    incident = make_incident(owner)
    services.incident_set_affected_systems(
        actor=owner, incident_id=incident.pk, system_ids=[inventory.mailbox.pk]
    )
    with pytest.raises(DomainError) as refused:
        services.record_delete(actor=dpo, model=System, record_id=inventory.mailbox.pk)
    assert refused.value.status == 409 and refused.value.code == "in_use"
    assert incident.reference in refused.value.message and "Archive it instead" in refused.value.message
    with pytest.raises(DomainError):
        services.record_delete(actor=dpo, model=ProcessingActivity, record_id=inventory.support.pk)
    archived = services.record_archive(actor=dpo, model=System, record_id=inventory.mailbox.pk)
    assert archived.is_archived
    assert InventoryChange.objects.filter(action="archived", record_name="Support mailbox").exists()
    restored = services.record_archive(
        actor=dpo, model=System, record_id=inventory.mailbox.pk, archived=False
    )
    assert not restored.is_archived


def test_a_processor_in_use_by_systems_activities_or_sub_processors_cannot_be_deleted(org, dpo):
    inventory = make_inventory(dpo, org)
    with pytest.raises(DomainError) as refused:
        services.record_delete(actor=dpo, model=Processor, record_id=inventory.shopify.pk)
    message = refused.value.message
    assert (
        "hosts Webshop DB" in message
        and "activity Orders" in message
        and "sub-processor Google Cloud" in message
    )
