"""The house as it is meant to be (docs/architecture.md): the layers of `.importlinter` hold for the code (import-linter)
and for the templates (a template names the URLs of its own app and of the apps below it only), and no module imports
one that imports it back, however far round."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

import grimp
import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".importlinter"


def _config() -> configparser.ConfigParser:
    parser = configparser.ConfigParser()
    parser.read(CONFIG)
    return parser


def _lines(value: str) -> list[str]:
    return [
        line.strip()
        for line in value.strip().splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def root_packages() -> list[str]:
    return _lines(_config()["importlinter"]["root_packages"])


def layers() -> list[set[str]]:
    """The layers from the top down; a layer of siblings is written ``a | b``."""
    return [
        {name.strip() for name in line.split("|")}
        for line in _lines(_config()["importlinter:contract:layers"]["layers"])
    ]


def test_every_app_of_ours_is_in_a_contract() -> None:
    from django.apps import apps

    ours = {config.name.split(".")[0] for config in apps.get_app_configs() if (ROOT / config.name).is_dir()}
    in_layers = set().union(*layers())
    assert ours <= in_layers, f"apps in no layer of .importlinter: {sorted(ours - in_layers)}"
    assert in_layers <= set(root_packages())


def test_the_import_contracts_are_kept(capsys) -> None:
    status = lint_imports(config_filename=str(CONFIG), no_cache=True)
    assert status == 0, capsys.readouterr().out


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph.modules):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            module, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                    break
                if child in on_stack:
                    low[module] = min(low[module], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[module])
                if low[module] == index[module]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == module:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def test_no_module_imports_one_that_imports_it_back() -> None:
    """Function-level imports count too: an import moved into a function to hide a circle is still a circle."""
    graph = grimp.build_graph(*root_packages(), cache_dir=None, exclude_type_checking_imports=True)
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for module in ("a", "a.one", "a.two", "a.three", "a.four"):
        graph.add_module(module)
    graph.add_import(importer="a.one", imported="a.two")
    graph.add_import(importer="a.two", imported="a.three")
    graph.add_import(importer="a.three", imported="a.one")
    graph.add_import(importer="a.four", imported="a.one")
    assert _cycles(graph) == [["a.one", "a.three", "a.two"]]


# --- templates ----------------------------------------------------------------------------------------------------

URL_TAG = re.compile(r"""\{%\s*url\s+["']([\w:-]+)["']""")


def _url_owners() -> dict[str, str]:
    """Each URL name (with its namespace) → the package whose view serves it."""
    owners: dict[str, str] = {}

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(
                    pattern.url_patterns,
                    f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace,
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                callback = pattern.callback
                module = getattr(callback, "view_class", callback).__module__
                owners.setdefault(f"{namespace}{pattern.name}", module.split(".")[0])

    walk(get_resolver().url_patterns, "")
    return owners


def _below(app: str) -> set[str]:
    """``app`` and the apps of the layers below it."""
    order = layers()
    level = next(i for i, layer in enumerate(order) if app in layer)
    return {app}.union(*order[level + 1 :])


def test_a_template_names_only_the_urls_of_its_app_and_of_the_apps_below() -> None:
    owners = _url_owners()
    ours = set(root_packages())
    wrong = []
    for app in sorted(set().union(*layers())):
        allowed = _below(app)
        for template in sorted((ROOT / app / "templates").rglob("*.html")):
            for name in URL_TAG.findall(template.read_text()):
                owner = owners.get(name)
                assert owner is not None, f"{template.relative_to(ROOT)} names the unknown URL {name!r}"
                if owner in ours and owner not in allowed:
                    wrong.append(f"{template.relative_to(ROOT)}: {name} ({owner})")
    assert wrong == []


@pytest.mark.parametrize("text", ["{% url 'reports:panel' incident.pk %}", '{% url "reports:panel" 1 %}'])
def test_the_template_check_sees_a_url_tag(text: str) -> None:
    assert URL_TAG.findall(text) == ["reports:panel"]
