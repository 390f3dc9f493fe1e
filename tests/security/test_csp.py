"""The Content-Security-Policy: on every main page, without 'unsafe-inline' or 'unsafe-eval', and pages that
need neither — no ``style="…"``, no ``on…=`` handlers, no ``<script>`` or ``<style>`` of their own."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from notifications import services as notice_services
from tests.notifications.conftest import decided

pytestmark = pytest.mark.django_db

STYLE_ATTR = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
HANDLER_ATTR = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b([^>]*)>", re.IGNORECASE)


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def assert_strict(response, *, own_policy: bool = False) -> None:
    """The page carries a policy without unsafe sources, and nothing in it that such a policy would block."""
    assert response.status_code == 200, response
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{response.request['PATH_INFO']} has no Content-Security-Policy"
    policy = directives(header)
    assert "'unsafe-inline'" not in header and "'unsafe-eval'" not in header
    assert policy["frame-ancestors"] == ["'none'"]
    if not own_policy:
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
        assert policy["form-action"] == ["'self'"] and policy["img-src"] == ["'self'", "data:"]
    if "html" not in response.headers.get("Content-Type", ""):
        return
    body = response.content.decode()
    path = response.request["PATH_INFO"]
    assert not STYLE_ATTR.search(body), f"{path}: style attribute {STYLE_ATTR.search(body).group(0)[:120]}"
    assert not HANDLER_ATTR.search(body), f"{path}: event handler {HANDLER_ATTR.search(body).group(0)[:120]}"
    for attributes in SCRIPT.findall(body):
        assert "src=" in attributes or "nonce=" in attributes, f"{path}: inline <script{attributes}>"
    for attributes in STYLE_ELEMENT.findall(body):
        assert "nonce=" in attributes, f"{path}: inline <style{attributes}>"


@pytest.fixture
def world(owner, dpo, dpo2):
    """An incident with an authority notice and a published public communication."""
    incident = decided(owner, dpo)
    notice = notice_services.notice_draft(
        actor=owner, incident_id=incident.pk, kind="authority", authority="AP"
    )
    public = notice_services.notice_draft(actor=owner, incident_id=incident.pk, kind="public", language="en")
    notice_services.notice_submit(actor=owner, notice_id=public.pk, acknowledge_missing=True)
    notice_services.notice_approve(actor=dpo2, notice_id=public.pk, acknowledge_missing=True)
    public = notice_services.notice_publish(actor=owner, notice_id=public.pk)
    return {"incident": incident, "notice": notice, "public": public}


def test_team_pages_have_a_strict_policy_and_nothing_inline(world, dpo, org):
    client = Client()
    client.force_login(dpo)
    pk, notice = world["incident"].pk, world["notice"].pk
    pages = [
        "/",
        "/incidents/",
        "/incidents/new/",
        f"/incidents/{pk}/",
        f"/incidents/{pk}/edit/",
        f"/incidents/{pk}/timeline/",
        f"/incidents/{pk}/risk/",
        f"/incidents/{pk}/notifications/",
        f"/incidents/{pk}/systems/",
        f"/incidents/{pk}/documents/",
        f"/incidents/{pk}/subjects/",
        f"/notices/{notice}/",
        f"/documents/notices/{notice}/block/",
        "/inventory/",
        f"/inventory/{org.slug}/",
        f"/inventory/{org.slug}/systems/",
        f"/inventory/{org.slug}/systems/new/",
        f"/organisations/{org.pk}/",
        "/register/",
        "/insights/",
        "/accounts/two-factor/",
        "/accounts/",
        "/accounts/password_change/",
    ]
    for path in pages:
        assert_strict(client.get(path, follow=True))


def test_document_previews_keep_their_own_stricter_policy(world, dpo):
    client = Client()
    client.force_login(dpo)
    for path in (
        f"/incidents/{world['incident'].pk}/documents/report/",
        f"/documents/notices/{world['notice'].pk}/",
        "/register/preview/",
    ):
        response = client.get(path)
        assert_strict(response, own_policy=True)
        policy = directives(response.headers["Content-Security-Policy"])
        assert policy["default-src"] == ["'none'"] and policy["style-src"] == ["'self'"]
        # Styled by the static stylesheet, so the preview looks like the PDF.
        assert "/static/reports/document.css" in response.content.decode()


def test_pages_without_login_have_the_policy(world):
    client = Client()
    assert_strict(client.get("/accounts/login/"))
    assert_strict(client.get(f"/public/notices/{world['public'].public_slug}/"))
    response = client.get("/incidents/999999/")
    assert response.status_code == 302 and "Content-Security-Policy" in response.headers


def test_the_portal_has_the_policy(alerts, controller_a):
    client = Client()
    client.force_login(controller_a)
    assert_strict(client.get("/portal/"))
    assert_strict(client.get(f"/portal/alerts/{alerts['a'].pk}/"))


def test_swagger_ui_runs_under_the_same_policy_without_inline_code(owner):
    client = Client()
    client.force_login(owner)
    page = client.get("/api/docs/")
    assert_strict(page)
    script = re.search(r'<script src="([^"]*script=[^"]*)"', page.content.decode()).group(1)
    js = client.get(script.replace("&amp;", "&"))
    assert js.status_code == 200 and js["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in js.content.decode()
    assert "/static/datalek/swagger.css" in page.content.decode()


def test_the_policy_is_the_documented_one(settings):
    directives_ = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert directives_["default-src"] == ["'self'"]
    assert all("'unsafe-inline'" not in sources for sources in directives_.values())


def test_other_security_headers_are_set(world, client):
    response = client.get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
