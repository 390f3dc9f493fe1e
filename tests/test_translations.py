"""The catalogues are complete and current: every UI string, e-mail and document exists in every language.

Three checks per catalogue (locale/<lang>/LC_MESSAGES/django.po):
- no entry is untranslated or fuzzy;
- no msgstr loses or changes a placeholder of its msgid (python-format and python-brace-format);
- the catalogue holds exactly the msgids the code has now: ``makemessages`` is run into a temporary copy of
  the project (the real locale/ is never touched) and its msgids are compared with the catalogue's.
Each failure names the msgids concerned (the first 20).
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR)
LOCALE_DIR = ROOT / "locale"
CATALOGUES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))
SHOWN = 20
# Top-level entries of the project that makemessages must not read: the real catalogues, local state, builds.
NOT_SOURCE = {"locale", "var", "node_modules", "test-artifacts", "build", "dist"}

PYTHON_FORMAT = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?P<type>[diouxXeEfFgGcrsa%])"
)
BRACE_FORMAT = re.compile(r"\{\{|\}\}|\{(?P<field>[^{}!:]*)(?:![rsa])?(?::[^{}]*)?\}")


def _lang(path: Path) -> str:
    return path.parent.parent.name


def _label(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


def _listing(labels: list[str]) -> str:
    shown = "\n".join(f"  - {label!r}" for label in labels[:SHOWN])
    more = f"\n  … and {len(labels) - SHOWN} more" if len(labels) > SHOWN else ""
    return f"{shown}{more}"


# --- What the checks find, as pure functions of a catalogue (tested below on made-up catalogues) -----------


def unfinished_entries(po: polib.POFile) -> list[str]:
    """The msgids a translator still has to do: untranslated, or fuzzy (a guess awaiting review)."""
    return [
        _label(entry)
        for entry in po
        if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags)
    ]


def python_placeholders(text: str) -> tuple[Counter, list[str]]:
    """Named %(x)s placeholders (as name+type, counted) and the sequence of unnamed ones; %% is text."""
    named, positional = Counter(), []
    for match in PYTHON_FORMAT.finditer(text):
        if match["type"] == "%":
            continue
        if match["name"] is not None:
            named[f"%({match['name']}){match['type']}"] += 1
        else:
            positional.append(match["type"])
    return named, positional


def brace_placeholders(text: str) -> Counter:
    return Counter(m["field"] for m in BRACE_FORMAT.finditer(text) if m["field"] is not None)


def _same_placeholders(kind: str, source: str, translation: str, *, may_drop: bool) -> bool:
    if kind == "python-format":
        src_named, src_pos = python_placeholders(source)
        dst_named, dst_pos = python_placeholders(translation)
        if src_pos != dst_pos:
            return False
        src, dst = set(src_named), set(dst_named)
    else:
        src, dst = set(brace_placeholders(source)), set(brace_placeholders(translation))
    # A singular form may say "one" in words instead of the number (msgstr[0] of a plural entry).
    return dst <= src if may_drop else dst == src


def placeholder_errors(po: polib.POFile) -> list[str]:
    """Translations that lose, add or change a placeholder of their msgid."""
    errors = []
    for entry in po:
        if entry.obsolete or not entry.translated():
            continue
        for kind in ("python-format", "python-brace-format"):
            if kind not in entry.flags:
                continue
            if entry.msgid_plural:
                pairs = [
                    (entry.msgid if n == 0 else entry.msgid_plural, text, n == 0)
                    for n, text in sorted(entry.msgstr_plural.items())
                ]
            else:
                pairs = [(entry.msgid, entry.msgstr, False)]
            for source, text, may_drop in pairs:
                if not _same_placeholders(kind, source, text, may_drop=may_drop):
                    errors.append(f"{_label(entry)}  →  {text}")
    return errors


def catalogue_keys(po: polib.POFile) -> set[tuple[str | None, str]]:
    return {(entry.msgctxt, entry.msgid) for entry in po if not entry.obsolete and entry.msgid}


# --- The catalogues of this project ------------------------------------------------------------------------


def test_every_language_but_the_source_language_has_a_catalogue():
    expected = {code for code, _name in settings.LANGUAGES if code != "en"}
    assert expected <= {_lang(path) for path in CATALOGUES}, f"catalogues found: {CATALOGUES}"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=_lang)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(po_path):
    unfinished = unfinished_entries(polib.pofile(str(po_path)))
    assert not unfinished, (
        f"{po_path.relative_to(ROOT)}: {len(unfinished)} untranslated or fuzzy entries:\n{_listing(unfinished)}"
    )


@pytest.mark.parametrize("po_path", CATALOGUES, ids=_lang)
def test_translations_keep_every_placeholder(po_path):
    errors = placeholder_errors(polib.pofile(str(po_path)))
    assert not errors, (
        f"{po_path.relative_to(ROOT)}: {len(errors)} translations change a placeholder:\n{_listing(errors)}"
    )


@pytest.fixture(scope="module")
def msgids_in_code(tmp_path_factory) -> set[tuple[str | None, str]]:
    """What `makemessages` extracts from the code now, run in a temporary mirror of the project.

    The mirror links every source directory and holds a copy of locale/, which makemessages rewrites; the
    real catalogues are not touched. LOCALE_PATHS points at the copy for the duration of the command."""
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.fail(
            "GNU gettext (xgettext, msgmerge) is needed to check the catalogues: apt-get install gettext"
        )
    mirror = tmp_path_factory.mktemp("messages")
    for entry in ROOT.iterdir():
        if entry.name.startswith(".") or entry.name in NOT_SOURCE or entry.name.endswith(".egg-info"):
            continue
        (mirror / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    shutil.copytree(LOCALE_DIR, mirror / "locale")
    languages = sorted(_lang(path) for path in CATALOGUES)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(mirror)
        patch.setattr(settings, "LOCALE_PATHS", [mirror / "locale"])
        call_command(
            "makemessages", locale=languages, symlinks=True, keep_pot=True, no_location=True, verbosity=0
        )
    return catalogue_keys(polib.pofile(str(mirror / "locale" / "django.pot")))


@pytest.mark.parametrize("po_path", CATALOGUES, ids=_lang)
def test_catalogue_holds_exactly_the_strings_of_the_code(po_path, msgids_in_code):
    in_catalogue = catalogue_keys(polib.pofile(str(po_path)))
    missing = sorted(msgid for _ctx, msgid in msgids_in_code - in_catalogue)
    stale = sorted(msgid for _ctx, msgid in in_catalogue - msgids_in_code)
    problems = []
    if missing:
        problems.append(
            f"lacks {len(missing)} strings that the code marks for translation:\n{_listing(missing)}"
        )
    if stale:
        problems.append(f"has {len(stale)} strings that the code no longer uses:\n{_listing(stale)}")
    assert not problems, (
        f"{po_path.relative_to(ROOT)} is out of date with the code "
        f"(run `manage.py makemessages -l {_lang(po_path)}`, then translate):\n" + "\n".join(problems)
    )


# --- The checks themselves catch what they are meant to catch ----------------------------------------------


def _catalogue(*entries: polib.POEntry) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    for entry in entries:
        po.append(entry)
    return po


def test_untranslated_and_fuzzy_entries_are_named():
    po = _catalogue(
        polib.POEntry(msgid="Done", msgstr="Klaar"),
        polib.POEntry(msgid="Open", msgstr=""),
        polib.POEntry(msgid="Close", msgstr="Sluiten?", flags=["fuzzy"]),
        polib.POEntry(
            msgid="%(n)s page", msgid_plural="%(n)s pages", msgstr_plural={0: "%(n)s pagina", 1: ""}
        ),
        polib.POEntry(msgid="Gone", msgstr="", obsolete=True),
    )
    assert unfinished_entries(po) == ["Open", "Close", "%(n)s page"]


@pytest.mark.parametrize(
    ("msgid", "msgstr", "flag", "ok"),
    [
        ("Notice to %(code)s", "Melding aan %(code)s", "python-format", True),
        ("%(a)s and %(b)s", "%(b)s en %(a)s", "python-format", True),
        ("50%% of %(n)s", "50%% van %(n)s", "python-format", True),
        ("Notice to %(code)s", "Melding aan", "python-format", False),
        ("Notice to %(code)s", "Melding aan %(cod)s", "python-format", False),
        ("%(size)d MB", "%(size)s MB", "python-format", False),
        ("%s of %d", "%s van %d", "python-format", True),
        ("%s of %d", "%d van %s", "python-format", False),
        ("Hello {name}", "Hallo {name}", "python-brace-format", True),
        ("Hello {name}", "Hallo {naam}", "python-brace-format", False),
        ("Hello {name}", "Hallo {{name}}", "python-brace-format", False),
    ],
)
def test_placeholder_check(msgid, msgstr, flag, ok):
    po = _catalogue(polib.POEntry(msgid=msgid, msgstr=msgstr, flags=[flag]))
    assert (placeholder_errors(po) == []) is ok


def test_plural_forms_are_checked_and_the_singular_may_spell_out_one():
    entry = polib.POEntry(
        msgid="%(n)s person",
        msgid_plural="%(n)s people",
        msgstr_plural={0: "één persoon", 1: "%(n)s personen"},
        flags=["python-format"],
    )
    assert placeholder_errors(_catalogue(entry)) == []
    entry.msgstr_plural = {0: "%(n)s persoon", 1: "personen"}
    assert placeholder_errors(_catalogue(entry)) == ["%(n)s person  →  personen"]
