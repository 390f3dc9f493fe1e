"""The inventory sits between incidents and risk: risk → inventory → incidents. It never imports upwards
(risk, notifications, reports), and incidents never imports it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def imported_apps(app: str) -> set[str]:
    apps = set()
    for path in (ROOT / app).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                apps.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                apps.update(alias.name.split(".")[0] for alias in node.names)
    return apps


@pytest.mark.parametrize(
    ("app", "forbidden"), [("inventory", {"risk", "notifications", "reports"}), ("incidents", {"inventory"})]
)
def test_no_app_imports_upwards(app, forbidden):
    assert not imported_apps(app) & forbidden
