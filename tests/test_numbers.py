"""Counts inside sentences are grouped the reader's way — "100,000" in English, "100.000" in Dutch, "100 000" in
French (a no-break space) — in the notice's progress, the import report, the audit trail, the register, the
controller e-mail and the notice's answers; machine-readable attributes keep the plain number."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from notifications.templatetags.notice_tags import answer

GROUPED = {"en": "100,000", "nl": "100.000", "fr": "100\u00a0000"}
LANGUAGES = list(GROUPED)


pytestmark = pytest.mark.usefixtures("compiled_catalogues")


def render(template: str, context: dict, language: str) -> str:
    with translation.override(language):
        return render_to_string(template, context)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_notice_progress_groups_its_counts(language):
    progress = {
        "sent": 100000,
        "queued": 250000,
        "sending": 0,
        "failed": 0,
        "to_print": 0,
        "total": 350000,
        "per_second": 1234.4,
        "recent_per_second": None,
        "sampled_at": 0,
    }
    html = render(
        "delivery/_progress.html",
        {"notice": SimpleNamespace(status="done"), "progress": progress},
        language,
    )
    assert GROUPED[language] in html and GROUPED[language].replace("100", "250") in html
    assert GROUPED[language].replace("100", "1").replace("000", "234") in html  # 1,234 messages per second
    assert 'data-progress-sent="100000"' in html and 'data-throughput="1234"' in html  # for the script


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_import_report_groups_its_counts(language):
    job = SimpleNamespace(
        status="done",
        file_name="people.csv",
        requested_by=SimpleNamespace(display_name="Sanne"),
        requested_at=None,
        get_status_display="done",
        rows=100000,
        created=100000,
        duplicates=0,
        errors=0,
        error_report=None,
        pk=1,
    )
    html = render("people/_imports.html", {"imports": [job], "incident": SimpleNamespace(pk=1)}, language)
    assert html.count(GROUPED[language]) == 2


@pytest.mark.parametrize(
    "template",
    [
        "delivery/_queue_banner.html",
        "incidents/events/subjects_purged.html",
        "incidents/events/letters_posted.html",
        "incidents/events/subjects_imported.html",
        "incidents/events/deliveries.html",
    ],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_counts_in_sentences_are_grouped(template, language):
    data = {
        "purged": 100000,
        "letters": 100000,
        "rows": 100000,
        "created": 1,
        "duplicates": 0,
        "errors": 0,
        "what": "finished",
        "counts": {"sent": 100000, "failed": 0, "queued": 0, "to_print": 0},
    }
    banner = {"down": True, "waiting": 100000}  # the queue banner's card (datalek.page_cards)
    html = render(template, {"card": banner, "event": SimpleNamespace(data=data)}, language)
    assert GROUPED[language] in html, html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_register_counts_its_incidents_the_readers_way(language):
    html = render(
        "reports/register_page.html",
        {
            "count": 100000,
            "form": None,
            "pdf_max": 2000,
            "documents": [],
            "organisation": SimpleNamespace(name="Fietsenbaas"),
        },
        language,
    )
    assert GROUPED[language] in html and GROUPED[language].replace("100", "2") in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_number_of_people_in_a_notice_answer_is_grouped(language):
    with translation.override(language):
        assert answer(100000) == GROUPED[language]
        assert answer(True) != GROUPED[language]  # a yes/no answer is not a number
