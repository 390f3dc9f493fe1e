"""The audit trail: every change leaves an event, events chain by hash, tampering is detected, and no code
path (ORM, admin, SQL) updates or deletes an event."""

from datetime import timedelta
from itertools import pairwise

import pytest
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from incidents import services
from incidents.audit import GENESIS, verify_chain
from incidents.models import AuditTrailImmutable, IncidentEvent
from incidents.tasks import audit_verify_all
from tests.personas import advance, make_incident


def _chain(incident):
    return list(IncidentEvent.objects.filter(incident=incident).order_by("sequence"))


@pytest.fixture
def worked(owner, dpo):
    """An incident taken to approval: created, edited, moved, assessed."""
    incident = make_incident(owner)
    advance(incident, "approval", team=owner, dpo=dpo)
    return incident


def test_every_change_leaves_an_event_with_actor_and_time(worked, owner):
    kinds = [e.kind for e in _chain(worked)]
    assert kinds == [
        "created",
        "transition",
        "transition",
        "updated",
        "transition",
        "assessment_run",
        "assessment_finalised",
        "transition",
    ]
    assert all(e.actor == owner and e.created_at for e in _chain(worked))


def test_an_edit_records_which_fields_changed_from_what_to_what(incident, owner):
    old_title = incident.title
    services.incident_update(
        actor=owner, incident_id=incident.pk, changes={"title": "Wrong recipient (2 people)"}
    )
    event = _chain(incident)[-1]
    assert event.kind == "updated"
    assert event.data["changes"] == {"title": {"old": old_title, "new": "Wrong recipient (2 people)"}}


def test_an_edit_that_changes_nothing_writes_no_event(incident, owner):
    count = incident.audit_event_count
    services.incident_update(actor=owner, incident_id=incident.pk, changes={"title": incident.title})
    incident.refresh_from_db()
    assert incident.audit_event_count == count


def test_events_form_a_hash_chain_ending_in_the_incident_head(worked):
    events = _chain(worked)
    assert events[0].prev_hash == GENESIS
    assert [e.sequence for e in events] == list(range(1, len(events) + 1))
    assert all(later.prev_hash == earlier.hash for earlier, later in pairwise(events))
    worked.refresh_from_db()
    assert worked.audit_head_hash == events[-1].hash
    assert verify_chain(worked, events) == []


def _tamper(sql, params):
    """Change the trail behind the application's back, as someone with database access could."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # a superuser switching triggers off
        cursor.execute(sql, params)
        cursor.execute("SET session_replication_role = origin")


def test_an_altered_event_is_reported(worked, capsys):
    event = _chain(worked)[1]
    _tamper(
        "UPDATE incidents_incidentevent SET data = %s WHERE id = %s",
        [
            '{"transition": "start_triage", "from": "detection", "to": "triage", "reason": "edited later"}',
            event.pk,
        ],
    )

    problems = verify_chain(worked, _chain(worked))
    assert [(p.sequence, "altered" in p.message) for p in problems] == [(2, True)]
    with pytest.raises(CommandError, match="1 problem"):
        call_command("verify_audit")
    assert f"{worked.reference}" in capsys.readouterr().err


def test_an_event_removed_from_the_middle_is_reported(worked):
    _tamper("DELETE FROM incidents_incidentevent WHERE incident_id = %s AND sequence = 3", [worked.pk])
    messages = [p.message for p in verify_chain(worked, _chain(worked))]
    assert any("removed" in m for m in messages)


def test_the_newest_event_removed_is_reported(worked):
    _tamper(
        "DELETE FROM incidents_incidentevent WHERE incident_id = %s AND sequence = %s",
        [worked.pk, worked.audit_event_count],
    )
    worked.refresh_from_db()
    problems = verify_chain(worked, _chain(worked))
    assert len(problems) == 1 and problems[0].sequence is None


def test_a_rewritten_actor_is_reported(worked, dpo):
    _tamper(
        "UPDATE incidents_incidentevent SET actor_id = %s WHERE incident_id = %s AND sequence = 1",
        [dpo.pk, worked.pk],
    )
    assert verify_chain(worked, _chain(worked))


def test_verify_audit_passes_on_an_intact_trail(worked, capsys):
    call_command("verify_audit")
    assert "intact for 1 incident" in capsys.readouterr().out


def test_the_periodic_task_reports_tampering(worked):
    assert audit_verify_all() == {"checked": 1, "problems": []}
    _tamper(
        "UPDATE incidents_incidentevent SET actor_label = 'someone else' WHERE incident_id = %s", [worked.pk]
    )
    assert len(audit_verify_all()["problems"]) == worked.audit_event_count


def test_the_orm_has_no_update_or_delete_path(worked):
    event = _chain(worked)[0]
    with pytest.raises(AuditTrailImmutable):
        IncidentEvent.objects.filter(pk=event.pk).update(actor_label="x")
    with pytest.raises(AuditTrailImmutable):
        IncidentEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AuditTrailImmutable):
        event.delete()
    event.actor_label = "x"
    with pytest.raises(AuditTrailImmutable):
        event.save()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE incidents_incidentevent SET actor_label = 'x' WHERE incident_id = %s",
        "DELETE FROM incidents_incidentevent WHERE incident_id = %s",
    ],
)
def test_the_database_refuses_updates_and_deletes_of_events(worked, sql):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [worked.pk])
    assert len(_chain(worked)) == worked.audit_event_count


def test_the_admin_shows_events_read_only(worked, django_user_model):
    admin_user = django_user_model.objects.create_superuser("root", "root@example.org", "pw-for-admin-test")
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    event_admin = site._registry[IncidentEvent]
    event = _chain(worked)[0]
    assert not event_admin.has_add_permission(request)
    assert not event_admin.has_change_permission(request, event)
    assert not event_admin.has_delete_permission(request, event)
    assert event_admin.get_actions(request) == {}


def test_event_times_are_aware_and_in_order(worked):
    times = [e.created_at for e in _chain(worked)]
    assert all(t.tzinfo is not None for t in times)
    assert times == sorted(times)
    assert times[-1] - times[0] < timedelta(minutes=1)


def test_an_actor_with_a_very_long_name_is_audited_under_a_shortened_label(incident, owner):
    """A first and a last name of 150 characters each (Django allows them) made every audited act a DataError."""
    owner.first_name, owner.last_name = "A" * 150, "B" * 150
    owner.save(update_fields=["first_name", "last_name"])

    services.incident_update(actor=owner, incident_id=incident.pk, changes={"title": "A new title"})

    event = IncidentEvent.objects.filter(incident=incident).order_by("-sequence").first()
    assert event.actor_id == owner.pk and len(event.actor_label) == 200 and event.actor_label.endswith("…")
    assert verify_chain(incident.__class__.objects.get(pk=incident.pk), _chain(incident)) == []
