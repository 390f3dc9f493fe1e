"""The README is the front door and docs/ the house behind it (issue 17): the README stays short, and what the pages
name exists — every relative link and image leads to a file (an ``#anchor`` to a heading of that page, by GitHub's
rules), every ``make`` target is in the Makefile, every ``manage.py`` command is a Django command, every ``/api/…``
path resolves, and every environment variable the settings read is in the configuration table."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.core.management import get_commands
from django.urls import Resolver404, resolve

from accounts.oidc import config as oidc_config

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
PAGES = sorted([README, ROOT / "bench" / "README.md", *(ROOT / "docs").rglob("*.md")])
README_MAX_LINES = 150

FENCE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1[^\n]*$", re.M | re.S)
INDENTED_BLOCK = re.compile(r"(?:(?<=\n\n)|\A)(?:(?: {4}|\t)[^\n]*\n?)+")
INLINE_CODE = re.compile(r"(`+)(.+?)\1", re.S)
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
HTML_LINK = re.compile(r"<(?:img|a)\b[^>]*?\b(?:src|href)=\"([^\"]+)\"", re.I)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M)
MAKE = re.compile(r"(?:^|[\s;&|(])make[ \t]+([a-z][\w-]*)", re.M)
MANAGE = re.compile(r"manage\.py[ \t]+([a-z][a-z0-9_]*)")
API_PATH = re.compile(r"(/api/[^\s`'\"|)(,…]*)(…)?")
PLACEHOLDER = re.compile(r"\{[^}/]+\}|<[^>/]+>")
SETTINGS_READERS = {"env_str", "env_bool", "env_int", "env_list", "env_choice", "env_float", "_rate"}


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _without_code(text: str) -> str:
    """The prose: fenced and indented code blocks dropped, inline code kept as a word (a link's text may be code)."""
    text = FENCE.sub("", text)
    text = INDENTED_BLOCK.sub("", text)
    return INLINE_CODE.sub("code", text)


def _code(text: str) -> list[str]:
    """The code of a page: its fenced and indented blocks and its inline code spans."""
    blocks = [m.group(0) for m in FENCE.finditer(text)]
    prose = FENCE.sub("", text)
    blocks += [m.group(0) for m in INDENTED_BLOCK.finditer(prose)]
    blocks += [m.group(2) for m in INLINE_CODE.finditer(INDENTED_BLOCK.sub("", prose))]
    return blocks


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: its text as rendered, lower case, without punctuation, spaces as hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link in a heading: its text
    text = re.sub(r"<[^>]+>", "", text)  # inline HTML
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """Every anchor of a Markdown page: its headings' slugs (the second of a name gets ``-1``) and HTML ids."""
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    found: set[str] = set()
    seen: dict[str, int] = {}
    for match in HEADING.finditer(text):
        slug = github_slug(match.group(2))
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    found.update(re.findall(r"\b(?:id|name)=\"([^\"]+)\"", text))
    return found


def link_problems(page: Path) -> list[str]:
    """What is wrong with the relative links and images of a page: a file that does not exist, an anchor that names
    no heading."""
    prose = _without_code(page.read_text(encoding="utf-8"))
    targets = LINK.findall(prose) + REFERENCE.findall(prose) + HTML_LINK.findall(prose)
    problems = []
    for target in targets:
        if SCHEME.match(target) or target.startswith("//"):
            continue  # another site: not ours to check without network
        path_part, _, anchor = target.partition("#")
        linked = (page.parent / path_part).resolve() if path_part else page
        if not linked.exists():
            problems.append(f"{_relative(page)}: {target} leads to no file")
        elif not linked.is_relative_to(ROOT):
            problems.append(f"{_relative(page)}: {target} leads out of the repository")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            problems.append(f"{_relative(page)}: {target} names no heading of {_relative(linked)}")
    return problems


def make_targets() -> set[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Za-z0-9_.-]+)[ \t]*:(?!=)", makefile, flags=re.M))


def named_make_targets(page: Path) -> set[str]:
    """``make <target>`` in the code of a page (in prose "make" is a verb)."""
    return {name for code in _code(page.read_text(encoding="utf-8")) for name in MAKE.findall(code)}


def named_commands(page: Path) -> set[str]:
    return set(MANAGE.findall(page.read_text(encoding="utf-8")))


def api_paths(page: Path) -> set[str]:
    """The ``/api/…`` paths a page names, with their placeholders; not the bare prefix, not one cut short with …"""
    paths = set()
    for match in API_PATH.finditer(page.read_text(encoding="utf-8")):
        path, cut = match.group(1).split("?")[0].rstrip(".:;"), match.group(2)
        if not cut and path != "/api/":
            paths.add(path)
    return paths


def resolves(path: str) -> bool:
    """Whether the URLconf answers the path, its placeholders (``{id}``, ``<id>``) filled with a number, a uuid or a
    country code."""
    for value in ("1", "00000000-0000-4000-8000-000000000001", "NL"):
        try:
            resolve(PLACEHOLDER.sub(value, path))
        except Resolver404:
            continue
        return True
    return False


REPO_PATH = re.compile(r"^(?:\.?[\w-]+/)+[\w.-]+\.(?:py|md|html|json|csv|txt|sh|toml|yml|yaml)$")


def named_paths(page: Path) -> set[str]:
    """The files of the repository a page names in code spans (``notifications/advice.py``), taken from the
    repository's root; a name with a placeholder (``<kind>``) or a glob is not a path."""
    return {span.strip() for span in _code(page.read_text(encoding="utf-8")) if REPO_PATH.match(span.strip())}


def settings_environment() -> set[str]:
    """Every environment variable the settings read: the first argument of each typed reader in datalek/settings.py
    and accounts/oidc/config.py, and the provider's endpoints the latter reads by name."""
    names = set(oidc_config.ENDPOINTS)
    for module in ("datalek/settings.py", "accounts/oidc/config.py"):
        tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in SETTINGS_READERS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                names.add(node.args[0].value)
    return names


def test_the_readme_is_a_front_door_of_at_most_150_lines():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines: move text to docs/"


def test_the_docs_pages_are_all_checked():
    """The README, bench/README.md and the pages of docs/ (the user guide, operations, architecture, API and the
    references) are the pages these tests read."""
    names = {_relative(page) for page in PAGES}
    assert {
        "README.md",
        "bench/README.md",
        "docs/user-guide.md",
        "docs/operations.md",
        "docs/architecture.md",
        "docs/api.md",
    } <= names


@pytest.mark.parametrize("page", PAGES, ids=_relative)
def test_every_relative_link_and_image_leads_to_a_file_and_heading(page):
    assert link_problems(page) == []


# our copies of the references the code cites: the files they name are those of other repositories
REFERENCE_COPIES = {"docs/domain.md", "docs/forms.md"}


@pytest.mark.parametrize("page", [p for p in PAGES if _relative(p) not in REFERENCE_COPIES], ids=_relative)
def test_every_file_named_exists(page):
    """A page that names a module names one that is there: moving code moves its mention."""
    assert sorted(path for path in named_paths(page) if not (ROOT / path).exists()) == []


@pytest.mark.parametrize("page", PAGES, ids=_relative)
def test_every_make_target_named_exists(page):
    assert named_make_targets(page) - make_targets() == set()


@pytest.mark.parametrize("page", PAGES, ids=_relative)
def test_every_management_command_named_exists(page):
    assert named_commands(page) - set(get_commands()) == set()


@pytest.mark.parametrize("page", PAGES, ids=_relative)
def test_every_api_path_named_resolves(page):
    assert sorted(path for path in api_paths(page) if not resolves(path)) == []


def test_the_api_page_names_the_api():
    """docs/api.md is the API's page: it names paths, and they are checked above."""
    assert len(api_paths(ROOT / "docs" / "api.md")) >= 40


def test_every_environment_variable_the_settings_read_is_in_the_configuration():
    operations = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", operations))
    read = settings_environment()
    assert len(read) > 60  # the reader found them
    assert read - documented == set()


def test_the_checks_find_what_is_wrong(tmp_path, monkeypatch):
    """Each check can fail: a page with a broken link, a wrong anchor, a missing image, an unknown make target, an
    unknown command and an unknown API path is caught on every count."""
    tmp_path = tmp_path.resolve()
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    (tmp_path / "other.md").write_text("# Other page\n\n## A heading\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n[ok](other.md#a-heading) [ok](#page) [gone](missing.md) [bad anchor](other.md#no-such)\n"
        "![no image](shot.png) [site](https://example.org/x.md)\n\n"
        "```sh\nmake no-such-target\npython manage.py no_such_command\n```\n\n"
        "`GET /api/no-such-thing/{id}/` and `GET /api/incidents/{id}/`\n"
        "`gone/module.py` and `other.md`\n",
        encoding="utf-8",
    )
    assert link_problems(page) == [
        "page.md: missing.md leads to no file",
        "page.md: other.md#no-such names no heading of other.md",
        "page.md: shot.png leads to no file",
    ]
    assert named_make_targets(page) == {"no-such-target"}
    assert named_commands(page) - set(get_commands()) == {"no_such_command"}
    assert {path for path in api_paths(page) if not resolves(path)} == {"/api/no-such-thing/{id}/"}
    assert {path for path in named_paths(page) if not (tmp_path / path).exists()} == {"gone/module.py"}


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("Waiting for you: the inbox", "waiting-for-you-the-inbox"),
        ("Running `make bench`", "running-make-bench"),
        (
            "Faults: when PostgreSQL, Redis, SMTP or a worker fails",
            "faults-when-postgresql-redis-smtp-or-a-worker-fails",
        ),
        ("The 72-hour clock", "the-72-hour-clock"),
        ("Sign-in with [your](x.md) identity provider", "sign-in-with-your-identity-provider"),
    ],
)
def test_anchors_follow_githubs_rules(heading, slug):
    assert github_slug(heading) == slug
