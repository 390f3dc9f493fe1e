"""Issue 15's story in the browser: two DPOs take a breach of two groups of people to an approved notice to the
Autoriteit Persoonsgegevens and an approved notice to the group at high risk — without typing an address after
logging in and without writing or correcting a single text — and the letters that go out by post say nothing of
the internal description or the containment notes, and name no data the reader's group did not lose.

Arranged through the personas and the services: the Dutch organisation with its contact point, the assessed and
decided breach, the list of people. Every step of the story is clicked in Chromium; the letters are read back from
the PDF with ``pdftotext``."""

from __future__ import annotations

import re
import subprocess

import pytest
from playwright.sync_api import Page, expect

from delivery.models import Delivery
from incidents import services as incident_services
from notifications.models import Notice
from people.subjects import subjects_import_csv
from reports.models import Document
from tests.e2e.conftest import log_in, log_out, shot
from tests.e2e.test_stories import acknowledge_missing, notice_action
from tests.notifications.conftest import decided, group, v2_facts

pytestmark = pytest.mark.e2e

# What only the organisation itself should read: the incident as the security team wrote it down.
DESCRIPTION = (
    "Ransomware (LockBit-variant) versleutelde de orderserver; de aanvaller exporteerde de klantenlijst."
)
CONTAINMENT = "Server geïsoleerd, wachtwoorden geroteerd, forensisch onderzoek door Fox-IT."
INTERNAL = ("LockBit", "orderserver", "Fox-IT", "geïsoleerd", "forensisch")

# 1,200 customers lost their names and contact details (a risk, not a high one); the medical notes of three patients
# of the shop's orthopaedic fitting service were in the same export, with their names (a high risk: told).
FACTS = v2_facts(
    group("customers", subjects_count=1200, identifiability="limited"),
    group("medical note", subjects_count=3, data_categories=["basic", "health"]),
    confidentiality="likely",
    cause="external_malicious",
    recipients="unknown",
    recipients_count=None,
)
PEOPLE = (
    "name;email;postal_address;language;group\n"
    "Anna de Vries;anna@example.nl;;nl;customers\n"
    "Bram Jansen;;Dorpsstraat 1, 1234 AB Dorp;nl;customers\n"
    "Mila Medisch;mila@example.nl;;nl;medical note\n"
    "Marc Lefèvre;;1 rue de la Gare, 75001 Paris;fr;medical note\n"
    "Noor Visser;;Kerkstraat 2, 3511 AA Utrecht;nl;medical note\n"
)
# The words the letters use for the data only the customers lost (notifications/advice.py), in both languages, and
# the phishing that follows from them.
NOT_THEIRS = ("contactgegevens", "vos coordonnées", "phishing", "hameçonnage")


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "letters.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def open_incident(page: Page, reference: str) -> None:
    """From the dashboard (the navigation's home), the incident on the 72-hour clock."""
    page.get_by_label("Main navigation").get_by_role("link", name="Dashboard").click()
    page.get_by_role("link", name=reference).first.click()
    expect(page.locator("#status")).to_be_visible()


def draft(page: Page, button: str) -> None:
    page.locator("#notifications-panel").get_by_role("button", name=button).click()
    expect(page.get_by_role("alert").filter(has_text="Notice drafted")).to_be_visible()
    expect(page.locator("#notice-status")).to_have_text("Draft")


def back_to_incident(page: Page) -> None:
    page.get_by_role("link", name=re.compile(r"^← DL-")).click()
    expect(page.locator("#notifications-panel")).to_be_visible()


def open_notice(page: Page, name: str) -> None:
    """A notice from the incident's Notifications panel: the row naming it, its "Open" link."""
    panel = page.locator("#notifications-panel")
    row = panel.locator("tr").filter(has=page.get_by_role("cell", name=name, exact=True)).first
    row.get_by_role("link", name="Open").click()
    expect(page.locator("#notice-status")).to_be_visible()


def test_two_dpos_take_a_two_group_breach_to_an_approved_ap_notice_and_letters_for_the_group_at_high_risk(
    page: Page, owner, dpo, dpo2, dutch_organisation, smtp_mail, tmp_path
):
    incident = decided(
        owner,
        dpo,
        facts=FACTS,
        title="Customer export read by an attacker",
        description=DESCRIPTION,
    )
    incident_services.incident_update(
        actor=owner, incident_id=incident.pk, changes={"containment_measures": CONTAINMENT}
    )
    subjects_import_csv(actor=owner, incident_id=incident.pk, data=PEOPLE.encode())

    # The first DPO: from the dashboard to the incident, drafts the notice to the AP and the message to the
    # people, and submits both as they were prepared — no text written or corrected.
    log_in(page, "dpo")
    open_incident(page, incident.reference)
    draft(page, "Notice to AP")
    completeness = page.locator("#document")
    expect(completeness).to_contain_text("Not covered by Datalek")
    acknowledge_missing(page)
    notice_action(page, "Submit for approval", "Awaiting approval")
    shot(page, "i15-ap-notice-submitted")

    back_to_incident(page)
    draft(page, "Message to the people")
    texts = page.locator("#texts-nl")
    expect(texts.locator('[data-group-text="medical note"]')).to_be_visible()
    expect(texts.locator('[data-group-text="customers"]')).to_have_count(0)
    for internal in INTERNAL:
        expect(page.locator("main")).not_to_contain_text(internal)
    notice_action(page, "Submit for approval", "Awaiting approval")
    shot(page, "i15-people-notice-submitted")

    # Four eyes: the second DPO approves both from the incident's panel, and sends the message to the people.
    log_out(page)
    log_in(page, "dpo2")
    open_incident(page, incident.reference)
    open_notice(page, "AP")
    acknowledge_missing(page)
    notice_action(page, "Approve", "Approved")
    shot(page, "i15-ap-notice-approved")
    back_to_incident(page)
    open_notice(page, "Affected people (Art. 34)")
    notice_action(page, "Approve", "Approved")
    notice_action(page, "Send", "Sent")
    shot(page, "i15-people-notice-sent")

    people = incident.notices.get(kind=Notice.Kind.SUBJECTS)
    assert incident.notices.get(kind=Notice.Kind.AUTHORITY).status == Notice.Status.APPROVED
    staff = {owner.email, dpo.email, dpo2.email}  # they get the hand-off e-mails (issue 16)
    told = [message for message in smtp_mail.messages if not set(message[1]) & staff]
    assert sorted(to for _id, tos, _subject in told for to in tos) == ["mila@example.nl"]
    mail = "\n".join(str(message) for message in told)
    assert not [word for word in INTERNAL if word in mail]

    # The letters for the two people of the told group who have no e-mail address, made from the Documents card.
    back_to_incident(page)
    documents = page.locator("#documents-panel")
    documents.locator(f'[data-action="make-letters-{people.pk}"]').click()
    letters = Document.objects.filter(notice=people, kind=Document.Kind.LETTERS)
    expect(page.locator("#documents-panel")).to_contain_text("Batch 1 (2):")
    expect(page.locator('#documents-panel [data-document-status="ready"]')).to_have_count(1)
    shot(page, "i15-letters-ready", element=page.locator("#documents-panel"))
    with page.expect_download() as download_info:
        page.locator("#documents-panel").get_by_role("link", name=re.compile("Download")).first.click()
    text = pdf_text(download_info.value.path().read_bytes(), tmp_path)
    assert letters.count() == 1
    assert "Marc Lefèvre" in text and "Noor Visser" in text and "Bram Jansen" not in text
    assert "votre santé" in text and "uw gezondheid" in text
    assert not [word for word in INTERNAL if word in text], text
    assert not [word for word in NOT_THEIRS if word in text], text
    posted = Delivery.objects.filter(notice=people, channel=Delivery.Channel.POST)
    assert sorted(posted.values_list("status", flat=True)) == ["to_print", "to_print"], list(posted.values())
