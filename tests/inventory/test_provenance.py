"""Provenance marks of an assessment run: an unchanged derived value stays derived, a changed one is the
person's (recorded), an empty one is missing — nothing is ever silently promoted."""

from inventory.provenance import assessment_marks, corrections, flatten
from tests.risk.builders import facts_dict

DERIVED = {
    "data_categories": ["basic", "contact"],
    "subjects_count": 20000,
    "protection.encryption": "state_of_the_art",
}


def test_flatten_names_nested_facts_by_path_but_keeps_the_adjustment_whole():
    flat = flatten(facts_dict(dpc_adjustment={"delta": 1, "reason": "a year of records"}))
    assert flat["protection.encryption"] == "none"
    assert flat["dpc_adjustment"] == {"delta": 1, "reason": "a year of records"}
    assert "mitigation.description" in flat


def test_a_derived_value_left_as_proposed_stays_derived_even_in_another_order():
    facts = facts_dict(data_categories=["contact", "basic"], subjects_count=20000)
    marks = assessment_marks(facts, derived=DERIVED, recorded={})
    assert marks["data_categories"] == "derived"
    assert marks["subjects_count"] == "derived"


def test_a_changed_value_is_recorded_and_becomes_a_correction():
    facts = facts_dict(subjects_count=140, protection={"encryption": "none"})
    marks = assessment_marks(facts, derived=DERIVED, recorded={})
    assert marks["subjects_count"] == "recorded"
    assert marks["protection.encryption"] == "recorded"
    assert corrections(facts, marks, DERIVED) == {"subjects_count": 140, "protection.encryption": "none"}


def test_a_confirmed_value_is_recorded_and_needs_no_correction():
    facts = facts_dict(subjects_count=20000)
    marks = assessment_marks(facts, derived={}, recorded={"subjects_count": 20000})
    assert marks["subjects_count"] == "recorded"
    assert corrections(facts, marks, {"subjects_count": 20000}) == {}


def test_empty_values_are_missing_but_no_adjustment_is_an_answer():
    facts = facts_dict(recipients_count=None, summary="")
    marks = assessment_marks(facts, derived={}, recorded={})
    assert marks["recipients_count"] == "missing"
    assert marks["summary"] == "missing"
    assert marks["mitigation.description"] == "missing"
    assert marks["dpc_adjustment"] == "recorded"
    assert marks["confidentiality"] == "recorded"


def test_a_value_derived_in_the_previous_version_stays_derived_when_left_unchanged():
    previous = facts_dict(subjects_count=20000)
    facts = facts_dict(subjects_count=20000)
    marks = assessment_marks(
        facts,
        derived={"subjects_count": 25000},  # the inventory moved on since
        recorded={},
        previous_facts=previous,
        previous_marks={"subjects_count": "derived"},
    )
    assert marks["subjects_count"] == "derived"
    assert corrections(facts, marks, {"subjects_count": 25000}) == {}
