"""The demo shows the whole flow with believable data: inventories for the web shop and the hosting processor,
incidents linked to the systems they hit, facts proposed and marked — and running it twice changes nothing."""

import pytest
from django.core.management import call_command

from incidents.models import Incident, Membership, Organisation, User
from incidents.verification import verify_all
from inventory import selectors
from inventory.models import IncidentFactProvenance, InventoryChange, ProcessingActivity, Processor, System


@pytest.mark.django_db
def test_seed_demo_loads_people_and_incidents_and_can_run_twice(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    output = capsys.readouterr().out
    assert "datalek-demo-2026" in output
    assert Incident.objects.count() == 8
    assert set(Incident.objects.values_list("status", flat=True)) >= {
        "detection",
        "containment",
        "assessment",
        "approval",
        "notification",
        "closed",
    }
    assert Membership.objects.filter(role="controller").exists()
    assert User.objects.get(username="sanne").check_password("datalek-demo-2026")
    checked, problems = verify_all(Incident.objects.all())
    assert (checked, problems) == (8, [])


@pytest.mark.django_db
def test_seed_demo_loads_both_inventories_links_the_incidents_and_can_run_twice():
    call_command("seed_demo")
    counts = (System.objects.count(), ProcessingActivity.objects.count(), Processor.objects.count())
    changes = InventoryChange.objects.count()
    provenance = IncidentFactProvenance.objects.count()
    call_command("seed_demo")
    assert (System.objects.count(), ProcessingActivity.objects.count(), Processor.objects.count()) == counts
    assert InventoryChange.objects.count() == changes and IncidentFactProvenance.objects.count() == provenance

    shop, host = Organisation.objects.get(slug="fietsenbaas"), Organisation.objects.get(slug="polderhost")
    assert set(System.objects.filter(organisation=shop).values_list("name", flat=True)) >= {
        "Webshop (Shopify)",
        "Customer portal",
        "Web server logs",
        "Newsletter (Laposta)",
        "Recruitment (Recruitee)",
    }
    assert {"PostNL Pakketten Benelux B.V.", "DHL Parcel Nederland B.V.", "Mollie B.V."} <= set(
        Processor.objects.filter(organisation=shop).values_list("name", flat=True)
    )
    applications = ProcessingActivity.objects.get(organisation=shop, name="Job applications")
    assert "Two months" in applications.retention and applications.subject_categories == ["job_applicants"]
    for_clients = ProcessingActivity.objects.filter(organisation=host, client_organisations__isnull=False)
    assert {c.slug for a in for_clients for c in a.client_organisations.all()} == {
        "bakkerij-van-dam",
        "tandartspraktijk-zuid",
    }

    mailbox = Incident.objects.get(organisation=host, title="Support mailbox accessed by an attacker")
    facts = selectors.fact_provenance(mailbox)
    assert facts["client_organisations"].status == "derived" and len(facts["client_organisations"].value) == 2
    assert mailbox.assessments.get().provenance["subjects_count"] == "derived"
    phishing = Incident.objects.get(organisation=shop, title__startswith="Phishing")
    assert set(phishing.assessments.get().provenance.values()) >= {"derived", "recorded", "missing"}
    assert Incident.objects.filter(inventory_links__isnull=False).distinct().count() == 5
    assert verify_all(Incident.objects.all())[1] == []


@pytest.mark.django_db
def test_seed_demo_files_one_authority_notice_with_its_reference_however_often_it_runs():
    from notifications.models import Notice

    call_command("seed_demo")
    call_command("seed_demo")
    (notice,) = Notice.objects.filter(kind=Notice.Kind.AUTHORITY)
    assert (notice.authority, notice.status, notice.reference) == (
        "AP",
        Notice.Status.FILED,
        "AP-2026-104233",
    )
    assert notice.drafted_by.username == "sanne" and notice.approved_by.username == "dora"
    incident = notice.incident
    assert incident.organisation.slug == "fietsenbaas" and incident.notify_authority is True
    assert (
        incident.authority_notified_at == notice.filed_at and incident.status == Incident.Status.NOTIFICATION
    )
    assert verify_all(Incident.objects.filter(pk=incident.pk))[1] == []


@pytest.mark.django_db
def test_seed_demo_has_one_incident_assessed_with_two_groups_once_however_often_it_runs():
    call_command("seed_demo")
    call_command("seed_demo")
    (incident,) = Incident.objects.filter(title__startswith="Customer export on the file server")
    assert incident.status == "assessment"
    (draft,) = incident.assessments.all()
    assert [(g["label"], g["subjects_count"]) for g in draft.facts["groups"]] == [
        ("customers", 1200),
        ("customer with a medical note", 1),
    ]
    verdicts = [(g["risk"], g["notify_subjects"]) for g in draft.decision["groups"]]
    assert verdicts == [("risk", False), ("high", True)]
    assert "health" in draft.facts["groups"][1]["data_categories"]
    assert "health" not in draft.facts["groups"][0]["data_categories"]
