"""Issue 18's story in the browser: every obligation from one awareness moment. A Dutch hospital, an essential
entity under NIS2 (sector health): its DPO says so on the organisation page; the security team logs a ransomware
attack with exfiltration and answers NIS2's own test on the incident's "Reporting obligations" panel; the panel
shows the GDPR notification due at awareness + 72 h, the NIS2 early warning at + 24 h and the NIS2 incident
notification at + 72 h; the dashboard shows the GDPR clock and all three still owed, the shortest first; each NIS2 report is
drafted, approved by a DPO other than its drafter and filed with the CSIRT's reference; once the notification is
filed, the final report is due one month after that filing, in Amsterdam's wall-clock time.

Arranged through the personas and services: the organisation's details and its people (security team ``owner``,
DPOs ``dpo`` and ``dpo2``). Every step of the story is clicked in Chromium. The server runs in a thread of the
test process on the real clock, so the expected moments are computed from the awareness moment typed in the form
and from the filing moment read back from the database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import formats, timezone, translation
from playwright.sync_api import Page, expect

from incidents import services as incident_services
from incidents.models import Incident
from notifications import services as notice_services
from obligations.models import Obligation, ObligationReport
from tests.e2e.conftest import log_in, log_out, shot
from tests.e2e.test_stories import field, local

pytestmark = pytest.mark.e2e

TITLE = "Ransomware on the patient records servers"


@pytest.fixture
def hospital(org, dpo):
    """The personas' organisation as a Dutch hospital, with its main establishment in NL."""
    incident_services.organisation_update(
        actor=dpo,
        organisation_id=org.pk,
        changes={
            "registration_number": "41234567",
            "address": "Ziekenhuislaan 1, 3584 CX Utrecht",
            "sector": "Zorg (ziekenhuis)",
            "country": "NL",
            "dpo_name": "Daan Jansen",
            "dpo_email": "fg@ziekenhuis.example",
            "dpo_phone": "+31 30 250 0000",
        },
    )
    notice_services.establishment_save(actor=dpo, organisation_id=org.pk, country="NL", is_main=True)
    org.refresh_from_db()
    org.name = "Ziekenhuis Domstad"
    org.save(update_fields=["name"])
    return org


def shown(moment) -> str:
    """A moment as the obligations panel shows it (English, the site's time zone, with its weekday)."""
    with translation.override("en"):
        return formats.date_format(timezone.localtime(moment), "WEEKDAY_DATETIME_FORMAT")


def iso(moment) -> str:
    """A moment as the dashboard's countdowns carry it (``data-deadline``, the site's time zone)."""
    return timezone.localtime(moment).isoformat()


def panel(page: Page):
    return page.locator("#obligations-panel")


def report_row(page: Page, obligation: str, report: str):
    return panel(page).locator(f"[data-obligation^='{obligation}'] [data-report='{report}']")


def open_from_dashboard(page: Page, incident: Incident) -> None:
    """From the dashboard (where logging in lands), the incident's reference, to its page."""
    page.get_by_role("link", name="Datalek").click()
    page.get_by_role("link", name=incident.reference, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(incident.title)
    expect(panel(page)).to_be_visible()


def report_step(page: Page, obligation: str, report: str, button: str, message: str) -> None:
    report_row(page, obligation, report).get_by_role("button", name=button).click()
    expect(page.get_by_role("alert").filter(has_text=message)).to_be_visible()


def file_report(page: Page, obligation: str, report: str, reference: str) -> None:
    row = report_row(page, obligation, report)
    row.get_by_label("The recipient's reference").fill(reference)
    row.get_by_role("button", name="Filed").click()
    expect(page.get_by_role("alert").filter(has_text="The report is filed")).to_be_visible()
    expect(report_row(page, obligation, report)).to_contain_text(reference)


def test_a_hospital_logs_ransomware_and_files_every_report_from_one_awareness_moment(
    page: Page, hospital, owner, dpo, dpo2
):
    # The DPO says what the hospital is under NIS2, on the organisation page's card.
    log_in(page, "dpo")
    page.get_by_label("Main navigation").get_by_role("link", name="Organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(hospital.name)
    card = page.locator("#regimes")
    field(card, "NIS2 entity").select_option(label="Essential entity (NIS2 Art. 3(1))")
    field(card, "NIS2 sector").fill("Health (hospital)")
    field(card, "Countries (ISO codes, separated by commas)").fill("NL")
    card.get_by_role("button", name="Save the regimes").click()
    expect(page.get_by_role("alert").filter(has_text="Regimes saved")).to_be_visible()
    expect(field(page.locator("#regimes"), "NIS2 entity")).to_have_value("essential")
    shot(page, "i18-regimes-card", element=page.locator("#regimes"))
    log_out(page)

    # The security team logs the ransomware attack with its awareness moment.
    log_in(page, "owner")
    aware = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=2)
    page.get_by_role("link", name="Log an incident").click()
    expect(page.get_by_role("heading", name="Log an incident")).to_be_visible()
    field(page, "Title").fill(TITLE)
    page.get_by_label("What happened").fill(
        "Ransomware encrypted the servers of the patient records system; the attackers say they took a copy "
        "of the records first and show samples on their leak site."
    )
    page.get_by_label("How it was discovered").select_option(label="Reported by an external party")
    page.get_by_label("Systems affected").fill("Patient records system (EPD), file servers")
    page.get_by_label("Countries where the affected people live").select_option("NL")
    page.get_by_label("Our role").select_option(label="Controller")
    page.get_by_label("Occurrence").select_option(label="Started and ended")
    page.get_by_label("Started").fill(local(aware - timedelta(hours=10)))
    page.get_by_label("Ended").fill(local(aware - timedelta(hours=3)))
    page.get_by_label("Detected").fill(local(aware - timedelta(hours=1)))
    page.get_by_label("Aware (T0)").fill(local(aware))
    page.get_by_label("Awareness established by").fill("Head of information security")
    page.get_by_label("Evidence for the awareness moment").fill(
        "The ransom note on the servers and the leak site's samples, checked against our records."
    )
    page.get_by_role("button", name="Log incident").click()
    expect(page.get_by_role("alert").filter(has_text="logged")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    incident = Incident.objects.get(title=TITLE)
    assert incident.aware_at == aware

    # On the "Reporting obligations" panel the team answers NIS2's own test.
    expect(panel(page)).to_be_visible()
    test = panel(page).locator("[data-regime-test=nis2]")
    test.get_by_label(
        "Has it caused, or can it cause, severe operational disruption of the services?"
    ).select_option(label="Yes")
    test.get_by_role("button", name="Save the answers").click()
    expect(page.get_by_role("alert").filter(has_text="Answers recorded")).to_be_visible()

    # One awareness moment: the GDPR notification at + 72 h, NIS2's early warning at + 24 h, its notification at
    # + 72 h.
    gdpr = panel(page).locator("[data-obligation^=gdpr]")
    expect(gdpr.locator("[data-report]").first).to_contain_text(shown(aware + timedelta(hours=72)))
    expect(report_row(page, "nis2", "early_warning")).to_contain_text(shown(aware + timedelta(hours=24)))
    expect(report_row(page, "nis2", "notification")).to_contain_text(shown(aware + timedelta(hours=72)))
    expect(report_row(page, "nis2", "final")).to_contain_text("not known yet")
    nis2 = Obligation.objects.get(incident=incident, regime="nis2")
    assert nis2.trigger_at == aware
    shot(page, "i18-obligations-panel", element=panel(page))

    # The dashboard, right after logging: the GDPR 72-hour clock, and still owed the NIS2 early warning (24 h), the
    # GDPR notification (72 h) and the NIS2 notification (72 h) at once, the shortest first.
    page.get_by_role("link", name="Datalek").click()
    clock_card = page.locator(".card").filter(has_text="On the 72-hour clock")
    row = clock_card.locator("tbody tr").filter(has_text=incident.reference)
    gdpr_clock = row.locator(f"[data-incident='{incident.pk}'] .js-countdown")
    expect(gdpr_clock).to_have_attribute("data-deadline", iso(aware + timedelta(hours=72)))
    expect(gdpr_clock).to_contain_text("left")
    gdpr = Obligation.objects.get(incident=incident, regime="gdpr")
    expected = [
        (f"obligation:{nis2.pk}:early_warning", "NIS2 (NL): Early warning", aware + timedelta(hours=24)),
        (
            f"obligation:{gdpr.pk}:notification",
            "GDPR: Notification to the supervisory authority",
            aware + timedelta(hours=72),
        ),
        (
            f"obligation:{nis2.pk}:notification",
            "NIS2 (NL): Incident notification",
            aware + timedelta(hours=72),
        ),
    ]
    items = row.locator("[data-owed-item]")
    expect(items).to_have_count(len(expected))
    for position, (key, label, due) in enumerate(expected):
        item = items.nth(position)
        expect(item).to_have_attribute("data-owed-item", key)
        expect(item).to_contain_text(label)
        expect(item.locator(".js-countdown")).to_have_attribute("data-deadline", iso(due))
    shot(page, "i18-dashboard", element=clock_card)

    # The early warning: drafted by the security team, approved by a DPO, filed with the CSIRT's reference.
    open_from_dashboard(page, incident)
    report_step(page, "nis2", "early_warning", "Mark as drafted", "marked as drafted")
    expect(report_row(page, "nis2", "early_warning").get_by_role("button", name="Approve")).to_have_count(0)
    log_out(page)
    log_in(page, "dpo")
    open_from_dashboard(page, incident)
    report_step(page, "nis2", "early_warning", "Approve", "The report is approved")
    file_report(page, "nis2", "early_warning", "CSIRT-2026-0042")

    # The incident notification: drafted by the DPO, so a second DPO approves it (four eyes).
    report_step(page, "nis2", "notification", "Mark as drafted", "marked as drafted")
    drafted = report_row(page, "nis2", "notification")
    expect(drafted.get_by_role("button", name="Approve")).to_have_count(0)  # not to the DPO who drafted it
    expect(drafted).to_contain_text("a DPO other than you approves it")
    shot(page, "i18-four-eyes", full_page=False)  # the window as the user sees it after drafting
    log_out(page)
    log_in(page, "dpo2")
    open_from_dashboard(page, incident)
    report_step(page, "nis2", "notification", "Approve", "The report is approved")
    file_report(page, "nis2", "notification", "CSIRT-2026-0042-N")

    # The final report is due one month after the notification was filed, Amsterdam's wall-clock time kept.
    notification = ObligationReport.objects.get(obligation=nis2, code="notification")
    early_warning = ObligationReport.objects.get(obligation=nis2, code="early_warning")
    assert (early_warning.drafted_by, early_warning.approved_by) == (owner, dpo)
    assert (notification.drafted_by, notification.approved_by) == (dpo, dpo2)
    assert early_warning.reference == "CSIRT-2026-0042"
    final_due = timezone.localtime(notification.filed_at) + relativedelta(months=1)
    expect(report_row(page, "nis2", "final")).to_contain_text(shown(final_due))
    final = ObligationReport.objects.get(obligation=nis2, code="final")
    assert timezone.localtime(final.due_at).replace(tzinfo=None) == final_due.replace(tzinfo=None)
    expect(report_row(page, "nis2", "notification")).to_contain_text("Filed")
    shot(page, "i18-obligations-filed", element=panel(page))

    # The dashboard now says the final report is what NIS2 still wants, and when.
    page.get_by_role("link", name="Datalek").click()
    owed = page.locator(f"[data-owed-item='obligation:{nis2.pk}:final']").first
    expect(owed).to_contain_text("NIS2 (NL): Final report")
    expect(owed.locator(".js-countdown")).to_have_attribute("data-deadline", iso(final.due_at))
