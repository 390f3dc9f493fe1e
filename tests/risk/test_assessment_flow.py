"""The risk assessment in the product: versions, freezing, finalising as a transition, and the DPO's decision
beside the engine's advice — with the override path and its justification in the audit trail."""

import pytest
from django.core.exceptions import ValidationError

from datalek.errors import DomainError
from incidents import services as incident_services
from incidents.models import IncidentEvent
from risk import services
from risk.engine.facts import breach_view
from risk.models import RiskAssessment
from tests.personas import advance, make_incident
from tests.risk.builders import facts_dict

HIGH = facts_dict(
    cause="external_malicious",
    recipients="unknown",
    recipients_count=None,
    data_categories=["basic", "national_id"],
    subjects_count=5000,
)


@pytest.fixture
def assessing(owner, dpo):
    return advance(make_incident(owner), "assessment", team=owner, dpo=dpo)


def _last_event(incident):
    return IncidentEvent.objects.filter(incident=incident).latest("sequence")


def test_running_stores_a_draft_version_with_the_engine_decision(assessing, owner):
    draft = services.assessment_run(actor=owner, incident_id=assessing.pk, facts=HIGH)
    assert (draft.version, draft.is_final, draft.decision["risk"]) == (1, False, "high")
    assert draft.facts["version"] == 2 and breach_view(draft.facts) == HIGH  # stored as v2, the same facts
    event = _last_event(assessing)
    assert event.kind == "assessment_run" and event.data["advice"]["risk"] == "high"


def test_running_again_replaces_the_draft_not_the_history(assessing, owner):
    services.assessment_run(actor=owner, incident_id=assessing.pk, facts=facts_dict())
    again = services.assessment_run(actor=owner, incident_id=assessing.pk, facts=HIGH)
    assert RiskAssessment.objects.filter(incident=assessing).count() == 1
    assert again.decision["risk"] == "high"
    assert IncidentEvent.objects.filter(incident=assessing, kind="assessment_run").count() == 2


def test_finalising_freezes_the_version_and_submits_it_to_the_dpo(assessing, owner):
    services.assessment_run(actor=owner, incident_id=assessing.pk, facts=HIGH)
    final = services.assessment_finalise(actor=owner, incident_id=assessing.pk, note="Urgent.")
    assessing.refresh_from_db()
    assert final.is_final and final.finalised_by == owner
    assert assessing.status == "approval"
    assert assessing.risk_level == "high" and "engine" in assessing.risk_rationale
    kinds = [e.kind for e in IncidentEvent.objects.filter(incident=assessing).order_by("-sequence")[:2]]
    assert kinds == ["transition", "assessment_finalised"]
    with pytest.raises(DomainError):  # frozen: no more runs on it, the incident has moved on
        services.assessment_run(actor=owner, incident_id=assessing.pk, facts=facts_dict())


def test_finalising_without_a_run_is_refused(assessing, owner):
    with pytest.raises(DomainError) as refused:
        services.assessment_finalise(actor=owner, incident_id=assessing.pk)
    assert refused.value.code == "conditions_not_met"
    assessing.refresh_from_db()
    assert assessing.status == "assessment"


def test_the_engine_runs_only_during_assessment(owner, dpo):
    incident = advance(make_incident(owner), "containment", team=owner, dpo=dpo)
    with pytest.raises(DomainError) as refused:
        services.assessment_run(actor=owner, incident_id=incident.pk, facts=facts_dict())
    assert refused.value.status == 409
    assert not RiskAssessment.objects.exists()


def test_bad_facts_are_named_by_their_path_and_nothing_is_stored(assessing, owner):
    with pytest.raises(ValidationError) as refused:
        services.assessment_run(
            actor=owner,
            incident_id=assessing.pk,
            facts=facts_dict(protection={"encryption": "rot13"}, subjects_count=-1),
        )
    assert {"protection.encryption", "subjects_count"} <= set(refused.value.message_dict)
    assert not RiskAssessment.objects.exists()


def test_the_facts_must_agree_with_our_role_on_the_incident(assessing, owner):
    with pytest.raises(ValidationError) as refused:
        services.assessment_run(actor=owner, incident_id=assessing.pk, facts=facts_dict(role="processor"))
    assert "role" in refused.value.message_dict


def test_outsiders_cannot_assess(assessing, outsider):
    with pytest.raises(DomainError) as refused:
        services.assessment_run(actor=outsider, incident_id=assessing.pk, facts=facts_dict())
    assert refused.value.status == 404


@pytest.fixture
def awaiting_dpo(assessing, owner):
    services.assessment_run(actor=owner, incident_id=assessing.pk, facts=HIGH)
    services.assessment_finalise(actor=owner, incident_id=assessing.pk)
    assessing.refresh_from_db()
    return assessing


def test_the_dpo_agreeing_puts_the_advice_on_the_incident(awaiting_dpo, dpo):
    decided = services.assessment_decide(actor=dpo, incident_id=awaiting_dpo.pk, agree=True)
    awaiting_dpo.refresh_from_db()
    assert decided.dpo_position == decided.advice and decided.dpo_overrides == []
    assert (awaiting_dpo.notify_authority, awaiting_dpo.notify_subjects) == (True, True)
    event = _last_event(awaiting_dpo)
    assert event.kind == "dpo_decision" and event.data["decision"] == event.data["advice"]


def test_overriding_the_advice_needs_a_justification(awaiting_dpo, dpo):
    with pytest.raises(ValidationError) as refused:
        services.assessment_decide(
            actor=dpo,
            incident_id=awaiting_dpo.pk,
            agree=False,
            risk="risk",
            notify_authority=True,
            notify_subjects=False,
            public_communication=False,
        )
    assert "Tell the people individually (Art. 34)" in refused.value.message_dict["justification"][0]
    awaiting_dpo.refresh_from_db()
    assert awaiting_dpo.notify_authority is None


def test_an_override_keeps_both_positions_in_the_record_and_the_audit_trail(awaiting_dpo, dpo):
    why = "The numbers are pseudonymous internal codes, not national IDs; the export was wrongly labelled."
    decided = services.assessment_decide(
        actor=dpo,
        incident_id=awaiting_dpo.pk,
        agree=False,
        risk="risk",
        notify_authority=True,
        notify_subjects=False,
        public_communication=False,
        justification=why,
    )
    awaiting_dpo.refresh_from_db()
    assert decided.decision["risk"] == "high"  # the engine's advice is untouched
    assert decided.dpo_overrides == ["risk", "notify_subjects"]
    assert (awaiting_dpo.risk_level, awaiting_dpo.notify_subjects, awaiting_dpo.risk_rationale) == (
        "risk",
        False,
        why,
    )
    event = _last_event(awaiting_dpo)
    assert event.data["advice"]["risk"] == "high" and event.data["decision"]["risk"] == "risk"
    assert event.data["justification"] == why


def test_only_a_dpo_decides_and_only_while_awaiting_approval(awaiting_dpo, owner, dpo):
    with pytest.raises(DomainError) as refused:
        services.assessment_decide(actor=owner, incident_id=awaiting_dpo.pk, agree=True)
    assert refused.value.status == 403
    services.assessment_decide(actor=dpo, incident_id=awaiting_dpo.pk, agree=True)
    incident_services.incident_transition(actor=dpo, incident_id=awaiting_dpo.pk, name="approve")
    with pytest.raises(DomainError) as refused:
        services.assessment_decide(actor=dpo, incident_id=awaiting_dpo.pk, agree=True)
    assert refused.value.status == 409


def test_reassessment_after_return_creates_a_new_version_from_the_old_facts(awaiting_dpo, owner, dpo):
    incident_services.incident_transition(
        actor=dpo,
        incident_id=awaiting_dpo.pk,
        name="return_to_assessment",
        reason="Check the number of people again.",
    )
    second = services.assessment_run(
        actor=owner, incident_id=awaiting_dpo.pk, facts=HIGH | {"subjects_count": 9}
    )
    assert second.version == 2
    versions = list(RiskAssessment.objects.filter(incident=awaiting_dpo).order_by("version"))
    assert [(v.version, v.is_final) for v in versions] == [(1, True), (2, False)]
    assert breach_view(versions[0].facts)["subjects_count"] == 5000  # the first version is frozen as it was


def test_a_processor_incident_gets_the_controller_alert_verdict(owner, dpo, client_org):
    incident = advance(
        make_incident(owner, our_role="processor", clients=[client_org]), "assessment", team=owner, dpo=dpo
    )
    draft = services.assessment_run(actor=owner, incident_id=incident.pk, facts=HIGH | {"role": "processor"})
    assert draft.decision["notify_controllers"] is True and draft.decision["notify_authority"] is False
