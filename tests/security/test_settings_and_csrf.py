"""Production settings pass ``manage.py check --deploy``; sessions expire; every state-changing form refuses a
POST without the CSRF token (and changes nothing)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from incidents.models import Incident
from notifications import services as notice_services
from tests.notifications.conftest import decided
from tests.personas import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def _production_env(tmp_path, **extra) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        # the production defaults, not the test process's relaxations (datalek/testing_env.py)
        if not k.startswith(("DJANGO_", "SECRET_KEY", "DEBUG", "HTTPS", "OTP_", "API_THROTTLE_"))
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        HTTPS="true",
        ALLOWED_HOSTS="datalek.example.org",
        CSRF_TRUSTED_ORIGINS="https://datalek.example.org",
        DATABASE_URL=os.environ["DATABASE_URL"],
        DATALEK_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="datalek.settings",
    )
    env.update(extra)
    return env


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_notices_an_insecure_setting(tmp_path):
    # The same check, with HTTPS switched off, must complain: it is not clean by accident.
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(tmp_path, HTTPS="false"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "security.W012" in result.stderr


def test_production_cookies_and_headers(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE,"
        " s.SESSION_EXPIRE_AT_BROWSER_CLOSE, s.SESSION_COOKIE_AGE, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT,"
        " s.X_FRAME_OPTIONS, s.SECURE_CONTENT_TYPE_NOSNIFF)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_production_env(tmp_path, SESSION_COOKIE_AGE="3600"),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [
        "True", "True", "True", "Lax", "True", "3600", "31536000", "True", "DENY", "True",
    ]  # fmt: skip


@pytest.mark.django_db
def test_a_session_expires_after_session_cookie_age(owner, settings):
    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post("/accounts/login/", {"username": "owner", "password": PASSWORD})
        assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(seconds=settings.SESSION_COOKIE_AGE + 60), tick=False):
        response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


# --- CSRF ------------------------------------------------------------------------------------------------


@pytest.fixture
def world(owner, dpo, dpo2, org, alerts):
    incident = decided(owner, dpo)
    notice = notice_services.notice_draft(
        actor=owner, incident_id=incident.pk, kind="authority", authority="AP"
    )
    return {"incident": incident, "notice": notice, "org": org, "alert": alerts["a"]}


def _forms(world) -> list[tuple[str, str, dict]]:
    """(who, URL, data) for every state-changing form of the UI."""
    pk, notice, slug = world["incident"].pk, world["notice"].pk, world["org"].slug
    alert = world["alert"]
    phase = alert.pk
    return [
        ("owner", "/incidents/new/", {"title": "x"}),
        ("owner", f"/incidents/{pk}/edit/", {"title": "x"}),
        ("owner", f"/incidents/{pk}/transition/", {"transition": "close", "reason": "x"}),
        ("owner", f"/incidents/{pk}/containment/", {"containment_status": "ongoing"}),
        ("owner", f"/incidents/{pk}/evidence/", {"description": "x"}),
        ("owner", f"/incidents/{pk}/risk/run/", {}),
        ("owner", f"/incidents/{pk}/risk/finalise/", {}),
        ("dpo", f"/incidents/{pk}/risk/decision/", {"agree": "true"}),
        ("owner", f"/incidents/{pk}/systems/", {}),
        ("owner", f"/incidents/{pk}/notifications/draft/", {"kind": "subjects"}),
        ("dpo", f"/incidents/{pk}/notifications/authorities/", {"codes": "AP"}),
        ("owner", f"/incidents/{pk}/subjects/", {}),
        ("dpo", f"/incidents/{pk}/subjects/purge/", {}),
        ("owner", f"/incidents/{pk}/documents/request/", {"kind": "incident_report"}),
        ("owner", f"/notices/{notice}/edit/", {}),
        ("owner", f"/notices/{notice}/submit/", {}),
        ("dpo2", f"/notices/{notice}/approve/", {}),
        ("dpo", f"/notices/{notice}/file/", {"reference": "M-1"}),
        ("owner", f"/notices/{notice}/withdraw/", {"reason": "x"}),
        ("dpo", f"/inventory/{slug}/systems/new/", {"name": "CRM"}),
        ("dpo", f"/inventory/{slug}/import/", {}),
        ("dpo", f"/organisations/{world['org'].pk}/", {"name": "x"}),
        ("controller", f"/portal/alerts/{alert.pk}/acknowledge/{phase}/", {}),
        ("controller", f"/portal/alerts/{alert.pk}/questions/", {"question": "x"}),
        ("owner", "/accounts/two-factor/", {"code": "123456"}),
        ("owner", "/accounts/logout/", {}),
        ("owner", "/i18n/setlang/", {"language": "nl"}),
        ("owner", "/api/incidents/", {"title": "x"}),  # the API with a session cookie, too
        (None, "/accounts/login/", {"username": "owner", "password": PASSWORD}),
    ]


@pytest.mark.django_db
def test_every_state_changing_form_refuses_a_post_without_the_csrf_token(
    world, owner, dpo, dpo2, controller_a
):
    people = {"owner": owner, "dpo": dpo, "dpo2": dpo2, "controller": controller_a}
    before = Incident.objects.get(pk=world["incident"].pk).status
    events = world["incident"].events.count()
    incidents = Incident.objects.count()
    for who, url, data in _forms(world):
        client = Client(enforce_csrf_checks=True)
        if who:
            client.force_login(people[who])
        response = client.post(url, data)
        assert response.status_code == 403, f"{url}: {response.status_code}"
        body = response.content.decode()
        assert "CSRF" in body, f"{url} was refused, but not for its missing CSRF token: {body[:200]}"
    assert Incident.objects.get(pk=world["incident"].pk).status == before
    assert world["incident"].events.count() == events
    assert Incident.objects.count() == incidents


@pytest.mark.django_db
def test_the_same_form_with_its_token_is_accepted(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    client.get("/incidents/new/")
    response = client.post(
        "/i18n/setlang/", {"language": "nl", "csrfmiddlewaretoken": client.cookies["csrftoken"].value}
    )
    assert response.status_code == 302
