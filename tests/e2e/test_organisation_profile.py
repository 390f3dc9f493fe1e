"""The organisation profile within reach, in Chromium: a DPO reaches the organisation's page from the navigation,
from the dashboard's checklist and from a missing line on an AP notice, fills the field, and the line is gone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from incidents import services as incident_services
from notifications import services as notice_services
from tests.e2e.conftest import log_in, shot
from tests.notifications.conftest import decided

pytestmark = pytest.mark.e2e


@pytest.fixture
def ap_draft_without_address(org, owner, dpo):
    """Our organisation with every detail but its address and the sender, and an incident's AP notice drafted."""
    incident_services.organisation_update(
        actor=dpo,
        organisation_id=org.pk,
        changes={
            "registration_number": "12345678",
            "dpo_registration_number": "FG001234",
            "sector": "Detailhandel (webwinkel)",
            "dpo_name": "Daan Jansen",
            "dpo_email": "fg@fietsenbaas.example",
            "dpo_phone": "+31 30 123 4567",
        },
    )
    incident = decided(owner, dpo)
    return notice_services.notice_draft(
        actor=owner, incident_id=incident.pk, kind="authority", authority="AP"
    )


def test_a_dpo_reaches_the_organisation_page_and_fills_what_the_notice_misses(
    page, org, ap_draft_without_address
):
    notice = ap_draft_without_address
    log_in(page, "dpo")

    # the dashboard says what the organisation misses, each line a link to its field
    checklist = page.locator(f"#profile-checklist-{org.pk}")
    expect(checklist).to_be_visible()
    expect(checklist.locator("[data-missing-field]")).to_have_count(3)  # address, sender name, sender address
    shot(page, "dashboard-profile-checklist", element=checklist)

    # the navigation leads to the organisation's page
    page.get_by_label("Main navigation").get_by_role("link", name="Organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(org.name)
    expect(page.locator("#profile-missing [data-missing-field]")).to_have_count(3)
    shot(page, "organisation-page")

    # the checklist's line lands on the field itself
    page.get_by_role("link", name="Datalek").click()
    checklist.get_by_role("link", name="Sender address for e-mails to people").click()
    expect(page.locator("#id_org-sender_email")).to_be_visible()
    assert page.url.endswith("#id_org-sender_email")

    # the AP notice's missing address links to the organisation's address field
    page.goto(f"/notices/{notice.pk}/")
    missing = page.locator("#form-missing")
    line = missing.locator('a[data-fix="controller.address"]')
    expect(line).to_be_visible()
    shot(page, "notice-missing-links", element=missing)
    line.click()
    assert page.url.endswith("#id_org-address")
    address = page.locator("#id_org-address")
    expect(address).to_be_visible()
    address.fill("Stationsstraat 1, 3511 AA Utrecht")
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_role("alert").filter(has_text="Saved")).to_be_visible()

    # the draft takes the organisation's details again, and the line is gone
    page.goto(f"/notices/{notice.pk}/")
    page.get_by_role("button", name="Refresh the facts from the incident").click()
    expect(page.locator("#notice-document")).to_be_visible()
    expect(page.locator('a[data-fix="controller.address"]')).to_have_count(0)
    expect(page.locator("#notice-document")).to_contain_text("Stationsstraat 1")


@pytest.mark.usefixtures("compiled_catalogues")
@pytest.mark.parametrize("language", ["en", "nl", "fr"])
def test_the_navigation_with_the_organisation_stays_one_line(page, org, dpo, language):
    """At the narrowest width that shows the whole bar (1200 px), a DPO's navigation — now with the organisation —
    stays on one line in every language."""
    page.set_viewport_size({"width": 1200, "height": 800})
    log_in(page, "dpo")
    page.get_by_label("Language").select_option(language)
    expect(page.locator("html")).to_have_attribute("lang", language)
    nav = page.locator("nav.navbar")
    link = nav.locator('[data-nav="organisation"]')
    expect(link).to_be_visible()
    bar, item = nav.bounding_box(), page.locator(".navbar-brand").bounding_box()
    assert bar["height"] < 2 * item["height"] + 24, f"the bar wraps in {language}: {bar} vs {item}"
    assert link.bounding_box()["y"] < item["y"] + item["height"]  # on the brand's line
    log_out_button = nav.locator("form.d-flex button[type=submit]").last
    right = log_out_button.bounding_box()
    assert right["x"] + right["width"] <= 1200, f"the bar overflows in {language}: {right}"
    if language == "fr":
        shot(page, "navigation-dpo-fr", element=nav)
