"""End-to-end tests: Playwright drives Debian's Chromium against the app served on 127.0.0.1 by the test.

The people and organisations are arranged through the personas and the services; every step of the stories
themselves is clicked in the browser. The server runs in a thread of the test process (pytest-django's live
server, on the PostgreSQL test database with real commits), so Celery runs eagerly in it and the e-mails go over
real SMTP to the sink of ``tests/smtp_sink.py``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections
from django.test import override_settings
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from incidents import services as incident_services
from notifications import services as notice_services
from tests.personas import PASSWORD
from tests.portal.conftest import client_a  # noqa: F401 - a fixture: a client of ours, with the terms of its DPA

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
# Without these, Debian's Chromium reaches out to Google's services and, on our machines, gets its connections
# refused many at a time; a fresh profile per test keeps one test's cookies and cache out of the next.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
]
TIMEOUT_MS = 15_000


def start_live_server() -> LiveServer:
    """pytest-django's live server, on 127.0.0.1 rather than ``localhost`` (which may resolve to ::1 first)."""
    # Django's test server wraps the app in a handler serving MEDIA_URL, which it cannot build from our
    # MEDIA_URL = None (uploads are never served as files). It reads the setting once, when the server starts.
    with override_settings(MEDIA_URL="/media-is-not-served/"):
        return LiveServer("127.0.0.1")


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    server = start_live_server()
    yield server
    server.stop()


@pytest.fixture
def browser(transactional_db, live_server, monkeypatch):
    """A headless Chromium with a fresh profile (a ``--user-data-dir`` of its own, hence a persistent context),
    opening the live server's pages."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: `apt-get install chromium` (make test installs it)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running in this thread while it is started, which Django takes
    # for an async context. The test arranges and reads data only between browser steps, never concurrently
    # with them; the driver is stopped before the database is flushed.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    profile = tempfile.mkdtemp(prefix="datalek-chromium-")
    with sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
            accept_downloads=True,
            locale="en-GB",
            timezone_id="Europe/Amsterdam",
            base_url=live_server.url,
        )
        context.set_default_timeout(TIMEOUT_MS)
        # A page with its htmx panels can take seconds on a busy machine: assertions wait as long as actions.
        expect.set_options(timeout=TIMEOUT_MS)
        try:
            yield context
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)
            # The ORM calls made while the driver ran had connections of their own (Django keeps them per
            # context, and the driver's greenlets switch contexts): close them, or the test database cannot be
            # dropped at the end.
            connections.close_all()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_failed = report.failed
    return report


@pytest.fixture
def page(browser, request):
    page = browser.pages[0] if browser.pages else browser.new_page()
    errors: list[str] = []
    (SCREENSHOTS / f"FAILED-{request.node.name}.png").unlink(missing_ok=True)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if _is_error(msg) else None)
    yield page
    if getattr(request.node, "e2e_failed", False):
        shot(page, f"FAILED-{request.node.name}")  # where the story stopped
    # A script error or a refused resource (e.g. by the Content-Security-Policy) is a bug of the pages.
    assert not errors, f"errors in the browser console: {errors}"


@pytest.fixture
def smtp_mail(smtp_sink, settings):
    """E-mail really goes over SMTP, to the sink."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = smtp_sink.host
    settings.EMAIL_PORT = smtp_sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    return smtp_sink


@pytest.fixture
def dutch_organisation(org, dpo):
    """The personas' organisation, a Dutch web shop with its details and its main establishment in NL: the
    resolver makes the Autoriteit Persoonsgegevens competent."""
    incident_services.organisation_update(
        actor=dpo,
        organisation_id=org.pk,
        changes={
            "registration_number": "12345678",
            "address": "Stationsstraat 1, 3511 AA Utrecht",
            "sector": "Detailhandel (webwinkel)",
            "country": "NL",
            "dpo_name": "Daan Jansen",
            "dpo_email": "fg@fietsenbaas.example",
            "dpo_phone": "+31 30 123 4567",
        },
    )
    notice_services.establishment_save(actor=dpo, organisation_id=org.pk, country="NL", is_main=True)
    org.refresh_from_db()
    return org


def _is_error(message) -> bool:
    """An error in the console, other than the favicon the browser asks for by itself (we have none)."""
    return message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico")


def shot(page, name: str, *, element=None, full_page: bool = True, clip: dict | None = None) -> Path:
    """A screenshot in test-artifacts/screenshots/ once the htmx panels have loaded: the whole page, the window
    only, one element, or a region of the page (``clip``, in page coordinates)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.wait_for_load_state("networkidle")
    if element is not None:
        element.screenshot(path=str(path), animations="disabled")
    else:
        page.screenshot(
            path=str(path), full_page=full_page or clip is not None, clip=clip, animations="disabled"
        )
    return path


_PAGE_BOX = "e => { const r = e.getBoundingClientRect(); return [r.left + scrollX, r.top + scrollY, r.right + scrollX, r.bottom + scrollY, document.documentElement.scrollWidth]; }"


def region(top, bottom, *, max_height: float = 1200, margin: float = 16) -> dict:
    """The region of the page (for ``shot(clip=…)``) from the top of one element to the bottom of another, at
    most ``max_height`` high."""
    left, upper, right, _bottom, page_width = top.evaluate(_PAGE_BOX)
    lower = bottom.evaluate(_PAGE_BOX)[3]
    x, y = max(left - margin, 0), max(upper - margin, 0)
    width = min(right + margin, page_width) - x
    return {"x": x, "y": y, "width": width, "height": min(lower + margin - y, max_height)}


def log_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out"), f"{username} could not log in").to_be_visible()


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
