"""The small frictions, in Chromium: the clock says days in the page's words, a file over the limit is refused
before anything is sent, the country list filters as one types, a form with errors leads to them, and the register
keeps its period in Dutch."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from incidents.models import Evidence
from tests.e2e.conftest import log_in
from tests.personas import make_incident

pytestmark = pytest.mark.e2e


def test_the_clock_says_days_in_the_pages_words(page, owner):
    make_incident(owner)
    log_in(page, "owner")
    page.goto("/")
    clock = page.locator(".js-countdown").first
    words = page.evaluate("document.body.dataset.dayOther").replace("%(count)s", "2")
    expect(clock).to_have_text(re.compile(rf"^\s*{re.escape(words)} \d\d:\d\d:\d\d"))
    assert " d " not in clock.inner_text()


def test_a_file_over_the_limit_is_refused_in_the_browser(page, owner, settings, tmp_path):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    incident = make_incident(owner)
    big = tmp_path / "export.pdf"
    big.write_bytes((b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))[: 2 * 1024 * 1024])  # 2 MB exactly
    log_in(page, "owner")
    page.goto(f"/incidents/{incident.pk}/")
    requests = []
    page.on("request", lambda r: requests.append(r.url) if "/evidence/" in r.url else None)
    page.locator('input[type="file"][name="file"]').set_input_files(str(big))
    message = page.locator(".js-file-too-large")
    expect(message).to_have_text("The file is 2 MB; the limit is 1 MB.")
    page.get_by_role("button", name="Attach").click()
    page.wait_for_timeout(300)
    assert requests == [] and not Evidence.objects.exists()  # nothing was sent


def test_the_country_list_filters_as_one_types(page, owner, org):
    org.country = "BE"
    org.save()
    log_in(page, "owner")
    page.goto("/incidents/new/")
    select = page.locator('select[name="affected_countries"]')
    expect(select.locator("option").first).to_have_attribute("value", "BE")
    expect(select.locator("option:checked")).to_have_attribute("value", "BE")  # preselected
    page.get_by_role("searchbox", name="Search a country").fill("nether")
    visible = select.evaluate("s => Array.from(s.options).filter(o => !o.hidden).map(o => o.value)")
    assert "NL" in visible and "BE" in visible and "FR" not in visible  # BE stays: it is chosen
    page.get_by_role("searchbox", name="Search a country").fill("")
    assert select.evaluate("s => Array.from(s.options).every(o => !o.hidden)")


def test_a_form_with_errors_leads_to_each_one(page, owner):
    log_in(page, "owner")
    page.goto("/incidents/new/")
    page.get_by_label("Title").fill("")
    page.get_by_role("button", name="Log incident").click()
    summary = page.locator(".js-error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Title").click()
    assert page.url.endswith("#id_title")


def test_the_register_keeps_its_period_in_dutch(page, dpo):
    log_in(page, "dpo")
    page.context.add_cookies([{"name": "django_language", "value": "nl", "url": page.url}])
    page.goto("/register/")
    date_from = page.locator('input[name="date_from"]')
    expect(date_from).to_have_value(re.compile(r"^\d{4}-\d{2}-\d{2}$"))  # not blank
    date_from.fill("2026-02-01")
    page.locator('input[name="date_to"]').fill("2026-03-15")
    page.locator('input[name="date_to"]').press("Enter")
    page.wait_for_url(re.compile(r"date_from=2026-02-01"))
    expect(page.locator('input[name="date_from"]')).to_have_value("2026-02-01")
    expect(page.locator('input[name="date_to"]')).to_have_value("2026-03-15")
