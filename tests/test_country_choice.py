"""The country lists (an incident's affected countries, the organisation's country, its establishments) carry the
search app.js puts above them and start with the organisation's country; a new incident has it chosen already."""

from __future__ import annotations

import re

from tests.personas import make_incident


def _select(html: str, name: str) -> str:
    found = re.search(rf'<select[^>]*name="{re.escape(name)}"[^>]*>.*?</select>', html, re.S)
    assert found, name
    return found.group(0)


def _options(select: str) -> list[tuple[str, bool]]:
    return [(v, bool(s)) for v, s in re.findall(r'<option value="([^"]*)"( selected)?', select)]


def test_a_new_incident_starts_with_the_organisations_country_chosen_and_first(client, owner, org):
    org.country = "BE"
    org.save()
    client.force_login(owner)
    select = _select(client.get("/incidents/new/").content.decode(), "affected_countries")
    assert 'data-country-search="true"' in select and 'data-search-label="Search a country"' in select
    options = _options(select)
    assert options[0] == ("BE", True)
    assert [value for value, chosen in options if chosen] == ["BE"]
    assert len(options) > 200  # the whole list stays, to search in


def test_editing_keeps_the_incidents_own_countries(client, owner, org):
    incident = make_incident(owner, affected_countries=["DE", "FR"])
    client.force_login(owner)
    options = _options(
        _select(client.get(f"/incidents/{incident.pk}/edit/").content.decode(), "affected_countries")
    )
    assert options[0][0] == str(org.country)
    assert sorted(value for value, chosen in options if chosen) == ["DE", "FR"]


def test_the_organisation_page_lists_its_country_first_in_both_lists(client, dpo, org):
    org.country = "FR"
    org.save()
    client.force_login(dpo)
    html = client.get(f"/organisations/{org.pk}/").content.decode()
    for name in ("org-country", "est-country"):
        select = _select(html, name)
        assert 'data-country-search="true"' in select
        assert next(v for v, _chosen in _options(select) if v) == "FR"


def test_a_chosen_country_is_kept_when_posted(client, owner, org):
    client.force_login(owner)
    response = client.post(
        "/incidents/new/",
        {
            "title": "Laptop stolen",
            "description": "A laptop with customer files was stolen from a car.",
            "our_role": "controller",
            "occurrence": "unknown",
            "detected_at": "2026-03-01T10:00",
            "aware_at": "2026-03-01T12:00",
            "aware_established_by": "The security officer",
            "aware_justification": "The theft was reported with the files named.",
            "discovery_channel": "own_detection",
            "affected_countries": ["LU", "NL"],
        },
    )
    from incidents.models import Incident

    assert response.status_code == 302, re.findall(
        r"invalid-feedback[^>]*>([^<]+)", response.content.decode()
    )
    assert sorted(map(str, Incident.objects.get().affected_countries)) == ["LU", "NL"]
