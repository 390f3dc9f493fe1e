"""The road of a breach, clicked through in a real browser by the people who walk it.

Arranged through the personas and services: the organisation, its people (security team ``owner``, DPOs ``dpo`` and
``dpo2``) and, for the processor story, the client with its controller user. Everything the story is about — from
logging the incident to the register export — is done in Chromium.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from delivery.models import Delivery
from incidents.models import Incident
from notifications.models import Notice
from tests.e2e.conftest import log_in, log_out, region, shot

pytestmark = pytest.mark.e2e

PEOPLE = [
    ("Anna de Vries", "anna@example.nl", "nl"),
    ("Bram Jansen", "bram@example.nl", "nl"),
    ("Chloé Martin", "chloe@example.fr", "fr"),
    ("David Smith", "david@example.com", "en"),
]


def field(scope, label: str):
    """The form field whose label is exactly ``label`` (a required field's label ends with an asterisk)."""
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def local(moment) -> str:
    """A moment as a datetime-local input takes it, in the site's time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


# --- steps of the road, each as a person does it in the browser ------------------------------------------------


def log_incident(page: Page, *, title: str, role: str = "Controller", client: str | None = None) -> str:
    """The security team logs an incident with the form; returns the incident page's URL."""
    now = timezone.now()
    page.get_by_role("link", name="Log an incident").click()
    expect(page.get_by_role("heading", name="Log an incident")).to_be_visible()
    field(page, "Title").fill(title)
    page.get_by_label("What happened").fill(
        "A backup of the customer database was found on a publicly reachable storage bucket."
    )
    page.get_by_label("How it was discovered").select_option(label="Reported by an external party")
    page.get_by_label("Systems affected").fill("Customer database backup")
    page.get_by_label("Countries where the affected people live").select_option("NL")
    page.get_by_label("Our role").select_option(label=role)
    if client:
        page.get_by_label(client).check()
    page.get_by_label("Occurrence").select_option(label="Started and ended")
    page.get_by_label("Started").fill(local(now - timedelta(days=2)))
    page.get_by_label("Ended").fill(local(now - timedelta(days=1)))
    page.get_by_label("Detected").fill(local(now - timedelta(hours=5)))
    page.get_by_label("Aware (T0)").fill(local(now - timedelta(hours=4)))
    page.get_by_label("Awareness established by").fill("Head of security")
    page.get_by_label("Evidence for the awareness moment").fill(
        "The researcher's report, confirmed by our own access logs."
    )
    page.get_by_role("button", name="Log incident").click()
    expect(page.get_by_role("alert").filter(has_text="logged")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    return page.url


def take(page: Page, label: str, status: str) -> None:
    """Press a transition button in the incident's "Next steps" card and wait for the new status."""
    page.locator("#actions").get_by_role("button", name=label).click()
    expect(page.locator("#status")).to_have_text(status)


def record_containment(page: Page) -> None:
    card = page.locator("#containment")
    field(card, "Containment").select_option(label="Contained")
    card.get_by_label("Containment measures taken").fill("Bucket made private, access keys rotated.")
    card.get_by_role("button", name="Record containment").click()
    expect(page.get_by_role("alert").filter(has_text="Containment recorded.")).to_be_visible()


def run_assessment(page: Page, *, subjects: int) -> None:
    """Fill in the risk form of the incident page and run the engine: a high risk."""
    panel = page.locator("#risk-panel")
    panel.get_by_label("In a few words").fill("Customer records with BSN exposed on a public bucket.")
    panel.get_by_label("Confidentiality: data seen or taken").check()
    panel.get_by_label("Was the data accessed?").select_option("exfiltrated")
    field(panel, "Cause").select_option("external_malicious")
    panel.get_by_label("Who may have the data now").select_option("unknown")
    for category in ("Basic identity", "Contact details", "National identification number"):
        panel.get_by_label(category).check()
    panel.get_by_label("Maximum: the data names the person directly").check()
    panel.get_by_label("Our sector").select_option("retail")
    panel.get_by_label("Customers").check()
    panel.get_by_label("About how many people").fill(str(subjects))
    panel.get_by_label("Encryption of the affected data").select_option("none")
    panel.get_by_label("Hashing of passwords").select_option("none")
    panel.get_by_label("Backup").select_option("recent")
    panel.get_by_label("Loss of availability").select_option("none")
    panel.get_by_label("Effect of the unavailability on the people").select_option("none")
    panel.get_by_label("Alteration of the data").select_option("none")
    panel.get_by_role("button", name="Run the assessment").click()
    expect(page.get_by_role("alert").filter(has_text="Assessment run")).to_be_visible()
    expect(page.locator("#risk-panel [data-risk]")).to_have_attribute("data-risk", "high")


def finalise_assessment(page: Page) -> None:
    panel = page.locator("#risk-panel")
    panel.get_by_label("Note for the DPO (optional)").fill("BSN in the open: high risk.")
    panel.get_by_role("button", name="Finalise and submit to the DPO").click()
    expect(page.get_by_role("alert").filter(has_text="Assessment finalised")).to_be_visible()
    expect(page.locator("#status")).to_have_text("DPO approval")


def assess(page: Page, *, subjects: int, screenshot: bool = True) -> None:
    """The security team's part: triage, containment, assessment, up to the DPO's approval."""
    take(page, "Start triage", "Triage")
    take(page, "Confirm: personal-data breach", "Containment")
    record_containment(page)
    take(page, "Start risk assessment", "Risk assessment")
    run_assessment(page, subjects=subjects)
    if screenshot:
        shot(page, "risk-result", element=page.locator("#risk"))
        advice = page.locator("#risk-panel .card").filter(has_text="Advice on these facts")
        shot(page, "risk-advice", clip=region(page.locator("#risk"), advice, max_height=1000))
    finalise_assessment(page)


def approve_assessment(page: Page, url: str) -> None:
    """A DPO agrees with the engine's advice and approves the assessment."""
    page.goto(url)
    panel = page.locator("#risk-panel")
    panel.get_by_label("I agree with the advice").check()
    panel.get_by_role("button", name="Record my decision").click()
    expect(page.get_by_role("alert").filter(has_text="Decision recorded")).to_be_visible()
    take(page, "Approve the assessment", "Notification")


def draft_notice(page: Page, url: str, button: str) -> str:
    """From the incident's Notifications panel, draft a notice; returns the notice page's URL."""
    page.goto(url)
    page.locator("#notifications-panel").get_by_role("button", name=button).click()
    expect(page.get_by_role("alert").filter(has_text="Notice drafted")).to_be_visible()
    expect(page.locator("#notice-status")).to_have_text("Draft")
    return page.url


def notice_action(page: Page, button: str, status: str) -> None:
    page.locator("#notice-actions").get_by_role("button", name=button).click()
    expect(page.locator("#notice-status")).to_have_text(status)


def acknowledge_missing(page: Page) -> None:
    """Tick that the answers the form still misses follow later (Art. 33(4)), under the list of them."""
    actions = page.locator("#notice-actions")
    expect(actions.locator("[data-acknowledge] li").first).to_be_visible()
    actions.get_by_label(re.compile(r"^I acknowledge that these answers are missing")).check()


def said(subject: str, text: str) -> bool:
    """The subject ends with ``text`` in one of our languages (each person reads their own)."""
    return any(subject.endswith(translated(text, language)) for language in ("en", "nl", "fr"))


def translated(text: str, language: str) -> str:
    with translation.override(language):
        return gettext(text)


def switch_user(page: Page, username: str) -> None:
    log_out(page)
    log_in(page, username)


# --- the stories --------------------------------------------------------------------------------------------------


def test_controller_breach_from_logging_to_the_register(
    page: Page, owner, dpo, dpo2, dutch_organisation, smtp_mail, tmp_path
):
    log_in(page, "owner")
    url = log_incident(page, title="Customer backup on a public bucket")
    assess(page, subjects=len(PEOPLE))

    # The DPO finds it on the 72-hour clock, agrees with the advice and approves; then drafts the notice to the
    # Dutch authority and submits it.
    switch_user(page, "dpo")
    clock = page.locator(".card").filter(has_text="On the 72-hour clock")
    expect(clock.get_by_role("link", name=re.compile(r"DL-\d{4}-\d+"))).to_be_visible()
    expect(clock.locator(".js-countdown").first).to_have_text(
        re.compile(r"^\s*2 days \d\d:\d\d:\d\d left\s*$")
    )  # app.js ticks
    shot(page, "dashboard", clip=region(page.locator("nav").first, page.locator("main .card").last))
    approve_assessment(page, url)
    shot(page, "incident", full_page=False)
    shot(page, "incident-full")
    notice_url = draft_notice(page, url, "Notice to AP")
    # The AP form still misses answers only a person knows (the reporter's function and phone …): the page lists
    # them, and the notice goes on only with that acknowledged — they follow later (Art. 33(4)).
    acknowledge_missing(page)
    notice_action(page, "Submit for approval", "Awaiting approval")

    # Four eyes: the second DPO approves; the filing on the authority's portal is recorded with its reference.
    switch_user(page, "dpo2")
    page.goto(notice_url)
    acknowledge_missing(page)
    notice_action(page, "Approve", "Approved")
    actions = page.locator("#notice-actions")
    acknowledge_missing(page)
    actions.get_by_label("Filed at").fill(local(timezone.now()))
    actions.get_by_label("The authority's reference").fill("M-2026-00042")
    actions.get_by_role("button", name="Record the filing").click()
    expect(page.get_by_role("alert").filter(has_text="Filing recorded")).to_be_visible()
    expect(page.locator("#notice-status")).to_have_text("Filed with the authority")
    expect(page.get_by_text("M-2026-00042").first).to_be_visible()
    shot(page, "authority-notice")
    incident = Incident.objects.get(title="Customer backup on a public bucket")
    assert incident.notices.get(kind=Notice.Kind.AUTHORITY).reference == "M-2026-00042"

    # The security team uploads the affected people; a DPO approves the message to them, which is sent over SMTP.
    switch_user(page, "owner")
    page.goto(url)
    page.locator("#notifications-panel").get_by_role("link", name="Open the list").click()
    people = tmp_path / "affected.csv"
    people.write_text(
        "name;email;postal_address;language\n"
        + "".join(f"{name};{email};;{lang}\n" for name, email, lang in PEOPLE),
        encoding="utf-8",
    )
    page.get_by_label("CSV file").set_input_files(people)
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("#imports [data-import-status]").first).to_have_attribute(
        "data-import-status", "done"
    )
    expect(page.locator("#imports")).to_contain_text(f"{len(PEOPLE)} rows read: {len(PEOPLE)} added")
    for _name, email, _lang in PEOPLE:
        expect(page.get_by_role("cell", name=email)).to_be_visible()

    subjects_url = draft_notice(page, url, "Message to the people")
    notice_action(page, "Submit for approval", "Awaiting approval")
    switch_user(page, "dpo")
    page.goto(subjects_url)
    notice_action(page, "Approve", "Approved")
    notice_action(page, "Send", "Sent")
    expect(page.locator("[data-progress-sent]")).to_have_attribute("data-progress-sent", str(len(PEOPLE)))
    shot(page, "subjects-notice")
    # Issue 16: each hand-off e-mailed the people who take the next step; the rest went to the affected people.
    staff = {owner.email, dpo.email, dpo2.email}
    handoffs = {
        (address, subject) for _id, to, subject in smtp_mail.messages for address in to if address in staff
    }
    assert any(
        to == dpo2.email and said(subject, "a notice waits for your approval") for to, subject in handoffs
    )
    assert any(
        to == dpo.email and said(subject, "an approved notice waits to be filed") for to, subject in handoffs
    )
    received = sorted(
        address for _id, to, _subject in smtp_mail.messages for address in to if address not in staff
    )
    assert received == sorted(email for _name, email, _lang in PEOPLE)
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == len(PEOPLE)

    # The register of breaches (Art. 33(5)) downloads as CSV with this incident in it.
    page.get_by_label("Main navigation").get_by_role("link", name="Register").click()
    expect(page.locator("#register-export")).to_contain_text("1 incident in this period")
    shot(page, "register")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    assert re.fullmatch(r"register-.+\.csv", download.suggested_filename)
    rows = list(csv.reader(io.StringIO(download.path().read_text(encoding="utf-8-sig"))))
    assert any(incident.reference in row for row in rows[1:]), rows
    assert any("Customer backup on a public bucket" in row for row in rows[1:]), rows

    page.get_by_label("Main navigation").get_by_role("link", name="Insights").click()
    expect(page.get_by_role("heading", name="Insights")).to_be_visible()
    shot(page, "insights")


def test_processor_alerts_its_client_who_acknowledges_in_the_portal(
    page: Page, owner, dpo, dpo2, client_a, controller_user, smtp_mail
):
    log_in(page, "owner")
    url = log_incident(
        page, title="Mailbox of our hosting platform breached", role="Processor", client=client_a.name
    )
    expect(page.locator("#facts")).to_contain_text(client_a.name)
    assess(page, subjects=2513, screenshot=False)

    switch_user(page, "dpo")
    approve_assessment(page, url)
    expect(page.locator("#notifications-panel")).to_contain_text("Our controller clients (Art. 33(2))")
    alert_url = draft_notice(page, url, f"Alert to {client_a.name}")
    notice_action(page, "Submit for approval", "Awaiting approval")

    # Four eyes: a DPO other than the drafter approves; the alert goes to the contacts of the client's DPA and
    # is released to the client's portal.
    switch_user(page, "dpo2")
    page.goto(alert_url)
    notice_action(page, "Approve", "Approved")
    notice_action(page, "Send", "Sent")
    staff = {owner.email, dpo.email, dpo2.email}  # and the hand-off e-mails to them (issue 16)
    contacts = sorted(
        address for _id, to, _subject in smtp_mail.messages for address in to if address not in staff
    )
    assert contacts == ["eigenaar@bakkerij.example", "privacy@bakkerij.example"]

    # The controller client's user lands in the portal, opens the alert and acknowledges it.
    switch_user(page, "controller")
    expect(page.get_by_role("heading", name="Alerts from your processors")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=client_a.name)
    expect(row).to_contain_text("not yet")
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Alert from")
    page.locator("#updates").get_by_role("button", name="Acknowledge receipt").click()
    expect(page.get_by_role("alert").filter(has_text="Receipt acknowledged")).to_be_visible()
    expect(page.locator("#updates")).to_contain_text("Acknowledged by")
    shot(page, "portal-alert", full_page=False)
    alert = Notice.objects.get(kind=Notice.Kind.CONTROLLER, client=client_a)
    assert alert.acknowledgement.acknowledged_by == controller_user

    # Back on the processor's side, the team sees the acknowledgement on its incident page.
    switch_user(page, "owner")
    page.goto(url)
    expect(page.locator("#controller-clients")).to_contain_text(controller_user.display_name())
