"""The engine stays pure, and RULES.md documents exactly the rules and thresholds the code applies."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from risk.engine import ENGINE_VERSION, decision, weighing
from risk.engine import rules as rules_module
from risk.engine.rules import RULES

RISK_DIR = Path(__file__).resolve().parents[2] / "risk"
RULES_MD = (RISK_DIR / "RULES.md").read_text(encoding="utf-8")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted((RISK_DIR / "engine").glob("*.py")), ids=lambda path: path.name)
def test_engine_module_imports_nothing_from_django(path: Path) -> None:
    assert not {name for name in imported_modules(path) if name.split(".")[0] in {"django", "rest_framework"}}


def test_rule_codes_are_unique() -> None:
    codes = [rule.code for rule in RULES]

    assert len(codes) == len(set(codes))


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_every_rule_is_in_the_rules_table_and_cites_its_source(rule: rules_module.Rule) -> None:
    assert f"| `{rule.code}` |" in RULES_MD
    assert rule.check.__doc__
    assert rule.article.startswith("Art.")


@pytest.mark.parametrize("code", ["art34_3_a", "art34_3_b", "art34_3_c"])
def test_every_exemption_is_documented(code: str) -> None:
    assert f"| `{code}` |" in RULES_MD


@pytest.mark.parametrize(
    ("module", "name"),
    [
        (weighing, "MINOR_CONSEQUENCES"),
        (weighing, "UNLIKELY_INDEX"),
        (weighing, "HIGH_INDEX"),
        (weighing, "SERIOUS_CONSEQUENCES"),
        (weighing, "LIKELY"),
        (weighing, "AVAILABILITY_UNLIKELY"),
        (rules_module, "HIGH_SEVERITY"),
        (decision, "TBD_PEOPLE"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_boundaries_in_the_doc_match_the_code(module, name: str) -> None:
    value = getattr(module, name)
    shown = f"{value:,}" if isinstance(value, int) else f"{value:g}"

    assert f"| `{name}` | {shown} |" in RULES_MD or f"| `{name}` | SE {shown} |" in RULES_MD


@pytest.mark.parametrize(
    "factor",
    [
        *(f"{value:g}" for value in weighing.HOLDER_FACTORS.values() if value > 1),
        *(f"{value:g}" for value in weighing.PER_RECIPIENT.values()),
        *(f"{value:g}" for value in weighing.UNKNOWN_HOLDER.values()),
        f"{weighing.VULNERABLE_FACTOR:g}",
        f"{weighing.ALREADY_PUBLIC_FACTOR:g}",
        f"h / (h + {weighing.RESTORE_HALF_WEIGHT_HOURS:g})",
    ],
)
def test_every_graded_factor_is_stated_in_the_doc(factor: str) -> None:
    assert factor in RULES_MD


def test_rules_doc_names_the_engine_version() -> None:
    assert f"engine {ENGINE_VERSION}" in RULES_MD
