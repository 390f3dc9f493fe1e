"""Answers that carry personal data are not kept by the browser or any cache on the way: ``Cache-Control:
private, no-store`` on every answer of the application (datalek/middleware.py), to a person logged in, to a token,
to nobody — the login page (a CSRF token) and the API's errors included. Only static files and a page its view
declares public (the published public communication, asked by nobody in particular) may be kept.

Every URL of the project for every role is checked by tests/trust/test_permission_matrix.py; these are the cases
one by one (issue 13, failure 9)."""

import pytest
from django.test import Client

from notifications import services as notice_services
from tests.incidents.test_api import client_for
from tests.notifications.conftest import decided

NO_STORE = "private, no-store"

pytestmark = pytest.mark.django_db


def test_a_page_for_a_person_logged_in_is_not_stored(client, incident, owner):
    client.force_login(owner)
    for url in ("/", f"/incidents/{incident.pk}/", f"/incidents/{incident.pk}/timeline/", "/register/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == NO_STORE, url


def test_a_redirect_and_a_not_found_page_for_a_person_logged_in_are_not_stored(client, owner):
    client.force_login(owner)
    assert client.get("/incidents/999999/")["Cache-Control"] == NO_STORE
    assert client.post("/accounts/logout/")["Cache-Control"] == NO_STORE


def test_every_api_answer_is_not_stored_success_or_error(incident, owner):
    api = client_for(owner)
    for response in (
        api.get("/api/incidents/"),
        api.get(f"/api/incidents/{incident.pk}/"),
        api.get(f"/api/incidents/{incident.pk}/events/"),
        api.get("/api/incidents/999999/"),
        api.post("/api/incidents/", {}, format="json"),
        api.get("/api/schema/"),
    ):
        assert response["Cache-Control"] == NO_STORE, response.wsgi_request.path
    nobody = Client()
    assert nobody.get("/api/incidents/").status_code == 401
    assert nobody.get("/api/incidents/")["Cache-Control"] == NO_STORE
    assert nobody.get("/api/no-such-thing/")["Cache-Control"] == NO_STORE


def test_the_login_page_and_the_health_probe_are_not_stored_either(client, owner):
    """The login page carries a CSRF token: not kept, before or after an attempt."""
    assert client.get("/accounts/login/")["Cache-Control"] == NO_STORE
    failed = client.post("/accounts/login/", {"username": owner.username, "password": "wrong-password"})
    assert failed.status_code == 200 and failed["Cache-Control"] == NO_STORE
    assert client.get("/healthz")["Cache-Control"] == NO_STORE


def test_the_published_public_communication_may_be_kept_but_not_with_a_person_on_it(owner, dpo, dpo2):
    """The public page is public by design (its view says so): kept for five minutes by anyone. The same page
    shown to a person logged in carries their name in the menu: not kept."""
    incident = decided(owner, dpo)
    notice = notice_services.notice_draft(actor=owner, incident_id=incident.pk, kind="public", language="en")
    notice_services.notice_submit(actor=owner, notice_id=notice.pk)
    notice_services.notice_approve(actor=dpo2, notice_id=notice.pk)
    notice = notice_services.notice_publish(actor=owner, notice_id=notice.pk)
    url = f"/public/notices/{notice.public_slug}/"
    assert Client().get(url)["Cache-Control"] == "public, max-age=300"
    logged_in = Client()
    logged_in.force_login(owner)
    page = logged_in.get(url)
    assert owner.display_name() in page.content.decode() and page["Cache-Control"] == NO_STORE


def test_static_files_are_cached_as_whitenoise_says(settings):
    """Static files are the same for everyone: WhiteNoise answers them before the no-store middleware sees them."""
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get("/static/datalek/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
