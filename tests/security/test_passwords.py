"""Passwords: at least 12 characters, not a common one, not like the user's name or e-mail, not all digits — on
every path that sets one (the password change page, the admin's forms)."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from incidents.models import User
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db

ELEVEN = "Vk7#pQ2!mZx"  # random, and one character short


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("datalek123", "too short"),
        (ELEVEN, "too short"),
        ("password1234", "too common"),
        ("123456789012", "entirely numeric"),
        ("owner@example.nl", "too similar"),
    ],
)
def test_weak_passwords_are_refused(owner, password, reason):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, owner)
    assert reason in " ".join(refused.value.messages)


def test_twelve_random_characters_pass(owner):
    validate_password(ELEVEN + "s", owner)
    validate_password(PASSWORD, owner)


@pytest.mark.parametrize("weak", ["datalek123", ELEVEN])
def test_the_password_change_page_refuses_a_weak_password(owner, weak):
    client = Client()
    client.force_login(owner)
    response = client.post(
        "/accounts/password_change/", {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak}
    )
    assert response.status_code == 200 and "too short" in response.content.decode()
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


@pytest.mark.parametrize("weak", ["datalek123", ELEVEN])
def test_the_admin_refuses_a_weak_password_for_a_new_user_and_for_an_existing_one(owner, operator, weak):
    admin = Client()
    admin.force_login(operator)
    response = admin.post(
        "/admin/incidents/user/add/",
        {"username": "newcomer", "usable_password": "true", "password1": weak, "password2": weak},
    )
    assert response.status_code == 200 and "too short" in response.content.decode()
    assert not User.objects.filter(username="newcomer").exists()
    response = admin.post(
        f"/admin/incidents/user/{owner.pk}/password/",
        {"usable_password": "true", "password1": weak, "password2": weak},
    )
    assert response.status_code == 200 and "too short" in response.content.decode()
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
