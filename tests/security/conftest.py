"""The portal's arranged world (a processor with two controller clients, alerted) for the page checks, and an
operator of the admin."""

import pytest

from tests.e2e.conftest import browser, live_server, page  # noqa: F401 - the browser fixtures
from tests.personas import UserFactory
from tests.portal.conftest import (  # noqa: F401 - fixtures
    alerts,
    breach,
    client_a,
    client_b,
    controller_a,
    controller_b,
    mailbox,
)


@pytest.fixture
def operator(db):
    """Runs the installation in /admin/ (staff, superuser); no organisation of their own."""
    user = UserFactory(username="operator", is_staff=True, is_superuser=True)
    user.save()
    return user
