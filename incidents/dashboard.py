"""What the dashboard says is still owed on each incident. Apps above incidents register what they know is owed (the
notices, the clients' alerts), so incidents need not know them; their cards on the dashboard are registered with
datalek.page_cards (slots "dashboard.top" and "dashboard.clients")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from incidents.models import Incident


# --- what is still owed, per incident ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Owed:
    """One obligation of an incident not yet met (the notice to the people not sent, a client not alerted …), with
    its deadline when it has one. Apps above incidents say what is owed; the dashboard keeps the incident in open
    work and lists them instead of a green "authority notified" alone."""

    label: str
    deadline: datetime | None = None
    key: str = ""  # stable name for tests and the page ("authority", "subjects", "public", "client:<id>")


OwedProvider = Callable[[list["Incident"]], dict[int, list[Owed]]]
_OWED: list[OwedProvider] = []


def register_owed_provider(provider: OwedProvider) -> None:
    if provider not in _OWED:
        _OWED.append(provider)


def owed_for(incidents: list[Incident]) -> dict[int, list[Owed]]:
    """``{incident id: [what is still owed]}`` for these incidents, from every registered provider (each reads all
    the incidents at once: a fixed number of queries per page)."""
    owed: dict[int, list[Owed]] = {}
    if not incidents:
        return owed
    for provider in _OWED:
        for incident_id, items in provider(incidents).items():
            owed.setdefault(incident_id, []).extend(items)
    for items in owed.values():
        items.sort(
            key=lambda item: (item.deadline is None, item.deadline.timestamp() if item.deadline else 0)
        )
    return owed
