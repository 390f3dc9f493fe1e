"""The list of affected people of an incident: a CSV upload checked row by row and loaded by a Celery task.

Valid rows are kept, every bad row is reported by its line number in a downloadable error report, and loading the
same file again adds nothing (the same external id, else the same e-mail address, else the same name and postal
address). The file is streamed — never whole in memory — so a list of a million people loads like one of ten: on
PostgreSQL through ``COPY`` into a staging table and one set-based insert, elsewhere in batches.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from operator import itemgetter
from typing import IO

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg import sql

from datalek.csv_files import csv_text
from datalek.errors import DomainError
from incidents.lock_objects import incident_lock
from incidents.models import Incident, User
from incidents.services import incident_get_for_update
from people import events
from people.error_codes import PeopleErrorCode as Code
from people.models import AffectedSubject, SubjectImport
from people.recipients import LANGUAGE_CODES, email_ok, problem

logger = logging.getLogger(__name__)

COLUMNS = {
    "name": "name", "naam": "name", "nom": "name",
    "email": "email", "e-mail": "email", "mail": "email",
    "postal_address": "postal_address", "postal address": "postal_address", "address": "postal_address",
    "adres": "postal_address", "adresse": "postal_address",
    "language": "language", "taal": "language", "langue": "language",
    "external_id": "external_id", "external id": "external_id", "id": "external_id",
    "group": "group", "groep": "group", "groupe": "group",
}  # fmt: skip
FIELDS = ("name", "email", "postal_address", "language", "external_id", "group")
ROW = (*FIELDS, "dedupe_key")  # a checked row
DEDUPE_MAX = 320  # AffectedSubject.dedupe_key
PROGRESS_EVERY = 20_000  # rows between progress updates
IMPORT_WORK_MEM = "256MB"  # for the one sort of the new people (a million take ~150 MB)
ANALYZE_AFTER = 10_000  # people added by one import, from which the table's statistics are refreshed at once
IMPORT_LOCK = 0x5D1A  # PostgreSQL advisory lock space of the imports: (IMPORT_LOCK, incident id)
_email_ok = email_ok  # the rows' e-mail check (people.recipients), compared with Django's in the tests


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    duplicates: int = 0
    grouped: int = 0  # people already on the list, without a group, given the group of their row
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, "field: problem")


def dedupe_key(*, external_id: str, email: str, name: str, postal_address: str) -> str:
    """The same person imported twice is one person. A name and postal address longer together than the key's
    column are keyed by their hash (shorter ones keep the readable key earlier imports wrote)."""
    if external_id:
        return f"id:{external_id}"
    if email:
        return f"email:{email.lower()}"
    key = f"post:{' '.join(name.lower().split())}|{' '.join(postal_address.lower().split())}"
    return key if len(key) <= DEDUPE_MAX else f"post#{hashlib.sha256(key.encode()).hexdigest()}"


# --- reading ------------------------------------------------------------------------------------------------


class _Counting(io.RawIOBase):
    """A binary stream that counts the bytes read: the progress of the import."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw, self.count = raw, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


def _header(reader) -> list[str | None]:
    names = [COLUMNS.get((name or "").strip().lower()) for name in next(reader, [])]
    missing = {"name", "email", "postal_address", "language"} - set(names)
    if missing:
        raise ValidationError(
            {
                "file": [
                    _(
                        "The header row lacks: %(cols)s. Expected columns: name, email, "
                        "postal_address, language and optionally external_id and group, separated "
                        "by ; or ,."
                    )
                    % {"cols": ", ".join(sorted(missing))}
                ]
            }
        )
    return names


class _Layout:
    """Where each field sits in the rows of one file. A field the header lacks (the optional external id and
    group) reads the blank cell put after every row; where a column comes twice, the last one counts."""

    def __init__(self, names: list[str | None]) -> None:
        self.width = len(names)
        where = {name: i for i, name in enumerate(names) if name}
        self.fields = itemgetter(*(where.get(name, self.width) for name in FIELDS))

    def values(self, cells: list[str]) -> tuple[str, ...] | None:
        """The row's fields in the order of FIELDS, or None when it has more values than columns."""
        missing = self.width + 1 - len(cells)
        if missing < 1:
            return None
        cells.extend([""] * missing)
        return self.fields(cells)


def _rows(stream: IO[bytes]) -> tuple[_Layout, Iterator[tuple[int, list[str]]]]:
    """The file's layout and (line number, cells) for each data row, numbered by the line the row starts on (an
    address in quotes may run over several). The header is read and checked at once (before anything is loaded);
    the rows are then read one by one."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    first = text.readline()
    delimiter = ";" if first.count(";") > first.count(",") else ","
    layout = _Layout(_header(csv.reader([first], delimiter=delimiter)))

    def rows():
        reader, start = csv.reader(text, delimiter=delimiter), 2
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ValidationError({"file": [_unreadable(start, exc)]}) from exc
            if "".join(cells).strip():  # not a blank row
                yield start, cells
            start = reader.line_num + 2

    return layout, rows()


def _unreadable(line: int, exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return _(
            'line %(line)d: a cell is longer than %(limit)s characters. Is a quote (") not closed, joining the '
            "lines after it into one cell? Nothing was added."
        ) % {"line": line, "limit": f"{csv.field_size_limit():,}"}
    return _("line %(line)d: this line cannot be read as CSV (%(error)s). Nothing was added.") % {
        "line": line,
        "error": exc,
    }


def _check(
    layout: _Layout, cells: list[str], default_language: str
) -> tuple[tuple | None, tuple[str, str, str] | None]:
    """The row as (name, e-mail, postal address, language, external id, group, dedupe key), or why it is refused
    as (field, its value, problem): each cell against what its column holds (``people.recipients``)."""
    values = layout.values(cells)
    if values is None:
        return None, ("", "", _("more values than columns"))
    name, email, postal_address, language, external_id, group = values = tuple(map(str.strip, values))
    code = language or default_language
    code = code if code in LANGUAGE_CODES else code.lower() if code.lower() in LANGUAGE_CODES else code
    refused = problem(
        name=name,
        email=email,
        postal_address=postal_address,
        language=code,
        external_id=external_id,
        group=group,
    )
    if refused is not None:
        where = refused[0]
        value = language if where == "language" else values[FIELDS.index(where)]
        return None, (where, value, refused[1])
    key = dedupe_key(external_id=external_id, email=email, name=name, postal_address=postal_address)
    return (name, email, postal_address, code, external_id, group, key), None


# --- writing ------------------------------------------------------------------------------------------------


class _PostgresSink:
    """Valid rows go into a staging table with COPY; one INSERT … SELECT moves the new ones over."""

    def __init__(self, incident_id: int) -> None:
        self.incident_id, self.table = incident_id, f"subject_staging_{uuid.uuid4().hex[:12]}"
        self.grouped = 0
        self.with_group = False  # whether any row names a group (else there is nothing to give the listed)
        connection.ensure_connection()
        self.raw = connection.connection
        self.raw.execute(
            f"CREATE TEMP TABLE {self.table} (line integer, name text, email text, postal_address "
            "text, language text, external_id text, group_label text, dedupe_key text)"
        )
        self.copy_cm = self.raw.cursor().copy(f"COPY {self.table} FROM STDIN")
        self.copy = self.copy_cm.__enter__()

    def add(self, line: int, row: tuple) -> None:
        self.with_group = self.with_group or bool(row[-2])
        self.copy.write_row((line, *row))

    def finish(self) -> int:
        self.copy_cm.__exit__(None, None, None)
        self.copy_cm = None
        insert = sql.SQL(
            "INSERT INTO notifications_affectedsubject (incident_id, name, email, postal_address, language, "
            'external_id, "group", dedupe_key, created_at, excluded_reason) SELECT DISTINCT ON '
            '(s.dedupe_key COLLATE "C") %(incident)s, s.name, s.email, s.postal_address, s.language, s.external_id, '
            "s.group_label, s.dedupe_key, now(), '' FROM {} s WHERE NOT EXISTS (SELECT 1 FROM "
            "notifications_affectedsubject t WHERE t.incident_id = %(incident)s AND t.dedupe_key = s.dedupe_key) "
            'ORDER BY s.dedupe_key COLLATE "C", s.line'
        ).format(sql.Identifier(self.table))
        with self.raw.cursor() as cursor:
            # One import at a time per incident (the next waits here until this one commits), so that the people
            # already on the list are left out by the anti-join above: cheaper than ON CONFLICT's check per row.
            # The unique key (incident, dedupe key) still guards the list.
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [IMPORT_LOCK, self.incident_id % 2**31])
            # The new people are sorted by key (the first row of each key wins): in memory rather than in files on
            # disk for a list of a million, by bytes rather than by the language's rules (only the sort: the key's
            # comparisons with the list keep the list's collation, or its unique index could not serve them).
            cursor.execute("SELECT set_config('work_mem', %s, true)", [IMPORT_WORK_MEM])
            if self.with_group:
                cursor.execute(self._give_groups(), {"incident": self.incident_id})
                self.grouped = cursor.rowcount
            cursor.execute(insert, {"incident": self.incident_id})
            created = cursor.rowcount
            if created >= ANALYZE_AFTER:
                # The planner's figures must know of the new rows at once, or the list's pages are planned as
                # if the incident had none (a sort of all its people for each page) until autovacuum comes by.
                cursor.execute("ANALYZE notifications_affectedsubject")
            cursor.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(self.table)))
        return created

    def _give_groups(self) -> sql.Composed:
        """People already on the list without a group get the group of their row (the first that names one): a
        list loaded before the breach was split into groups is completed by loading it again with a group column.
        A group already set — by an import or a DPO — is never changed here."""
        return sql.SQL(
            'UPDATE notifications_affectedsubject t SET "group" = s.group_label FROM (SELECT DISTINCT ON '
            "(dedupe_key COLLATE \"C\") dedupe_key, group_label FROM {} WHERE group_label <> '' "
            'ORDER BY dedupe_key COLLATE "C", line) s '
            "WHERE t.incident_id = %(incident)s AND t.dedupe_key = s.dedupe_key AND t.\"group\" = ''"
        ).format(sql.Identifier(self.table))

    def abort(self) -> None:
        """End an unfinished COPY so the transaction can roll back (the staging table goes with it)."""
        if self.copy_cm is not None:
            with contextlib.suppress(Exception):
                self.copy_cm.__exit__(RuntimeError, RuntimeError("import aborted"), None)


class _BatchSink:
    """Elsewhere (SQLite for ``make run``): batched inserts, duplicates skipped."""

    def __init__(self, incident_id: int) -> None:
        self.incident_id, self.batch, self.seen, self.created, self.grouped = incident_id, [], set(), 0, 0
        self.listed = set(
            AffectedSubject.objects.filter(incident_id=incident_id, group="").values_list(
                "dedupe_key", flat=True
            )
        )  # without a group: given their row's (as ``_PostgresSink._give_groups``)

    def add(self, line: int, row: tuple) -> None:
        if row[-1] not in self.seen:
            self.seen.add(row[-1])
            self.batch.append(
                AffectedSubject(incident_id=self.incident_id, **dict(zip(ROW, row, strict=True)))
            )
            if row[-1] in self.listed and row[-2]:
                self.grouped += AffectedSubject.objects.filter(
                    incident_id=self.incident_id, dedupe_key=row[-1], group=""
                ).update(group=row[-2])
        if len(self.batch) >= 5000:
            self._flush()

    def _flush(self) -> None:
        before = AffectedSubject.objects.filter(incident_id=self.incident_id).count()
        AffectedSubject.objects.bulk_create(self.batch, ignore_conflicts=True)
        self.created += AffectedSubject.objects.filter(incident_id=self.incident_id).count() - before
        self.batch = []

    def finish(self) -> int:
        self._flush()
        return self.created

    def abort(self) -> None:
        pass


def _sink(incident_id: int):
    return _PostgresSink(incident_id) if connection.vendor == "postgresql" else _BatchSink(incident_id)


# --- the job -----------------------------------------------------------------------------------------------


def new_job(*, actor: User, incident_id: int, file_name: str, size: int, content: File) -> SubjectImport:
    """A new import of the list of an open incident, its file kept (inside the caller's transaction)."""
    incident = incident_get_for_update(actor, incident_id)
    require_open(incident)
    job = SubjectImport(
        incident=incident, file_name=file_name, size=size, requested_by=actor, requested_at=timezone.now()
    )
    job.upload.save(uuid.uuid4().hex, content, save=False)
    job.save()
    return job


def require_open(incident: Incident) -> None:
    if incident.status == Incident.Status.CLOSED:
        raise DomainError(Code.NOT_ALLOWED, _("The incident is closed."), status=409)


class _Swept(Exception):
    """The sweep ended the job while it was loading: what it loaded is rolled back."""


def subjects_import_run(job_id: int) -> SubjectImport:
    """Check and load one upload. Whatever happens the job ends ``done`` or ``failed`` with a message a person
    understands; a file that cannot be read (not UTF-8, no header, a cell beyond the reader's limit) loads nothing.
    The upload is deleted once the job has its end state, not before."""
    claimed = SubjectImport.objects.filter(pk=job_id, status=SubjectImport.Status.QUEUED).update(
        status=SubjectImport.Status.RUNNING, started_at=timezone.now()
    )
    job = SubjectImport.objects.select_related("incident__organisation", "requested_by").get(pk=job_id)
    if not claimed:
        return job  # another worker has it, or it is done
    try:
        _load(job)
    except ValidationError as exc:
        _fail(job, " ".join(exc.messages))
    except _Swept:
        pass
    except Exception:
        logger.exception("Import %s of a list of affected people failed", job_id)
        _fail(job, _unexpected(job))
    finally:
        _drop_upload_once_ended(job)
    job.refresh_from_db()
    return job


def _unexpected(job: SubjectImport) -> str:
    return _(
        "The list could not be loaded because of an unexpected error (import %(id)d); nothing was added. Upload it "
        "again; if it fails again, tell your administrator the import number."
    ) % {"id": job.pk}


def _drop_upload_once_ended(job: SubjectImport) -> None:
    """Personal data: the upload is not kept beyond its loading — but only deleted once the job has ended, so that
    a job is never left running without the file it reads."""
    ended = SubjectImport.objects.filter(
        pk=job.pk, status__in=[SubjectImport.Status.DONE, SubjectImport.Status.FAILED]
    ).exclude(upload="")
    if ended.exists():
        job.upload.delete(save=False)
        ended.update(upload="")


def _fail(job: SubjectImport, message: str) -> None:
    """End a job that is still running (not one the sweep ended meanwhile) as failed."""
    SubjectImport.objects.filter(pk=job.pk, status=SubjectImport.Status.RUNNING).update(
        status=SubjectImport.Status.FAILED, message=message, finished_at=timezone.now()
    )


def _not_utf8(job: SubjectImport) -> str:
    """Where the file stops being UTF-8: the line, the byte and its position in the line. Looked for only when the
    reading failed (a second pass over the upload), so a good file costs nothing for it."""
    with job.upload.open("rb") as upload:
        for line, raw in enumerate(upload, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                return _(
                    "line %(line)d: the text is not UTF-8 (byte 0x%(byte)02X at position %(pos)d). Save the "
                    "list as “CSV UTF-8”; nothing was added."
                ) % {
                    "line": line,
                    "byte": raw[exc.start],
                    "pos": exc.start + 1,
                }
    return _("The file is not UTF-8 text. Save the list as “CSV UTF-8”; nothing was added.")


def progress_key(job_id: int) -> str:
    return f"subjects-import:{job_id}"


def moved_key(job_id: int) -> str:
    """When a running import last read a stretch of its file (the sweep's sign that it still moves)."""
    return f"subjects-import:{job_id}:moved"


def _load(job: SubjectImport) -> ImportReport:
    """Read, check and load in one transaction that also ends the job: a file that fails half-way loads nothing,
    and a job the sweep ended meanwhile loads nothing either. The progress goes to the cache (Redis in production),
    outside the transaction, so the progress bar moves while it runs."""
    try:
        return _load_rows(job)
    except UnicodeDecodeError as exc:
        raise ValidationError({"file": [_not_utf8(job)]}) from exc


def _load_rows(job: SubjectImport) -> ImportReport:
    report, problems = ImportReport(), []
    with transaction.atomic(), job.upload.open("rb") as upload:
        counted = _Counting(upload)
        layout, rows = _rows(io.BufferedReader(counted, buffer_size=1 << 20))
        sink = _sink(job.incident_id)
        try:
            valid = _read_into(job, layout, rows, sink, report, problems, counted)
            report.created = sink.finish()
            report.grouped = sink.grouped
        except BaseException:
            sink.abort()
            raise
        report.duplicates = valid - report.created
        if problems:
            text = csv_text(["line", "field", "value", "problem"], problems)
            job.error_report.save(f"{uuid.uuid4().hex}.csv", ContentFile(text.encode("utf-8")), save=False)
        try:
            _finish(job, report)
        except _Swept:
            if job.error_report:
                job.error_report.delete(save=False)
            raise
    return report


VALUE_SHOWN = 200  # characters of a refused cell shown in the error report


def _read_into(
    job, layout: _Layout, rows, sink, report: ImportReport, problems: list, counted: _Counting
) -> int:
    valid, default_language = 0, job.incident.organisation.language
    for line, cells in rows:
        report.rows += 1
        row, error = _check(layout, cells, default_language)
        if error:
            where, value, message = error
            report.errors.append((line, f"{where}: {message}" if where else message))
            shown = value if len(value) <= VALUE_SHOWN else value[: VALUE_SHOWN - 1] + "…"
            problems.append((line, where, shown, message))
        else:
            sink.add(line, row)
            valid += 1
        if report.rows % PROGRESS_EVERY == 0:
            cache.set_many(
                {progress_key(job.pk): counted.count, moved_key(job.pk): timezone.now().timestamp()},
                timeout=24 * 3600,
            )
    return valid


def _finish(job: SubjectImport, report: ImportReport) -> None:
    """The job's end, in the loading's transaction: compare-and-set on "running", or it was swept meanwhile."""
    incident = incident_lock(job.incident_id)
    ended = SubjectImport.objects.filter(pk=job.pk, status=SubjectImport.Status.RUNNING).update(
        status=SubjectImport.Status.DONE,
        processed=job.size,
        rows=report.rows,
        created=report.created,
        duplicates=report.duplicates,
        grouped=report.grouped,
        errors=len(report.errors),
        error_report=job.error_report.name or "",
        finished_at=timezone.now(),
    )
    if not ended:
        raise _Swept
    events.subjects_imported_event(
        incident=incident,
        actor=job.requested_by,
        data={
            "import": job.pk,
            "rows": report.rows,
            "created": report.created,
            "duplicates": report.duplicates,
            "errors": len(report.errors),
            **({"grouped": report.grouped} if report.grouped else {}),
        },
    )


def subjects_import_csv(*, actor: User, incident_id: int, data: bytes) -> ImportReport:
    """Check and load a list at once (small lists, tests): the same path as the task, run in this process.
    A file that cannot be read is refused whole with a ValidationError."""
    with transaction.atomic():
        job = new_job(
            actor=actor,
            incident_id=incident_id,
            file_name="upload.csv",
            size=len(data),
            content=ContentFile(data),
        )
    SubjectImport.objects.filter(pk=job.pk).update(
        status=SubjectImport.Status.RUNNING, started_at=timezone.now()
    )
    job = SubjectImport.objects.select_related("incident__organisation", "requested_by").get(pk=job.pk)
    try:
        return _load(job)
    except ValidationError as exc:
        _fail(job, " ".join(exc.messages))
        raise
    except Exception:
        _fail(job, _unexpected(job))
        raise
    finally:
        _drop_upload_once_ended(job)


def fail_stalled(now=None) -> int:
    """The sweep: imports queued or running with no progress for SUBJECTS_IMPORT_STALL_MINUTES end failed, with
    a message (a worker killed mid-file, a task lost on its way). One that was only slow and finishes after all
    finds itself ended and rolls back what it loaded (``_finish``)."""
    now = now or timezone.now()
    minutes = settings.SUBJECTS_IMPORT_STALL_MINUTES
    limit = now - timedelta(minutes=minutes)
    waiting = SubjectImport.objects.filter(
        status__in=[SubjectImport.Status.QUEUED, SubjectImport.Status.RUNNING]
    ).filter(Q(started_at__lt=limit) | Q(started_at__isnull=True, requested_at__lt=limit))
    message = _(
        "The loading stopped: no progress for %(minutes)d minutes (is the task worker running?). Nothing was "
        "added; upload the file again."
    ) % {"minutes": minutes}
    failed = 0
    for job in waiting[:100]:
        moved = cache.get(moved_key(job.pk))
        if moved is not None and moved > limit.timestamp():
            continue
        if SubjectImport.objects.filter(pk=job.pk, status=job.status).update(
            status=SubjectImport.Status.FAILED, message=message, finished_at=now
        ):
            _drop_upload_once_ended(job)
            failed += 1
    return failed
