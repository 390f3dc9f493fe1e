"""Every worked case — the EDPB/GDPR public ones and our own near-misses — reaches its expected outcome."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from risk.engine import assess

CASES_DIR = Path(__file__).resolve().parent.parent / "data" / "cases"
PUBLIC_CASES = sorted(CASES_DIR.glob("*.json"))
OWN_CASES = sorted((CASES_DIR / "own").glob("*.json"))
EXPECTABLE = {
    "notify_authority",
    "notify_subjects",
    "public_communication",
    "notify_controllers",
    "risk",
    "exemptions",
}


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", PUBLIC_CASES + OWN_CASES, ids=lambda path: path.stem)
def test_case_reaches_expected_outcome(path: Path) -> None:
    case = load(path)
    decision = assess(case["facts"]).to_dict()

    got = {key: decision[key] for key in case["expected"]}

    assert got == case["expected"], [reason["code"] for reason in decision["reasons"]]


@pytest.mark.parametrize("path", PUBLIC_CASES + OWN_CASES, ids=lambda path: path.stem)
def test_case_file_is_well_formed(path: Path) -> None:
    case = load(path)

    assert {"id", "title", "source", "facts", "expected"} <= set(case)
    assert case["id"] == path.stem
    assert set(case["expected"]) <= EXPECTABLE
    assert {"notify_authority", "notify_subjects", "public_communication", "notify_controllers"} <= set(
        case["expected"]
    )


def test_corpus_holds_the_public_cases_and_at_least_twenty_own_cases() -> None:
    assert {path.stem for path in PUBLIC_CASES} >= {
        "edpb-01",
        "edpb-02",
        "edpb-05",
        "edpb-06",
        "edpb-08",
        "edpb-10",
        "edpb-13",
        "edpb-14",
        "edpb-16",
        "law-processor",
        "law-public-notice",
    }
    assert len(OWN_CASES) >= 20


def test_own_cases_cover_every_outcome() -> None:
    outcomes = {load(path)["expected"]["risk"] for path in OWN_CASES}
    exemptions = {code for path in OWN_CASES for code in load(path)["expected"]["exemptions"]}

    assert outcomes == {"unlikely", "risk", "high"}
    assert exemptions == {"art34_3_a", "art34_3_b", "art34_3_c"}
