"""Engine 2: breach facts v2 (groups, the recipients' detail, facts to be determined), a verdict per group, and
"unlikely" weighed on its merits — both ways."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from risk.engine import FactsError, assess, parse_facts
from tests.risk.builders import facts_dict

PEOPLE_FIELDS = (
    "data_categories",
    "dpc_adjustment",
    "subject_categories",
    "subjects_count",
    "identifiability",
)


def group(label: str, **changes: Any) -> dict[str, Any]:
    return {
        "label": label,
        "subject_categories": ["customers"],
        "subjects_count": 1,
        "data_categories": ["basic", "contact"],
        "identifiability": "maximum",
        **changes,
    }


def v2(*groups: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The baseline as a v2 object: its breach-wide facts, the given groups (one like the baseline's by default)."""
    data = {key: value for key, value in facts_dict(**changes).items() if key not in PEOPLE_FIELDS}
    return {"version": 2, **data, "groups": list(groups) or [group("all")]}


def error_for(data: Any) -> FactsError:
    with pytest.raises(FactsError) as caught:
        parse_facts(data)
    return caught.value


# --- the format ---------------------------------------------------------------------------------------------


def test_a_v1_object_is_one_group_labelled_all_and_keeps_its_meaning() -> None:
    v1 = facts_dict(subjects_count=40, recipients_count=40, data_categories=["basic", "financial"])
    one = v2(group("all", subjects_count=40, data_categories=["basic", "financial"]), recipients_count=40)

    facts = parse_facts(v1)

    assert [g.label for g in facts.groups] == ["all"] and facts.version == 1
    assert facts.to_dict() == v1
    old, new = assess(v1).to_dict(), assess(one).to_dict()
    assert {k: old[k] for k in ("risk", "notify_authority", "notify_subjects", "exemptions")} == {
        k: new[k] for k in ("risk", "notify_authority", "notify_subjects", "exemptions")
    }
    assert [g["label"] for g in old["groups"]] == ["all"]


def test_a_v2_object_round_trips() -> None:
    data = v2(group("customers", subjects_count=1200), group("patients", data_categories=["health"]))
    data["recipients_detail"] = {
        "identified": True,
        "bound_by_confidentiality": False,
        "asked_to_delete": True,
        "deletion_confirmed": False,
    }

    assert parse_facts(data).to_dict() == {
        **data,
        "groups": [{"already_public": False, "dpc_adjustment": None} | g for g in data["groups"]],
    }


@pytest.mark.parametrize("field", PEOPLE_FIELDS)
def test_v2_refuses_v1_people_fields_at_the_top_level(field: str) -> None:
    data = v2()
    data[field] = facts_dict()[field]

    assert field in [f for f, _m in error_for(data).errors]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"groups": []}, "groups"),
        ({"groups": [group("a"), group("a")]}, "groups[1].label"),
        ({"groups": [group("a", subjects_count=-1)]}, "groups[0].subjects_count"),
        ({"groups": [group("a", colour="red")]}, "groups[0].colour"),
        ({"groups": [group("")]}, "groups[0].label"),
        ({"version": 3}, "version"),
        (
            {
                "recipients": "trusted",
                "recipients_detail": {
                    "identified": True,
                    "bound_by_confidentiality": False,
                    "asked_to_delete": True,
                    "deletion_confirmed": True,
                },
            },
            "recipients_detail",
        ),
        (
            {
                "recipients": "unknown",
                "recipients_detail": {
                    "identified": True,
                    "bound_by_confidentiality": False,
                    "asked_to_delete": False,
                    "deletion_confirmed": False,
                },
            },
            "recipients_detail.identified",
        ),
    ],
)
def test_bad_v2_input_names_the_field(change: dict[str, Any], field: str) -> None:
    data = {**v2(), **change}

    assert field in [f for f, _m in error_for(data).errors]


def test_to_be_determined_is_v2_only() -> None:
    assert error_for(facts_dict(confidentiality=None)).field == "confidentiality"
    assert error_for(facts_dict(subjects_count=None)).field == "subjects_count"
    assert parse_facts(v2(group("a", subjects_count=None), confidentiality=None, cause=None, recipients=None))


# --- a verdict per group ------------------------------------------------------------------------------------


def two_groups(**changes: Any) -> dict[str, Any]:
    """An attacker probably read a customer list: 1,200 customers' contact data, and one customer's medical note."""
    return v2(
        group("customers", subjects_count=1200, identifiability="limited"),
        group("medical note", subjects_count=1, data_categories=["basic", "contact", "health"]),
        confidentiality="likely",
        cause="external_malicious",
        recipients="unknown",
        recipients_count=None,
        **changes,
    )


def test_health_data_of_one_of_the_1200_is_high_risk_for_that_one_only() -> None:
    decision = assess(two_groups()).to_dict()

    by_label = {g["label"]: g for g in decision["groups"]}
    assert by_label["medical note"]["risk"] == "high" and by_label["medical note"]["notify_subjects"]
    assert by_label["customers"]["risk"] == "risk" and not by_label["customers"]["notify_subjects"]
    assert decision["risk"] == "high" and decision["notify_authority"] and decision["notify_subjects"]
    told = next(r for r in decision["reasons"] if r["code"] == "verdict_notify_subjects")
    assert "medical note" in told["text"] and "1 person" in told["text"]
    assert any(r["text"].startswith("For customers: ") for r in decision["reasons"])


def test_edpb_case_18_two_groups_with_different_data() -> None:
    """EDPB 01/2021 case 18: the wages of 89 employees and the full payslips (family, children) of 10 former ones."""
    data = v2(
        group(
            "employees",
            subject_categories=["employees"],
            subjects_count=89,
            data_categories=["basic", "financial"],
        ),
        group(
            "former employees",
            subject_categories=["employees"],
            subjects_count=10,
            data_categories=["basic", "financial", "family", "employment"],
        ),
        cause="external_malicious",
        recipients="unknown",
        recipients_count=None,
    )

    decision = assess(data)

    assert [g.risk for g in decision.groups] == ["high", "high"] and decision.notify_subjects
    assert [g.subjects_count for g in decision.groups] == [89, 10]


# --- "unlikely" weighed on its merits ------------------------------------------------------------------------


def test_a_trivial_disclosure_to_a_handful_asked_to_delete_is_unlikely() -> None:
    data = facts_dict(recipients_count=5, subjects_count=5)
    data = {k: v for k, v in data.items() if k not in PEOPLE_FIELDS}
    data = v2(group("participants", subjects_count=5), recipients_count=5)
    data["recipients_detail"] = {
        "identified": True,
        "bound_by_confidentiality": False,
        "asked_to_delete": True,
        "deletion_confirmed": False,
    }

    decision = assess(data)

    assert decision.risk == "unlikely" and not decision.notify_authority
    assert "minor_consequences" in [r.code for r in decision.reasons]


def test_an_outage_of_minutes_with_a_minor_inconvenience_is_unlikely() -> None:
    data = facts_dict(
        nature=["availability"],
        confidentiality="none",
        recipients="none",
        recipients_count=None,
        subjects_count=5000,
        availability={"loss": "temporary", "duration_hours": 0.1, "impact": "minor"},
    )

    assert assess(data).risk == "unlikely"


def test_data_that_was_lawfully_public_before_is_unlikely_to_result_in_a_risk() -> None:
    data = v2(
        group("board", subject_categories=["employees"], subjects_count=12, already_public=True),
        cause="external_malicious",
        recipients="public",
        recipients_count=None,
    )

    decision = assess(data)

    assert decision.risk == "unlikely", [r.code for r in decision.reasons]


def test_a_deletion_declared_by_a_recipient_not_bound_does_not_clear_the_risk() -> None:
    """Supervisory practice: a written deletion declaration from a recipient who is neither trusted nor bound by
    confidentiality cannot be verified; the data decides."""
    data = v2(
        group(
            "job seekers",
            subject_categories=["job_seekers"],
            subjects_count=2,
            data_categories=["basic", "national_id"],
        )
    )
    data["recipients_detail"] = {
        "identified": True,
        "bound_by_confidentiality": False,
        "asked_to_delete": True,
        "deletion_confirmed": True,
    }

    assert assess(data).risk == "high"
    data["groups"][0]["data_categories"] = ["basic", "financial"]
    decision = assess(data)
    assert decision.risk == "risk" and "deletion_unverified" in [r.code for r in decision.reasons]


def test_the_same_recipient_bound_by_confidentiality_who_confirmed_deletion_is_trusted() -> None:
    data = v2(group("clients", data_categories=["basic", "national_id"]))
    data["recipients_detail"] = {
        "identified": True,
        "bound_by_confidentiality": True,
        "asked_to_delete": True,
        "deletion_confirmed": True,
    }

    decision = assess(data)

    assert decision.risk == "unlikely" and "trusted_recipient" in [r.code for r in decision.reasons]


def test_data_weighs_by_what_it_opens() -> None:
    """A phone number that receives login codes is not "contact data" in its consequences."""
    plain = v2(group("customers", data_categories=["contact"], subjects_count=3), recipients_count=3)
    opener = copy.deepcopy(plain)
    opener["groups"][0]["dpc_adjustment"] = {
        "delta": 2,
        "reason": "the numbers receive the bank's login codes",
    }

    assert assess(plain).risk == "unlikely"
    assert assess(opener).risk == "risk"


def test_far_apart_verdict_and_enisa_level_are_explained() -> None:
    data = facts_dict(
        sector="healthcare",
        nature=["availability"],
        confidentiality="not_exfiltrated",
        recipients="none",
        recipients_count=None,
        cause="external_malicious",
        data_categories=["health"],
        availability={"loss": "temporary", "duration_hours": 1, "impact": "none"},
    )

    decision = assess(data)

    assert decision.risk == "unlikely" and decision.severity.level in ("high", "very high")
    assert "enisa_divergence" in [r.code for r in decision.reasons]


# --- to be determined ---------------------------------------------------------------------------------------


def test_facts_to_be_determined_take_the_stricter_reading_and_are_listed() -> None:
    data = v2(group("customers", subjects_count=None), confidentiality=None, recipients=None, cause=None)

    decision = assess(data).to_dict()

    assert decision["to_be_determined"] == [
        "confidentiality",
        "recipients",
        "cause",
        "groups[0].subjects_count",
    ]
    assert decision["risk"] == "high" and decision["needs_more_information"]
    tbd = [r for r in decision["reasons"] if r["code"] == "to_be_determined"]
    assert len(tbd) == 4 and "stricter reading" in tbd[0]["text"]


def test_a_fact_to_be_determined_that_cannot_change_the_verdict_needs_no_more_information() -> None:
    data = v2(
        confidentiality=None,
        protection={
            "encryption": "state_of_the_art",
            "key_compromised": False,
            "hashing": "none",
            "backup": "recent",
        },
    )

    decision = assess(data)

    assert decision.to_be_determined == ("confidentiality",) and not decision.needs_more_information
    assert decision.risk == "unlikely"


def test_the_breach_view_reads_v2_as_one_breach_and_leaves_v1_as_it_is() -> None:
    from risk.engine.facts import breach_view

    v1 = facts_dict(subjects_count=7)
    assert breach_view(v1) == v1
    data = v2(
        group("customers", subjects_count=1200, identifiability="limited"),
        group(
            "patients", subjects_count=1, data_categories=["basic", "health"], subject_categories=["patients"]
        ),
    )
    view = breach_view(data)
    assert view["data_categories"] == ["basic", "contact", "health"]
    assert view["subject_categories"] == ["customers", "patients"]
    assert view["subjects_count"] == 1201 and view["identifiability"] == "maximum"
    assert "groups" not in view and "version" not in view
    data["groups"][1]["subjects_count"] = None
    assert breach_view(data)["subjects_count"] is None
    assert parse_facts(v1).to_v2_dict()["groups"][0]["label"] == "all"
