"""API tokens (django-rest-knox): every request of the token endpoint issues a new token with its expiry
(``API_TOKEN_TTL_HOURS``), a user may hold several (up to ``API_TOKENS_PER_USER``), the account page lists and
revokes them, and a token dies by logging out through the API, with a password change (by any path: a token is
bound to the password as a session is), by an administrator and by enrolling an authenticator app."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.test import APIClient

from accounts.models import ApiToken
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN = "/api/auth/token/"
SOME_API = "/api/incidents/"  # any GET that needs a logged-in caller
NEW_PASSWORD = "a different long passphrase"


def issue(username: str = "owner", password: str = PASSWORD, **extra) -> dict:
    response = APIClient().post(TOKEN, {"username": username, "password": password, **extra}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def with_token(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def works(token: str) -> bool:
    response = with_token(token).get(SOME_API)
    assert response.status_code in (200, 401), response.content
    if response.status_code == 401:
        assert response.json()["error"]["code"] == "not_authenticated"
    return response.status_code == 200


def account_page(user) -> tuple[Client, str]:
    client = Client()
    client.force_login(user)
    response = client.get("/accounts/")
    assert response.status_code == 200
    return client, response.content.decode()


# --- issuing ------------------------------------------------------------------------------------------------


def test_each_request_issues_a_new_token_and_each_works(owner):
    first, second = issue(), issue()
    assert first["token"] != second["token"]
    assert works(first["token"]) and works(second["token"])


def test_a_token_is_stored_only_as_a_digest(owner):
    token = issue()["token"]
    stored = ApiToken.objects.get(user=owner)
    assert token not in {stored.digest, stored.token_key}
    assert stored.token_key == token[: len(stored.token_key)] and len(stored.token_key) < len(token) // 2


def test_a_token_says_when_it_expires_and_stops_working_then(owner, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        body = issue()
        assert parse_datetime(body["expiry"]) == start + settings.API_TOKEN_TTL
        assert timedelta(hours=8) == settings.API_TOKEN_TTL
        traveller.shift(settings.API_TOKEN_TTL - timedelta(minutes=1))
        assert works(body["token"])
        traveller.shift(timedelta(minutes=2))
        assert not works(body["token"])
    assert not ApiToken.objects.filter(user=owner).exists()  # an expired token is deleted when it is tried


def test_the_lifetime_is_a_setting(owner, settings):
    settings.API_TOKEN_TTL = timedelta(hours=1)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        body = issue()
        assert parse_datetime(body["expiry"]) == start + timedelta(hours=1)
        traveller.shift(timedelta(minutes=61))
        assert not works(body["token"])


def test_a_user_holds_several_tokens_up_to_the_limit(owner, settings):
    settings.API_TOKENS_PER_USER = 2
    first, second = issue(name="laptop"), issue(name="backup job")
    response = APIClient().post(TOKEN, {"username": "owner", "password": PASSWORD}, format="json")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "too_many_tokens" and "/accounts/" in error["message"]
    # Logging one out makes room; expired ones do not count.
    assert with_token(first["token"]).post("/api/auth/logout/").status_code == 204
    third = issue()
    assert works(second["token"]) and works(third["token"])


# --- the account page -------------------------------------------------------------------------------------------


def test_the_account_page_lists_my_tokens_without_their_secrets(owner, colleague):
    laptop, backup = issue(name="laptop"), issue(name="backup job")
    theirs = issue("colleague", name="their script")
    _client, page = account_page(owner)
    assert "laptop" in page and "backup job" in page
    assert "their script" not in page
    for body in (laptop, backup):
        assert body["token"] not in page
        assert body["token"][:8] in page  # its first characters, to recognise it by
    assert theirs["token"][:8] not in page


def _digest(user, name: str) -> str:
    return ApiToken.objects.get(user=user, name=name).digest


def test_the_account_page_revokes_one_token_or_all(owner):
    laptop, backup, ci = issue(name="laptop"), issue(name="backup job"), issue(name="ci")
    client, _page = account_page(owner)
    response = client.post("/accounts/tokens/revoke/", {"token": _digest(owner, "laptop")}, follow=True)
    assert "is revoked" in response.content.decode()
    assert not works(laptop["token"]) and works(backup["token"]) and works(ci["token"])
    response = client.post("/accounts/tokens/revoke-all/", follow=True)
    assert "2 API tokens are revoked" in response.content.decode()
    assert not works(backup["token"]) and not works(ci["token"])


def test_nobody_revokes_another_users_token(owner, colleague):
    theirs = issue("colleague", name="their script")
    client, _page = account_page(owner)
    response = client.post("/accounts/tokens/revoke/", {"token": _digest(colleague, "their script")})
    assert response.status_code == 302
    client.post("/accounts/tokens/revoke-all/")
    assert works(theirs["token"])


def test_the_account_page_is_in_the_user_menu(owner):
    client = Client()
    client.force_login(owner)
    assert 'href="/accounts/"' in client.get("/").content.decode()


# --- revoked by other events ------------------------------------------------------------------------------------


def test_changing_the_password_revokes_every_token(owner):
    tokens = [issue()["token"], issue()["token"]]
    client = Client()
    client.force_login(owner)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # the session itself goes on
    assert not any(works(token) for token in tokens)
    assert works(issue(password=NEW_PASSWORD)["token"])


def test_a_password_set_any_other_way_revokes_the_tokens_too(owner):
    """The admin's password form, ``manage.py changepassword`` and the reset link all end in ``set_password``."""
    token = issue()["token"]
    owner.set_password(NEW_PASSWORD)
    owner.save()
    assert not works(token)


def test_an_administrator_revokes_a_users_tokens(owner, operator):
    token = issue(name="laptop")["token"]
    admin = Client()
    admin.force_login(operator)
    listing = admin.get("/admin/accounts/apitoken/?q=owner")
    assert listing.status_code == 200 and "laptop" in listing.content.decode()
    assert token not in listing.content.decode()
    response = admin.post(
        "/admin/accounts/apitoken/",
        {"action": "delete_selected", "_selected_action": [_digest(owner, "laptop")], "post": "yes"},
    )
    assert response.status_code == 302
    assert not works(token)


def test_an_administrator_cannot_make_tokens_in_the_admin(operator):
    """A token made there would bypass the password and the code of its user."""
    admin = Client()
    admin.force_login(operator)
    assert admin.get("/admin/accounts/apitoken/add/").status_code == 403


# --- logging out through the API --------------------------------------------------------------------------------


def test_logout_revokes_this_token_and_logout_all_every_token(owner):
    first, second, third = issue()["token"], issue()["token"], issue()["token"]
    assert with_token(first).post("/api/auth/logout/").status_code == 204
    assert not works(first) and works(second) and works(third)
    assert with_token(second).post("/api/auth/logout-all/").status_code == 204
    assert not works(second) and not works(third)


def test_logging_out_of_the_web_session_leaves_api_tokens_alone(owner):
    token = issue()["token"]
    client = Client()
    client.force_login(owner)
    client.post("/accounts/logout/")
    assert works(token)


def test_the_token_answer_matches_the_documented_shape(owner):
    body = issue(name="laptop")
    assert set(body) == {"token", "expiry", "name"}
    assert re.fullmatch(r"[0-9a-f]{64}", body["token"])
