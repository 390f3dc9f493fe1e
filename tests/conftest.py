import pytest
from django.utils import translation

from tests.celery_worker import celery_worker  # noqa: F401 - fixture
from tests.personas import *  # noqa: F403 - the personas are fixtures
from tests.smtp_sink import smtp_sink  # noqa: F401 - fixture


@pytest.fixture(autouse=True)
def _test_settings(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Hashing passwords slowly is a production virtue and a test-suite vice.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _language_reset():
    """A request in Dutch or French leaves its language active in the thread (LocaleMiddleware does not switch
    back); every test starts in the default language and leaves nothing behind."""
    translation.deactivate()
    yield
    translation.deactivate()
