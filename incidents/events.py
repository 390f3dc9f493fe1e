"""Audit events: one small function per kind of change, all appending to the incident's hash chain.

Callers hold the incident's row lock (``lock_objects.incident_lock``) and run inside the transaction that
makes the change, so the event is written if and only if the change is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from incidents.audit import GENESIS, KEY_ROTATED, AuditChainUnkeyed, current_key_id, event_hash, normalise
from incidents.event_listeners import event_written
from incidents.models import Evidence, Incident, IncidentEvent, User


def event_append(
    *, incident: Incident, kind: str, actor: User | None, data: dict[str, Any], at: datetime | None = None
) -> IncidentEvent:
    """Append an event under the current audit key. A chain still under an older key first records the change
    of key, so that each chain says where its key changed (and nothing need rewrite a million chains at once
    when a key is added)."""
    created_at = at or timezone.now()
    key_id = current_key_id()
    if incident.audit_event_count:
        head_key = head_key_id(incident)
        if head_key != key_id:
            key_rotated_event(incident=incident, previous=head_key, at=created_at)
    event = _append(
        incident=incident, kind=kind, actor=actor, data=normalise(data), at=created_at, key_id=key_id
    )
    event_written(event)  # the registered listeners (incidents.event_listeners)
    return event


def head_key_id(incident: Incident) -> str | None:
    """The key of the chain's last event (None: unkeyed, or no such event)."""
    keys = list(
        IncidentEvent.objects.filter(
            incident_id=incident.id, sequence=incident.audit_event_count
        ).values_list("key_id", flat=True)
    )
    return keys[0] if keys else None


ACTOR_LABEL_MAX = IncidentEvent._meta.get_field("actor_label").max_length


def _label(name: str) -> str:
    """The actor's name as the trail keeps it: a first and a last name may together be longer than the column
    (150 + 150 characters); the actor's id is kept beside it, so a shortened name loses nobody."""
    return name if len(name) <= ACTOR_LABEL_MAX else name[: ACTOR_LABEL_MAX - 1] + "…"


def _append(
    *, incident: Incident, kind: str, actor: User | None, data: dict[str, Any], at: datetime, key_id: str
) -> IncidentEvent:
    sequence = incident.audit_event_count + 1
    prev_hash = incident.audit_head_hash or GENESIS
    actor_label = _label(actor.display_name()) if actor else "system"
    event = IncidentEvent.objects.create(
        incident=incident,
        sequence=sequence,
        kind=kind,
        actor=actor,
        actor_label=actor_label,
        created_at=at,
        data=data,
        prev_hash=prev_hash,
        key_id=key_id,
        hash=event_hash(
            key_id=key_id,
            incident_id=incident.id,
            sequence=sequence,
            kind=kind,
            actor_id=actor.id if actor else None,
            actor_label=actor_label,
            created_at=at,
            data=data,
            prev_hash=prev_hash,
        ),
    )
    incident.audit_event_count = sequence
    incident.audit_head_hash = event.hash
    incident.save(update_fields=["audit_event_count", "audit_head_hash", "updated_at"])
    return event


def key_rotated_event(
    *, incident: Incident, previous: str | None, at: datetime | None = None
) -> IncidentEvent:
    """The chain moves from key ``previous`` to the current one: an event under the new key whose hash covers the
    last one under the old, so the events before it stay as they were even if the old key should leak. Refused
    for a chain whose head is unkeyed: after the upgrade that sealed them all, that is somebody's rewrite, and a
    keyed event after it would pass it off as genuine."""
    if previous is None:
        raise AuditChainUnkeyed(
            f"The audit trail of {incident.reference} does not end in a keyed event; nothing is added to it. "
            "Run manage.py verify_audit."
        )
    key_id = current_key_id()
    return _append(
        incident=incident,
        kind=KEY_ROTATED,
        actor=None,
        data={"from": previous, "to": key_id},
        at=at or timezone.now(),
        key_id=key_id,
    )


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
