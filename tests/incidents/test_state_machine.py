"""Every transition of the incident workflow: where it goes, who may take it, and every refusal."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django_fsm import ConcurrentTransition

from datalek.errors import Conflict, DomainError
from incidents import services
from incidents.models import Incident, IncidentEvent
from incidents.transitions import all_transition_names, available_transition_names
from risk import services as risk_services
from tests.personas import advance, make_incident

# name: (source, target, roles that may, reason required)
TRANSITIONS = {
    "start_triage": ("detection", "triage", {"security", "dpo"}, False),
    "confirm_breach": ("triage", "containment", {"security", "dpo"}, False),
    "close_not_breach": ("triage", "closed", {"security", "dpo"}, True),
    "start_assessment": ("containment", "assessment", {"security", "dpo"}, False),
    "submit_for_approval": ("assessment", "approval", {"security", "dpo"}, False),
    "approve": ("approval", "notification", {"dpo"}, False),
    "return_to_assessment": ("approval", "assessment", {"dpo"}, True),
    "close": ("notification", "closed", {"dpo"}, True),
    "reopen": ("closed", "assessment", {"security", "dpo"}, True),
}
STATES = [s.value for s in Incident.Status]


def test_the_table_above_covers_every_transition_of_the_model():
    assert set(TRANSITIONS) == set(all_transition_names())


def _in_state(status, owner, dpo):
    incident = make_incident(owner)
    return advance(incident, status, team=owner, dpo=dpo)


def _ready_for(name, incident, owner, dpo):
    """Meet the transition's conditions (its refusals without them are tested separately)."""
    if name == "approve":
        risk_services.assessment_decide(actor=dpo, incident_id=incident.pk, agree=True)
    if name == "start_assessment":
        services.incident_update(
            actor=owner,
            incident_id=incident.pk,
            changes={"containment_status": "contained", "containment_measures": "Recalled the e-mail."},
        )
    if name == "submit_for_approval":  # what finalising the assessment does just before this transition
        services.incident_set_risk(
            incident=incident, risk_level="risk", risk_rationale="One known recipient."
        )
    incident.refresh_from_db()
    return incident


@pytest.mark.parametrize("name", TRANSITIONS)
def test_each_transition_moves_to_its_target_and_is_audited(name, owner, dpo):
    source, target, roles, _ = TRANSITIONS[name]
    incident = _ready_for(name, _in_state(source, owner, dpo), owner, dpo)
    actor = owner if "security" in roles else dpo
    events_before = incident.audit_event_count

    updated = services.incident_transition(
        actor=actor, incident_id=incident.pk, name=name, reason="Because the facts say so."
    )

    assert updated.status == target
    last = IncidentEvent.objects.filter(incident=incident).latest("sequence")
    assert (last.kind, last.data["transition"], last.data["from"], last.data["to"]) == (
        "transition",
        name,
        source,
        target,
    )
    assert last.data["reason"] == "Because the facts say so."
    assert last.actor == actor
    assert updated.audit_event_count == events_before + 1


@pytest.mark.parametrize(
    ("name", "state"),
    [(name, state) for name, spec in TRANSITIONS.items() for state in STATES if state != spec[0]],
)
def test_transition_is_refused_from_every_other_state(name, state, owner, dpo):
    incident = _in_state(state, owner, dpo)
    events_before = incident.audit_event_count

    with pytest.raises(DomainError) as refused:
        services.incident_transition(actor=dpo, incident_id=incident.pk, name=name, reason="try")

    assert refused.value.code == "transition_not_allowed"
    assert refused.value.status == 409
    incident.refresh_from_db()
    assert (incident.status, incident.audit_event_count) == (state, events_before)


@pytest.mark.parametrize("name", ["approve", "return_to_assessment", "close"])
def test_security_team_cannot_take_the_dpo_transitions(name, owner, dpo):
    incident = _in_state(TRANSITIONS[name][0], owner, dpo)
    with pytest.raises(DomainError) as refused:
        services.incident_transition(actor=owner, incident_id=incident.pk, name=name, reason="try")
    assert (refused.value.code, refused.value.status) == ("transition_forbidden", 403)
    incident.refresh_from_db()
    assert incident.status == TRANSITIONS[name][0]


def test_a_colleague_may_work_the_incident(incident, colleague):
    updated = services.incident_transition(actor=colleague, incident_id=incident.pk, name="start_triage")
    assert updated.status == "triage"


@pytest.mark.parametrize("persona", ["outsider", "controller_user"])
def test_people_outside_the_organisation_cannot_see_the_incident_to_move_it(persona, incident, request):
    person = request.getfixturevalue(persona)
    with pytest.raises(DomainError) as refused:
        services.incident_transition(actor=person, incident_id=incident.pk, name="start_triage")
    assert refused.value.status == 404
    incident.refresh_from_db()
    assert incident.status == "detection"


def test_unknown_transition_names_the_field(incident, owner):
    with pytest.raises(DomainError) as refused:
        services.incident_transition(actor=owner, incident_id=incident.pk, name="teleport")
    assert refused.value.code == "unknown_transition"
    assert "transition" in refused.value.fields


@pytest.mark.parametrize("name", [n for n, spec in TRANSITIONS.items() if spec[3]])
@pytest.mark.parametrize("reason", ["", "   "])
def test_transitions_that_need_a_reason_refuse_without_one(name, reason, owner, dpo):
    source = TRANSITIONS[name][0]
    incident = _in_state(source, owner, dpo)
    with pytest.raises(ValidationError) as refused:
        services.incident_transition(actor=dpo, incident_id=incident.pk, name=name, reason=reason)
    assert "reason" in refused.value.message_dict
    incident.refresh_from_db()
    assert incident.status == source


def test_assessment_needs_recorded_containment_but_not_finished_containment(owner, dpo):
    incident = _in_state("containment", owner, dpo)
    with pytest.raises(DomainError) as refused:
        services.incident_transition(actor=owner, incident_id=incident.pk, name="start_assessment")
    assert refused.value.code == "conditions_not_met"
    assert "containment" in refused.value.message.lower()

    # Containment still ongoing, but with a plan: the notice must not wait for it.
    services.incident_update(
        actor=owner,
        incident_id=incident.pk,
        changes={"containment_status": "ongoing", "containment_plan": "Revoke the tokens tomorrow morning."},
    )
    assert (
        services.incident_transition(actor=owner, incident_id=incident.pk, name="start_assessment").status
        == "assessment"
    )


def test_submitting_for_approval_needs_a_recorded_assessment(owner, dpo):
    incident = _in_state("assessment", owner, dpo)
    with pytest.raises(DomainError) as refused:
        services.incident_transition(actor=owner, incident_id=incident.pk, name="submit_for_approval")
    assert refused.value.code == "conditions_not_met"


def test_close_not_breach_keeps_the_reason_for_the_register(owner):
    incident = make_incident(owner)
    services.incident_transition(actor=owner, incident_id=incident.pk, name="start_triage")
    closed = services.incident_transition(
        actor=owner,
        incident_id=incident.pk,
        name="close_not_breach",
        reason="Scan only; no request reached the database.",
    )
    assert closed.status == "closed"
    assert closed.is_personal_data_breach is False
    assert closed.closure_kind == "not_a_breach"
    assert closed.closure_reason == "Scan only; no request reached the database."
    assert closed.closed_at is not None


def test_reopening_a_non_breach_goes_back_to_triage(owner):
    incident = make_incident(owner)
    services.incident_transition(actor=owner, incident_id=incident.pk, name="start_triage")
    services.incident_transition(
        actor=owner, incident_id=incident.pk, name="close_not_breach", reason="No data."
    )
    reopened = services.incident_transition(
        actor=owner, incident_id=incident.pk, name="reopen", reason="New logs show the database was queried."
    )
    assert reopened.status == "triage"
    assert (reopened.closed_at, reopened.closure_kind, reopened.closure_reason) == (None, "", "")


def test_reopening_a_handled_breach_goes_back_to_assessment_and_needs_a_new_approval(owner, dpo):
    incident = _in_state("closed", owner, dpo)
    assert incident.approved_by == dpo
    reopened = services.incident_transition(
        actor=owner, incident_id=incident.pk, name="reopen", reason="More records affected than thought."
    )
    assert reopened.status == "assessment"
    assert reopened.approved_by is None


def test_approval_records_the_approving_dpo(owner, dpo):
    incident = _in_state("notification", owner, dpo)
    assert incident.approved_by == dpo
    assert incident.approved_at is not None


def test_a_stale_form_gets_a_conflict_not_a_surprise(incident, owner):
    services.incident_transition(actor=owner, incident_id=incident.pk, name="start_triage")
    with pytest.raises(Conflict) as refused:
        services.incident_transition(
            actor=owner, incident_id=incident.pk, name="confirm_breach", expected_status="detection"
        )
    assert (refused.value.code, refused.value.status) == ("stale", 409)
    incident.refresh_from_db()
    assert incident.status == "triage"


def test_the_status_field_is_protected_and_saving_a_stale_copy_fails(incident, owner):
    with pytest.raises(AttributeError):
        incident.status = "closed"
    stale = Incident.objects.get(pk=incident.pk)
    services.incident_transition(actor=owner, incident_id=incident.pk, name="start_triage")
    stale.start_triage(by=owner, at=stale.aware_at)
    with (
        pytest.raises(ConcurrentTransition),
        transaction.atomic(),
    ):  # a savepoint: the test's transaction lives on
        stale.save()


def test_available_transitions_are_exactly_those_this_user_may_take_now(owner, dpo):
    incident = _in_state("approval", owner, dpo)
    assert available_transition_names(incident, owner) == []
    assert available_transition_names(incident, dpo) == ["return_to_assessment"]
    risk_services.assessment_decide(actor=dpo, incident_id=incident.pk, agree=True)
    incident.refresh_from_db()
    assert sorted(available_transition_names(incident, dpo)) == ["approve", "return_to_assessment"]


def test_approval_needs_the_dpos_decision_first(owner, dpo):
    incident = _in_state("approval", owner, dpo)
    with pytest.raises(DomainError) as refused:
        services.incident_transition(actor=dpo, incident_id=incident.pk, name="approve")
    assert refused.value.code == "conditions_not_met"
    assert "decision" in refused.value.message


def test_returning_for_reassessment_clears_the_verdict_on_record(owner, dpo):
    incident = _in_state("approval", owner, dpo)
    risk_services.assessment_decide(actor=dpo, incident_id=incident.pk, agree=True)
    returned = services.incident_transition(
        actor=dpo,
        incident_id=incident.pk,
        name="return_to_assessment",
        reason="The export held more columns than we thought.",
    )
    assert (returned.risk_level, returned.notify_authority, returned.approved_by) == ("", None, None)
    assert returned.assessments.count() == 1  # the earlier version itself stays


@pytest.mark.django_db(transaction=True)
def test_two_people_racing_the_same_transition_exactly_one_wins(owner, colleague):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    incident = make_incident(owner)
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt(person):
        barrier.wait()
        try:
            services.incident_transition(actor=person, incident_id=incident.pk, name="start_triage")
            outcomes.append("won")
        except DomainError as exc:
            outcomes.append(exc.status)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(p,)) for p in (owner, colleague)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes, key=str) == [409, "won"]
    incident.refresh_from_db()
    assert incident.status == "triage"
    assert incident.events.filter(kind="transition").count() == 1
