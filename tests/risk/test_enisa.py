"""ENISA severity: the scales, the category mapping and SE = DPC x EI + CB."""

from __future__ import annotations

from typing import get_args

import pytest

from risk.engine.enisa import CATEGORY_SCORES, level_for, severity
from risk.engine.facts import DataCategory
from tests.risk.builders import make_facts

ART_9_10 = [
    "health",
    "genetic",
    "biometric",
    "racial_ethnic",
    "political",
    "religious",
    "trade_union",
    "sex_life",
]


def test_every_data_category_but_credentials_has_a_base_score_with_a_reason() -> None:
    assert set(CATEGORY_SCORES) == set(get_args(DataCategory)) - {"credentials"}
    for score, reason in CATEGORY_SCORES.values():
        assert score in (1, 2, 3, 4)
        assert reason


@pytest.mark.parametrize(
    ("category", "dpc"),
    [
        ("basic", 1),
        ("contact", 1),
        ("education", 1),
        ("employment", 1),
        ("family", 1),
        ("location", 2),
        ("behavioural", 2),
        ("profile", 2),
        ("financial", 3),
        ("payment_means", 4),
        ("national_id", 4),
        ("official_documents", 4),
        *[(category, 4) for category in [*ART_9_10, "criminal"]],
    ],
)
def test_dpc_is_the_category_base_score(category: str, dpc: int) -> None:
    assert severity(make_facts(data_categories=[category])).dpc == dpc


def test_dpc_is_the_highest_score_over_the_categories() -> None:
    assert severity(make_facts(data_categories=["basic", "location", "financial"])).dpc == 3


@pytest.mark.parametrize(
    ("sector", "others", "dpc"),
    [
        ("general", [], 2),
        ("general", ["basic"], 2),
        ("general", ["health"], 4),
        ("finance", [], 3),
        ("healthcare", [], 4),
        ("retail", ["financial"], 3),
    ],
)
def test_credentials_are_scored_by_what_they_open(sector: str, others: list[str], dpc: int) -> None:
    assert severity(make_facts(sector=sector, data_categories=["credentials", *others])).dpc == dpc


@pytest.mark.parametrize(
    ("base", "delta", "dpc"), [("financial", -1, 2), ("basic", 2, 3), ("health", 3, 4), ("basic", -3, 1)]
)
def test_assessor_adjustment_is_applied_and_clamped_to_one_to_four(base: str, delta: int, dpc: int) -> None:
    reason = "context the assessor weighed"
    sev = severity(make_facts(data_categories=[base], dpc_adjustment={"delta": delta, "reason": reason}))

    assert sev.dpc == dpc
    assert reason in sev.basis["dpc"]


@pytest.mark.parametrize(
    ("identifiability", "ei"),
    [("negligible", 0.25), ("limited", 0.5), ("significant", 0.75), ("maximum", 1.0)],
)
def test_ease_of_identification_is_linear(identifiability: str, ei: float) -> None:
    assert severity(make_facts(identifiability=identifiability)).ei == ei


@pytest.mark.parametrize(
    ("confidentiality", "recipients", "points"),
    [
        ("none", "none", 0.0),
        ("not_exfiltrated", "unknown", 0.0),
        ("exfiltrated", "trusted", 0.25),
        ("exfiltrated", "known", 0.25),
        ("likely", "unknown", 0.5),
        ("unknown", "unknown", 0.5),
        ("exfiltrated", "public", 0.5),
        ("exfiltrated", "none", 0.5),
    ],
)
def test_confidentiality_points_follow_the_scope_of_disclosure(
    confidentiality: str, recipients: str, points: float
) -> None:
    assert severity(make_facts(confidentiality=confidentiality, recipients=recipients)).cb == points


@pytest.mark.parametrize(
    ("loss", "misused", "points"),
    [
        ("none", False, 0.0),
        ("recoverable", False, 0.0),
        ("unrecoverable", False, 0.0),
        ("recoverable", True, 0.25),
        ("unrecoverable", True, 0.5),
    ],
)
def test_integrity_points_count_only_altered_data_that_was_used(
    loss: str, misused: bool, points: float
) -> None:
    facts = make_facts(
        confidentiality="none", recipients="none", integrity={"loss": loss, "misused": misused}
    )

    assert severity(facts).cb == points


@pytest.mark.parametrize(("loss", "points"), [("none", 0.0), ("temporary", 0.25), ("permanent", 0.5)])
def test_availability_points_grow_with_permanence(loss: str, points: float) -> None:
    facts = make_facts(confidentiality="none", recipients="none", availability={"loss": loss})

    assert severity(facts).cb == points


@pytest.mark.parametrize(
    ("cause", "points"),
    [
        ("internal_accidental", 0.0),
        ("external_accidental", 0.0),
        ("unknown", 0.0),
        ("internal_malicious", 0.5),
        ("external_malicious", 0.5),
    ],
)
def test_malicious_intent_adds_half_a_point_only_when_established(cause: str, points: float) -> None:
    facts = make_facts(confidentiality="none", recipients="none", cause=cause)

    assert severity(facts).cb == points


def test_circumstances_add_up() -> None:
    facts = make_facts(
        recipients="public",
        cause="external_malicious",
        integrity={"loss": "unrecoverable", "misused": True},
        availability={"loss": "permanent"},
    )

    assert severity(facts).cb == 2.0


def test_score_is_dpc_times_ei_plus_cb() -> None:
    sev = severity(
        make_facts(data_categories=["financial"], identifiability="significant", recipients="unknown")
    )

    assert (sev.dpc, sev.ei, sev.cb) == (3, 0.75, 0.5)
    assert sev.score == 2.75
    assert sev.level == "medium"
    assert sev.basis["score"] == "SE = DPC x EI + CB = 3 x 0.75 + 0.5 = 2.75"


def test_score_spans_a_quarter_to_six() -> None:
    lowest = make_facts(identifiability="negligible", confidentiality="none", recipients="none")
    highest = make_facts(
        data_categories=["health"],
        recipients="public",
        cause="external_malicious",
        integrity={"loss": "unrecoverable", "misused": True},
        availability={"loss": "permanent"},
    )

    assert severity(lowest).score == 0.25
    assert severity(highest).score == 6.0


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (0.25, "low"),
        (1.99, "low"),
        (2.0, "medium"),
        (2.99, "medium"),
        (3.0, "high"),
        (3.99, "high"),
        (4.0, "very high"),
        (6.0, "very high"),
    ],
)
def test_level_bands(score: float, level: str) -> None:
    assert level_for(score) == level


def test_every_factor_states_its_basis() -> None:
    sev = severity(make_facts())

    assert set(sev.basis) == {"dpc", "ei", "cb", "score", "level"}
    assert len(sev.basis["cb"]) == 4
    assert set(sev.to_dict()) == {"dpc", "ei", "cb", "score", "level", "basis"}
