"""Properties of the decision over generated breach facts: monotonicity, invariants, output shape."""

from __future__ import annotations

import copy
import json
from typing import Any, get_args

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from risk.engine import assess, parse_facts
from risk.engine.enisa import level_for, severity
from risk.engine.facts import (
    AvailabilityImpact,
    AvailabilityLoss,
    Backup,
    Cause,
    Confidentiality,
    DataCategory,
    Encryption,
    Hashing,
    Identifiability,
    IntegrityLoss,
    Nature,
    Recipients,
    Role,
    Sector,
)
from risk.engine.rules import RISK_ORDER, RULES, evaluate, strictest

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VERDICTS = ("notify_authority", "notify_subjects", "public_communication", "notify_controllers")
SUBJECTS = ["customers", "employees", "patients", "minors", "students", "vulnerable", "users", "job_seekers"]


def one_of(literal: Any) -> st.SearchStrategy[str]:
    return st.sampled_from(get_args(literal))


facts_strategy = st.fixed_dictionaries(
    {
        "role": one_of(Role),
        "sector": one_of(Sector),
        "nature": st.lists(one_of(Nature), min_size=1, unique=True),
        "confidentiality": one_of(Confidentiality),
        "cause": one_of(Cause),
        "recipients": one_of(Recipients),
        "recipients_count": st.none() | st.integers(0, 100_000),
        "data_categories": st.lists(one_of(DataCategory), min_size=1, max_size=5, unique=True),
        "dpc_adjustment": st.none()
        | st.fixed_dictionaries({"delta": st.integers(-3, 3), "reason": st.just("assessor's context")}),
        "subject_categories": st.lists(st.sampled_from(SUBJECTS), max_size=3, unique=True),
        "subjects_count": st.integers(0, 1_000_000),
        "identifiability": one_of(Identifiability),
        "protection": st.fixed_dictionaries(
            {
                "encryption": one_of(Encryption),
                "key_compromised": st.booleans(),
                "hashing": one_of(Hashing),
                "backup": one_of(Backup),
            }
        ),
        "availability": st.fixed_dictionaries(
            {
                "loss": one_of(AvailabilityLoss),
                "duration_hours": st.none() | st.floats(0, 1000, allow_nan=False),
                "impact": one_of(AvailabilityImpact),
            }
        ),
        "integrity": st.fixed_dictionaries({"loss": one_of(IntegrityLoss), "misused": st.booleans()}),
        "mitigation": st.fixed_dictionaries(
            {
                "data_retrieved_or_deleted": st.booleans(),
                "high_risk_no_longer_likely": st.booleans(),
                "description": st.just("measures"),
            }
        ),
        "individual_notice_disproportionate": st.booleans(),
    }
)


def risk_of(data: dict[str, Any]) -> int:
    return RISK_ORDER[assess(data).risk]


def changed(data: dict[str, Any], **changes: Any) -> dict[str, Any]:
    result = copy.deepcopy(data)
    for key, value in changes.items():
        merge = isinstance(value, dict) and isinstance(result[key], dict)
        result[key] = {**result[key], **value} if merge else value
    return result


# --- monotonicity --------------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(facts_strategy, one_of(DataCategory))
def test_more_data_categories_never_lower_the_risk(data: dict[str, Any], extra: str) -> None:
    more = changed(data, data_categories=sorted({*data["data_categories"], extra}))

    assert risk_of(more) >= risk_of(data)


@PROPERTY_SETTINGS
@given(facts_strategy, st.integers(1, 6))
def test_a_higher_dpc_adjustment_never_lowers_the_risk(data: dict[str, Any], step: int) -> None:
    adjustment = data["dpc_adjustment"] or {"delta": 0, "reason": "assessor's context"}
    higher = {**adjustment, "delta": min(3, adjustment["delta"] + step)}

    assert risk_of(changed(data, dpc_adjustment=higher)) >= risk_of(data)


@PROPERTY_SETTINGS
@given(facts_strategy, st.integers(1, 1_000_000))
def test_more_people_never_lower_the_risk(data: dict[str, Any], extra: int) -> None:
    more = changed(data, subjects_count=data["subjects_count"] + extra)

    assert risk_of(more) >= risk_of(data)


@PROPERTY_SETTINGS
@given(facts_strategy, st.sampled_from(["internal_malicious", "external_malicious"]))
def test_malicious_intent_never_lowers_the_risk(data: dict[str, Any], cause: str) -> None:
    assert risk_of(changed(data, cause=cause)) >= risk_of(data)


@PROPERTY_SETTINGS
@given(facts_strategy)
def test_public_disclosure_never_lowers_the_risk(data: dict[str, Any]) -> None:
    published = changed(data, recipients="public")
    exfiltrated_and_published = changed(data, recipients="public", confidentiality="exfiltrated")

    assert risk_of(published) >= risk_of(data)
    assert risk_of(exfiltrated_and_published) >= risk_of(data)


@PROPERTY_SETTINGS
@given(facts_strategy)
def test_state_of_the_art_encryption_with_a_safe_key_never_raises_the_risk(data: dict[str, Any]) -> None:
    encrypted = changed(data, protection={"encryption": "state_of_the_art", "key_compromised": False})

    assert risk_of(encrypted) <= risk_of(data)


@PROPERTY_SETTINGS
@given(facts_strategy)
def test_a_compromised_key_never_lowers_the_risk(data: dict[str, Any]) -> None:
    assert risk_of(changed(data, protection={"key_compromised": True})) >= risk_of(data)


@PROPERTY_SETTINGS
@given(facts_strategy)
def test_the_role_changes_the_verdicts_not_the_risk(data: dict[str, Any]) -> None:
    as_controller = assess(changed(data, role="controller"))
    as_processor = assess(changed(data, role="processor"))

    assert as_controller.risk == as_processor.risk
    assert as_controller.severity == as_processor.severity


# --- invariants ------------------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(facts_strategy)
def test_communication_to_people_implies_high_risk_and_never_both_forms(data: dict[str, Any]) -> None:
    decision = assess(data)

    if decision.notify_subjects or decision.public_communication:
        assert decision.risk == "high"
    assert not (decision.notify_subjects and decision.public_communication)
    if decision.public_communication:
        assert "art34_3_c" in decision.exemptions


@PROPERTY_SETTINGS
@given(facts_strategy)
def test_processor_only_ever_alerts_its_controllers(data: dict[str, Any]) -> None:
    decision = assess(changed(data, role="processor"))

    assert decision.notify_controllers
    assert not (decision.notify_authority or decision.notify_subjects or decision.public_communication)
    assert decision.exemptions == ()


@PROPERTY_SETTINGS
@given(facts_strategy)
def test_controller_notifies_the_authority_exactly_when_there_is_a_risk(data: dict[str, Any]) -> None:
    decision = assess(changed(data, role="controller"))

    assert not decision.notify_controllers
    assert decision.notify_authority == (decision.risk != "unlikely")
    if decision.risk == "unlikely":
        assert not (decision.notify_subjects or decision.public_communication)


@PROPERTY_SETTINGS
@given(facts_strategy)
def test_high_risk_reaches_the_people_unless_an_exemption_applies(data: dict[str, Any]) -> None:
    decision = assess(changed(data, role="controller"))

    if decision.risk == "high":
        informed = decision.notify_subjects or decision.public_communication
        lifted = {"art34_3_a", "art34_3_b"} & set(decision.exemptions)
        assert informed != bool(lifted)


@PROPERTY_SETTINGS
@given(facts_strategy)
def test_every_verdict_and_exemption_is_explained_with_an_article(data: dict[str, Any]) -> None:
    decision = assess(data)
    by_code = {reason.code: reason for reason in decision.reasons}

    for verdict in VERDICTS:
        reason = by_code[f"verdict_{verdict}"]
        assert reason.article.startswith("Art.") and reason.text
    for exemption in decision.exemptions:
        assert by_code[exemption].article.startswith("Art. 34(3)")
    assert all(reason.article.startswith("Art.") and reason.text for reason in decision.reasons)
    assert len(by_code) == len(decision.reasons)  # each rule speaks once


@PROPERTY_SETTINGS
@given(facts_strategy)
def test_unlikely_needs_a_positive_ground_in_every_aspect(data: dict[str, Any]) -> None:
    facts = parse_facts(data)
    (group,) = facts.groups
    findings = evaluate(facts, group, severity(facts, group))
    aspect_of = {rule.code: rule.aspect for rule in RULES}
    grounds = {aspect_of[f.code] for f in findings if f.effect == "unlikely"}

    if strictest(findings) == "unlikely":
        assert grounds == {"confidentiality", "integrity", "availability"}
    assert assess(facts).risk == strictest(findings)


# --- output shape ------------------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(facts_strategy)
def test_output_shape_is_stable_and_json_serialisable(data: dict[str, Any]) -> None:
    output = assess(data).to_dict()

    assert list(output) == [
        "severity",
        "risk",
        *VERDICTS,
        "exemptions",
        "reasons",
        "groups",
        "to_be_determined",
        "needs_more_information",
    ]
    assert [group["label"] for group in output["groups"]] == ["all"] and output["to_be_determined"] == []
    assert list(output["severity"]) == ["dpc", "ei", "cb", "score", "level", "basis"]
    assert output["risk"] in ("unlikely", "risk", "high")
    assert all(isinstance(output[verdict], bool) for verdict in VERDICTS)
    assert set(output["exemptions"]) <= {"art34_3_a", "art34_3_b", "art34_3_c"}
    assert all(list(reason) == ["code", "article", "text"] for reason in output["reasons"])
    assert json.loads(json.dumps(output)) == output


@PROPERTY_SETTINGS
@given(facts_strategy)
def test_severity_arithmetic_and_band_agree(data: dict[str, Any]) -> None:
    severity = assess(data).severity

    assert 1 <= severity.dpc <= 4
    assert 0 <= severity.cb <= 2
    assert severity.score == round(severity.dpc * severity.ei + severity.cb, 2)
    assert severity.level == level_for(severity.score)


@PROPERTY_SETTINGS
@given(facts_strategy)
def test_assessment_is_deterministic(data: dict[str, Any]) -> None:
    assert assess(data) == assess(copy.deepcopy(data))
