"""The processor world of the portal's tests (two controller clients of ``org``, each with a user)."""

from tests.portal.conftest import (  # noqa: F401 - fixtures
    breach,
    client_a,
    client_b,
    controller_a,
    controller_b,
    mailbox,
)
