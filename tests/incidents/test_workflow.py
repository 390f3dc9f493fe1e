"""The one workflow driver (incidents/workflow.py): ``options(obj, user)`` says for every machine — the incident,
a notice, a client's alert — what this user may do now and why not the rest; ``take(obj, name, actor)`` locks the
incident then the notice, checks, transitions, saves only what changed and writes the audit event."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from datalek.errors import Conflict, DomainError
from incidents import services, workflow
from incidents.models import Incident, IncidentEvent
from notifications import services as notice_services
from notifications.models import Notice
from risk import services as risk_services
from tests.notifications.conftest import decided
from tests.personas import advance, make_incident
from tests.portal.conftest import *  # noqa: F403 - a processor's clients and its incident are fixtures
from tests.portal.conftest import processor_incident


def _by_name(obj, user) -> dict[str, workflow.Option]:
    return {option.name: option for option in workflow.options(obj, user)}


def _approval(owner, dpo) -> Incident:
    return advance(make_incident(owner), "approval", team=owner, dpo=dpo)


# --- options(): the incident ---------------------------------------------------------------------------------------


def test_incident_options_say_what_the_team_may_do_now_and_why_not_the_rest(owner, dpo):
    incident = advance(make_incident(owner), "triage", team=owner, dpo=dpo)
    options = _by_name(incident, owner)
    assert [o.name for o in workflow.available(incident, owner)] == ["confirm_breach", "close_not_breach"]
    assert (
        options["confirm_breach"].label == "Confirm: personal-data breach"
        and options["confirm_breach"].reason == ""
    )
    wrong = options["start_triage"]
    assert not wrong.available and wrong.obstacle == workflow.STATUS
    assert wrong.reason == "“Start triage” is not possible while the incident is in “Triage”."
    # Every transition of the machine is listed once, whatever the status.
    assert sorted(options) == sorted(workflow.machine_of(Incident).names())


def test_incident_options_name_the_role_and_the_conditions_that_block(owner, dpo, outsider):
    incident = _approval(owner, dpo)
    by_team = _by_name(incident, owner)["approve"]
    assert not by_team.available and by_team.obstacle == workflow.ROLE
    assert by_team.reason == "Your role may not do “Approve the assessment”."
    by_dpo = _by_name(incident, dpo)["approve"]  # the DPO's decision is not recorded yet
    assert not by_dpo.available and by_dpo.obstacle == workflow.CONDITIONS and "decision" in by_dpo.reason
    assert _by_name(incident, dpo)["return_to_assessment"].available
    risk_services.assessment_decide(actor=dpo, incident_id=incident.pk, agree=True)
    incident.refresh_from_db()
    assert _by_name(incident, dpo)["approve"].available
    assert workflow.available(incident, outsider) == []  # another organisation: nothing


# --- options(): notices and client alerts --------------------------------------------------------------------------


@pytest.fixture
def submitted_by_a_dpo(owner, dpo):
    incident = decided(owner, dpo)
    notice = notice_services.notice_draft(
        actor=dpo, incident_id=incident.pk, kind="authority", authority="AP"
    )
    return notice_services.notice_submit(actor=dpo, notice_id=notice.pk, acknowledge_missing=True)


def test_approve_is_not_offered_to_the_dpo_who_drafted_the_notice(submitted_by_a_dpo, owner, dpo, dpo2):
    notice = submitted_by_a_dpo
    drafter = _by_name(notice, dpo)["approve"]
    assert not drafter.available and drafter.obstacle == workflow.ROLE
    assert drafter.reason == "Four eyes: you drafted this notice, so another DPO must approve it."
    assert _by_name(notice, dpo2)["approve"].available
    team = _by_name(notice, owner)
    assert not team["approve"].available and team["approve"].reason == "Only a DPO may do this."
    assert team["submit"].obstacle == workflow.STATUS and "Awaiting approval" in team["submit"].reason
    # Filed on a portal: an authority notice is never "sent" nor "published"; nobody "marks it sent".
    assert set(_by_name(notice, dpo2)) == {"submit", "approve", "return_to_draft", "file", "revise"}


def test_a_client_alert_is_sent_not_filed_and_its_outbox_steps_are_the_systems(
    owner, dpo, dpo2, client_a, client_b, mailbox
):
    breach = processor_incident(owner, dpo, [client_a, client_b], systems=[mailbox])
    alert = notice_services.notice_draft(
        actor=owner, incident_id=breach.pk, kind="controller", client_id=client_a.pk
    )
    assert set(_by_name(alert, owner)) == {"submit", "approve", "return_to_draft", "start_sending", "revise"}
    assert [o.name for o in workflow.available(alert, owner)] == ["submit"]
    notice_services.notice_submit(actor=owner, notice_id=alert.pk)
    alert = notice_services.notice_approve(actor=dpo2, notice_id=alert.pk)
    send = _by_name(alert, owner)["start_sending"]
    assert send.available and send.label == "Send"
    with pytest.raises(DomainError) as refused:
        workflow.take(alert, "mark_sent", owner)  # the outbox's step, never a person's
    assert refused.value.code == "notice_not_allowed"


# --- take() ----------------------------------------------------------------------------------------------------------


def test_take_saves_only_the_changed_fields_and_writes_the_audit_event(owner, dpo):
    incident = make_incident(owner)
    events_before = IncidentEvent.objects.filter(incident=incident).count()
    with CaptureQueriesContext(connection) as queries:
        workflow.take(incident, "start_triage", owner, reason="Looking into it")
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "incidents_incident" SET "status"')]
    assert len(updates) == 1
    assert '"status"' in updates[0] and '"updated_at"' in updates[0] and '"title"' not in updates[0]
    assert '"description"' not in updates[0]
    incident.refresh_from_db()
    assert incident.status == Incident.Status.TRIAGE
    event = IncidentEvent.objects.filter(incident=incident).order_by("-sequence").first()
    assert IncidentEvent.objects.filter(incident=incident).count() == events_before + 1
    assert event.kind == "transition" and event.data["transition"] == "start_triage"
    assert event.actor == owner


def test_take_locks_the_incident_before_the_notice(submitted_by_a_dpo, dpo2):
    with CaptureQueriesContext(connection) as queries:
        notice_services.notice_approve(actor=dpo2, notice_id=submitted_by_a_dpo.pk, acknowledge_missing=True)
    locks = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    tables = ["incident" if 'FROM "incidents_incident"' in sql else "notice" for sql in locks]
    assert "notice" in tables and "incident" in tables
    assert tables.index("notice") > tables.index("incident")
    # The driver locks again in the same order (the incident, then the notice), never the other way round.
    first_notice = tables.index("notice")
    assert all(table == "incident" for table in tables[:first_notice])
    for i, table in enumerate(tables[first_notice + 1 :], start=first_notice + 1):
        if table == "notice":
            assert "incident" in tables[:i]


def test_a_notice_step_taken_by_the_driver_writes_the_status_event_once(submitted_by_a_dpo, dpo2):
    notice = submitted_by_a_dpo
    before = IncidentEvent.objects.filter(incident_id=notice.incident_id, kind="notice_status").count()
    notice_services.notice_approve(actor=dpo2, notice_id=notice.pk, acknowledge_missing=True)
    after = IncidentEvent.objects.filter(incident_id=notice.incident_id, kind="notice_status")
    assert after.count() == before + 1 and after.order_by("-sequence").first().actor == dpo2
    notice.refresh_from_db()
    assert notice.status == Notice.Status.APPROVED and notice.approved_by == dpo2


def test_a_stale_copy_is_refused_as_a_conflict_and_nothing_is_written(owner):
    incident = make_incident(owner)
    stale = Incident.objects.get(pk=incident.pk)
    services.incident_transition(actor=owner, incident_id=incident.pk, name="start_triage")
    events = IncidentEvent.objects.filter(incident=incident).count()
    with pytest.raises(Conflict) as refused:
        workflow.take(stale, "confirm_breach", owner)
    assert refused.value.code == "stale" and refused.value.status == 409
    assert IncidentEvent.objects.filter(incident=incident).count() == events
    assert Incident.objects.get(pk=incident.pk).status == Incident.Status.TRIAGE


def test_a_refusal_keeps_the_machines_own_error_codes(owner, dpo, submitted_by_a_dpo):
    incident = _approval(owner, dpo)
    with pytest.raises(DomainError) as refused:
        workflow.take(incident, "approve", owner)
    assert (refused.value.code, refused.value.status) == ("transition_forbidden", 403)
    with pytest.raises(DomainError) as refused:
        workflow.take(submitted_by_a_dpo, "approve", dpo, content_sha256="x")
    assert (refused.value.code, refused.value.status) == ("permission_denied", 403)
    assert "Four eyes" in refused.value.message


@pytest.mark.django_db(transaction=True)
def test_two_takes_at_once_one_wins_the_other_is_told_it_moved_on(owner):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    incident = make_incident(owner)
    copies = [Incident.objects.get(pk=incident.pk) for _ in range(2)]
    barrier, outcomes = threading.Barrier(2), []

    def run(copy, name):
        try:
            barrier.wait(timeout=10)
            workflow.take(copy, name, owner)
            outcomes.append("won")
        except DomainError as exc:
            outcomes.append((exc.code, exc.status))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=pair)
        for pair in zip(copies, ["start_triage", "start_triage"], strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes, key=str) == sorted(["won", ("stale", 409)], key=str)
    moves = IncidentEvent.objects.filter(incident=incident, kind="transition")
    assert moves.count() == 1
