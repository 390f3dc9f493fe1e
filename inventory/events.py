"""Audit events of the inventory on an incident, appended to the incident's hash chain (incidents.events).

Callers hold the incident's row lock and run inside the transaction that makes the change."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.events import event_append
from incidents.models import Incident, IncidentEvent, User
from inventory.models import IncidentFactProvenance


class InventoryEventKind(models.TextChoices):
    AFFECTED_SYSTEMS_SET = "affected_systems_set", _("Affected systems chosen")
    FACTS_PROPOSED = "facts_proposed", _("Facts proposed from the inventory")
    FACT_CONFIRMED = "fact_confirmed", _("Proposed fact confirmed")
    FACT_CORRECTED = "fact_corrected", _("Proposed fact corrected")


def _ref(system: Any) -> dict[str, Any]:
    return {"id": system.id, "name": system.name}


def affected_systems_event(
    *, incident: Incident, actor: User, added: list[Any], removed: list[Any], systems: list[Any]
) -> IncidentEvent:
    return event_append(
        incident=incident,
        kind=InventoryEventKind.AFFECTED_SYSTEMS_SET,
        actor=actor,
        data={
            "added": [_ref(s) for s in added],
            "removed": [_ref(s) for s in removed],
            "systems": [_ref(s) for s in systems],
        },
    )


def facts_proposed_event(
    *, incident: Incident, actor: User, changes: dict[str, dict[str, Any]]
) -> IncidentEvent:
    """The derived values that changed: ``{path: {"old": …, "new": …, "source": …}}``."""
    return event_append(
        incident=incident, kind=InventoryEventKind.FACTS_PROPOSED, actor=actor, data={"changes": changes}
    )


def fact_recorded_event(
    *, incident: Incident, actor: User, row: IncidentFactProvenance, previous: Any, where: str
) -> IncidentEvent:
    """Confirmed as proposed, or corrected (the value differs from what the inventory derived)."""
    kind = InventoryEventKind.FACT_CORRECTED if row.corrected else InventoryEventKind.FACT_CONFIRMED
    return event_append(
        incident=incident,
        kind=kind,
        actor=actor,
        at=row.confirmed_at,
        data={
            "path": row.path,
            "value": row.value,
            "derived_value": row.derived_value,
            "previous": previous,
            "where": where,
        },
    )
