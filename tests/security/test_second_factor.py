"""The second factor: enrolling an authenticator app, the code step of the login (the admin's too), and the DPO's
binding acts (approve, file, decide) that need a verified session or a token issued with the code once the DPO has
an app — and, in production, an app at all — with real TOTP codes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts.models import ApiToken
from datalek.errors import DomainError
from incidents import services as incident_services
from incidents.models import Incident
from incidents.second_factor import require_second_factor
from notifications import services as notice_services
from risk import services as risk_services
from tests.api_tokens import token_for
from tests.notifications.conftest import decided
from tests.personas import PASSWORD, advance, make_incident

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice) -> str:
    """The code an authenticator app shows now (django-otp's TOTP reads the clock time-machine moves)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def wrong_code(device: TOTPDevice) -> str:
    return "000000" if code_for(device) != "000000" else "111111"


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def password_step(client: Client, username: str):
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD})


def logged_in_with_code(user, device: TOTPDevice) -> Client:
    client = Client()
    assert password_step(client, user.username).url == "/accounts/login/code/"
    response = client.post("/accounts/login/code/", {"code": code_for(device)})
    assert response.status_code == 302
    return client


# --- enrolment ----------------------------------------------------------------------------------------------


def test_enrolment_page_shows_a_qr_code_and_the_secret_and_confirms_with_a_code(dpo):
    client = Client()
    client.force_login(dpo)
    page = client.get("/accounts/two-factor/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html  # the QR code, made on the server, no script
    device = TOTPDevice.objects.get(user=dpo, confirmed=False)
    uri = urlparse(device.config_url)
    assert uri.scheme == "otpauth" and uri.netloc == "totp"
    assert parse_qs(uri.query)["issuer"] == ["Datalek"] and unquote(uri.path).endswith("dpo")
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html).group(1)
    assert secret.replace(" ", "") == parse_qs(uri.query)["secret"][0]

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        wrong = client.post("/accounts/two-factor/", {"code": wrong_code(device)})
        assert "That code is not right" in wrong.content.decode()
        device.refresh_from_db()
        assert not device.confirmed

        token_for(dpo)  # issued before the app: revoked by enrolling
        traveller.shift(timedelta(seconds=2))  # django-otp delays the next try after a wrong code
        response = client.post("/accounts/two-factor/", {"code": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert not ApiToken.objects.filter(user=dpo).exists()
    # This session is verified by the code just given.
    assert "verified with the code" in client.get("/accounts/two-factor/").content.decode()


def test_codes_with_spaces_as_apps_show_them_are_accepted(dpo):
    client = Client()
    client.force_login(dpo)
    client.get("/accounts/two-factor/")
    device = TOTPDevice.objects.get(user=dpo)
    code = code_for(device)
    client.post("/accounts/two-factor/", {"code": f"{code[:3]} {code[3:]}"})
    device.refresh_from_db()
    assert device.confirmed


def test_the_app_is_removed_only_with_a_valid_code(dpo):
    device = enrolled(dpo)
    client = logged_in_with_code(dpo, device)
    client.post("/accounts/two-factor/", {"code": wrong_code(device)})
    assert TOTPDevice.objects.filter(user=dpo).exists()
    with time_machine.travel(timezone.now() + timedelta(seconds=60), tick=False):  # a fresh code
        client.post("/accounts/two-factor/", {"code": code_for(device)})
    assert not TOTPDevice.objects.filter(user=dpo).exists()


# --- logging in -----------------------------------------------------------------------------------------


def test_without_an_app_the_password_logs_in(owner):
    client = Client()
    response = password_step(client, "owner")
    assert response.status_code == 302 and response.url == "/"
    assert client.session["_auth_user_id"] == str(owner.pk)


def test_with_an_app_login_asks_for_the_code_and_verifies_the_session(dpo):
    device = enrolled(dpo)
    client = Client()
    response = password_step(client, "dpo")
    assert response.url == "/accounts/login/code/"
    assert "_auth_user_id" not in client.session  # not logged in on the password alone
    assert client.get("/").status_code == 302

    response = client.post("/accounts/login/code/", {"code": "12345x"})
    assert "Enter the 6 digits" in response.content.decode()
    response = client.post("/accounts/login/code/", {"code": code_for(device)})
    assert response.status_code == 302 and response.url == "/"
    assert client.session["_auth_user_id"] == str(dpo.pk)
    assert client.session["otp_device_id"] == device.persistent_id


def test_a_code_cannot_be_used_twice(dpo):
    device = enrolled(dpo)
    with time_machine.travel(timezone.now(), tick=False):
        code = code_for(device)
        first = Client()
        password_step(first, "dpo")
        assert first.post("/accounts/login/code/", {"code": code}).status_code == 302
        second = Client()
        password_step(second, "dpo")
        response = second.post("/accounts/login/code/", {"code": code})
    assert response.status_code == 200 and "_auth_user_id" not in second.session


def test_the_code_step_expires_after_five_minutes(dpo):
    device = enrolled(dpo)
    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        password_step(client, "dpo")
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        response = client.post("/accounts/login/code/", {"code": code_for(device)})
    assert response.status_code == 302 and response.url == "/accounts/login/"
    assert "_auth_user_id" not in client.session


def test_the_code_step_needs_the_password_step_first(dpo):
    enrolled(dpo)
    response = Client().post("/accounts/login/code/", {"code": "123456"})
    assert response.status_code == 302 and response.url == "/accounts/login/"


def test_too_many_wrong_codes_start_the_login_over(dpo):
    device = enrolled(dpo)
    client = Client()
    password_step(client, "dpo")
    wrong = wrong_code(device)
    with time_machine.travel(timezone.now(), tick=True) as traveller:
        for _ in range(5):
            client.post("/accounts/login/code/", {"code": wrong})
            traveller.shift(timedelta(seconds=40))  # past django-otp's growing delay
    response = client.post("/accounts/login/code/", {"code": code_for(device)})
    assert response.status_code == 302 and response.url == "/accounts/login/"
    assert "_auth_user_id" not in client.session


# --- the DPO's binding acts -------------------------------------------------------------------------------


def _awaiting_decision(owner, dpo) -> Incident:
    incident = advance(make_incident(owner), "assessment", team=owner, dpo=dpo)
    risk_services.assessment_run(actor=owner, incident_id=incident.pk, facts=_facts(incident))
    risk_services.assessment_finalise(actor=owner, incident_id=incident.pk)
    return incident


def _facts(incident):
    from tests.risk.builders import facts_dict

    return facts_dict(role=incident.our_role)


def test_a_dpo_with_an_app_cannot_decide_in_an_unverified_session(owner, dpo):
    incident = _awaiting_decision(owner, dpo)
    enrolled(dpo)
    client = Client()
    client.force_login(dpo)  # a session that never gave a code
    response = client.post(f"/incidents/{incident.pk}/risk/decision/", {"agree": "true"}, follow=True)
    assert "not verified with its code" in response.content.decode()
    assert incident.assessments.get(finalised_at__isnull=False).decided_at is None


def test_a_dpo_with_an_app_decides_and_approves_in_a_verified_session(owner, dpo):
    incident = _awaiting_decision(owner, dpo)
    device = enrolled(dpo)
    client = logged_in_with_code(dpo, device)
    client.post(f"/incidents/{incident.pk}/risk/decision/", {"agree": "true"})
    assert incident.assessments.get(finalised_at__isnull=False).decided_by == dpo
    client.post(f"/incidents/{incident.pk}/transition/", {"transition": "approve"})
    incident.refresh_from_db()
    assert incident.status == Incident.Status.NOTIFICATION


def test_services_refuse_the_binding_acts_without_verification(owner, dpo, dpo2):
    incident = decided(owner, dpo)
    notice = notice_services.notice_draft(
        actor=owner, incident_id=incident.pk, kind="authority", authority="AP"
    )
    notice_services.notice_submit(actor=owner, notice_id=notice.pk, acknowledge_missing=True)
    device = enrolled(dpo2)
    with pytest.raises(DomainError) as refused:
        notice_services.notice_approve(actor=dpo2, notice_id=notice.pk, acknowledge_missing=True)
    assert refused.value.code == "second_factor_required" and refused.value.status == 403
    dpo2.otp_device = device  # what django-otp's middleware sets after a verified login
    notice_services.notice_approve(actor=dpo2, notice_id=notice.pk, acknowledge_missing=True)
    enrolled(dpo)
    with pytest.raises(DomainError):
        notice_services.notice_file(
            actor=dpo, notice_id=notice.pk, filed_at=timezone.now(), reference="M-1", acknowledge_missing=True
        )
    notice.refresh_from_db()
    assert notice.filed_at is None


def test_approving_the_incident_needs_the_verified_session_too(owner, dpo):
    incident = _awaiting_decision(owner, dpo)
    risk_services.assessment_decide(actor=dpo, incident_id=incident.pk, agree=True)
    enrolled(dpo)
    with pytest.raises(DomainError) as refused:
        incident_services.incident_transition(actor=dpo, incident_id=incident.pk, name="approve")
    assert refused.value.code == "second_factor_required"


def test_otp_required_for_dpo_forces_enrolment(owner, dpo, settings):
    settings.OTP_REQUIRED_FOR_DPO = True
    incident = _awaiting_decision(owner, dpo)
    with pytest.raises(DomainError) as refused:
        risk_services.assessment_decide(actor=dpo, incident_id=incident.pk, agree=True)
    assert refused.value.code == "second_factor_enrolment_required"
    # Logging in takes the DPO to the enrolment page; the security team is not asked.
    client = Client()
    response = password_step(client, "dpo")
    assert response.url == "/accounts/two-factor/"
    assert "you need an authenticator app" in client.get(response.url).content.decode()
    assert password_step(Client(), "owner").url == "/"
    require_second_factor(owner)  # not a DPO: nothing to refuse


ROOT = Path(__file__).resolve().parents[2]


def _settings_of(tmp_path, **environment) -> list[str]:
    """OTP_REQUIRED_FOR_DPO and OTP_REQUIRED_FOR_STAFF as a process started with ``environment`` reads them (the
    test process's own relaxation, datalek/testing_env.py, left out)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG", "OTP_"))}
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.OTP_REQUIRED_FOR_DPO, s.OTP_REQUIRED_FOR_STAFF)"
    )
    environment = {
        "DJANGO_SETTINGS_MODULE": "datalek.settings",
        "DATALEK_VAR_DIR": str(tmp_path),
        **environment,
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**base, **environment}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_production_requires_the_app_for_dpos_and_the_admin_by_default(tmp_path):
    assert _settings_of(tmp_path, DEBUG="false") == ["True", "True"]


def test_make_run_relaxes_it_for_the_demo_logins(tmp_path):
    assert _settings_of(tmp_path, DEBUG="true") == ["False", "False"]


def test_relaxing_it_in_production_is_loud(tmp_path):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG", "OTP_"))}
    env = {**base, "DJANGO_SETTINGS_MODULE": "datalek.settings", "DATALEK_VAR_DIR": str(tmp_path)}
    check = [sys.executable, "manage.py", "check"]
    quiet = subprocess.run(check, cwd=ROOT, env=env, capture_output=True, text=True)
    assert quiet.returncode == 0 and "accounts.W00" not in quiet.stderr + quiet.stdout, quiet.stderr
    env.update(OTP_REQUIRED_FOR_DPO="false", OTP_REQUIRED_FOR_STAFF="false")
    loud = subprocess.run(check, cwd=ROOT, env=env, capture_output=True, text=True)
    output = loud.stderr + loud.stdout
    assert "accounts.W001" in output and "accounts.W002" in output, output


def test_a_relaxed_second_factor_shows_a_banner_on_every_page(owner, settings):
    client = Client()
    settings.OTP_REQUIRED_FOR_DPO = settings.OTP_REQUIRED_FOR_STAFF = True
    assert "second-factor-relaxed" not in client.get("/accounts/login/").content.decode()
    settings.OTP_REQUIRED_FOR_DPO = False
    page = client.get("/accounts/login/").content.decode()
    assert 'id="second-factor-relaxed"' in page and "DPOs" in page
    client.force_login(owner)
    assert 'id="second-factor-relaxed"' in client.get("/").content.decode()


# --- the API ----------------------------------------------------------------------------------------------


def test_token_endpoint_asks_a_user_with_an_app_for_the_code(dpo):
    device = enrolled(dpo)
    client = APIClient()
    response = client.post("/api/auth/token/", {"username": "dpo", "password": PASSWORD}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "second_factor_required"
    assert "otp" in response.json()["error"]["fields"]
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        response = client.post(
            "/api/auth/token/",
            {"username": "dpo", "password": PASSWORD, "otp": wrong_code(device)},
            format="json",
        )
        assert response.status_code == 400 and "otp" in response.json()["error"]["fields"]
        traveller.shift(timedelta(seconds=2))
        response = client.post(
            "/api/auth/token/",
            {"username": "dpo", "password": PASSWORD, "otp": code_for(device)},
            format="json",
        )
    assert response.status_code == 200 and response.json()["token"]


def test_wrong_codes_at_the_token_endpoint_count_towards_the_lockout(dpo, settings):
    settings.AXES_FAILURE_LIMIT = 3
    enrolled(dpo)
    client = APIClient()
    answers = [
        client.post(
            "/api/auth/token/", {"username": "dpo", "password": PASSWORD, "otp": "000000"}, format="json"
        ).status_code
        for _ in range(3)
    ]
    assert answers == [400, 400, 429]


def test_a_token_issued_with_the_code_may_decide_and_a_session_without_it_may_not(owner, dpo):
    incident = _awaiting_decision(owner, dpo)
    device = enrolled(dpo)
    unverified = APIClient()
    unverified.force_login(dpo)
    url = f"/api/incidents/{incident.pk}/assessments/decision/"
    response = unverified.post(url, {"agree": True}, format="json")
    assert response.status_code == 403 and response.json()["error"]["code"] == "second_factor_required"

    token = APIClient().post(
        "/api/auth/token/", {"username": "dpo", "password": PASSWORD, "otp": code_for(device)}, format="json"
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    response = client.post(url, {"agree": True}, format="json")
    assert response.status_code in (200, 201), response.content


def test_in_production_a_dpo_without_an_app_cannot_approve_with_a_password_only_token(
    owner, dpo, dpo2, settings
):
    incident = decided(owner, dpo)
    notice = notice_services.notice_draft(
        actor=owner, incident_id=incident.pk, kind="authority", authority="AP"
    )
    notice_services.notice_submit(actor=owner, notice_id=notice.pk, acknowledge_missing=True)
    settings.OTP_REQUIRED_FOR_DPO = True  # the production default (test_production_requires_…)
    body = APIClient().post("/api/auth/token/", {"username": "dpo2", "password": PASSWORD}, format="json")
    assert body.status_code == 200  # the token is issued: reading needs no app
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {body.json()['token']}")
    assert client.get(f"/api/notices/{notice.pk}/").status_code == 200
    response = client.post(f"/api/notices/{notice.pk}/approve/", {}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "second_factor_enrolment_required"
    notice.refresh_from_db()
    assert notice.approved_by is None


def test_a_token_counts_as_verified_only_when_it_was_issued_with_the_code(owner, dpo):
    incident = _awaiting_decision(owner, dpo)
    device = enrolled(dpo)
    url = f"/api/incidents/{incident.pk}/assessments/decision/"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(dpo, verified=False)}")
    response = client.post(url, {"agree": True}, format="json")
    assert response.status_code == 403 and response.json()["error"]["code"] == "second_factor_required"
    assert device.confirmed


# --- the admin ----------------------------------------------------------------------------------------------


def test_the_admin_login_with_the_password_alone_does_not_reach_the_admin_for_a_user_with_an_app(operator):
    enrolled(operator)
    client = Client()
    client.post(
        "/admin/login/?next=/admin/", {"username": "operator", "password": PASSWORD, "next": "/admin/"}
    )
    assert "_auth_user_id" not in client.session
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith("/admin/login/")
    assert client.get("/admin/incidents/incident/").status_code == 302


def test_the_admin_login_is_the_two_step_login(operator):
    device = enrolled(operator)
    client = Client()
    response = client.get("/admin/login/?next=/admin/incidents/")
    assert response.status_code == 302 and response.url == "/accounts/login/?next=/admin/incidents/"
    response = client.post(response.url, {"username": "operator", "password": PASSWORD})
    assert response.url == "/accounts/login/code/"
    response = client.post(response.url, {"code": code_for(device)})
    assert response.status_code == 302 and response.url == "/admin/incidents/"
    assert client.get("/admin/incidents/").status_code == 200


def test_a_staff_session_that_never_gave_the_code_is_sent_to_log_in_again(operator):
    enrolled(operator)
    client = Client()
    client.force_login(operator)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/?next=/admin/")


def test_with_the_production_default_staff_need_an_app_for_the_admin(operator, settings):
    settings.OTP_REQUIRED_FOR_STAFF = True
    client = Client()
    response = password_step(client, "operator")
    assert response.url == "/accounts/two-factor/"
    assert "the admin" in client.get(response.url).content.decode()
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/two-factor/"
    assert response.status_code == 200
    # Enrolling verifies this session: the admin opens.
    device = TOTPDevice.objects.get(user=operator, confirmed=False)
    client.post("/accounts/two-factor/", {"code": code_for(device)})
    assert client.get("/admin/").status_code == 200


def test_relaxed_for_a_demo_staff_without_an_app_open_the_admin_with_the_password(operator, settings):
    settings.OTP_REQUIRED_FOR_STAFF = False
    client = Client()
    response = client.post(
        "/accounts/login/?next=/admin/", {"username": "operator", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200
