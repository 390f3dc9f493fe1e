import pytest
from django.core.management import call_command
from django.utils import translation

from tests.celery_worker import celery_worker  # noqa: F401 - fixture
from tests.personas import *  # noqa: F403 - the personas are fixtures
from tests.smtp_sink import smtp_sink  # noqa: F401 - fixture


@pytest.fixture(autouse=True)
def _test_settings(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Hashing passwords slowly is a production virtue and a test-suite vice.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def compiled_catalogues():
    """The .mo files are build output: the Dutch and French catalogues compiled as `make run`/`make test` do, once
    a session, for the modules that read them (``pytest.mark.usefixtures("compiled_catalogues")``)."""
    call_command("compilemessages", locale=["nl", "fr"], verbosity=0)


@pytest.fixture(autouse=True)
def _language_reset():
    """A request in Dutch or French leaves its language active in the thread (LocaleMiddleware does not switch
    back); every test starts in the default language and leaves nothing behind."""
    translation.deactivate()
    yield
    translation.deactivate()
