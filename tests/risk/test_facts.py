"""Breach-facts validation: every error names its field by dotted path and says what is allowed."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from risk.engine import BreachFacts, FactsError, assess, parse_facts
from risk.engine.facts import V1_PEOPLE_FIELDS
from tests.risk.builders import BASELINE, facts_dict

CASES_DIR = Path(__file__).resolve().parent.parent / "data" / "cases"


def error_for(data: Any) -> FactsError:
    with pytest.raises(FactsError) as caught:
        parse_facts(data)
    return caught.value


def fields_of(error: FactsError) -> list[str]:
    return [field for field, _ in error.errors]


def test_public_case_facts_parse_and_round_trip() -> None:
    data = json.loads((CASES_DIR / "edpb-16.json").read_text())["facts"]

    facts = parse_facts(data)

    assert facts.groups[0].dpc_adjustment is not None and facts.groups[0].dpc_adjustment.delta == -1
    assert facts.to_dict() == data


def test_summary_is_optional() -> None:
    assert parse_facts(facts_dict()).summary is None
    assert parse_facts(facts_dict(summary="what happened")).summary == "what happened"
    assert parse_facts(facts_dict(summary=None)).summary is None


def test_facts_are_frozen() -> None:
    facts = parse_facts(facts_dict())

    with pytest.raises(dataclasses.FrozenInstanceError):
        facts.role = "processor"  # type: ignore[misc]


def test_parsed_facts_pass_through_unchanged() -> None:
    facts = parse_facts(facts_dict())

    assert parse_facts(facts) is facts


def test_unknown_top_level_field_is_named() -> None:
    error = error_for(facts_dict(severity="high"))

    assert error.field == "severity"
    assert "unknown field" in error.message and "role" in error.message


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"protection": {"salted": True}}, "protection.salted"),
        ({"availability": {"cause": "x"}}, "availability.cause"),
        ({"integrity": {"extra": 1}}, "integrity.extra"),
        ({"mitigation": {"when": "now"}}, "mitigation.when"),
        ({"dpc_adjustment": {"delta": 1, "reason": "r", "by": "me"}}, "dpc_adjustment.by"),
    ],
)
def test_unknown_nested_field_is_named_by_dotted_path(changes: dict[str, Any], field: str) -> None:
    error = error_for(facts_dict(**changes))

    assert error.field == field
    assert "unknown field" in error.message


def test_missing_required_field_is_named() -> None:
    data = facts_dict()
    del data["identifiability"]

    assert error_for(data).field == "identifiability"
    assert error_for(data).message == "is required"


def test_missing_nested_field_is_named() -> None:
    data = facts_dict()
    del data["availability"]["impact"]

    assert error_for(data).field == "availability.impact"


@pytest.mark.parametrize(
    ("changes", "field", "allowed"),
    [
        ({"role": "joint_controller"}, "role", "controller, processor"),
        ({"sector": "banking"}, "sector", "finance"),
        ({"confidentiality": "yes"}, "confidentiality", "not_exfiltrated"),
        ({"cause": "hacker"}, "cause", "external_malicious"),
        ({"recipients": "some"}, "recipients", "trusted"),
        ({"identifiability": "high"}, "identifiability", "maximum"),
        ({"protection": {"encryption": "aes"}}, "protection.encryption", "state_of_the_art"),
        ({"protection": {"hashing": "md5"}}, "protection.hashing", "weak"),
        ({"protection": {"backup": "daily"}}, "protection.backup", "recent"),
        ({"availability": {"loss": "partial"}}, "availability.loss", "temporary"),
        ({"availability": {"impact": "major"}}, "availability.impact", "severe"),
        ({"integrity": {"loss": "some"}}, "integrity.loss", "unrecoverable"),
    ],
)
def test_bad_enum_names_the_field_and_the_allowed_values(
    changes: dict[str, Any], field: str, allowed: str
) -> None:
    error = error_for(facts_dict(**changes))

    assert error.field == field
    assert allowed in error.message


def test_bad_item_in_a_list_is_named_by_index() -> None:
    error = error_for(facts_dict(data_categories=["basic", "contact", "shoe_size"]))

    assert error.field == "data_categories[2]"
    assert "national_id" in error.message


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"subjects_count": "40"}, "subjects_count"),
        ({"subjects_count": 4.0}, "subjects_count"),
        ({"recipients_count": "1"}, "recipients_count"),
        ({"nature": "confidentiality"}, "nature"),
        ({"data_categories": "basic"}, "data_categories"),
        ({"subject_categories": "customers"}, "subject_categories"),
        ({"subject_categories": [1]}, "subject_categories[0]"),
        ({"protection": "strong"}, "protection"),
        ({"protection": {"key_compromised": "false"}}, "protection.key_compromised"),
        ({"integrity": {"misused": 0}}, "integrity.misused"),
        ({"mitigation": {"description": None}}, "mitigation.description"),
        ({"individual_notice_disproportionate": "no"}, "individual_notice_disproportionate"),
        ({"availability": {"duration_hours": "4"}}, "availability.duration_hours"),
        ({"dpc_adjustment": -1}, "dpc_adjustment"),
        ({"summary": 3}, "summary"),
    ],
)
def test_wrong_type_names_the_field(changes: dict[str, Any], field: str) -> None:
    assert error_for(facts_dict(**changes)).field == field


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"subjects_count": True}, "subjects_count"),
        ({"recipients_count": False}, "recipients_count"),
        ({"availability": {"duration_hours": True}}, "availability.duration_hours"),
        ({"dpc_adjustment": {"delta": True, "reason": "r"}}, "dpc_adjustment.delta"),
    ],
)
def test_bool_is_not_accepted_as_a_number(changes: dict[str, Any], field: str) -> None:
    error = error_for(facts_dict(**changes))

    assert error.field == field
    assert "bool" in error.message


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"subjects_count": -1}, "subjects_count"),
        ({"recipients_count": -5}, "recipients_count"),
        ({"availability": {"duration_hours": -0.5}}, "availability.duration_hours"),
        ({"availability": {"duration_hours": float("nan")}}, "availability.duration_hours"),
    ],
)
def test_negative_or_non_finite_numbers_are_rejected(changes: dict[str, Any], field: str) -> None:
    error = error_for(facts_dict(**changes))

    assert error.field == field
    assert ">= 0" in error.message


def test_nullable_numbers_accept_null_and_hours_accept_fractions() -> None:
    facts = parse_facts(
        facts_dict(recipients_count=None, availability={"loss": "temporary", "duration_hours": 1.5})
    )

    assert facts.recipients_count is None
    assert facts.availability.duration_hours == 1.5


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"nature": []}, "nature", "must not be empty"),
        ({"nature": ["integrity", "integrity"]}, "nature[1]", "duplicate"),
        ({"data_categories": []}, "data_categories", "must not be empty"),
        ({"data_categories": ["basic", "basic"]}, "data_categories[1]", "duplicate"),
        ({"subject_categories": [""]}, "subject_categories[0]", "non-empty"),
    ],
)
def test_lists_must_be_non_empty_sets_of_known_values(
    changes: dict[str, Any], field: str, message: str
) -> None:
    error = error_for(facts_dict(**changes))

    assert error.field == field
    assert message in error.message


def test_subject_categories_may_be_empty_and_free_text() -> None:
    assert parse_facts(facts_dict(subject_categories=[])).subject_categories == ()
    assert parse_facts(facts_dict(subject_categories=["tenants"])).subject_categories == ("tenants",)


@pytest.mark.parametrize(
    ("adjustment", "field"),
    [
        ({"delta": 4, "reason": "r"}, "dpc_adjustment.delta"),
        ({"delta": -4, "reason": "r"}, "dpc_adjustment.delta"),
        ({"delta": 1.0, "reason": "r"}, "dpc_adjustment.delta"),
        ({"delta": 1, "reason": "  "}, "dpc_adjustment.reason"),
        ({"delta": 1}, "dpc_adjustment.reason"),
    ],
)
def test_dpc_adjustment_needs_a_delta_from_minus_three_to_three_and_a_reason(
    adjustment: dict[str, Any], field: str
) -> None:
    data = facts_dict()
    data["dpc_adjustment"] = adjustment

    assert error_for(data).field == field


def test_facts_must_be_an_object() -> None:
    error = error_for(["role", "controller"])

    assert error.field == ""
    assert "JSON object" in error.message


def test_all_errors_are_collected_and_the_first_is_named() -> None:
    data = facts_dict(role="boss", protection={"encryption": "aes", "extra": 1}, subjects_count=-1)
    del data["sector"]

    error = error_for(data)

    assert set(fields_of(error)) == {
        "role",
        "sector",
        "subjects_count",
        "protection.encryption",
        "protection.extra",
    }
    assert error.field == fields_of(error)[0]
    assert "protection.encryption" in str(error)


def test_assess_validates_a_dict_first() -> None:
    with pytest.raises(FactsError) as caught:
        assess(facts_dict(cause="hacker"))

    assert caught.value.field == "cause"


def test_baseline_covers_every_required_field() -> None:
    v2_only = {"groups", "recipients_detail", "version"}
    optional = {"summary", "data_elements", "professional_secrecy"}
    required = {field.name for field in dataclasses.fields(BreachFacts)} - v2_only - optional | set(
        V1_PEOPLE_FIELDS
    )

    assert set(BASELINE) == required
