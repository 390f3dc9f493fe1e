import pytest

from tests.celery_worker import celery_worker  # noqa: F401 - fixture
from tests.personas import *  # noqa: F403 - the personas are fixtures
from tests.smtp_sink import smtp_sink  # noqa: F401 - fixture


@pytest.fixture(autouse=True)
def _test_settings(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Hashing passwords slowly is a production virtue and a test-suite vice.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
