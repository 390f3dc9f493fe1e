"""Import and export: the inventory round-trips; a bad file is refused as a whole, naming each record and
field, and nothing changes; importing the same file again changes nothing."""

import copy
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from datalek.errors import DomainError
from inventory import exchange, services
from inventory.models import InventoryChange, ProcessingActivity, Processor, System
from tests.inventory.builders import make_inventory
from tests.personas import OrganisationFactory, member


def export(organisation):
    document = exchange.export_document(organisation, exported_at=timezone.now())
    return {k: v for k, v in document.items() if k not in ("exported_at", "organisation")}


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("name", "updated_at"))
        for model in (System, Processor, ProcessingActivity)
    } | {"changes": InventoryChange.objects.count()}


@pytest.fixture
def inventory(org, dpo, client_org):
    inventory = make_inventory(dpo, org)
    services.record_update(
        actor=dpo,
        model=ProcessingActivity,
        record_id=inventory.support.pk,
        values={"client_organisations": [client_org]},
    )
    services.record_archive(actor=dpo, model=Processor, record_id=inventory.zendesk.pk)
    return inventory


def test_the_export_names_records_by_name_and_clients_by_short_name(org, inventory, client_org):
    document = exchange.export_document(org, exported_at=timezone.now())
    assert document["format"] == "datalek-inventory" and document["version"] == 1
    gcp = next(p for p in document["processors"] if p["name"] == "Google Cloud")
    assert gcp == {
        "name": "Google Cloud",
        "country": "US",
        "role": "sub_processor",
        "contact": "",
        "parent": "Shopify",
        "archived": False,
    }
    support = next(a for a in document["processing_activities"] if a["name"] == "Customer service")
    assert support["systems"] == ["Support mailbox"] and support["client_organisations"] == [client_org.slug]
    assert next(p for p in document["processors"] if p["name"] == "Zendesk")["archived"] is True


def test_importing_the_export_again_changes_nothing(org, dpo, inventory):
    before = snapshot()
    document = exchange.export_document(org, exported_at=timezone.now())
    result = services.inventory_import(actor=dpo, organisation=org, document=json.loads(json.dumps(document)))
    assert result.as_dict() == {"created": 0, "updated": 0, "unchanged": 8}
    assert snapshot() == before


def test_export_then_import_into_an_empty_inventory_round_trips(org, dpo, inventory):
    other = OrganisationFactory(name="Fietsenbaas Belgium BV", slug="fietsenbaas-be")
    other_dpo = member(other, "dpo", username="be-dpo")
    document = exchange.export_document(org, exported_at=timezone.now())
    for activity in document["processing_activities"]:
        activity["client_organisations"] = []  # clients belong to the processor that has them
    result = services.inventory_import(actor=other_dpo, organisation=other, document=document)
    assert result.as_dict() == {"created": 8, "updated": 0, "unchanged": 0}
    assert export(other) == {**export(org), "processing_activities": document["processing_activities"]}
    again = services.inventory_import(actor=other_dpo, organisation=other, document=document)
    assert again.unchanged == 8


def test_an_import_updates_by_name_and_leaves_other_records_alone(org, dpo, inventory):
    document = {
        "systems": [
            {"name": "Webshop DB", "country": "IE", "hosting_processor": "Shopify", "encryption": "weak"},
            {"name": "Warehouse scanner", "country": "NL"},
        ]
    }
    result = services.inventory_import(actor=dpo, organisation=org, document=document)
    assert result.as_dict() == {"created": 1, "updated": 1, "unchanged": 0}
    assert System.objects.get(name="Webshop DB").encryption == "weak"
    assert System.objects.filter(name="Support mailbox").exists()
    assert InventoryChange.objects.filter(action="updated", record_name="Webshop DB").get().changes == {
        "encryption": {"old": "state_of_the_art", "new": "weak"},
        "hashing": {"old": "state_of_the_art", "new": "none"},
        "backup": {"old": "recent", "new": "none"},
    }


def test_a_bad_file_is_refused_with_every_problem_named_and_nothing_changes(org, dpo, inventory):
    before = snapshot()
    document = copy.deepcopy(exchange.export_document(org, exported_at=timezone.now()))
    document["systems"].append({"name": "Laptops", "country": "Holland", "encryption": "bitlocker"})
    document["systems"][0]["backup"] = 3
    document["processors"].append({"name": "Mollie", "country": "NL", "parent": "Nobody"})
    document["processing_activities"][0]["data_categories"] = ["basic", "shoe_size"]
    document["processing_activities"][0]["systems"].append("Mainframe")
    document["processing_activities"].append({"name": "Orders", "purpose": "again"})
    document["surprise"] = True
    with pytest.raises(ValidationError) as refused:
        services.inventory_import(actor=dpo, organisation=org, document=document)
    errors = refused.value.message_dict
    laptops = len(document["systems"]) - 1
    assert "“Laptops”" in errors[f"systems[{laptops}].country"][0]
    assert f"systems[{laptops}].encryption" in errors
    assert "Must be a string" in errors["systems[0].backup"][0]
    assert "Unknown processor: Nobody" in errors[f"processors[{len(document['processors']) - 1}].parent"][0]
    assert "shoe_size" in errors["processing_activities[0].data_categories"][0]
    assert "Mainframe" in errors["processing_activities[0].systems"][0]
    assert f"processing_activities[{len(document['processing_activities']) - 1}].name" in errors
    assert "surprise" in errors
    assert snapshot() == before


@pytest.mark.parametrize(
    "document", [[], "inventory", {"format": "something-else"}, {"version": 2}, {"systems": {}}]
)
def test_documents_of_the_wrong_shape_are_refused(org, dpo, document):
    with pytest.raises(ValidationError):
        services.inventory_import(actor=dpo, organisation=org, document=document)
    assert not System.objects.exists()


def test_a_cycle_of_sub_processors_is_refused(org, dpo):
    document = {
        "processors": [
            {"name": "A", "country": "NL", "role": "sub_processor", "parent": "B"},
            {"name": "B", "country": "NL", "role": "sub_processor", "parent": "A"},
        ]
    }
    with pytest.raises(ValidationError) as refused:
        services.inventory_import(actor=dpo, organisation=org, document=document)
    assert "processors[0].parent" in refused.value.message_dict
    assert not Processor.objects.exists()


def test_sub_processors_may_come_before_their_processor_in_the_file(org, dpo):
    document = {
        "processors": [
            {"name": "AWS", "country": "DE", "role": "sub_processor", "parent": "Zendesk"},
            {"name": "Zendesk", "country": "IE"},
        ]
    }
    services.inventory_import(actor=dpo, organisation=org, document=document)
    assert Processor.objects.get(name="AWS").parent.name == "Zendesk"


def test_only_the_dpo_imports(org, owner, outsider):
    with pytest.raises(DomainError) as refused:
        services.inventory_import(actor=owner, organisation=org, document={})
    assert refused.value.status == 403
    with pytest.raises(DomainError) as hidden:
        services.inventory_import(actor=outsider, organisation=org, document={})
    assert hidden.value.status == 404


def test_the_commands_round_trip_through_a_file(org, dpo, inventory, tmp_path, capsys):
    call_command("inventory_export", org.slug)
    path = tmp_path / "inventory.json"
    path.write_text(capsys.readouterr().out)
    before = snapshot()
    call_command("inventory_import", org.slug, str(path))
    assert "0 new, 0 changed, 8 unchanged" in capsys.readouterr().out
    assert snapshot() == before


def test_the_import_command_prints_each_problem_and_changes_nothing(org, tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"systems": [{"name": "Webshop DB", "country": "NLD"}]}))
    with pytest.raises(CommandError) as refused:
        call_command("inventory_import", org.slug, str(path))
    assert refused.value.returncode == 2
    assert "systems[0].country" in capsys.readouterr().err
    assert not System.objects.exists()
    (tmp_path / "broken.json").write_text("{not json")
    with pytest.raises(CommandError, match="not JSON"):
        call_command("inventory_import", org.slug, str(tmp_path / "broken.json"))


def test_a_table_exports_as_csv(org, inventory, capsys):
    call_command("inventory_export", org.slug, "--csv", "processing_activities")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("\ufeffname,purpose,legal_basis,data_categories")  # UTF-8 for spreadsheets too
    assert any(line.startswith("Orders,") and "basic; contact; financial" in line for line in lines)


def test_the_csv_export_never_writes_a_formula(org, dpo, capsys):
    """CSV injection: a record named like a formula is written as text (a leading apostrophe), on the command line
    and on the web (issue 13, failure 5)."""
    from tests.inventory.builders import add

    add(
        dpo,
        org,
        Processor,
        name='=HYPERLINK("http://evil.example","click")',
        country="IE",
        contact="+cmd|' /C calc'!A0",
    )
    call_command("inventory_export", org.slug, "--csv", "processors")
    out = capsys.readouterr().out
    assert "'=HYPERLINK(" in out and "'+cmd|" in out
    lines = out.splitlines()[1:]
    assert not any(cell.startswith(("=", "+", "-", "@")) for line in lines for cell in line.split(","))


def test_every_over_long_field_is_named_by_its_path_and_nothing_changes(org, dpo, inventory):
    before = snapshot()
    document = copy.deepcopy(exchange.export_document(org, exported_at=timezone.now()))
    document["processors"].append({"name": "P" * 201, "country": "NL", "contact": "c" * 301})
    document["systems"].append(
        {
            "name": "Laptops",
            "country": "NL",
            "owner": "o" * 201,
            "hosting": "h" * 201,
            "hosting_processor": "x" * 300,
        }
    )
    document["processing_activities"].append(
        {
            "name": "Orders",
            "purpose": "p",
            "retention": "r" * 301,
            "legal_basis": "l" * 31,
            "systems": ["s" * 500],
        }
    )
    with pytest.raises(ValidationError) as refused:
        services.inventory_import(actor=dpo, organisation=org, document=document)
    errors = refused.value.message_dict
    p, s, a = (len(document[k]) - 1 for k in ("processors", "systems", "processing_activities"))
    for path in (
        f"processors[{p}].name",
        f"processors[{p}].contact",
        f"systems[{s}].owner",
        f"systems[{s}].hosting",
        f"systems[{s}].hosting_processor",
        f"processing_activities[{a}].retention",
        f"processing_activities[{a}].legal_basis",
        f"processing_activities[{a}].systems",
    ):
        assert path in errors, (path, errors)
    assert "300" in errors[f"processing_activities[{a}].retention"][0]
    assert snapshot() == before


def test_a_nul_character_in_any_text_is_named_by_its_path_and_nothing_changes(org, dpo, inventory):
    before = snapshot()
    document = copy.deepcopy(exchange.export_document(org, exported_at=timezone.now()))
    document["systems"].append({"name": "Laptops", "country": "NL", "description": "disk\u0000image"})
    document["processing_activities"].append({"name": "Orders\u0000", "purpose": "p"})
    with pytest.raises(ValidationError) as refused:
        services.inventory_import(actor=dpo, organisation=org, document=document)
    errors = refused.value.message_dict
    s, a = len(document["systems"]) - 1, len(document["processing_activities"]) - 1
    assert "NUL" in errors[f"systems[{s}].description"][0]
    assert "NUL" in errors[f"processing_activities[{a}].name"][0]
    assert snapshot() == before
