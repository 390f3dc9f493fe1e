"""Issue 16's story in the browser: nobody waits unseen. A processor's security team logs a breach of a client's
data; each next person — the DPO, the second DPO, the client's user — finds the act in their inbox ("Waiting for
you", from the navigation) and has an e-mail about it at the SMTP sink; a webhook receiver started by the test gets
the organisation's events, signed; nobody types a URL after logging in; the processor's incident shows its client's
alert clock and no authority clock.

Arranged through the personas and services: the organisations, the people, the client's DPA terms and the webhook.
Every step of the story is clicked in Chromium."""

from __future__ import annotations

import hashlib
import hmac
import json
import re

import pytest
from playwright.sync_api import Page, expect

from alerts import services as alert_services
from incidents.models import Incident
from notifications.models import Notice
from tests.alerts import receiver as http_receiver
from tests.e2e.conftest import log_in, log_out, shot
from tests.e2e.test_stories import assess, log_incident, notice_action

pytestmark = pytest.mark.e2e

EVENTS = [
    "incident.logged",
    "incident.status_changed",
    "decision.recorded",
    "notice.approved",
    "notice.sent",
]


@pytest.fixture
def webhook_receiver(settings):
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = True  # this machine only: the receiver listens on 127.0.0.1
    found, server = http_receiver.start()
    yield found
    server.shutdown()
    server.server_close()


def mails_to(smtp_mail, address: str) -> list[str]:
    return [subject for _id, to, subject in smtp_mail.messages if address in to]


def from_the_inbox(page: Page, act: str, reference: str) -> None:
    """The navigation's inbox, the row of ``reference``, the link of the act."""
    page.locator("[data-nav=inbox]").click()
    expect(page.get_by_role("heading", name=re.compile("Waiting for you"))).to_be_visible()
    row = page.locator("#inbox tbody tr").filter(has_text=reference)
    expect(row.get_by_role("link", name=act)).to_be_visible()
    shot(page, f"i16-inbox-{act.split()[0].lower()}", full_page=False)
    row.get_by_role("link", name=act).click()


def test_each_next_person_finds_the_act_in_their_inbox_and_an_e_mail_and_the_webhook_gets_signed_events(
    page: Page, owner, dpo, dpo2, client_a, controller_user, smtp_mail, webhook_receiver
):
    controller_user.email = "privacy@bakkerij.example"  # the client's privacy officer: an address of its DPA
    controller_user.save()
    hook = alert_services.webhook_create(
        actor=dpo,
        organisation_id=owner.memberships.get().organisation_id,
        url=webhook_receiver.url(),
        events=EVENTS,
    )

    # The security team logs the breach of the client's data and assesses it, up to the DPO.
    log_in(page, "owner")
    url = log_incident(
        page, title="Mailbox of our hosting platform breached", role="Processor", client=client_a.name
    )
    incident = Incident.objects.get(title="Mailbox of our hosting platform breached")
    header = page.locator("#client-clocks")
    expect(header).to_contain_text(client_a.name)  # the processor's clock: the client's alert deadline
    expect(page.get_by_text("Authority deadline (T0 + 72 h)")).to_have_count(0)
    assess(page, subjects=2513, screenshot=False)
    shot(page, "i16-processor-incident", full_page=False)

    # The DPO: an e-mail says an assessment waits; the inbox takes them to it.
    assert mails_to(smtp_mail, dpo.email), smtp_mail.messages
    log_out(page)
    log_in(page, "dpo")
    from_the_inbox(page, "Decide on the assessment", incident.reference)
    panel = page.locator("#risk-panel")
    panel.get_by_label("I agree with the advice").check()
    panel.get_by_role("button", name="Record my decision").click()
    expect(page.get_by_role("alert").filter(has_text="Decision recorded")).to_be_visible()
    from_the_inbox(page, "Approve the assessment", incident.reference)
    page.locator("#actions").get_by_role("button", name="Approve the assessment").click()
    expect(page.locator("#status")).to_have_text("Notification")
    page.locator("#notifications-panel").get_by_role("button", name=f"Alert to {client_a.name}").click()
    expect(page.locator("#notice-status")).to_have_text("Draft")
    notice_action(page, "Submit for approval", "Awaiting approval")
    expect(page.locator("#notice-actions").get_by_role("button", name="Approve")).to_have_count(
        0
    )  # four eyes

    # The second DPO: an e-mail says a notice waits for their approval; the inbox takes them to it.
    assert mails_to(smtp_mail, dpo2.email)
    log_out(page)
    log_in(page, "dpo2")
    from_the_inbox(page, "Approve the notice (second pair of eyes)", incident.reference)
    notice_action(page, "Approve", "Approved")
    from_the_inbox(page, "Send the approved notice", incident.reference)
    notice_action(page, "Send", "Sent")

    # The client's user: the alert in their mailbox, the act in their inbox, acknowledged in the portal.
    assert mails_to(smtp_mail, controller_user.email)
    log_out(page)
    log_in(page, "controller")
    from_the_inbox(
        page, "Acknowledge the alert", "Alert from"
    )  # the client sees the alert, not our reference
    page.locator("#updates").get_by_role("button", name="Acknowledge receipt").click()
    expect(page.get_by_role("alert").filter(has_text="Receipt acknowledged")).to_be_visible()
    expect(page.locator("[data-nav=inbox] [data-inbox-count]")).to_have_text("0")
    alert = Notice.objects.get(kind=Notice.Kind.CONTROLLER, client=client_a)
    assert alert.acknowledgement.acknowledged_by == controller_user

    # The webhook got the organisation's events, each signed with its secret.
    received = webhook_receiver.received
    assert received, "the webhook receiver got nothing"
    for got in received:
        expected = "sha256=" + hmac.new(hook.secret.encode(), got.body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(got.headers["X-Datalek-Signature"], expected)
    events = [json.loads(got.body)["event"] for got in received]
    assert {"incident.logged", "incident.status_changed", "decision.recorded", "notice.approved"} <= set(
        events
    )
    assert "notice.sent" in events
    assert url.endswith(f"/incidents/{incident.pk}/")
