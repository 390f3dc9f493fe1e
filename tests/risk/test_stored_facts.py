"""Stored assessments in breach facts v2: new runs store v2, the migration turns every stored v1 object into v2 with
the same meaning (and leaves the decision as it was made), and whatever reads the stored facts as one breach reads
a v2 object exactly as it read its v1 twin."""

from __future__ import annotations

import importlib
from datetime import date, timedelta

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.utils import timezone

from notifications import content
from notifications.advice import LIBRARY
from reports import incident_report, register
from reports.selectors import notice_source
from risk import selectors, services
from risk.engine import assess, parse_facts
from risk.engine.decision import VERDICT_KEYS
from risk.engine.facts import breach_view
from risk.models import RiskAssessment
from tests.notifications.conftest import HIGH_RISK, decided
from tests.personas import advance, make_incident
from tests.risk.builders import facts_dict

V1 = facts_dict(
    cause="external_malicious",
    recipients="known",
    recipients_count=3,
    data_categories=["basic", "contact", "health"],
    subject_categories=["customers", "patients"],
    subjects_count=40,
    dpc_adjustment={"delta": -1, "reason": "Only appointment times, no diagnosis."},
    mitigation={"data_retrieved_or_deleted": True, "description": "The three recipients deleted the mail."},
    summary="A list of appointments sent to three wrong addressees.",
)


def migration():
    return importlib.import_module("risk.migrations.0003_riskassessment_facts_v2")


def _as(assessment: RiskAssessment, facts: dict) -> RiskAssessment:
    RiskAssessment.objects.filter(pk=assessment.pk).update(facts=facts)
    assessment.refresh_from_db()
    return assessment


@pytest.fixture
def assessing(owner, dpo):
    return advance(make_incident(owner), "assessment", team=owner, dpo=dpo)


def test_a_run_stores_the_facts_as_v2_whatever_version_came_in(assessing, owner):
    draft = services.assessment_run(actor=owner, incident_id=assessing.pk, facts=V1)
    assert draft.facts == parse_facts(V1).to_v2_dict()
    assert draft.facts["version"] == 2 and [g["label"] for g in draft.facts["groups"]] == ["all"]
    assert breach_view(draft.facts) == V1
    assert draft.decision["groups"][0]["subjects_count"] == 40


# --- the migration --------------------------------------------------------------------------------------------


def test_the_migration_turns_stored_v1_facts_into_v2_with_the_same_meaning_and_keeps_the_decision(
    assessing, owner
):
    stored = _as(services.assessment_run(actor=owner, incident_id=assessing.pk, facts=V1), V1)
    decision = stored.decision

    migration().facts_to_v2(django_apps, None)

    stored.refresh_from_db()
    assert stored.facts == parse_facts(V1).to_v2_dict()
    assert stored.decision == decision
    assert breach_view(stored.facts) == V1
    old, new = assess(V1).to_dict(), assess(stored.facts).to_dict()
    assert {key: new[key] for key in VERDICT_KEYS} == {key: old[key] for key in VERDICT_KEYS}
    assert new["severity"] == old["severity"] and new["reasons"] == old["reasons"]


def test_the_migration_leaves_v2_facts_alone_and_goes_back_to_v1(assessing, owner):
    two = {
        **{k: v for k, v in parse_facts(V1).to_v2_dict().items() if k != "groups"},
        "groups": [
            {**parse_facts(V1).to_v2_dict()["groups"][0], "label": "customers"},
            {**parse_facts(V1).to_v2_dict()["groups"][0], "label": "patients", "subjects_count": None},
        ],
    }
    one = _as(services.assessment_run(actor=owner, incident_id=assessing.pk, facts=V1), V1)

    migration().facts_to_v2(django_apps, None)
    several = _as(one, two)
    migration().facts_to_v2(django_apps, None)
    several.refresh_from_db()
    assert several.facts == two

    _as(one, parse_facts(V1).to_v2_dict())
    migration().facts_to_v1(django_apps, None)
    one.refresh_from_db()
    assert one.facts == V1
    _as(one, two)
    migration().facts_to_v1(django_apps, None)  # two groups cannot be said in v1: left as they are
    one.refresh_from_db()
    assert one.facts == two


def test_the_facts_a_form_starts_from_read_a_v2_draft(assessing, owner):
    services.assessment_run(actor=owner, incident_id=assessing.pk, facts=V1)
    assert breach_view(selectors.starting_facts(assessing)) == V1 | {"role": "controller"}


# --- readers of the stored facts: a v2 object reads as its v1 twin ----------------------------------------------


def _twins(assessment: RiskAssessment, read):
    """What `read()` gives with the assessment's facts stored as v1, and then as v2."""
    v1 = breach_view(assessment.facts)
    _as(assessment, v1)
    as_v1 = read()
    _as(assessment, parse_facts(v1).to_v2_dict())
    return as_v1, read()


@pytest.fixture
def notified(owner, dpo):
    facts = HIGH_RISK | {
        "mitigation": {
            "data_retrieved_or_deleted": False,
            "high_risk_no_longer_likely": False,
            "description": "Passwords reset.",
        }
    }
    incident = decided(owner, dpo, facts=facts)
    return incident, RiskAssessment.objects.get(incident=incident)


def test_the_authority_notice_reads_a_v2_assessment_as_its_v1_twin(notified, owner):
    incident, assessment = notified

    def answers():
        built = content.authority_content(incident, "AP", reporter=owner, phase="initial")
        return {k: v for k, v in built["sections"].items() if k != "timeline"}, built["provenance"]

    as_v1, as_v2 = _twins(assessment, answers)
    assert as_v2 == as_v1
    assert as_v1[0]["subjects"]["count"] == 5000 and as_v1[0]["data"]["categories"] == [
        "basic",
        "contact",
        "national_id",
    ]
    assert as_v1[0]["measures_after"]["mitigation"] == "Passwords reset."


def test_the_letter_to_the_people_reads_a_v2_assessment_as_its_v1_twin(notified):
    incident, assessment = notified
    as_v1, as_v2 = _twins(assessment, lambda: content.subject_texts(incident, "en"))
    assert as_v2 == as_v1 and str(LIBRARY["national_id"].words) in as_v1["data"]


def test_the_documents_read_a_v2_assessment_as_their_v1_twin(notified, owner):
    from notifications import services as notice_services

    incident, assessment = notified
    notice = notice_services.notice_draft(
        actor=owner, incident_id=incident.pk, kind="authority", authority="AP"
    )

    def documents():
        source = notice_source(notice)
        facts = {path: source.fact(path) for path in ("data_categories", "subjects_count", "cause", "nature")}
        return facts, incident_report.fact_rows(RiskAssessment.objects.get(pk=assessment.pk))

    as_v1, as_v2 = _twins(assessment, documents)
    assert as_v2 == as_v1 and as_v1[0]["subjects_count"] == 5000


def test_the_register_reads_a_v2_assessment_as_its_v1_twin(notified):
    incident, assessment = notified
    period = register.Period(date(2026, 1, 1), timezone.localdate() + timedelta(days=1))
    organisation = incident.organisation

    # Python first: in a test the database path's time zone outlives its savepoint (it lasts to the transaction's end).
    by_python = _twins(assessment, lambda: "".join(register._python_lines(organisation, period)))
    assert by_python[1] == by_python[0] and ",5000," in by_python[0]
    if connection.vendor == "postgresql":
        by_database = _twins(assessment, lambda: "".join(register._sql_lines(organisation, period)))
        assert by_database == by_python


def test_the_register_of_two_groups_says_each_groups_people_and_categories(notified):
    incident, assessment = notified
    facts = parse_facts(HIGH_RISK).to_v2_dict()
    first = facts["groups"][0]
    facts["groups"] = [
        {**first, "label": "customers", "subjects_count": 1200, "data_categories": ["basic", "contact"]},
        {**first, "label": "medical note", "subjects_count": 1, "data_categories": ["contact", "health"]},
    ]
    _as(assessment, facts)
    period = register.Period(date(2026, 1, 1), timezone.localdate() + timedelta(days=1))
    [row] = [r for r in register.rows(incident.organisation, period) if r["reference"] == incident.reference]
    assert row["subjects_count"] == "customers: 1200; medical note: 1"
    assert row["data_categories"] == (
        "customers: Basic identity (name, date of birth, gender), Contact details; medical note: Contact details, Health"
    )
    if connection.vendor == "postgresql":
        by_python = "".join(register._python_lines(incident.organisation, period))
        assert "".join(register._sql_lines(incident.organisation, period)) == by_python


def test_the_controller_alert_reads_a_v2_assessment_as_its_v1_twin(owner, dpo, client_org):
    incident = decided(owner, dpo, facts=HIGH_RISK, our_role="processor", clients=[client_org])
    assessment = RiskAssessment.objects.get(incident=incident)

    def alert():
        built = content.controller_alert_content(incident, client_org, reporter=owner, phase="initial")
        return {k: v for k, v in built["sections"].items() if k != "timeline"}, built["facts"]

    as_v1, as_v2 = _twins(assessment, alert)
    assert as_v2 == as_v1 and as_v1[1]["subjects_count"] == 5000
