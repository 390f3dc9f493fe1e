"""Audit events: one small function per kind of change, all appending to the incident's hash chain.

Callers hold the incident's row lock (``lock_objects.incident_lock``) and run inside the transaction that
makes the change, so the event is written if and only if the change is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from incidents.audit import GENESIS, event_hash, normalise
from incidents.models import Evidence, Incident, IncidentEvent, User


def event_append(
    *, incident: Incident, kind: str, actor: User | None, data: dict[str, Any], at: datetime | None = None
) -> IncidentEvent:
    data = normalise(data)
    created_at = at or timezone.now()
    sequence = incident.audit_event_count + 1
    prev_hash = incident.audit_head_hash or GENESIS
    actor_label = actor.display_name() if actor else "system"
    event = IncidentEvent.objects.create(
        incident=incident,
        sequence=sequence,
        kind=kind,
        actor=actor,
        actor_label=actor_label,
        created_at=created_at,
        data=data,
        prev_hash=prev_hash,
        hash=event_hash(
            incident_id=incident.id,
            sequence=sequence,
            kind=kind,
            actor_id=actor.id if actor else None,
            actor_label=actor_label,
            created_at=created_at,
            data=data,
            prev_hash=prev_hash,
        ),
    )
    incident.audit_event_count = sequence
    incident.audit_head_hash = event.hash
    incident.save(update_fields=["audit_event_count", "audit_head_hash", "updated_at"])
    return event


def incident_created_event(*, incident: Incident, actor: User, values: dict[str, Any]) -> IncidentEvent:
    return event_append(
        incident=incident,
        kind=IncidentEvent.Kind.CREATED,
        actor=actor,
        data={"reference": incident.reference, "values": values},
    )


def incident_updated_event(
    *, incident: Incident, actor: User, changes: dict[str, tuple[Any, Any]]
) -> IncidentEvent:
    return event_append(
        incident=incident,
        kind=IncidentEvent.Kind.UPDATED,
        actor=actor,
        data={"changes": {field: {"old": old, "new": new} for field, (old, new) in changes.items()}},
    )


def transition_event(
    *, incident: Incident, actor: User, name: str, source: str, target: str, reason: str, at: datetime
) -> IncidentEvent:
    return event_append(
        incident=incident,
        kind=IncidentEvent.Kind.TRANSITION,
        actor=actor,
        at=at,
        data={"transition": name, "from": source, "to": target, "reason": reason},
    )


def evidence_added_event(*, incident: Incident, actor: User, evidence: Evidence) -> IncidentEvent:
    return event_append(
        incident=incident,
        kind=IncidentEvent.Kind.EVIDENCE_ADDED,
        actor=actor,
        at=evidence.uploaded_at,
        data={
            "evidence_id": evidence.id,
            "file_name": evidence.original_name,
            "content_type": evidence.content_type,
            "size": evidence.size,
            "sha256": evidence.sha256,
            "description": evidence.description,
        },
    )
