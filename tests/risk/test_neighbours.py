"""No cliffs: one more person, recipient or hour never flips a verdict except where the weighing crosses a boundary
that risk/RULES.md names; and more harm never lowers a group's level."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from risk.engine import assess
from risk.engine.rules import RISK_ORDER
from risk.engine.weighing import AVAILABILITY_UNLIKELY, HIGH_INDEX, LIKELY, UNLIKELY_INDEX, Weighing
from tests.risk.test_properties import PROPERTY_SETTINGS, changed, facts_strategy, risk_of

VERDICTS = ("risk", "notify_authority", "notify_subjects", "public_communication")


def crossed(before: Weighing, after: Weighing) -> list[str]:
    """The named boundaries the weighing crossed between two neighbouring facts."""
    lines = [
        ("index", UNLIKELY_INDEX),
        ("index", HIGH_INDEX),
        ("likelihood", LIKELY),
        ("availability", AVAILABILITY_UNLIKELY),
    ]
    return [
        f"{name} {limit}"
        for name, limit in lines
        if (getattr(before, name) < limit) != (getattr(after, name) < limit)
    ]


def assert_no_cliff(lower: dict[str, Any], higher: dict[str, Any]) -> None:
    a, b = assess(lower), assess(higher)
    if any(getattr(a, key) != getattr(b, key) for key in VERDICTS):
        (ga,), (gb,) = a.groups, b.groups
        assert crossed(ga.weighing, gb.weighing), (
            f"{a.risk} -> {b.risk} without crossing a named boundary: {ga.weighing} / {gb.weighing}"
        )
    assert RISK_ORDER[b.risk] >= RISK_ORDER[a.risk]  # and never in the wrong direction


@PROPERTY_SETTINGS
@given(facts_strategy)
def test_one_more_person_flips_a_verdict_only_at_a_named_boundary(data: dict[str, Any]) -> None:
    n = max(data["subjects_count"], 1)
    assert_no_cliff(changed(data, subjects_count=n), changed(data, subjects_count=n + 1))


@PROPERTY_SETTINGS
@given(facts_strategy, st.integers(1, 5000))
def test_one_more_recipient_flips_a_verdict_only_at_a_named_boundary(
    data: dict[str, Any], count: int
) -> None:
    assert_no_cliff(changed(data, recipients_count=count), changed(data, recipients_count=count + 1))


@PROPERTY_SETTINGS
@given(facts_strategy, st.floats(0, 500, allow_nan=False))
def test_one_more_hour_of_unavailability_flips_a_verdict_only_at_a_named_boundary(
    data: dict[str, Any], hours: float
) -> None:
    temporary = {"loss": "temporary"}
    assert_no_cliff(
        changed(data, availability={**temporary, "duration_hours": hours}),
        changed(data, availability={**temporary, "duration_hours": hours + 1}),
    )


def test_the_old_cliffs_are_gone() -> None:
    """10 versus 11 recipients and 24 versus 25 hours were lines the law does not draw (engine 1.x)."""
    from tests.risk.builders import facts_dict

    simple = facts_dict(mitigation={"data_retrieved_or_deleted": True}, subjects_count=10)
    assert (
        assess(changed(simple, recipients_count=10)).risk == assess(changed(simple, recipients_count=11)).risk
    )
    outage = facts_dict(
        nature=["availability"],
        confidentiality="none",
        recipients="none",
        recipients_count=None,
        subjects_count=40,
    )
    day = {"loss": "temporary", "impact": "none"}
    assert (
        assess(changed(outage, availability={**day, "duration_hours": 24})).risk
        == assess(changed(outage, availability={**day, "duration_hours": 25})).risk
    )


# --- monotonic ------------------------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(facts_strategy, st.integers(1, 1000))
def test_more_recipients_never_lower_the_risk(data: dict[str, Any], extra: int) -> None:
    count = data["recipients_count"] or 1
    assert risk_of(changed(data, recipients_count=count + extra)) >= risk_of(
        changed(data, recipients_count=count)
    )


@PROPERTY_SETTINGS
@given(facts_strategy, st.floats(0, 500, allow_nan=False), st.floats(0, 500, allow_nan=False))
def test_longer_unavailability_never_lowers_the_risk(
    data: dict[str, Any], hours: float, extra: float
) -> None:
    shorter = changed(data, availability={"loss": "temporary", "duration_hours": hours})
    longer = changed(data, availability={"loss": "temporary", "duration_hours": hours + extra})
    assert risk_of(longer) >= risk_of(shorter)
    assert risk_of(changed(data, availability={"loss": "permanent"})) >= risk_of(shorter)


@PROPERTY_SETTINGS
@given(facts_strategy, st.sampled_from(["maximum", "significant", "limited"]))
def test_easier_identification_never_lowers_the_risk(data: dict[str, Any], easier: str) -> None:
    order = ["negligible", "limited", "significant", "maximum"]
    if order.index(easier) > order.index(data["identifiability"]):
        assert risk_of(changed(data, identifiability=easier)) >= risk_of(data)


@PROPERTY_SETTINGS
@given(facts_strategy)
def test_weaker_protection_never_lowers_the_risk(data: dict[str, Any]) -> None:
    weaker = changed(data, protection={"encryption": "none", "hashing": "none"})
    assert risk_of(weaker) >= risk_of(data)
