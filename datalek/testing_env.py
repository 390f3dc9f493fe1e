"""pytest plugin (``-p datalek.testing_env`` in pyproject.toml), loaded before Django reads its settings:
the environment of the test process. The Django process under test runs Celery eagerly; tests about tasks
start a real worker on Redis themselves (TEST_REDIS_URL)."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/datalek")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("AUDIT_KEYS", "test:test-only-audit-key-not-for-production-0000")
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("DEBUG", "false")
for _name in ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "SENTRY_DSN", "EMAIL_HOST"):
    os.environ.pop(_name, None)
