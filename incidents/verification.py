"""Verifying the audit chains: each incident's chain whole (``audit.verify_chain``) and held against the latest
anchor run (``anchor.py``), and the anchored incidents that are gone. ``manage.py verify_audit`` and beat's
``audit_verify_all`` call this."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from incidents.anchor import anchors_read
from incidents.audit import HEAD_FIELDS, ChainProblem, chains, verify_chain


@dataclass
class Verification:
    """What ``verify`` found: how many chains, what is wrong, the keys met (events per key id; None for the
    unkeyed events from before the key) and the anchor run the chains were held against (None: no anchor yet)."""

    checked: int = 0
    problems: list[ChainProblem] = field(default_factory=list)
    keys: Counter[str | None] = field(default_factory=Counter)
    anchor_run: dict[str, Any] | None = None


def verify(incidents: Any, *, batch_size: int = 500) -> Verification:
    """Verify every chain of ``incidents`` (a queryset), each against the latest anchor; when it is every incident,
    also report anchored incidents that are gone."""
    anchors = anchors_read()
    result = Verification(problems=list(anchors.problems), anchor_run=anchors.last_run)
    seen: set[int] = set()
    rows = incidents.order_by("id").values_list(*HEAD_FIELDS, named=True).iterator(chunk_size=2000)
    for incident, events in chains(rows, batch_size=batch_size):
        result.keys.update(event.key_id or None for event in events)
        anchored = anchors.heads.get(incident.id)
        result.problems.extend(verify_chain(incident, events, anchored=anchored, whole=True))
        result.checked += 1
        seen.add(incident.id)
    if not incidents.query.has_filters():
        for incident_id in sorted(anchors.heads.keys() - seen):
            anchored = anchors.heads[incident_id]
            result.problems.append(
                ChainProblem(
                    incident_id,
                    "(deleted)",
                    None,
                    f"anchor run {anchored.run} recorded {anchored.count} events for it, but the incident is no "
                    "longer in the database: it was deleted",
                )
            )
    return result


def verify_all(incidents: Any, *, batch_size: int = 500) -> tuple[int, list[ChainProblem]]:
    """Verify every chain; ``incidents`` is a queryset. Returns (number checked, problems)."""
    result = verify(incidents, batch_size=batch_size)
    return result.checked, result.problems
