"""Login lock-out (django-axes): failures are counted per username + client address, on the login page and on
the API token endpoint alike; after AXES_FAILURE_LIMIT the right password is refused too until the cool-off. The
address alone is counted too, across usernames, against the higher AXES_ADDRESS_FAILURE_LIMIT (password
spraying). Every lock-out answer says when to come back (``Retry-After``)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from tests.personas import PASSWORD, UserFactory

LOGIN = "/accounts/login/"
TOKEN = "/api/auth/token/"

pytestmark = pytest.mark.django_db


def _login(client: Client, password: str, username: str = "owner", ip: str = "198.51.100.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _token(client: APIClient, password: str, username: str = "owner", ip: str = "198.51.100.7"):
    return client.post(TOKEN, {"username": username, "password": password}, format="json", REMOTE_ADDR=ip)


@override_settings(AXES_FAILURE_LIMIT=3)
def test_login_page_locks_out_after_the_limit_with_a_friendly_page(owner):
    client = Client()
    for _ in range(2):
        response = _login(client, "wrong")
        assert response.status_code == 200 and "didn" in response.content.decode()
    response = _login(client, "wrong")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed logins" in page and "15 minutes" in page
    assert "Content-Security-Policy" in response.headers
    # Locked: even the right password does not log in now.
    response = _login(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_page_speaks_dutch(owner):
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.cookies["django_language"] = "nl"
    for _ in range(3):
        response = _login(client, "wrong")
    assert response.status_code == 429
    assert '<html lang="nl">' in response.content.decode()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_ends_after_the_cool_off(owner):
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(3):
            _login(client, "wrong")
        assert _login(client, PASSWORD).status_code == 429
        traveller.shift(timedelta(minutes=16))
        response = _login(client, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_is_per_username_and_address(owner, colleague):
    client = Client()
    for _ in range(3):
        _login(client, "wrong")
    # The same person from another address, and another person from the same address, may still log in.
    assert _login(Client(), PASSWORD, ip="203.0.113.9").status_code == 302
    assert _login(Client(), PASSWORD, username="colleague").status_code == 302
    assert _login(Client(), PASSWORD).status_code == 429


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_successful_login_resets_the_count(owner):
    client = Client()
    for _ in range(2):
        _login(client, "wrong")
    assert _login(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        assert _login(client, "wrong").status_code == 200
    assert _login(client, PASSWORD).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_token_endpoint_counts_failures_and_answers_locked_out_in_the_error_shape(owner):
    client = APIClient()
    for _ in range(2):
        response = _token(client, "wrong")
        assert response.status_code == 400 and response.json()["error"]["code"] == "invalid"
    response = _token(client, "wrong")
    assert response.status_code == 429
    error = response.json()["error"]
    assert error["code"] == "locked_out" and "15 minutes" in error["message"]
    response = _token(client, PASSWORD)
    assert response.status_code == 429 and response.json()["error"]["code"] == "locked_out"
    assert AccessAttempt.objects.filter(username="owner", ip_address="198.51.100.7").exists()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_login_page_and_token_endpoint_share_one_count(owner):
    for _ in range(2):
        _login(Client(), "wrong")
    assert _token(APIClient(), "wrong").status_code == 429
    assert _login(Client(), PASSWORD).status_code == 429


def test_limits_come_from_the_environment():
    from django.conf import settings

    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_ADDRESS_FAILURE_LIMIT == 20
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"], "ip_address"]


# --- password spraying: many usernames from one address ----------------------------------------------------------


def _people(count: int) -> list[str]:
    names = [f"sprayed{i}" for i in range(count)]
    for name in names:
        UserFactory(username=name).save()
    return names


def test_spraying_ten_usernames_from_one_address_locks_the_address(owner):
    names = _people(10)
    answers = [_login(Client(), "wrong", username=name).status_code for _ in range(4) for name in names]
    # 40 failures, 4 per username (under the limit of 5 for one username): the 20th on the address locks it.
    assert answers[:19] == [200] * 19 and set(answers[19:]) == {429}
    # Locked: every username from that address, even with the right password; another address is not.
    assert _login(Client(), PASSWORD).status_code == 429
    assert _login(Client(), PASSWORD, ip="203.0.113.9").status_code == 302
    response = _token(APIClient(), PASSWORD)
    assert response.status_code == 429 and response.json()["error"]["code"] == "locked_out"


def test_a_success_from_the_address_does_not_wipe_its_count(owner):
    """Else a sprayer with one account of their own would log in with it now and then to start afresh."""
    names = _people(5)
    for name in names:
        for _ in range(3):
            _login(Client(), "wrong", username=name)
    assert _login(Client(), PASSWORD).status_code == 302  # 15 failures so far: the owner's own login passes
    answers = [_login(Client(), "wrong", username=name).status_code for name in names]
    assert answers == [200, 200, 200, 200, 429]  # the 20th failure from the address
    assert _login(Client(), PASSWORD).status_code == 429


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_success_resets_only_that_usernames_count(owner, colleague):
    for _ in range(2):
        _login(Client(), "wrong", username="colleague")
    assert _login(Client(), PASSWORD).status_code == 302
    assert _login(Client(), "wrong", username="colleague").status_code == 429


# --- Retry-After --------------------------------------------------------------------------------------------------


@override_settings(AXES_FAILURE_LIMIT=2)
def test_the_lockout_page_and_the_token_endpoint_say_when_to_come_back(owner):
    for _ in range(2):
        _login(Client(), "wrong")
    page = _login(Client(), PASSWORD)
    assert page.status_code == 429 and page["Retry-After"] == str(15 * 60)
    api = _token(APIClient(), PASSWORD)
    assert api.status_code == 429 and api["Retry-After"] == str(15 * 60)


def test_environment_overrides_the_limits(tmp_path):
    import subprocess
    import sys

    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'datalek.settings'; django.setup();"
        "from django.conf import settings as s; print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds())"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": "x" * 60,
        "AUDIT_KEYS": "test:" + "x" * 40,
        "AXES_FAILURE_LIMIT": "8",
        "AXES_COOLOFF_MINUTES": "30",
    }
    env["DATALEK_VAR_DIR"] = str(tmp_path)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["8", "1800.0"]


# --- the client address ---------------------------------------------------------------------------------


def _ip(**meta) -> str:
    return get_client_ip_address(RequestFactory().post(LOGIN, **meta))


@override_settings(BEHIND_TLS_PROXY=False)
def test_without_a_proxy_a_forwarded_for_header_is_ignored():
    # Else an attacker would change the header on every try to escape the lock-out.
    assert _ip(REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.1") == "198.51.100.7"


@override_settings(BEHIND_TLS_PROXY=True, TRUSTED_PROXY_COUNT=1)
def test_behind_the_tls_proxy_the_address_the_proxy_saw_counts():
    # The proxy appends the address it saw; what the client put in front of it is not believed.
    assert _ip(REMOTE_ADDR="172.18.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7") == "198.51.100.7"
    assert _ip(REMOTE_ADDR="172.18.0.2", HTTP_X_FORWARDED_FOR="203.0.113.1, 198.51.100.7") == "198.51.100.7"
    assert _ip(REMOTE_ADDR="172.18.0.2", HTTP_X_FORWARDED_FOR="203.0.113.1, 10.0.0.5") == "10.0.0.5"
    # No header or garbage in it: the proxy's own address, never a crash.
    assert _ip(REMOTE_ADDR="172.18.0.2") == "172.18.0.2"
    assert _ip(REMOTE_ADDR="172.18.0.2", HTTP_X_FORWARDED_FOR="not an address") == "172.18.0.2"


@override_settings(BEHIND_TLS_PROXY=True, TRUSTED_PROXY_COUNT=2)
def test_two_trusted_proxies_take_the_second_entry_from_the_right():
    meta = {"REMOTE_ADDR": "172.18.0.3", "HTTP_X_FORWARDED_FOR": "203.0.113.1, 198.51.100.7, 172.18.0.2"}
    assert _ip(**meta) == "198.51.100.7"


@override_settings(BEHIND_TLS_PROXY=True, AXES_FAILURE_LIMIT=2)
def test_behind_the_proxy_a_spoofed_header_does_not_escape_the_lockout(owner):
    for spoofed in ("203.0.113.1", "203.0.113.2"):
        Client().post(
            LOGIN,
            {"username": "owner", "password": "wrong"},
            REMOTE_ADDR="172.18.0.2",
            HTTP_X_FORWARDED_FOR=f"{spoofed}, 198.51.100.7",
        )
    response = Client().post(
        LOGIN,
        {"username": "owner", "password": PASSWORD},
        REMOTE_ADDR="172.18.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.3, 198.51.100.7",
    )
    assert response.status_code == 429


def test_behind_tls_proxy_setting_is_read_from_the_environment(tmp_path):
    import subprocess
    import sys

    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'datalek.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.BEHIND_TLS_PROXY, s.TRUSTED_PROXY_COUNT, s.SECURE_PROXY_SSL_HEADER)"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": "x" * 60,
        "AUDIT_KEYS": "test:" + "x" * 40,
        "BEHIND_TLS_PROXY": "true",
    }
    env["DATALEK_VAR_DIR"] = str(tmp_path)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True 1 ('HTTP_X_FORWARDED_PROTO', 'https')"
