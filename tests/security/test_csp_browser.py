"""The policy in a real browser (Debian's Chromium): the pages that run the most script — the incident page
with its htmx panels and the Swagger UI — load and work with no violation reported. Chromium reports each
refused inline style or script as a console error, which the ``page`` fixture turns into a failure."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import log_in
from tests.notifications.conftest import decided

pytestmark = pytest.mark.django_db(transaction=True)


def _violations(page) -> None:
    page.evaluate(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI))"
    )


def test_incident_page_with_its_htmx_panels_runs_under_the_policy(page, owner, dpo):
    incident = decided(owner, dpo)
    log_in(page, "owner")
    page.goto(f"/incidents/{incident.pk}/")
    _violations(page)
    page.get_by_text("Notices").first.wait_for()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__csp") == []
    # The live countdown is app.js at work: it is running.
    assert page.locator(".js-countdown").first.inner_text().strip()


def test_swagger_ui_renders_under_the_policy(page, owner):
    log_in(page, "owner")
    page.goto("/api/docs/")
    _violations(page)
    page.locator(".swagger-ui .info .title").wait_for()
    page.get_by_text("/api/incidents/", exact=True).first.wait_for()
    assert "Datalek API" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.evaluate("window.__csp") == []
