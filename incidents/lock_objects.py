"""Row locks, always taken in the same order (organisation before incident) to avoid deadlocks."""

from __future__ import annotations

from incidents.models import Incident, Organisation


def organisation_lock(organisation_id: int) -> Organisation:
    return Organisation.objects.select_for_update().get(pk=organisation_id)


def incident_lock(incident_id: int) -> Incident:
    """The incident, locked for the rest of the transaction. Every write to an incident goes through here,
    which also serialises the appends to its audit chain."""
    return Incident.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=incident_id)


def row_lock(model, pk: int):
    """A row that hangs under an incident (a notice …), locked: take the incident's lock first."""
    return model.objects.select_for_update(of=("self",)).get(pk=pk)


def lock_in_order(incident: Incident, row=None):
    """The one order every transition locks in: the incident first, then the row under it (a notice …).

    The caller's ``incident`` instance keeps its own in-memory changes, but its audit chain's head is read again
    under the lock (an event appended since it was loaded must not be overwritten). Returns ``row`` — or the
    incident, without a row — as it is stored now, locked, to compare with the caller's copy."""
    stored = incident_lock(incident.pk)
    incident.audit_event_count, incident.audit_head_hash = stored.audit_event_count, stored.audit_head_hash
    if row is None or (isinstance(row, Incident) and row.pk == incident.pk):
        return stored
    return row_lock(type(row), row.pk)
