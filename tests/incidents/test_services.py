"""Logging and editing incidents: the facts are checked, bad input changes nothing, references count up."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from datalek.errors import DomainError
from incidents import services
from incidents.models import Incident, IncidentEvent, Organisation
from tests.personas import advance, make_incident, valid_facts


def _errors(actor, org, **overrides):
    with pytest.raises(ValidationError) as refused:
        services.incident_create(actor=actor, organisation=org, facts=valid_facts(**overrides))
    assert not Incident.objects.exists()
    return refused.value.message_dict


def test_logging_an_incident_starts_in_detection_with_a_reference_and_the_deadline(owner, org):
    incident = make_incident(owner)
    assert incident.status == "detection"
    assert incident.reference == f"DL-{timezone.localtime().year}-0001"
    assert incident.authority_deadline == incident.aware_at + timedelta(hours=72)
    assert incident.reported_by == owner
    created = IncidentEvent.objects.get(incident=incident)
    assert created.kind == "created" and created.data["values"]["title"] == incident.title


def test_references_count_per_organisation_and_restart_each_year(owner, outsider):
    with time_machine.travel("2026-12-31 12:00 +01:00"):
        first = make_incident(owner)
        second = make_incident(owner)
        elsewhere = make_incident(outsider)
    with time_machine.travel("2027-01-01 12:00 +01:00"):
        next_year = make_incident(owner)
    assert [first.reference, second.reference, elsewhere.reference, next_year.reference] == [
        "DL-2026-0001",
        "DL-2026-0002",
        "DL-2026-0001",
        "DL-2027-0001",
    ]


def test_awareness_before_the_breach_started_is_refused(owner, org):
    now = timezone.now()
    errors = _errors(
        owner,
        org,
        occurred_from=now - timedelta(hours=2),
        occurred_until=now - timedelta(hours=1),
        detected_at=now - timedelta(hours=3),
        aware_at=now - timedelta(hours=3),
    )
    assert "aware_at" in errors and "detected_at" in errors


def test_awareness_in_the_future_is_refused(owner, org):
    errors = _errors(owner, org, aware_at=timezone.now() + timedelta(hours=1))
    assert any("future" in message for message in errors["aware_at"])


def test_a_moment_before_1970_is_refused_as_a_typo_in_the_year(owner, org):
    """Year 6 was accepted and came back with a local-mean-time offset in seconds, no ISO 8601 date-time
    (found by schemathesis)."""
    ancient = datetime(6, 3, 5, tzinfo=UTC)
    errors = _errors(owner, org, occurred_from=ancient, detected_at=ancient, aware_at=ancient)
    assert {"occurred_from", "detected_at", "aware_at"} <= set(errors)
    assert any("1970" in message for message in errors["aware_at"])


def test_awareness_before_detection_is_refused(owner, org):
    now = timezone.now()
    errors = _errors(owner, org, detected_at=now - timedelta(hours=1), aware_at=now - timedelta(hours=2))
    assert "aware_at" in errors


def test_a_breach_cannot_end_before_it_started(owner, org):
    now = timezone.now()
    errors = _errors(
        owner, org, occurred_from=now - timedelta(hours=5), occurred_until=now - timedelta(hours=6)
    )
    assert "occurred_until" in errors


@pytest.mark.parametrize(
    ("occurrence", "overrides", "field"),
    [
        ("period", {"occurred_from": None}, "occurred_from"),
        ("period", {"occurred_until": None}, "occurred_until"),
        ("ongoing", {}, "occurred_until"),
        ("unknown", {}, "occurrence"),
    ],
)
def test_the_occurrence_kind_and_its_moments_must_agree(owner, org, occurrence, overrides, field):
    assert field in _errors(owner, org, occurrence=occurrence, **overrides)


@pytest.mark.parametrize("field", ["title", "description", "aware_established_by", "aware_justification"])
def test_required_facts_are_named_when_missing(owner, org, field):
    assert field in _errors(owner, org, **{field: ""})


def test_unknown_fields_are_refused(owner, org):
    assert "status" in _errors(owner, org, status="closed")


def test_only_the_team_of_the_organisation_may_log_an_incident(controller_user, outsider, org):
    for person in (controller_user, outsider):
        with pytest.raises(DomainError) as refused:
            services.incident_create(actor=person, organisation=org, facts=valid_facts())
        assert refused.value.status == 403
    assert not Incident.objects.exists()


def test_a_processor_incident_names_its_own_client_organisations(owner, org, client_org):
    incident = make_incident(owner, our_role="processor", clients=[client_org])
    assert list(incident.client_organisations.all()) == [client_org]
    assert IncidentEvent.objects.get(incident=incident).data["values"]["client_organisations"] == [
        {"id": client_org.id, "name": client_org.name}
    ]


def test_clients_of_another_processor_or_a_controller_incident_are_refused(owner, org, client_org, other_org):
    foreign = Organisation.objects.create(
        name="Other client", slug="other-client", kind="client", processor=other_org
    )
    with pytest.raises(ValidationError) as refused:
        services.incident_create(
            actor=owner, organisation=org, facts=valid_facts(our_role="processor"), clients=[foreign]
        )
    assert "client_organisations" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.incident_create(actor=owner, organisation=org, facts=valid_facts(), clients=[client_org])
    assert "client_organisations" in refused.value.message_dict
    assert not Incident.objects.exists()


def test_a_refused_edit_changes_nothing(incident, owner):
    before = (incident.title, incident.aware_at, incident.audit_event_count)
    with pytest.raises(ValidationError):
        services.incident_update(
            actor=owner,
            incident_id=incident.pk,
            changes={"title": "New title", "aware_at": timezone.now() + timedelta(days=1)},
        )
    incident.refresh_from_db()
    assert (incident.title, incident.aware_at, incident.audit_event_count) == before


def test_correcting_awareness_moves_the_deadline_and_is_audited(incident, owner):
    earlier = incident.aware_at - timedelta(minutes=30)
    updated = services.incident_update(actor=owner, incident_id=incident.pk, changes={"aware_at": earlier})
    assert updated.authority_deadline == earlier + timedelta(hours=72)
    change = IncidentEvent.objects.filter(incident=incident).latest("sequence").data["changes"]["aware_at"]
    assert change["new"] == earlier.isoformat()


def test_a_closed_incident_cannot_be_edited(owner, dpo):
    incident = advance(make_incident(owner), "closed", team=owner, dpo=dpo)
    with pytest.raises(DomainError) as refused:
        services.incident_update(actor=owner, incident_id=incident.pk, changes={"title": "x"})
    assert refused.value.code == "incident_closed"


def test_recording_containment_as_contained_needs_measures_and_stamps_the_time(incident, owner):
    with pytest.raises(ValidationError) as refused:
        services.incident_update(
            actor=owner, incident_id=incident.pk, changes={"containment_status": "contained"}
        )
    assert "containment_measures" in refused.value.message_dict
    updated = services.incident_update(
        actor=owner,
        incident_id=incident.pk,
        changes={"containment_status": "contained", "containment_measures": "Mailbox password reset."},
    )
    assert updated.contained_at is not None
