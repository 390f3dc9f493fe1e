"""A long form that comes back with errors starts with a summary: "N fields need attention", each field a link to
the input (its id in the page), so nobody scrolls 3,000 pixels to find what is wrong."""

from __future__ import annotations

import re
from html import unescape

from tests.incidents.test_views import RISK_FORM
from tests.personas import advance


def _summary(html: str) -> tuple[int, list[tuple[str, str]]]:
    found = re.search(
        r'<div class="alert alert-danger js-error-summary"[^>]*data-error-count="(\d+)".*?</div>\s*</div>',
        html,
        re.S,
    )
    assert found, "no error summary"
    block = found.group(0)
    links = [
        (a, unescape(t)) for a, t in re.findall(r'<a class="alert-link" href="#([^"]+)">([^<]+)</a>', block)
    ]
    return int(found.group(1)), links


def _ids(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


def test_the_incident_form_lists_each_field_in_error_with_a_link(client, owner):
    client.force_login(owner)
    response = client.post("/incidents/new/", {"title": "", "description": ""})
    html = response.content.decode()
    count, links = _summary(html)
    assert count == len(links) >= 2
    assert f"{count} fields need attention" in html
    assert ("id_title", "Title") in links
    for anchor, _label in links:
        assert anchor in _ids(html), anchor  # the link lands on the field


def test_a_form_without_errors_has_no_summary(client, owner):
    client.force_login(owner)
    assert "js-error-summary" not in client.get("/incidents/new/").content.decode()


def test_the_risk_form_links_to_the_kind_of_breach_and_to_a_groups_field(client, incident, owner, dpo):
    advance(incident, "assessment", team=owner, dpo=dpo)
    client.force_login(owner)
    data = {k: v for k, v in RISK_FORM.items() if k != "nature"}
    data["groups-0-subjects_count"] = "-3"
    html = client.post(f"/incidents/{incident.pk}/risk/run/", data, HTTP_HX_REQUEST="true").content.decode()
    count, links = _summary(html)
    anchors = dict(links)
    assert count == 2 and "2 fields need attention" in html
    assert anchors["id_nature_0"] == "What kind of breach"  # a list of checkboxes: its first box
    assert anchors["id_groups-0-subjects_count"].endswith("(group 1)")
    for anchor in anchors:
        assert anchor in _ids(html)


def test_the_kind_of_breach_is_marked_required(client, incident, owner, dpo):
    advance(incident, "assessment", team=owner, dpo=dpo)
    client.force_login(owner)
    html = client.get(f"/incidents/{incident.pk}/risk/", HTTP_HX_REQUEST="true").content.decode()
    assert re.search(r'What kind of breach <span class="text-danger" aria-hidden="true">\*</span>', html)


def test_the_organisation_form_has_the_summary(client, org, dpo):
    client.force_login(dpo)
    response = client.post(f"/organisations/{org.pk}/", {"org-name": "", "org-country": "XX"})
    html = response.content.decode()
    count, links = _summary(html)
    assert count >= 1 and ("id_org-name", "Name") in [(a, t.split(" (")[0]) for a, t in links]
    for anchor, _label in links:
        assert anchor in _ids(html)
