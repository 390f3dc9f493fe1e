"""Hash chain of the audit trail: how an event's hash is computed and how a chain is verified.

Each event's hash is an HMAC-SHA256, under an audit key that is not in the database (``settings.AUDIT_KEYS``),
over a canonical JSON of its content plus the previous event's hash; the first event of an incident chains to
``GENESIS``. Someone who can write the database but has not the key can change an event, but cannot compute the
hashes that would make the chain whole again. The incident row keeps the head (count and last hash), so that
removing the newest event is detected as well as changing or removing one in the middle; removing the newest
events *and* lowering the head to match is found against the anchor kept outside the database
(``incidents/anchor.py``).

Every event records the id of the key it was hashed with. Events written before there was a key have none
(``key_id`` null) and keep their plain SHA-256; the upgrade that brought the key ended every such chain with a
keyed ``key_rotated`` event, so an unkeyed event is only genuine before such an event. A change of key is an
event as well, written in each chain when its first event under the new key is appended (``events.py``) or
by ``manage.py audit_rotate_key``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from typing import Any, NamedTuple

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

GENESIS = "0" * 64
# What verifying a chain needs of its incident and its events: read as plain rows, not model instances (a million
# of those cost a minute).
HEAD_FIELDS = ("id", "reference", "audit_event_count", "audit_head_hash")
EVENT_FIELDS = (
    "incident_id",
    "sequence",
    "kind",
    "actor_id",
    "actor_label",
    "created_at",
    "data",
    "prev_hash",
    "hash",
    "key_id",
)
KEY_ROTATED = "key_rotated"  # IncidentEvent.Kind.KEY_ROTATED, spelled here so this module needs no models


class AuditChainUnkeyed(Exception):
    """The chain does not end in a keyed event. Appending a keyed event would make whatever is there look
    sealed, so nothing is appended: ``manage.py verify_audit`` says what happened to the chain."""


def audit_keys() -> dict[str, str]:
    """Key id → secret, oldest first; the last is the current key."""
    return settings.AUDIT_KEYS


def current_key_id() -> str:
    return next(reversed(audit_keys()))


def keyed_mac(key_id: str, message: bytes) -> str:
    return hmac.digest(audit_keys()[key_id].encode("utf-8"), message, "sha256").hex()


def normalise(data: dict[str, Any]) -> dict[str, Any]:
    """The JSON value exactly as the database will give it back (dates become ISO strings)."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def event_hash(
    *,
    key_id: str | None,
    incident_id: int,
    sequence: int,
    kind: str,
    actor_id: int | None,
    actor_label: str,
    created_at: datetime,
    data: dict[str, Any],
    prev_hash: str,
) -> str:
    """The HMAC of the event under key ``key_id`` (which the payload names too, so that an event cannot be
    passed off as another key's); with ``key_id`` None, the plain SHA-256 the events before the key have.
    This must give the same result forever: every event ever written is checked with it."""
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
    if key_id is None:
        return hashlib.sha256(canonical(payload)).hexdigest()
    return keyed_mac(key_id, canonical({**payload, "key": key_id}))


@dataclass(frozen=True)
class ChainProblem:
    incident_id: int | None
    reference: str
    sequence: int | None
    message: str

    def __str__(self) -> str:
        if self.incident_id is None:  # the anchor file itself
            return f"{self.reference}: {self.message}"
        where = f"event #{self.sequence}" if self.sequence is not None else "chain head"
        return f"{self.reference} (incident {self.incident_id}), {where}: {self.message}"


class Anchored(NamedTuple):
    """A chain's count and head as the anchor file last recorded them (``head`` as 32 bytes: a million of
    these are held while the trail is verified)."""

    count: int
    head: bytes
    run: int


def _key_name(key_id: str | None) -> str:
    return repr(key_id) if key_id else "no key"


def _key_change_problem(
    event: Any, key_id: str | None, previous: str | None, *, first: bool, keyed_before: bool
) -> str | None:
    """What is wrong with the key of ``event`` given the key of the event before it, if anything."""
    if key_id is None:
        if keyed_before:
            return "is unkeyed (plain SHA-256) but follows keyed events: it was written or rewritten without the key"
        return None
    if event.kind == KEY_ROTATED:
        data = event.data if isinstance(event.data, dict) else {}
        if data.get("to") != key_id or (not first and data.get("from") != previous):
            return (
                f"records a change of key from {_key_name(data.get('from'))} to {_key_name(data.get('to'))}, "
                f"but the event before is under {_key_name(previous)} and this one under {key_id!r}"
            )
        order = list(audit_keys())
        if previous in order and key_id in order and order.index(key_id) <= order.index(previous):
            return (
                f"records a change of key back to {key_id!r}, which AUDIT_KEYS lists before {previous!r}: "
                "keys only move forward, so this was written with a retired key"
            )
        return None
    if not first and key_id != previous:
        return (
            f"is hashed with key {key_id!r} but the event before with {_key_name(previous)}, "
            "and no change of key was recorded between them"
        )
    return None


def _hash_problem(event: Any, key_id: str | None) -> str | None:
    if key_id is not None and key_id not in audit_keys():
        return f"was hashed with key {key_id!r}, which is not configured (AUDIT_KEYS): it cannot be checked"
    recomputed = event_hash(
        key_id=key_id,
        incident_id=event.incident_id,
        sequence=event.sequence,
        kind=event.kind,
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        created_at=event.created_at,
        data=event.data,
        prev_hash=event.prev_hash,
    )
    if not hmac.compare_digest(recomputed, event.hash):
        return "content does not match its hash: the event was altered"
    return None


def _anchor_problem(events: list[Any], anchored: Anchored) -> str | None:
    head = anchored.head.hex()
    there = next((e for e in events if e.sequence == anchored.count), None)
    if there is not None and there.hash == head:
        return None
    now = (
        f"has no event #{anchored.count}" if there is None else f"has #{anchored.count} as {there.hash[:12]}"
    )
    return (
        f"anchor run {anchored.run} recorded {anchored.count} events ending in {head[:12]}, the trail now {now}: "
        "events were removed or rewritten since"
    )


def verify_chain(
    incident: Any, events: list[Any], *, anchored: Anchored | None = None, whole: bool = False
) -> list[ChainProblem]:
    """Check one incident's events (ordered by sequence) against each other, their keys and the incident's head,
    and against the anchor when there is one. ``whole``: these are all of the chain's events, so a chain of only
    unkeyed events is reported (the upgrade to keys sealed every genuine one); a report that checks the events
    up to one of its own leaves it off."""
    problems: list[ChainProblem] = []

    def problem(sequence: int | None, message: str) -> None:
        problems.append(ChainProblem(incident.id, incident.reference, sequence, message))

    expected_prev, expected_sequence = GENESIS, 1
    previous_key: str | None = None
    keyed = False
    for index, event in enumerate(events):
        if event.sequence != expected_sequence:
            problem(event.sequence, f"expected event #{expected_sequence} here: events were removed")
            expected_sequence = event.sequence
        if event.prev_hash != expected_prev:
            problem(
                event.sequence,
                "does not link to the event before it: an earlier event was changed or removed",
            )
        key_id = event.key_id or None
        for message in (
            _key_change_problem(event, key_id, previous_key, first=index == 0, keyed_before=keyed),
            _hash_problem(event, key_id),
        ):
            if message:
                problem(event.sequence, message)
        keyed = keyed or key_id is not None
        previous_key = key_id
        expected_prev = event.hash
        expected_sequence += 1

    if len(events) != incident.audit_event_count or expected_prev != (incident.audit_head_hash or GENESIS):
        problem(
            None,
            f"the incident records {incident.audit_event_count} events ending in "
            f"{incident.audit_head_hash[:12] or '-'}, the trail has {len(events)} ending in "
            f"{expected_prev[:12]}: events were removed or the head was changed",
        )
    if whole and events and not keyed:
        problem(
            None,
            "has only unkeyed events and no record of moving to an audit key, which the upgrade that brought the "
            "key wrote in every chain: it was written or rewritten without the audit key",
        )
    if anchored is not None and (message := _anchor_problem(events, anchored)):
        problem(None, message)
    return problems


@dataclass
class Verification:
    """What ``verify`` found: how many chains, what is wrong, the keys met (events per key id; None for the
    unkeyed events from before the key) and the anchor run the chains were held against (None: no anchor yet)."""

    checked: int = 0
    problems: list[ChainProblem] = field(default_factory=list)
    keys: Counter[str | None] = field(default_factory=Counter)
    anchor_run: dict[str, Any] | None = None


def events_of(incident_ids: list[int]) -> dict[int, list[Any]]:
    """The events of these incidents, each incident's in order of sequence, in one query (as plain rows with the
    fields ``verify_chain`` reads)."""
    from incidents.models import IncidentEvent  # the pure part of this module stays importable without Django

    events = defaultdict(list)
    rows = (
        IncidentEvent.objects.filter(incident_id__in=incident_ids)
        .order_by("incident_id", "sequence")
        .values_list(*EVENT_FIELDS, named=True)
    )
    for event in rows:
        events[event.incident_id].append(event)
    return events


def chains(incidents: Iterable[Any], *, batch_size: int) -> Iterator[tuple[Any, list[Any]]]:
    """(incident, its events ordered by sequence) for each incident, with one query for the events of every
    ``batch_size`` incidents (a query per incident is a million queries at a million incidents)."""
    rows = iter(incidents)
    while batch := list(islice(rows, batch_size)):
        events = events_of([incident.id for incident in batch])
        for incident in batch:
            yield incident, events.get(incident.id, [])


def verify(incidents: Any, *, batch_size: int = 500) -> Verification:
    """Verify every chain of ``incidents`` (a queryset), each against the latest anchor; when it is every incident,
    also report anchored incidents that are gone."""
    from incidents.anchor import anchors_read  # incidents.anchor imports this module

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
