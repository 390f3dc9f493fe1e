"""The engine stays pure, and RULES.md documents exactly the rules and thresholds the code applies."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from risk.engine import ENGINE_VERSION
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
    "name",
    [
        "FEW_RECIPIENTS",
        "WIDE_RECIPIENTS",
        "LARGE_SCALE",
        "QUICK_RESTORE_HOURS",
        "SENSITIVE_DPC",
        "HIGH_SEVERITY",
    ],
)
def test_policy_thresholds_in_the_doc_match_the_code(name: str) -> None:
    value = getattr(rules_module, name)
    shown = f"{value:,}" if isinstance(value, int) else f"{value:g}"

    assert f"| `{name}` | {shown}" in RULES_MD or f"| `{name}` | SE {shown}" in RULES_MD


def test_rules_doc_names_the_engine_version() -> None:
    assert f"engine {ENGINE_VERSION}" in RULES_MD
