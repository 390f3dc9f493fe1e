"""Hash chain of the audit trail: how an event's hash is computed and how a chain is verified.

Each event's hash is SHA-256 over a canonical JSON of its content plus the previous event's hash; the first
event of an incident chains to ``GENESIS``. The incident row keeps the head (count and last hash), so that
removing the newest event is detected as well as changing or removing one in the middle.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

GENESIS = "0" * 64


def normalise(data: dict[str, Any]) -> dict[str, Any]:
    """The JSON value exactly as the database will give it back (dates become ISO strings)."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def event_hash(
    *,
    incident_id: int,
    sequence: int,
    kind: str,
    actor_id: int | None,
    actor_label: str,
    created_at: datetime,
    data: dict[str, Any],
    prev_hash: str,
) -> str:
    payload = {
        "incident": incident_id,
        "sequence": sequence,
        "kind": kind,
        "actor": actor_id,
        "actor_label": actor_label,
        "created_at": created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "data": data,
        "prev_hash": prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    incident_id: int
    reference: str
    sequence: int | None
    message: str

    def __str__(self) -> str:
        where = f"event #{self.sequence}" if self.sequence is not None else "chain head"
        return f"{self.reference} (incident {self.incident_id}), {where}: {self.message}"


def verify_chain(incident: Any, events: list[Any]) -> list[ChainProblem]:
    """Check one incident's events (ordered by sequence) against each other and against the incident's head."""
    problems: list[ChainProblem] = []

    def problem(sequence: int | None, message: str) -> None:
        problems.append(ChainProblem(incident.id, incident.reference, sequence, message))

    expected_prev = GENESIS
    expected_sequence = 1
    for event in events:
        if event.sequence != expected_sequence:
            problem(event.sequence, f"expected event #{expected_sequence} here: events were removed")
            expected_sequence = event.sequence
        if event.prev_hash != expected_prev:
            problem(
                event.sequence,
                "does not link to the event before it: an earlier event was changed or removed",
            )
        recomputed = event_hash(
            incident_id=event.incident_id,
            sequence=event.sequence,
            kind=event.kind,
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            created_at=event.created_at,
            data=event.data,
            prev_hash=event.prev_hash,
        )
        if recomputed != event.hash:
            problem(event.sequence, "content does not match its hash: the event was altered")
        expected_prev = event.hash
        expected_sequence += 1

    if len(events) != incident.audit_event_count or expected_prev != (incident.audit_head_hash or GENESIS):
        problem(
            None,
            f"the incident records {incident.audit_event_count} events ending in "
            f"{incident.audit_head_hash[:12] or '-'}, the trail has {len(events)} ending in "
            f"{expected_prev[:12]}: events were removed or the head was changed",
        )
    return problems


def verify_all(incidents: Any, *, batch_size: int = 500) -> tuple[int, list[ChainProblem]]:
    """Verify every chain; ``incidents`` is a queryset. Returns (number checked, problems)."""
    from incidents.models import IncidentEvent  # the pure part of this module stays importable without Django

    checked, problems = 0, []
    for incident in incidents.order_by("id").iterator(chunk_size=batch_size):
        events = list(IncidentEvent.objects.filter(incident_id=incident.id).order_by("sequence"))
        problems.extend(verify_chain(incident, events))
        checked += 1
    return checked, problems
