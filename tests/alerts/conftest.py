"""The portal's world (a processor's breach alerted to two clients) for the client-question hand-off."""

from tests.portal.conftest import (  # noqa: F401 - fixtures
    alerts,
    breach,
    client_a,
    client_b,
    controller_a,
    mailbox,
)
