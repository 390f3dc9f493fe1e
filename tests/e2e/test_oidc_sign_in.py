"""Sign-in with the organisation's identity provider, clicked in Chromium: the button on the login page, the
provider's own page (the small provider of tests/oidc_provider.py, on 127.0.0.1), and back to the dashboard."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import shot
from tests.oidc_provider import oidc_enabled, oidc_provider  # noqa: F401 - the provider's fixture

pytestmark = pytest.mark.e2e


@pytest.fixture
def oidc(oidc_provider, monkeypatch):  # noqa: F811 - the fixture of the same name
    with oidc_enabled(oidc_provider, monkeypatch):
        yield oidc_provider


def test_the_security_team_signs_in_with_the_identity_provider_and_lands_on_the_dashboard(page, oidc, owner):
    oidc.person = {"sub": "idp-0001", "email": owner.email, "email_verified": True, "amr": ["pwd", "mfa"]}
    page.goto("/accounts/login/")
    button = page.get_by_role("link", name="Sign in with Test IdP")
    expect(button).to_be_visible()
    expect(page.get_by_label("Password")).to_be_visible()  # beside the local login, which stays
    shot(page, "oidc-login-page", element=page.locator(".card").first)

    button.click()
    expect(page.get_by_role("heading", name="Test identity provider")).to_be_visible()
    page.get_by_role("button", name="Continue to Datalek").click()

    expect(page.get_by_role("heading", name="Open incidents")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert urlsplit(page.url).path == "/"
    shot(page, "oidc-dashboard", full_page=False)
