"""Dates follow the reader's language: "2 Dec 2026" in English, "2 dec. 2026" in Dutch, "2 déc. 2026" in French —
in pages, e-mails and documents alike, because templates and code name a format (datalek/formats) instead of
spelling one out."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
import time_machine
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format, get_format

from datalek.formats import CUSTOM_FORMATS
from tests.personas import make_incident

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
LANGUAGES = [code for code, _name in settings.LANGUAGES]
DATE_NAMES = ("DATE_FORMAT", "DATETIME_FORMAT", "YEAR_MONTH_FORMAT", "MONTH_DAY_FORMAT", *CUSTOM_FORMATS)
MOMENT = datetime(2026, 12, 2, 14, 5, 9)


pytestmark = pytest.mark.usefixtures("compiled_catalogues")


def said(moment, name: str, language: str) -> str:
    with translation.override(language):
        return date_format(moment, name)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", DATE_NAMES)
def test_every_named_format_is_defined_for_every_language(language, name):
    """A name no format module defines would be used as the format itself ("DAY_MONTH_TIME_FORMAT" → garbage)."""
    with translation.override(language):
        assert get_format(name) != name


@pytest.mark.parametrize(
    ("name", "english", "dutch", "french"),
    [
        ("DATETIME_FORMAT", "2 Dec 2026 14:05", "2 dec. 2026 14:05", "2 déc. 2026 14:05"),
        ("DATE_FORMAT", "2 December 2026", "2 december 2026", "2 décembre 2026"),
        (
            "WEEKDAY_DATETIME_FORMAT",
            "Wed 2 Dec 2026 14:05",
            "wo 2 dec. 2026 14:05",
            "mercredi 2 déc. 2026 14:05",
        ),
        ("DAY_MONTH_TIME_FORMAT", "2 Dec 14:05", "2 dec. 14:05", "2 déc. 14:05"),
        ("DATETIME_SECONDS_FORMAT", "2 Dec 2026 14:05:09", "2 dec. 2026 14:05:09", "2 déc. 2026 14:05:09"),
        ("MONTH_DAY_FORMAT", "2 Dec", "2 dec.", "2 déc."),
        ("YEAR_MONTH_FORMAT", "Dec 2026", "dec. 2026", "déc. 2026"),
        ("SHORT_DATETIME_FORMAT", "02/12/2026 14:05", "2-12-2026 14:05", "02/12/2026 14:05"),
    ],
)
def test_each_language_writes_a_date_its_own_way(name, english, dutch, french):
    assert [said(MOMENT, name, lang) for lang in ("en", "nl", "fr")] == [english, dutch, french]


@pytest.mark.parametrize(
    ("month", "dutch", "french"),
    [(1, "jan.", "janv."), (2, "feb.", "févr."), (3, "mrt.", "mars"), (4, "apr.", "avr."), (5, "mei", "mai"),
     (6, "jun.", "juin"), (7, "jul.", "juil."), (8, "aug.", "août"), (9, "sep.", "sept."), (10, "okt.", "oct."),
     (11, "nov.", "nov."), (12, "dec.", "déc.")],
)  # fmt: skip
def test_months_are_abbreviated_in_lower_case_as_each_language_does(month, dutch, french):
    day = date(2026, month, 2)
    assert said(day, "MONTH_DAY_FORMAT", "nl") == f"2 {dutch}"
    assert said(day, "MONTH_DAY_FORMAT", "fr") == f"2 {french}"


SPELLED_OUT = re.compile(r"""\|date:\s*(?!["'](?:[A-Z_]+_FORMAT|c)["'])["'][^"']*["']""")


def test_no_template_spells_out_a_date_format():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for app in APPS
        for path in sorted((ROOT / app).rglob("templates/**/*"))
        if path.suffix in (".html", ".txt")
        for match in SPELLED_OUT.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, "name a format (datalek/formats) instead:\n" + "\n".join(found)


def test_no_code_spells_out_a_date_format():
    """Only machine formats (ISO 8601, keys, file names: year first) and the zone are written out in code."""
    pattern = re.compile(
        r"""date_format\([^)]*,\s*["'](?![A-Z_]+_FORMAT["'])[^"']*["']|\.strftime\(["'](?!%Y|%z|%Z)[^"']*["']"""
    )
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, "\n".join(found)


def test_the_format_checks_catch_spelled_out_formats():
    assert SPELLED_OUT.search('{{ x|date:"j M Y" }}') and SPELLED_OUT.search("{{ x|date:'D j M' }}")
    assert not SPELLED_OUT.search('{{ x|date:"DATETIME_FORMAT" }}') and not SPELLED_OUT.search(
        "{{ x|date:'c' }}"
    )


# --- in a page and an e-mail --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "14 Oct 08:00"), ("nl", "14 okt. 08:00"), ("fr", "14 oct. 08:00")]
)
def test_the_dashboard_writes_the_moment_of_awareness_in_the_readers_language(
    client, owner, language, expected
):
    with time_machine.travel(datetime(2026, 10, 14, 10, 0, tzinfo=UTC), tick=False):
        make_incident(owner)
        client.force_login(owner)
        client.post("/i18n/setlang/", {"language": language, "next": "/"})
        assert expected in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Fri 4 Dec 2026 15:00"), ("nl", "vr 4 dec. 2026 15:00"), ("fr", "vendredi 4 déc. 2026 15:00")],
)
def test_the_reminder_email_writes_the_deadline_in_its_language(language, expected):
    incident = SimpleNamespace(
        reference="DL-2026-0001",
        title="Laptop stolen",
        authority_deadline=datetime(2026, 12, 4, 14, 0, tzinfo=UTC),
        get_absolute_url=lambda: "/incidents/1/",
    )
    with translation.override(language):
        text = render_to_string(
            "delivery/email/reminder_body.txt",
            {"kind": "authority", "threshold": "overdue", "incident": incident},
        )
    assert expected in text
