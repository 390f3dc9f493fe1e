"""The language switcher in the top bar: English, Nederlands, Français, through Django's set_language view.

These pages need the compiled catalogues (``make messages``, which ``make test`` runs first)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.conf import settings

from tests.personas import make_incident

SETLANG = "/i18n/setlang/"
HEADINGS = {
    "en": ("Open incidents", "On the 72-hour clock"),
    "nl": ("Open incidenten", "Op de 72-uursklok"),
    "fr": ("Incidents ouverts", "Dans le délai de 72 heures"),
}


def _switch(client, language: str, next_url: str = "/"):
    return client.post(SETLANG, {"language": language, "next": next_url})


def test_the_switcher_offers_each_language_in_its_own_name(client):
    html = client.get("/accounts/login/").content.decode()
    form = re.search(r'<form[^>]*data-testid="language-switcher".*?</form>', html, re.DOTALL)
    assert form, "the login page has no language switcher"
    options = re.findall(r'<option value="(\w+)"[^>]*>([^<]+)</option>', form.group(0))
    assert options == [("en", "English"), ("nl", "Nederlands"), ("fr", "Français")]
    assert f'action="{SETLANG}"' in form.group(0) and 'name="csrfmiddlewaretoken"' in form.group(0)


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_choosing_a_language_turns_the_dashboard_headings_into_it(client, owner, language):
    client.force_login(owner)
    response = _switch(client, language, next_url="/")
    assert response.status_code == 302 and response["Location"] == "/"
    html = client.get("/").content.decode()
    assert f'<html lang="{language}">' in html
    for heading in HEADINGS[language]:
        assert heading in html, f"{heading!r} missing: are the catalogues compiled (make messages)?"
    assert HEADINGS["en"][0] not in html
    selected = re.search(r'<option value="(\w+)"[^>]*selected', html)
    assert selected and selected.group(1) == language


def test_the_choice_is_kept_beyond_the_browser_session(client, owner):
    client.force_login(owner)
    response = _switch(client, "nl")
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "nl"
    assert int(cookie["max-age"]) >= 30 * 24 * 3600
    assert cookie["samesite"] == "Lax"


def test_switching_back_to_english(client, owner):
    client.force_login(owner)
    _switch(client, "nl")
    _switch(client, "en")
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html and HEADINGS["en"][0] in html


@pytest.mark.parametrize("code", ["de", "xx", ""])
def test_a_language_we_do_not_offer_is_refused_and_changes_nothing(client, owner, code):
    client.force_login(owner)
    _switch(client, "nl")
    response = _switch(client, code)
    assert response.status_code == 400
    assert f"“{code}”" in response.content.decode() and "en, nl, fr" in response.content.decode()
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert HEADINGS["nl"][0] in client.get("/").content.decode()


def test_the_switcher_only_takes_a_post(client):
    assert client.get(SETLANG, {"language": "nl"}).status_code == 405


def test_the_switcher_returns_to_the_page_it_was_used_on_but_never_off_site(client, owner):
    client.force_login(owner)
    assert _switch(client, "nl", next_url="/incidents/")["Location"] == "/incidents/"
    assert _switch(client, "nl", next_url="https://evil.example/")["Location"] == "/"


def test_the_switcher_needs_no_inline_script(client, owner):
    """A Content-Security-Policy without 'unsafe-inline' must not break it: the handler is in app.js."""
    client.force_login(owner)
    html = client.get("/").content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script> on the page"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler on the page"
    assert "js-autosubmit" in html


def test_dates_follow_the_chosen_language(client, owner):
    with time_machine.travel(datetime(2026, 10, 14, 10, 0, tzinfo=UTC), tick=False):
        make_incident(owner)
        client.force_login(owner)
        english = client.get("/").content.decode()
        _switch(client, "nl")
        dutch = client.get("/").content.decode()
    # Aware (T0) is four hours before now, shown in Europe/Amsterdam: 14 October 08:00.
    assert "14 Oct 08:00" in english
    assert "14 okt. 08:00" in dutch
