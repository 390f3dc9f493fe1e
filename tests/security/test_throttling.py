"""API throttling (DRF): per user, per address for anonymous callers and, tighter, for the token endpoint, with
the rates from settings (``API_THROTTLE_*``). A throttled request gets 429 in the error shape with ``Retry-After``
(the seconds until the next request is allowed), and the schema documents it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from tests.api_tokens import token_for
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db

RATES = {"anon": "3/minute", "user": "3/minute", "token": "2/minute"}


@pytest.fixture(autouse=True)
def low_rates(settings):
    settings.API_THROTTLE_RATES = RATES
    cache.clear()  # the throttles' history lives in the cache
    yield
    cache.clear()


def as_user(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    return client


def assert_throttled(response, *, at_most: int) -> None:
    assert response.status_code == 429, response.content
    error = response.json()["error"]
    assert error["code"] == "throttled" and error["message"] and error["fields"] == {}
    assert 1 <= int(response["Retry-After"]) <= at_most


def test_a_user_is_throttled_with_429_and_retry_after(owner, colleague):
    client = as_user(owner)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        assert [client.get("/api/incidents/").status_code for _ in range(3)] == [200, 200, 200]
        traveller.shift(timedelta(seconds=20))
        response = client.get("/api/incidents/")
        assert_throttled(response, at_most=60)
        assert int(response["Retry-After"]) == 40  # when the first of the three leaves the minute
        assert as_user(colleague).get("/api/incidents/").status_code == 200  # per user
        traveller.shift(timedelta(seconds=41))
        assert client.get("/api/incidents/").status_code == 200


def test_anonymous_callers_are_throttled_per_address_and_a_forged_header_does_not_escape(db):
    statuses = [
        APIClient()
        .get("/api/schema/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
        .status_code
        for i in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    assert APIClient().get("/api/schema/", REMOTE_ADDR="198.51.100.8").status_code == 200


def test_the_token_endpoint_has_its_own_tighter_limit(owner):
    def ask(password):
        return APIClient().post(
            "/api/auth/token/",
            {"username": "owner", "password": password},
            format="json",
            REMOTE_ADDR="198.51.100.7",
        )

    assert ask("wrong").status_code == 400
    assert ask(PASSWORD).status_code == 200
    assert_throttled(ask(PASSWORD), at_most=60)


def test_the_default_rates_come_from_the_environment(tmp_path):
    import os
    import subprocess
    import sys

    code = "import django; django.setup(); from django.conf import settings as s; print(s.API_THROTTLE_RATES)"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "API_THROTTLE_"))}
    env.update(DJANGO_SETTINGS_MODULE="datalek.settings", DATALEK_VAR_DIR=str(tmp_path))
    run = lambda **extra: subprocess.run(  # noqa: E731
        [sys.executable, "-c", code], env={**env, **extra}, capture_output=True, text=True
    )
    assert run().stdout.strip() == "{'anon': '60/minute', 'user': '600/minute', 'token': '10/minute'}"
    assert "'user': '100/hour'" in run(API_THROTTLE_USER="100/hour").stdout
    refused = run(API_THROTTLE_USER="lots")
    assert refused.returncode != 0 and "API_THROTTLE_USER" in refused.stderr


def test_the_schema_documents_429_with_retry_after(owner):
    client = APIClient()
    client.force_authenticate(owner)
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/incidents/"]["get"]
    assert "Retry-After" in operation["responses"]["429"]["headers"]
