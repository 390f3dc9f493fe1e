"""Configuration: typed environment readers that fail loudly, *_FILE secrets, and secure defaults."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from datalek import env

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("1", True), ("off", False), ("", False)])
def test_booleans_are_read(monkeypatch, value, expected):
    monkeypatch.setenv("SOME_FLAG", value)
    assert env.env_bool("SOME_FLAG", not expected) is expected


@pytest.mark.parametrize(
    ("reader", "value"),
    [
        (lambda: env.env_bool("X", False), "maybe"),
        (lambda: env.env_int("X", 1), "ten"),
        (lambda: env.env_int("X", 1, minimum=5), "2"),
        (lambda: env.env_float("X", 0.0, minimum=0, maximum=1), "1.5"),
        (lambda: env.env_choice("X", "a", {"a", "b"}), "c"),
    ],
)
def test_bad_values_stop_the_process_with_the_variable_named(monkeypatch, reader, value):
    monkeypatch.setenv("X", value)
    with pytest.raises(ImproperlyConfigured, match="X"):
        reader()


def test_secrets_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret-value\n")
    monkeypatch.delenv("API_SECRET", raising=False)
    monkeypatch.setenv("API_SECRET_FILE", str(secret))
    assert env.env_str("API_SECRET") == "s3cret-value"
    monkeypatch.setenv("API_SECRET", "other")
    with pytest.raises(ImproperlyConfigured, match="not both"):
        env.env_str("API_SECRET")


def test_a_required_variable_that_is_missing_is_named(monkeypatch):
    monkeypatch.delenv("NOT_THERE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="NOT_THERE"):
        env.env_str("NOT_THERE")


def _settings_in_subprocess(**environment) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "HTTPS"}}
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.CELERY_TASK_ALWAYS_EAGER, settings.DATABASES['default']['ENGINE'], "
        "settings.SESSION_COOKIE_SECURE)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**base, "DJANGO_SETTINGS_MODULE": "datalek.settings", **environment},
    )


def test_without_debug_a_secret_key_is_required(tmp_path):
    result = _settings_in_subprocess(DATALEK_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_the_embedded_defaults_are_sqlite_and_eager_celery(tmp_path):
    result = _settings_in_subprocess(
        DEBUG="true", DATALEK_VAR_DIR=str(tmp_path), REDIS_URL="", CELERY_BROKER_URL=""
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "django.db.backends.sqlite3", "False"]


def test_production_defaults_are_secure(tmp_path):
    result = _settings_in_subprocess(
        SECRET_KEY="x" * 50,
        DATALEK_VAR_DIR=str(tmp_path),
        REDIS_URL="redis://127.0.0.1:6379/0",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/datalek",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "django.db.backends.postgresql", "True"]


def test_plain_http_serving_relaxes_secure_cookies_only_when_asked(tmp_path):
    result = _settings_in_subprocess(SECRET_KEY="x" * 50, DATALEK_VAR_DIR=str(tmp_path), HTTPS="false")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "False"


def test_a_bad_database_url_is_a_clear_error(tmp_path):
    result = _settings_in_subprocess(DEBUG="true", DATALEK_VAR_DIR=str(tmp_path), DATABASE_URL="nonsense://x")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def _sender(tmp_path, **environment) -> str:
    base = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "MAIL_DOMAIN", "DEFAULT_FROM_EMAIL"}}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DEFAULT_FROM_EMAIL)",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **base,
            "DJANGO_SETTINGS_MODULE": "datalek.settings",
            "DEBUG": "true",
            "DATALEK_VAR_DIR": str(tmp_path),
            **environment,
        },
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_default_sender_is_a_no_reply_address_at_the_sites_domain(tmp_path):
    assert (
        _sender(tmp_path, SITE_URL="https://datalek.example.org") == "Datalek <noreply@datalek.example.org>"
    )
    assert _sender(tmp_path, SITE_URL="https://x.example.org", MAIL_DOMAIN="example.org") == (
        "Datalek <noreply@example.org>"
    )
    assert (
        _sender(tmp_path, DEFAULT_FROM_EMAIL="Privacy <privacy@example.org>")
        == "Privacy <privacy@example.org>"
    )
    # a development site on an address: no made-up domain
    assert _sender(tmp_path, SITE_URL="http://127.0.0.1:8000") == "Datalek <noreply@localhost>"
