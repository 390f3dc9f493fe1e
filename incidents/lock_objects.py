"""Row locks, always taken in the same order (organisation before incident) to avoid deadlocks."""

from __future__ import annotations

from incidents.models import Incident, Organisation


def organisation_lock(organisation_id: int) -> Organisation:
    return Organisation.objects.select_for_update().get(pk=organisation_id)


def incident_lock(incident_id: int) -> Incident:
    """The incident, locked for the rest of the transaction. Every write to an incident goes through here,
    which also serialises the appends to its audit chain."""
    return Incident.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=incident_id)
