"""Data for the benchmarks, made fast: a million incidents through PostgreSQL's COPY (psycopg 3), and a CSV of
a million affected people. The rows are realistic in shape (statuses, roles, moments spread over two years),
not in prose."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.db import connection, transaction

from incidents.audit import GENESIS, current_key_id, event_hash

OPEN_STATUSES = ["detection", "triage", "containment", "assessment", "approval", "notification"]
OPEN_SHARE = 0.005  # a register of a million: a few thousand open at any time, all recent
COLUMNS = (
    "organisation_id",
    "reference",
    "title",
    "description",
    "our_role",
    "occurrence",
    "occurred_from",
    "occurred_until",
    "detected_at",
    "aware_at",
    "aware_established_by",
    "aware_justification",
    "discovery_channel",
    "reported_by_id",
    "systems_affected",
    "affected_countries",
    "containment_status",
    "containment_measures",
    "containment_plan",
    "contained_at",
    "is_personal_data_breach",
    "triage_note",
    "risk_level",
    "risk_rationale",
    "notify_authority",
    "notify_subjects",
    "public_communication",
    "notify_controllers",
    "approved_by_id",
    "approved_at",
    "authority_notified_at",
    "closed_at",
    "closure_kind",
    "closure_reason",
    "status",
    "created_at",
    "updated_at",
    "audit_event_count",
    "audit_head_hash",
)
TITLES = [
    "Phishing: mailbox accessed",
    "Order confirmation to the wrong customer",
    "Laptop stolen from a car",
    "Ransomware on a file server",
    "Misconfigured bucket found",
    "Letter in the wrong envelope",
    "Employee exported customer list",
    "Web form leaked applications",
]


def _row(i: int, organisation_id: int, user_id: int, now: datetime, rng: random.Random) -> tuple:
    closed = rng.random() >= OPEN_SHARE
    status = "closed" if closed else rng.choice(OPEN_STATUSES)
    horizon = 2 * 365 * 24 * 60 if closed else 96 * 60  # open incidents are recent: aware in the last 4 days
    aware = now - timedelta(minutes=rng.randrange(1, horizon))
    notified = aware + timedelta(hours=rng.randrange(2, 90)) if closed and rng.random() < 0.4 else None
    year = aware.year
    return (
        organisation_id,
        f"DL-{year}-{i:07d}",
        f"{rng.choice(TITLES)} #{i}",
        "Generated for the benchmark.",
        rng.choice(["controller", "controller", "controller", "processor"]),
        "period",
        aware - timedelta(hours=3),
        aware - timedelta(hours=2),
        aware - timedelta(hours=1),
        aware,
        "bench",
        "bench",
        "own_detection",
        user_id,
        "",
        "NL",
        "contained" if closed else "ongoing",
        "",
        "plan",
        None,
        True if status not in ("detection", "triage") else None,
        "",
        rng.choice(["unlikely", "risk", "high"]) if closed else "",
        "",
        None,
        None,
        None,
        None,
        None,
        None,
        notified,
        aware + timedelta(days=10) if closed else None,
        "resolved" if closed else "",
        "",
        status,
        aware,
        aware,
        0,
        "",
    )


def copy_incidents(n: int, *, organisation_id: int, user_id: int, seed: int = 7, batch: int = 50_000) -> None:
    """Insert ``n`` incidents with COPY in batches (one transaction per batch)."""
    rng, now = random.Random(seed), datetime.now(UTC)
    sql = f"COPY incidents_incident ({', '.join(COLUMNS)}) FROM STDIN"
    done = 0
    connection.ensure_connection()
    while done < n:
        size = min(batch, n - done)
        with connection.connection.cursor() as raw, raw.copy(sql) as copy:
            for i in range(done, done + size):
                copy.write_row(_row(i, organisation_id, user_id, now, rng))
        done += size
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE incidents_incident")


def subjects_csv(path: Path, n: int, *, seed: int = 11, errors_every: int = 0) -> Path:
    """A CSV of ``n`` affected people (name;email;postal_address;language;external_id)."""
    rng = random.Random(seed)
    languages = ["nl", "nl", "nl", "fr", "en"]
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("name;email;postal_address;language;external_id\n")
        for i in range(n):
            email = f"person{i}@example.nl" if not errors_every or i % errors_every else f"person{i}@"
            address = "" if i % 20 else f"Straat {i}, {1000 + i % 9000} AB Plaats"
            out.write(f"Person {i};{email};{address};{rng.choice(languages)};P{i}\n")
    return path


def copy_subjects(n: int, *, incident_id: int, seed: int = 13, postal_every: int = 20) -> None:
    """``n`` affected people for an incident, with COPY (one in ``postal_every`` has only a postal address)."""
    rng, now = random.Random(seed), datetime.now(UTC)
    languages = ["nl", "nl", "nl", "fr", "en"]
    sql = (
        "COPY notifications_affectedsubject (incident_id, name, email, postal_address, language, external_id, "
        "dedupe_key, created_at) FROM STDIN"
    )
    connection.ensure_connection()
    with connection.connection.cursor() as raw, raw.copy(sql) as copy:
        for i in range(n):
            postal = bool(postal_every) and not i % postal_every
            email = "" if postal else f"person{i}@example.nl"
            copy.write_row(
                (
                    incident_id,
                    f"Person {i}",
                    email,
                    f"Straat {i}, Plaats" if postal else "",
                    rng.choice(languages),
                    f"P{i}",
                    f"id:P{i}",
                    now,
                )
            )


def copy_chains(incident_ids: list[int], *, events: int) -> None:
    """Give each incident an audit trail of ``events`` keyed events (edits by the system), with COPY, and set
    its head: what ``verify_audit`` and the anchor read at a million incidents."""
    key_id, at = current_key_id(), datetime.now(UTC)
    sql = (
        "COPY incidents_incidentevent (incident_id, sequence, kind, actor_label, created_at, data, prev_hash, hash, "
        "key_id) FROM STDIN"
    )
    heads = []
    connection.ensure_connection()
    with transaction.atomic(), connection.connection.cursor() as raw:
        with raw.copy(sql) as copy:
            for incident_id in incident_ids:
                prev = GENESIS
                for sequence in range(1, events + 1):
                    data = {
                        "changes": {"description": {"old": f"edit {sequence - 1}", "new": f"edit {sequence}"}}
                    }
                    digest = event_hash(
                        key_id=key_id,
                        incident_id=incident_id,
                        sequence=sequence,
                        kind="updated",
                        actor_id=None,
                        actor_label="system",
                        created_at=at,
                        data=data,
                        prev_hash=prev,
                    )
                    copy.write_row(
                        (
                            incident_id,
                            sequence,
                            "updated",
                            "system",
                            at,
                            json.dumps(data),
                            prev,
                            digest,
                            key_id,
                        )
                    )
                    prev = digest
                heads.append((incident_id, prev))
        raw.execute("CREATE TEMPORARY TABLE bench_heads (id bigint, head varchar(64)) ON COMMIT DROP")
        with raw.copy("COPY bench_heads (id, head) FROM STDIN") as copy:
            for row in heads:
                copy.write_row(row)
        raw.execute(
            "UPDATE incidents_incident i SET audit_event_count = %s, audit_head_hash = h.head "
            "FROM bench_heads h WHERE i.id = h.id",
            [events],
        )
