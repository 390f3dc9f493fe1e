"""pytest plugin (``-p datalek.testing_env`` in pyproject.toml), loaded before Django reads its settings:
the environment of the test process. The Django process under test runs Celery eagerly; tests about tasks
start a real worker on Redis themselves (TEST_REDIS_URL).

Two production defaults are relaxed here, on purpose and by name, rather than in the settings:

- the second factor (``OTP_REQUIRED_FOR_DPO``, ``OTP_REQUIRED_FOR_STAFF``): most tests arrange a DPO's decision or
  approval through the services without an authenticator app; the tests of the second factor switch it on
  (tests/security/test_second_factor.py), and check the production defaults in a process of their own;
- the API throttle rates: one test process makes thousands of API requests a minute as the same few users and from
  one address (the permission matrix, the fuzzing); tests/security/test_throttling.py sets low rates itself.
"""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/datalek")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("AUDIT_KEYS", "test:test-only-audit-key-not-for-production-0000")
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("OTP_REQUIRED_FOR_DPO", "false")
os.environ.setdefault("OTP_REQUIRED_FOR_STAFF", "false")
for _scope in ("ANON", "USER", "TOKEN"):
    os.environ.setdefault(f"API_THROTTLE_{_scope}", "100000/minute")
for _name in ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "SENTRY_DSN", "EMAIL_HOST"):
    os.environ.pop(_name, None)
