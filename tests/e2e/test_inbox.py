"""The inbox in Chromium: a DPO sees in the navigation that something waits, opens "Waiting for you", finds the
assessment that waits for a decision and clicks through to the decision form — no URL typed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from risk import services as risk_services
from tests.e2e.conftest import log_in, shot
from tests.personas import advance, make_incident
from tests.portal.conftest import processor_incident
from tests.risk.builders import facts_dict

pytestmark = pytest.mark.e2e


def test_a_dpo_finds_the_assessment_to_decide_in_the_inbox_and_clicks_through(page, owner, dpo, outsider):
    incident = advance(
        make_incident(owner, title="Customer list on a public share"), "assessment", team=owner, dpo=dpo
    )
    risk_services.assessment_run(actor=owner, incident_id=incident.pk, facts=facts_dict())
    risk_services.assessment_finalise(actor=owner, incident_id=incident.pk)  # submitted to the DPO

    log_in(page, "dpo")
    nav = page.locator("[data-nav=inbox]")
    expect(nav.locator("[data-inbox-count]")).to_have_text("1")
    nav.click()
    expect(page.get_by_role("heading", name=re.compile("Waiting for you"))).to_be_visible()
    row = page.locator("#inbox tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(incident.reference)
    expect(row).to_contain_text("Data protection officer")
    expect(row.locator(".js-countdown")).to_have_text(
        re.compile(r"\d days? \d\d:\d\d:\d\d left")
    )  # app.js ticks
    shot(page, "inbox", full_page=False)

    row.get_by_role("link", name="Decide on the assessment").click()
    expect(page).to_have_url(re.compile(rf"/incidents/{incident.pk}/#risk$"))
    expect(page.locator("#risk-panel").get_by_role("button", name="Record my decision")).to_be_visible()

    # Another organisation's security team finds nothing of ours.
    page.get_by_role("button", name="Log out").click()
    log_in(page, "outsider")
    expect(page.locator("[data-nav=inbox] [data-inbox-count]")).to_have_text("0")
    page.locator("[data-nav=inbox]").click()
    expect(page.get_by_text("Nothing is waiting for you.")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(incident.reference)


def test_the_dashboard_shows_a_processors_client_clocks_and_what_is_still_owed(page, owner, dpo, client_a):
    ours = make_incident(owner, title="Laptop left on the train")
    hosted = processor_incident(owner, dpo, [client_a], title="Mailbox of our hosting platform breached")

    log_in(page, "owner")
    clock = page.locator(".card").filter(has_text="On the 72-hour clock")
    expect(clock).to_contain_text(ours.reference)
    expect(clock).not_to_contain_text(hosted.reference)  # a processor never notifies the authority itself
    row = page.locator(f"tr:has([data-incident='{hosted.pk}'])")
    expect(row.locator("[data-owed-item]")).to_contain_text(f"Alert to {client_a.name} not sent yet")
    expect(row.locator("[data-owed-item] .js-countdown")).to_have_text(re.compile(r"\d\d:\d\d:\d\d left"))
    shot(page, "dashboard-owed", full_page=False)

    row.get_by_role("link", name=hosted.reference).click()
    header = page.locator("#client-clocks")
    expect(header).to_contain_text(client_a.name)
    expect(page.get_by_text("Authority deadline (T0 + 72 h)")).to_have_count(0)
