"""The apps that were one ``notifications`` app keep their order: delivery → notifications → people, processors;
people and processors know neither each other nor anything above them, and the notices never name the outbox (it
registers what it adds, ``notifications.contributors``). No module of these apps imports one that imports it back,
at the top of a file or inside a function."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPLIT = ("people", "processors", "notifications", "delivery")
ABOVE_ALL = {"reports", "portal", "inbox", "alerts"}


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _graph() -> dict[str, set[str]]:
    paths = [p for app in SPLIT for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]
    modules = {_module(p): p for p in paths}
    return {name: {m for m in _imports(path) if m in modules and m != name} for name, path in modules.items()}


@pytest.mark.parametrize(
    ("app", "forbidden"),
    [
        ("people", {"processors", "notifications", "delivery", *ABOVE_ALL}),
        ("processors", {"people", "notifications", "delivery", *ABOVE_ALL}),
        ("notifications", {"delivery", *ABOVE_ALL}),
        ("delivery", ABOVE_ALL),
    ],
)
def test_no_app_of_the_split_imports_upwards(app, forbidden):
    imported = {m.split(".")[0] for path in (ROOT / app).rglob("*.py") for m in _imports(path)}
    assert not imported & forbidden


def test_no_module_of_the_split_imports_one_that_imports_it_back():
    graph = _graph()
    circles = []
    for start in graph:
        seen, todo = set(), list(graph[start])
        while todo:
            module = todo.pop()
            if module == start:
                circles.append(start)
                break
            if module not in seen:
                seen.add(module)
                todo.extend(graph[module])
    assert circles == []
