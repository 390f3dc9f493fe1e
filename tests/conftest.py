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


@pytest.fixture(autouse=True)
def _every_authority_notice_exports_to_the_edpb_template(request):
    """Issue 15: the EDPB export of *every* notice to an authority that any test made — whatever its regulator,
    phase, status or facts — is valid against the schema kept in the repo
    (reports/regulators/schemas/edpb-2026.schema.json). Checked at the end of each test that uses the database,
    before its data are rolled back or flushed; a test that failed is left to its own failure."""
    uses = {"db", "transactional_db"} & set(request.fixturenames)
    if not uses:
        yield
        return
    request.getfixturevalue(uses.pop())  # set up before this fixture, so torn down after its check
    yield
    if getattr(request.node, "_failed_call", False):
        return
    from notifications.models import Notice
    from reports import selectors
    from reports.regulators.edpb_template import validation_errors

    invalid = {}
    for notice in Notice.objects.filter(kind=Notice.Kind.AUTHORITY).select_related(*selectors.NOTICE_RELATED):
        errors = validation_errors(selectors.edpb_export(notice))
        if errors:
            invalid[f"notice {notice.pk} ({notice.authority}, {notice.phase}, {notice.status})"] = errors
    assert not invalid, f"EDPB exports not valid against the schema: {invalid}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item._failed_call = True
    return report
