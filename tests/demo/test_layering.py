"""The demo is at the top of the house: it may use every app, and no app imports it. The project's own package
(``datalek``) is the ground: it imports no app, but for its settings turning OIDC sign-in on."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "accounts",
    "alerts",
    "datalek",
    "inbox",
    "incidents",
    "inventory",
    "notifications",
    "portal",
    "reports",
    "risk",
]


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found


@pytest.mark.parametrize("app", APPS)
def test_no_app_imports_the_demo(app):
    assert not any("demo" in imports(path) for path in (ROOT / app).rglob("*.py"))


def test_the_project_package_imports_no_app_but_in_its_settings():
    offending = {
        str(path.relative_to(ROOT)): sorted(imports(path) & (set(APPS) - {"datalek"}))
        for path in (ROOT / "datalek").rglob("*.py")
        if path.name != "settings.py" and "migrations" not in path.parts
    }
    assert {path: apps for path, apps in offending.items() if apps} == {}
