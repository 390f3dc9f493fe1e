"""Data for the benchmarks, made fast: a million incidents through PostgreSQL's COPY (psycopg 3), and a CSV of
a million affected people. The rows are realistic in shape (statuses, roles, moments spread over two years),
not in prose."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
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
        (notified is not None) if closed else None,  # notify_authority: what the DPO decided
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


# --- the honest world: what a register's incidents carry ------------------------------------------------------

CASES = Path(__file__).resolve().parents[1] / "tests" / "data" / "cases"
ASSESSED_SHARE = 0.9  # closed personal-data breaches with a finalised assessment (the rest closed at triage)
SUBJECTS_TOLD_SHARE = 0.25  # of the notified incidents, those whose people were told too
DELIVERIES_PER_NOTICE = 3


@dataclass(frozen=True)
class Shape:
    """One worked case as the engine assessed it: what an assessment row and its incident hold."""

    role: str
    facts: str  # JSON, breach facts v2
    decision: str  # JSON, the decision with its reasons
    risk: str
    notify_authority: bool
    notify_subjects: bool
    rationale: str  # the reasons the incident stores, in English


def assessment_shapes() -> list[Shape]:
    """Facts and decisions as the engine makes them, from the worked cases kept in the repository. Real shapes —
    groups, categories, reasons with their messages — so that the register reads what a real register holds."""
    from risk import explanations
    from risk.engine import assess, parse_facts

    shapes = []
    for path in sorted(CASES.glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        parsed = parse_facts(case["facts"])
        decision = assess(parsed)
        record = decision.to_record()
        shapes.append(
            Shape(
                role=parsed.role,
                facts=json.dumps(parsed.to_v2_dict()),
                decision=json.dumps(record),
                risk=decision.risk,
                notify_authority=bool(record["notify_authority"]),
                notify_subjects=bool(record["notify_subjects"]),
                rationale=explanations.rationale(record, engine_version=decision.engine_version, version=1),
            )
        )
    return shapes


def copy_outcomes(*, organisation_id: int, user_id: int, seed: int = 17) -> dict[str, int]:
    """Give the closed incidents what they carry in a real register: a finalised assessment made by the engine
    (``ASSESSED_SHARE`` of them, and every notified one), for those notified (``authority_notified_at``, set by
    ``copy_incidents``) the filed notice to the authority, and for a share of those whose people had to be told the
    notice to the people with its deliveries; the incident keeps the assessment's risk and reasons, as finalising
    writes them. Each shape's JSON is sent once and joined in the database (parsing a decision a million times
    would cost more than the rest). In one transaction; the counts made."""
    from risk.engine import ENGINE_VERSION

    rng = random.Random(seed)
    shapes = assessment_shapes()
    # a notified incident takes a decision that said "notify the authority", the others one that did not
    by_kind = {
        (role, notified): [
            i for i, s in enumerate(shapes) if s.role == role and s.notify_authority == notified
        ]
        or [i for i, s in enumerate(shapes) if s.role == role]
        for role in ("controller", "processor")
        for notified in (True, False)
    }
    notice_sql = (
        "COPY notifications_notice (id, incident_id, kind, phase, authority, language, content, content_sha256, "
        "late_reason, withdrawal_reason, due_at, status, drafted_by_id, drafted_at, submitted_by_id, submitted_at, "
        "approved_by_id, approved_at, filed_by_id, filed_at, reference, completed_at) FROM STDIN"
    )
    delivery_sql = (
        "COPY notifications_delivery (notice_id, channel, recipient, recipient_name, language, status, attempts, "
        'last_error, sent_at, message_id, "group") FROM STDIN'
    )
    connection.ensure_connection()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, our_role, aware_at, authority_notified_at FROM incidents_incident "
            "WHERE organisation_id = %s AND status = 'closed' ORDER BY id",
            [organisation_id],
        )
        closed = cursor.fetchall()
        cursor.execute("SELECT coalesce(max(id), 0) FROM notifications_notice")
        first_notice = notice_id = cursor.fetchone()[0]
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_shapes (shape int, facts jsonb, decision jsonb, risk text, reasons text) "
            "ON COMMIT DROP; "
            "CREATE TEMPORARY TABLE bench_assessed (incident_id bigint, shape int, decided timestamptz, "
            "notified boolean) ON COMMIT DROP"
        )
        raw = connection.connection
        with raw.cursor() as out, out.copy("COPY bench_shapes FROM STDIN") as copy:
            for index, shape in enumerate(shapes):
                copy.write_row((index, shape.facts, shape.decision, shape.risk, shape.rationale))
        notices, deliveries = [], []
        with raw.cursor() as out, out.copy("COPY bench_assessed FROM STDIN") as copy:
            for incident_id, role, aware, notified in closed:
                if rng.random() >= ASSESSED_SHARE and notified is None:
                    continue
                index = rng.choice(by_kind[(role, notified is not None)])
                decided = aware + timedelta(hours=rng.randrange(1, 60))
                copy.write_row((incident_id, index, decided, notified is not None))
                if notified is None:
                    continue
                notice_id += 1
                notices.append(
                    (
                        notice_id,
                        incident_id,
                        "authority",
                        "initial",
                        "AP",
                        "nl",
                        "{}",
                        "",
                        "",
                        "",
                        None,  # due_at: an AP notice has no follow-up deadline (the GBA's part 2 has)
                        "filed",
                        user_id,
                        decided,
                        user_id,
                        decided,
                        user_id,
                        decided,
                        user_id,
                        notified,
                        f"AP-{aware.year}-{incident_id:07d}",
                        notified,
                    )
                )
                if shapes[index].notify_subjects and rng.random() < SUBJECTS_TOLD_SHARE:
                    notice_id += 1
                    told = notified + timedelta(hours=rng.randrange(1, 48))
                    notices.append(
                        (
                            notice_id,
                            incident_id,
                            "subjects",
                            "initial",
                            "",
                            "nl",
                            "{}",
                            "",
                            "",
                            "",
                            None,
                            "sent",
                            user_id,
                            decided,
                            user_id,
                            decided,
                            user_id,
                            decided,
                            None,
                            None,
                            "",
                            told,
                        )
                    )
                    for n in range(DELIVERIES_PER_NOTICE):
                        deliveries.append(
                            (
                                notice_id,
                                "email",
                                f"person{incident_id}.{n}@example.nl",
                                f"Person {n}",
                                "nl",
                                "sent",
                                1,
                                "",
                                told,
                                f"<{notice_id}.{n}@bench.example>",
                                "",
                            )
                        )
        cursor.execute(
            "INSERT INTO risk_riskassessment (incident_id, version, facts, decision, engine_version, severity_level, "
            "provenance, created_by_id, created_at, updated_at, finalised_by_id, finalised_at, dpo_risk, "
            "dpo_notify_authority, dpo_overrides, dpo_justification, decided_by_id, decided_at) "
            "SELECT a.incident_id, 1, s.facts, s.decision, %(engine)s, "
            "coalesce(s.decision -> 'severity' ->> 'level', ''), '{}', %(user)s, a.decided, a.decided, "
            "%(user)s, a.decided, s.risk, a.notified, '[]', '', %(user)s, a.decided "
            "FROM bench_assessed a JOIN bench_shapes s USING (shape)",
            {"engine": ENGINE_VERSION, "user": user_id},
        )
        assessments = cursor.rowcount
        cursor.execute(
            "UPDATE incidents_incident i SET risk_level = s.risk, risk_rationale = s.reasons "
            "FROM bench_assessed a JOIN bench_shapes s USING (shape) WHERE i.id = a.incident_id"
        )
        with raw.cursor() as out:
            with out.copy(notice_sql) as copy:
                for row in notices:
                    copy.write_row(row)
            with out.copy(delivery_sql) as copy:
                for row in deliveries:
                    copy.write_row(row)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('notifications_notice', 'id'), greatest(%s, 1))",
            [notice_id],
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE risk_riskassessment; ANALYZE notifications_notice; ANALYZE notifications_delivery"
        )
    authority = sum(1 for row in notices if row[2] == "authority")
    return {
        "assessments": assessments,
        "authority_notices": authority,
        "subject_notices": notice_id - first_notice - authority,
        "deliveries": len(deliveries),
    }
