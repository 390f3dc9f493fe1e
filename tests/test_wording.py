"""Wording the catalogues can translate well: a label's colon belongs to its msgid (French writes "Échéance :"),
and a short word used in two senses ("Open" incidents / "Open" this page) has a context per sense."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = (
    "accounts",
    "datalek",
    "inbox",
    "incidents",
    "inventory",
    "notifications",
    "people",
    "processors",
    "delivery",
    "portal",
    "reports",
    "risk",
)
TEMPLATES = sorted(
    p for app in APPS for p in (ROOT / app).rglob("templates/**/*") if p.suffix in (".html", ".txt")
)
FRENCH = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
DUTCH = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"

COLON_OUTSIDE = re.compile(
    r"""\{%\s*(?:translate|trans)\s+("[^"]*"|'[^']*')[^%]*%\}\s?:|\{%\s*endblocktranslate\s*%\}\s?:"""
)

# The same English word in two senses: each sense has its own context, and French or Dutch says them differently.
SENSES = [
    (("incidents that are not closed", "Open"), ("link to a page", "Open")),
    ((None, "Answer"), ("verb: reply to a question or fill in a form", "Answer")),
    ((None, "Closed"), ("the moment it happened", "Closed")),
    ((None, "Approved"), ("the moment it happened", "Approved")),
    (("the sender", "From"), ("start of a period", "From")),
]


def test_the_colon_after_a_label_is_part_of_its_msgid():
    found = []
    for path in TEMPLATES:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            found += [
                f"{path.relative_to(ROOT)}:{number}: {m.group(0)}" for m in COLON_OUTSIDE.finditer(line)
            ]
    assert not found, "a colon after {% translate %} cannot be moved by a translator:\n" + "\n".join(found)


def test_the_colon_check_finds_colons_outside():
    assert COLON_OUTSIDE.search('{% translate "Deadline" %}: {{ when }}')
    assert COLON_OUTSIDE.search("{% blocktranslate with n=n %}Batch {{ n }}{% endblocktranslate %}:")
    assert not COLON_OUTSIDE.search('{% translate "Deadline:" %} {{ when }}')


def test_french_puts_a_space_before_the_colon_of_a_label():
    missing = [
        f"{entry.msgid!r} → {entry.msgstr!r}"
        for entry in polib.pofile(str(FRENCH))
        if not entry.obsolete
        and entry.msgstr
        and entry.msgid.endswith(":")
        and not re.search(r"[\u00a0\u202f ]:$", entry.msgstr)
    ]
    assert not missing, "\n".join(missing)


def _translations(path: Path) -> dict[tuple[str | None, str], str]:
    return {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(path)) if not e.obsolete}


@pytest.mark.parametrize("catalogue", [FRENCH, DUTCH], ids=["fr", "nl"])
@pytest.mark.parametrize(("one", "other"), SENSES, ids=[other[1] for _one, other in SENSES])
def test_a_word_in_two_senses_has_a_context_for_each(catalogue, one, other):
    said = _translations(catalogue)
    assert one in said and other in said, f"{one} and {other} should both be in the code"
    if catalogue == FRENCH:  # Dutch may use one word for both ("Open"), French never does here
        assert said[one] != said[other]


def test_french_calls_the_data_protection_officer_dpo_as_the_cnil_does():
    """The CNIL's form and site say « DPO » (« délégué à la protection des données (DPO) »), and so does our
    catalogue: the hand-written French of the documents must not say « DPD »."""
    sources = [*sorted((ROOT / "reports").rglob("*.py")), *sorted((ROOT / "reports").rglob("*.html"))]
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sources
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\bDPD\b", line)
    ]
    found += [entry.msgid for entry in polib.pofile(str(FRENCH)) if re.search(r"\bDPD\b", entry.msgstr)]
    assert not found, found
