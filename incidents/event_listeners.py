"""Who hears of each audit event as it is written. Apps above incidents register a listener in their
AppConfig.ready() (the alerts app: hand-off e-mails and outgoing webhooks), so incidents need not know them.

A listener runs inside the transaction that writes the event, with the incident's row lock held: it may only
add rows of its own (an outbox) and schedule work with ``transaction.on_commit``; it must never send anything
itself, so that what leaves the building leaves if and only if the change is committed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from incidents.models import IncidentEvent

Listener = Callable[["IncidentEvent"], None]
_LISTENERS: list[Listener] = []


def register_event_listener(listener: Listener) -> None:
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def event_written(event: IncidentEvent) -> None:
    for listener in _LISTENERS:
        listener(event)
