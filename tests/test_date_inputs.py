"""Date and date-time inputs carry ISO values whatever the page's language: a browser reads only ``2026-03-01`` in an
``<input type="date">`` (and ``2026-03-01T14:05`` in a ``datetime-local`` one); a localised "01-03-2026" shows as a
blank field, and the form then submits nothing."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from django.conf import settings

from incidents.forms import DateInput, DateTimeInput

INPUT = re.compile(r"<input[^>]*>")


def _inputs(html: str, kind: str) -> dict[str, str]:
    """name -> value of the inputs of this type in the page."""
    found = {}
    for tag in INPUT.findall(html):
        if f'type="{kind}"' in tag:
            name = re.search(r'name="([^"]+)"', tag).group(1)
            value = re.search(r'value="([^"]*)"', tag)
            found[name] = value.group(1) if value else ""
    return found


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_widgets_render_iso_in_every_language(language):
    from django.utils import translation

    with translation.override(language):
        assert 'value="2025-12-08"' in DateInput().render("d", date(2025, 12, 8))
        assert 'value="2025-12-08T14:05"' in DateTimeInput().render("t", datetime(2025, 12, 8, 14, 5))
        # a format asked by a caller does not undo it
        assert 'value="2025-12-08"' in DateInput(format="%d-%m-%Y").render("d", date(2025, 12, 8))


@pytest.mark.parametrize("language", ["nl", "fr"])
@pytest.mark.parametrize("page", ["/register/", "/insights/"])
def test_the_period_pages_show_and_keep_the_period_in_dutch_and_french(client, dpo, language, page):
    client.force_login(dpo)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    first = client.get(page)
    assert first.status_code == 200 and first.headers["Content-Language"] == language
    shown = _inputs(first.content.decode(), "date")
    assert set(shown) == {"date_from", "date_to"}
    for value in shown.values():
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), shown  # the default period, in ISO

    # "Show" submits what the browser holds: the ISO values; the page keeps that period
    again = client.get(page, {"date_from": "2026-02-01", "date_to": "2026-03-15"})
    assert again.status_code == 200
    assert _inputs(again.content.decode(), "date") == {"date_from": "2026-02-01", "date_to": "2026-03-15"}
    assert "is-invalid" not in again.content.decode()


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_incident_form_shows_its_moments_in_iso(client, owner, incident, language):
    client.force_login(owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(f"/incidents/{incident.pk}/edit/").content.decode()
    moments = _inputs(html, "datetime-local")
    assert moments and moments.get("aware_at"), moments
    for value in moments.values():
        assert value == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", value), moments
