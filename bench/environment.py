"""The environment of a benchmark process (``bench.run`` and the child processes it starts): PostgreSQL from
DATABASE_URL, no broker in this process (Celery runs eagerly here; the fan-out starts real workers), no e-mail
server, no Sentry, no second factor for the DPO's steps. Then Django is set up."""

from __future__ import annotations

import os

import django

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/datalek_bench"


def configure() -> None:
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("AUDIT_KEYS", "bench:bench-only-audit-key-not-for-production")
    os.environ.setdefault("HTTPS", "false")
    # The documents suite has its DPO approve and file a notice through the services, in no signed-in session:
    # the second factor belongs to signing in, which the bench does not measure (DEBUG is off here, so it would
    # be required).
    os.environ.setdefault("OTP_REQUIRED_FOR_DPO", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "datalek.settings")
    for name in ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "SENTRY_DSN", "EMAIL_HOST"):
        os.environ.pop(name, None)
    django.setup()
