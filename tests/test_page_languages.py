"""The main pages in French and Dutch, as the people who read them: no English sentence left and no code of ours
(``hostile_exfiltration``, ``not_applicable``) in what a person reads.

Each page is rendered through the test client in each language as its persona — the security team, the DPO, the
client's user in the portal — and its visible text is read (text nodes, not attributes, scripts or styles). What
people wrote (titles, descriptions, names, a notice's content in its own language) is theirs and taken out first:
every text the database holds for the objects on the page. What remains must have no English marker word and no
``word_word`` code, but for the short allow-list below: proper names and codes that are meant as such."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from tests.personas import advance, make_incident
from tests.portal.conftest import *  # noqa: F403 - a processor's clients and their alerts are fixtures
from tests.reports.conftest import ap_notice  # noqa: F401 - a fixture

pytestmark = pytest.mark.usefixtures("compiled_catalogues")

LANGUAGES = ("fr", "nl")
# Words that only an English sentence has (not " is ", " of ", "over", "Open" or "Incident": Dutch or French has
# them too).
ENGLISH = re.compile(
    r"\b(the|The|and|with|your|Your|you|You|this|This|these|been|will|would|should|which|"
    r"Approve|Record|Submit|Send|Draft|Notice|Notify|Please|Closed|Deadline|Details?)\b"
)
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")
# Names and codes that stay as they are in every language.
ALLOWED = re.compile(
    r"(Datalek|DL-\d{4}-\d+|SHA-256|ENISA|EDPB|GDPR|WP250|JSON|CSV|PDF|API|OIDC|DPA|"
    r"[\w.+-]+@[\w.-]+|https?://\S+|/[\w/.-]+)"
)


class _Text(HTMLParser):
    """The text a person reads: text nodes outside script, style, template and hidden parts."""

    SKIP = {"script", "style", "template", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.parts.append(" ".join(data.split()))


def visible_lines(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.parts


def _strings(value, found: set[str]) -> None:
    if isinstance(value, str):
        if len(value.strip()) >= 4:
            found.add(" ".join(value.split()))
    elif isinstance(value, dict):
        for item in value.values():
            _strings(item, found)
    elif isinstance(value, list | tuple):
        for item in value:
            _strings(item, found)


def written_by_people() -> list[str]:
    """Every text and JSON string the database holds in the apps of Datalek: what people (and their documents, in
    the documents' languages) wrote. Longest first, so a sentence goes before a word inside it."""
    found: set[str] = set()
    for model in apps.get_models():
        if model._meta.app_label not in {
            "incidents",
            "notifications",
            "people",
            "processors",
            "delivery",
            "portal",
            "inventory",
            "risk",
            "accounts",
        }:
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField) and not f.choices
        ]
        if fields:
            for row in model.objects.values_list(*fields):
                _strings(list(row), found)
    return sorted(found, key=len, reverse=True)


def leftovers(html: str, people: list[str]) -> list[str]:
    problems = []
    for line in visible_lines(html):
        for text in people:
            if text in line:
                line = line.replace(text, " ")
        line = ALLOWED.sub(" ", line)
        problems += [f"English {m!r} in: {line}" for m in ENGLISH.findall(line)]
        problems += [f"code {m!r} in: {line}" for m in CODE.findall(line)]
    return problems


def _read(client, user, language: str, url: str, **headers) -> str:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    assert response.headers.get("Content-Language") == language, url
    return response.content.decode()


def _check(pages: dict[str, str]) -> None:
    people = written_by_people()
    found = {name: problems for name, html in pages.items() if (problems := leftovers(html, people))}
    assert not found, "\n".join(f"{name}:\n  " + "\n  ".join(dict.fromkeys(p)) for name, p in found.items())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_teams_pages_read_in_the_language(client, owner, dpo, org, language):
    incidents = {}
    for status in ("detection", "triage", "containment", "assessment", "approval", "notification", "closed"):
        incidents[status] = advance(make_incident(owner), status, team=owner, dpo=dpo)
    pages = {"dashboard": _read(client, owner, language, "/")}
    for status, incident in incidents.items():
        pages[f"incident ({status})"] = _read(client, owner, language, f"/incidents/{incident.pk}/")
        pages[f"risk panel ({status})"] = _read(
            client, dpo, language, f"/incidents/{incident.pk}/risk/", HTTP_HX_REQUEST="true"
        )
    pages["organisation"] = _read(client, dpo, language, f"/organisations/{org.pk}/")
    pages["register"] = _read(client, dpo, language, "/register/")
    pages["insights"] = _read(client, dpo, language, "/insights/")
    pages["incident form"] = _read(client, owner, language, "/incidents/new/")
    _check(pages)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_notice_pages_read_in_the_language(client, ap_notice, owner, dpo, language):  # noqa: F811
    pages = {
        "notice": _read(client, dpo, language, f"/notices/{ap_notice.pk}/"),
        "notifications panel": _read(
            client,
            dpo,
            language,
            f"/incidents/{ap_notice.incident_id}/notifications/",
            HTTP_HX_REQUEST="true",
        ),
    }
    _check(pages)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_portal_reads_in_the_language(client, alerts, controller_a, breach, owner, language):
    pages = {
        "portal": _read(client, controller_a, language, "/portal/"),
        "alert": _read(client, controller_a, language, f"/portal/alerts/{alerts['a'].pk}/"),
        "processor's incident": _read(client, owner, language, f"/incidents/{breach.pk}/"),
    }
    _check(pages)


def test_the_check_finds_english_and_codes(client, owner, dpo):
    """The same check on the English dashboard, and on a French sentence with a rule code in it, finds them; a
    code in an attribute or a script is not read."""
    incident = advance(make_incident(owner), "assessment", team=owner, dpo=dpo)
    people = written_by_people()
    english = leftovers(_read(client, owner, "en", "/"), people)
    assert any(problem.startswith("English") for problem in english)
    french = (
        '<p data-rule="likely_harm">Mais hostile_exfiltration mène à « élevé ».</p><script>a_b_c</script>'
    )
    assert any("code 'hostile_exfiltration'" in problem for problem in leftovers(french, people))
    assert not any("likely_harm" in p or "a_b_c" in p for p in leftovers(french, people))
    assert incident.title in " ".join(visible_lines(_read(client, owner, "fr", f"/incidents/{incident.pk}/")))
