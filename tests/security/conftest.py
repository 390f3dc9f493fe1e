"""The portal's arranged world (a processor with two controller clients, alerted) for the page checks."""

from tests.e2e.conftest import browser, live_server, page  # noqa: F401 - the browser fixtures
from tests.portal.conftest import (  # noqa: F401 - fixtures
    alerts,
    breach,
    client_a,
    client_b,
    controller_a,
    controller_b,
    mailbox,
)
