"""The anchor: every audit chain's count and head hash, written now and then outside the database.

The keyed chain (``audit.py``) stops anyone without the key from rewriting events, but not from deleting the
newest ones and lowering the incident's head to match: what is left is a shorter chain that is whole. So beat
(``tasks.audit_anchor``, or ``manage.py audit_anchor`` by hand) appends the count and head of each chain that
changed since the last run to ``<AUDIT_ANCHOR_DIR>/anchors.jsonl``, and logs the same lines; ``verify_audit``
then requires each chain to still have, at the anchored position, the anchored hash.

The file is append-only by use (and can be made so by the system: ``chattr +a``, or a directory on other
storage). One JSON object a line: a line per chain that changed, ``{"incident", "count", "head"}``, then one
line that closes the run, ``{"run", "at", "key", "lines", "chains", "events", "digest", "prev", "mac"}`` —
``digest`` is the SHA-256 of the run's chain lines, ``prev`` the previous run's ``mac``, and ``mac`` an HMAC
under the audit key: so the lines cannot be changed, removed or added by someone who can write the file but has
not the key. Removing whole runs from the end of the file can only be seen against the log, which has every line.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import logging
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from incidents.audit import (
    HEAD_FIELDS,
    Anchored,
    ChainProblem,
    audit_keys,
    canonical,
    chains,
    current_key_id,
    keyed_mac,
    verify_chain,
)
from incidents.models import Incident

logger = logging.getLogger("incidents.anchor")
FILE_NAME = "anchors.jsonl"
_RUN_FIELDS = {"run", "at", "key", "lines", "chains", "events", "digest", "prev", "mac"}


class AnchorFileDamaged(Exception):
    """The anchor file does not verify: nothing is added to it until someone has looked (and moved it aside)."""


def anchor_path() -> Path:
    directory = settings.AUDIT_ANCHOR_DIR or Path(settings.MEDIA_ROOT) / "audit-anchors"
    return Path(directory) / FILE_NAME


def _run_mac(key_id: str, run: dict[str, Any]) -> str:
    return keyed_mac(
        key_id, b"datalek audit anchor\n" + canonical({k: v for k, v in run.items() if k != "mac"})
    )


@dataclass
class Anchors:
    """The anchor file read: the latest anchored count and head per incident (from the runs that verify), the
    last run line (the one the next run follows), and what is wrong with the file."""

    path: Path
    heads: dict[int, Anchored] = field(default_factory=dict)
    last_run: dict[str, Any] | None = None
    problems: list[ChainProblem] = field(default_factory=list)


def _chain_line(record: Any) -> tuple[int, int, bytes] | None:
    try:
        incident, count, head = record["incident"], record["count"], bytes.fromhex(record["head"])
    except (TypeError, KeyError, ValueError):
        return None
    if type(incident) is not int or type(count) is not int or count < 1 or len(head) != 32:
        return None
    return incident, count, head


def _is_run_line(record: dict[str, Any]) -> bool:
    return (
        set(record) == _RUN_FIELDS
        and type(record["run"]) is int
        and all(isinstance(record[name], str) for name in ("key", "mac", "prev", "digest"))
    )


def _run_problem(run: dict[str, Any], previous: dict[str, Any] | None, lines: int, digest: str) -> str | None:
    if run["key"] not in audit_keys():
        return (
            f"is signed with key {run['key']!r}, which is not configured (AUDIT_KEYS): it cannot be checked"
        )
    if not hmac.compare_digest(_run_mac(run["key"], run), run["mac"]):
        return "does not match its MAC: the anchor file was altered"
    if (run["lines"], run["digest"]) != (lines, digest):
        return "the chain lines before it are not the ones its run wrote: the anchor file was altered"
    expected = (previous["run"] + 1, previous["mac"]) if previous else (1, "")
    if (run["run"], run["prev"]) != expected:
        return "does not follow the run before it: runs were removed from the anchor file"
    return None


def anchors_read(path: Path | None = None, *, locked: bool = False) -> Anchors:
    """Read and check the anchor file. Unless the caller holds the file's lock (``locked``), a shared lock is
    taken, so that a run being appended is read whole or not at all."""
    path = path or anchor_path()
    anchors = Anchors(path)
    if not path.exists():
        return anchors
    with path.open("rb") as lines:
        if not locked:
            fcntl.flock(lines, fcntl.LOCK_SH)
        _read(anchors, lines)
    return anchors


def _read(anchors: Anchors, lines: Any) -> None:
    def problem(number: int, message: str) -> None:
        anchors.problems.append(
            ChainProblem(None, f"anchor file {anchors.path}, line {number}", None, message)
        )

    pending: list[tuple[int, int, bytes]] = []
    block, number = hashlib.sha256(), 0
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip(b"\n")
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if not isinstance(record, dict) or "run" not in record:
            block.update(line + b"\n")
            if (entry := _chain_line(record)) is None:
                problem(number, "is neither a chain line nor a run line: the anchor file was altered")
            else:
                pending.append(entry)
            continue
        if not _is_run_line(record):
            problem(number, "is not a run line of this format: the anchor file was altered")
        elif message := _run_problem(record, anchors.last_run, len(pending), block.hexdigest()):
            problem(number, message)
            anchors.last_run = record  # the next run must follow this one all the same
        else:
            for incident, count, head in pending:
                anchors.heads[incident] = Anchored(count, head, record["run"])
            anchors.last_run = record
        pending, block = [], hashlib.sha256()
    if pending:
        problem(number, "ends in chain lines that no run line closes: an unfinished run, or lines added")


@dataclass
class AnchorRun:
    run: dict[str, Any]
    anchored: int
    problems: list[ChainProblem]


def _changed(anchors: Anchors) -> Iterator[Any]:
    """The chains (as ``audit.HEAD_FIELDS`` rows) that are not as last anchored, in incident id order."""
    incidents = Incident.objects.filter(audit_event_count__gt=0).order_by("id")
    for row in incidents.values_list(*HEAD_FIELDS, named=True).iterator(chunk_size=5000):
        known = anchors.heads.get(row.id)
        if known is None or known.count != row.audit_event_count or known.head.hex() != row.audit_head_hash:
            yield row


def anchor_write(*, batch_size: int = 500) -> AnchorRun:
    """Append a run: a line for each chain that changed since the last run and verifies — against that run too,
    so a chain cut short is not anchored again at its lower count (the older anchor stands, and verify_audit keeps
    reporting it) — then the run line. Runs are serialised by a lock on the file. Every line goes to the log."""
    path = anchor_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        anchors = anchors_read(path, locked=True)
        if anchors.problems:
            raise AnchorFileDamaged(
                f"The anchor file {path} does not verify ({len(anchors.problems)} problem(s), see manage.py "
                "verify_audit); nothing was added. Keep it as evidence and move it aside to start a new one."
            )
        with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as spool:
            run, problems = _run(anchors, spool, batch_size=batch_size)
            spool.write(canonical(run) + b"\n")
            spool.seek(0)
            _copy(spool, descriptor)
            os.fsync(descriptor)
            spool.seek(0)
            for line in spool:
                logger.info("audit anchor %s", line.rstrip(b"\n").decode("utf-8"))
    finally:
        os.close(descriptor)  # and with it the lock
    for problem in problems:
        logger.error("Audit chain not anchored: %s", problem)
    return AnchorRun(run=run, anchored=run["lines"], problems=problems)


def _run(anchors: Anchors, spool: Any, *, batch_size: int) -> tuple[dict[str, Any], list[ChainProblem]]:
    """Write the run's chain lines to ``spool``; return its run line and the chains left out."""
    previous = anchors.last_run
    number = previous["run"] + 1 if previous else 1
    digest, lines, problems = hashlib.sha256(), 0, []
    for incident, events in chains(_changed(anchors), batch_size=batch_size):
        found = verify_chain(incident, events, anchored=anchors.heads.get(incident.id), whole=True)
        if found:
            problems.extend(found)
            continue
        line = canonical({"incident": incident.id, "count": len(events), "head": incident.audit_head_hash})
        spool.write(line + b"\n")
        digest.update(line + b"\n")
        lines += 1
        anchors.heads[incident.id] = Anchored(len(events), bytes.fromhex(incident.audit_head_hash), number)
    key_id = current_key_id()
    run = {
        "run": number,
        "at": timezone.now().isoformat(timespec="seconds"),
        "key": key_id,
        "lines": lines,
        "chains": len(anchors.heads),
        "events": sum(anchored.count for anchored in anchors.heads.values()),
        "digest": digest.hexdigest(),
        "prev": previous["mac"] if previous else "",
    }
    run["mac"] = _run_mac(key_id, run)
    return run, problems


def _copy(source: Any, descriptor: int) -> None:
    while chunk := source.read(1024 * 1024):
        view = memoryview(chunk)
        while view:
            view = view[os.write(descriptor, view) :]
