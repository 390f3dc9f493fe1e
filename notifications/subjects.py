"""The list of affected people of an incident: a CSV upload checked row by row and loaded by a Celery task.

Valid rows are kept, every bad row is reported by its line number in a downloadable error report, and loading the
same file again adds nothing (the same external id, else the same e-mail address, else the same name and postal
address). The file is streamed — never whole in memory — so a list of a million people loads like one of ten: on
PostgreSQL through ``COPY`` into a staging table and one set-based insert, elsewhere in batches.
"""

from __future__ import annotations

import contextlib
import csv
import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from operator import itemgetter
from typing import IO

import puremagic
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.validators import EmailValidator
from django.db import connection, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg import sql

from datalek.errors import DomainError
from datalek.task_queue import enqueue
from incidents.evidence import safe_filename
from incidents.models import Incident, User
from incidents.roles import Role, role_in
from incidents.services import incident_get_for_update
from notifications import events
from notifications.error_codes import NoticeErrorCode as Code
from notifications.models import LANGUAGES, AffectedSubject, Delivery, SubjectImport

COLUMNS = {
    "name": "name", "naam": "name", "nom": "name",
    "email": "email", "e-mail": "email", "mail": "email",
    "postal_address": "postal_address", "postal address": "postal_address", "address": "postal_address",
    "adres": "postal_address", "adresse": "postal_address",
    "language": "language", "taal": "language", "langue": "language",
    "external_id": "external_id", "external id": "external_id", "id": "external_id",
}  # fmt: skip
FIELDS = ("name", "email", "postal_address", "language", "external_id")
ROW = (*FIELDS, "dedupe_key")  # a checked row
LANGUAGE_CODES = {code for code, _label in LANGUAGES}
PROGRESS_EVERY = 20_000  # rows between progress updates
ANALYZE_AFTER = 10_000  # people added by one import, from which the table's statistics are refreshed at once
IMPORT_LOCK = 0x5D1A  # PostgreSQL advisory lock space of the imports: (IMPORT_LOCK, incident id)
_EMAIL = EmailValidator()


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    duplicates: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def dedupe_key(*, external_id: str, email: str, name: str, postal_address: str) -> str:
    """The same person imported twice is one person."""
    if external_id:
        return f"id:{external_id}"
    if email:
        return f"email:{email.lower()}"
    return f"post:{' '.join(name.lower().split())}|{' '.join(postal_address.lower().split())}"


@lru_cache(maxsize=4096)
def _domain_ok(domain: str) -> bool:
    return domain in _EMAIL.domain_allowlist or _EMAIL.validate_domain_part(domain)


# The compiled pattern's own method, not reached through Django's lazy proxy for every row.
_user_part_ok = _EMAIL.user_regex.match


def _email_ok(value: str) -> bool:
    """Django's e-mail check, with the domain part remembered: a list has few distinct domains."""
    user, at, domain = value.rpartition("@")
    return bool(at and user and len(value) <= 320 and _user_part_ok(user) and _domain_ok(domain))


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
                        "postal_address, language and optionally external_id, separated by ; "
                        "or ,."
                    )
                    % {"cols": ", ".join(sorted(missing))}
                ]
            }
        )
    return names


class _Layout:
    """Where each field sits in the rows of one file. A field the header lacks (the optional external id) reads
    the blank cell put after every row; where a column comes twice, the last one counts."""

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
    """The file's layout and (line number, cells) for each data row. The header is read and checked at once
    (before anything is loaded); the rows are then read one by one."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    first = text.readline()
    delimiter = ";" if first.count(";") > first.count(",") else ","
    layout = _Layout(_header(csv.reader([first], delimiter=delimiter)))

    def rows():
        for line, cells in enumerate(csv.reader(text, delimiter=delimiter), start=2):
            if "".join(cells).strip():  # not a blank row
                yield line, cells

    return layout, rows()


def _check(layout: _Layout, cells: list[str], default_language: str) -> tuple[tuple | None, str | None]:
    """The row as (name, e-mail, postal address, language, external id, dedupe key), or why it is refused."""
    values = layout.values(cells)
    if values is None:
        return None, _("more values than columns")
    name, email, postal_address, language, external_id = map(str.strip, values)
    if not email and not postal_address:
        return None, _("neither an e-mail address nor a postal address")
    if email and not _email_ok(email):
        return None, _("“%(email)s” is not a valid e-mail address") % {"email": email}
    code = (language or default_language).lower()
    if code not in LANGUAGE_CODES:
        return None, _("unknown language “%(lang)s” (use nl, fr or en)") % {"lang": language}
    key = dedupe_key(external_id=external_id, email=email, name=name, postal_address=postal_address)
    return (name, email, postal_address, code, external_id, key), None


# --- writing ------------------------------------------------------------------------------------------------


class _PostgresSink:
    """Valid rows go into a staging table with COPY; one INSERT … SELECT moves the new ones over."""

    def __init__(self, incident_id: int) -> None:
        self.incident_id, self.table = incident_id, f"subject_staging_{uuid.uuid4().hex[:12]}"
        connection.ensure_connection()
        self.raw = connection.connection
        self.raw.execute(
            f"CREATE TEMP TABLE {self.table} (line integer, name text, email text, postal_address "
            "text, language text, external_id text, dedupe_key text)"
        )
        self.copy_cm = self.raw.cursor().copy(f"COPY {self.table} FROM STDIN")
        self.copy = self.copy_cm.__enter__()

    def add(self, line: int, row: tuple) -> None:
        self.copy.write_row((line, *row))

    def finish(self) -> int:
        self.copy_cm.__exit__(None, None, None)
        self.copy_cm = None
        insert = sql.SQL(
            "INSERT INTO notifications_affectedsubject (incident_id, name, email, postal_address, language, "
            "external_id, dedupe_key, created_at) SELECT DISTINCT ON (s.dedupe_key) %(incident)s, s.name, s.email, "
            "s.postal_address, s.language, s.external_id, s.dedupe_key, now() FROM {} s WHERE NOT EXISTS (SELECT 1 "
            "FROM notifications_affectedsubject t WHERE t.incident_id = %(incident)s AND t.dedupe_key = s.dedupe_key) "
            "ORDER BY s.dedupe_key, s.line"
        ).format(sql.Identifier(self.table))
        with self.raw.cursor() as cursor:
            # One import at a time per incident (the next waits here until this one commits), so that the people
            # already on the list are left out by the anti-join above: cheaper than ON CONFLICT's check per row.
            # The unique key (incident, dedupe key) still guards the list.
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [IMPORT_LOCK, self.incident_id % 2**31])
            cursor.execute(insert, {"incident": self.incident_id})
            created = cursor.rowcount
            if created >= ANALYZE_AFTER:
                # The planner's figures must know of the new rows at once, or the list's pages are planned as
                # if the incident had none (a sort of all its people for each page) until autovacuum comes by.
                cursor.execute("ANALYZE notifications_affectedsubject")
            cursor.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(self.table)))
        return created

    def abort(self) -> None:
        """End an unfinished COPY so the transaction can roll back (the staging table goes with it)."""
        if self.copy_cm is not None:
            with contextlib.suppress(Exception):
                self.copy_cm.__exit__(RuntimeError, RuntimeError("import aborted"), None)


class _BatchSink:
    """Elsewhere (SQLite for ``make run``): batched inserts, duplicates skipped."""

    def __init__(self, incident_id: int) -> None:
        self.incident_id, self.batch, self.seen, self.created = incident_id, [], set(), 0

    def add(self, line: int, row: tuple) -> None:
        if row[-1] not in self.seen:
            self.seen.add(row[-1])
            self.batch.append(
                AffectedSubject(incident_id=self.incident_id, **dict(zip(ROW, row, strict=True)))
            )
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


def subjects_import_start(
    *, actor: User, incident_id: int, name: str, size: int, stream: IO[bytes]
) -> SubjectImport:
    """Keep the upload and queue its loading (a Celery task after commit)."""
    _require_text(size, stream)
    if size > settings.SUBJECTS_IMPORT_MAX_BYTES:
        raise ValidationError(
            {
                "file": [
                    _("The file is larger than %(mb)d MB.")
                    % {"mb": settings.SUBJECTS_IMPORT_MAX_BYTES // 2**20}
                ]
            }
        )
    with transaction.atomic():
        job = _new_job(
            actor=actor,
            incident_id=incident_id,
            file_name=safe_filename(name, default="upload.csv"),
            size=size,
            content=File(stream),
        )
        transaction.on_commit(lambda: _queue(job.pk))
    return job


def _new_job(*, actor: User, incident_id: int, file_name: str, size: int, content: File) -> SubjectImport:
    """A new import of the list of an open incident, its file kept (inside the caller's transaction)."""
    incident = incident_get_for_update(actor, incident_id)
    _require_open(incident)
    job = SubjectImport(
        incident=incident, file_name=file_name, size=size, requested_by=actor, requested_at=timezone.now()
    )
    job.upload.save(uuid.uuid4().hex, content, save=False)
    job.save()
    return job


# What a spreadsheet or document saved instead of "CSV UTF-8" looks like; their own loader would read none of it.
_NOT_CSV = {".zip", ".xlsx", ".xls", ".ods", ".docx", ".doc", ".odt", ".pdf", ".png", ".jpg", ".gif", ".7z"}


def _require_text(size: int, stream: IO[bytes]) -> None:
    """Refuse at once, with what it seems to be, a file that is not text (the content decides, not the name)."""
    if size <= 0:
        raise ValidationError({"file": [_("The file is empty.")]})
    sample = stream.read(64 * 1024)
    stream.seek(0)
    try:
        sniffed = {match.extension.lower() for match in puremagic.magic_string(sample)} & _NOT_CSV
    except puremagic.PureError:
        sniffed = set()
    if sniffed or b"\x00" in sample:
        kind = sorted(sniffed)[0] if sniffed else _("binary")
        raise ValidationError(
            {
                "file": [
                    _("This is not a CSV text file (it looks like %(kind)s): save the list as “CSV UTF-8”.")
                    % {"kind": kind}
                ]
            }
        )


def _queue(job_id: int) -> None:
    from notifications.tasks import subjects_import_task

    enqueue(subjects_import_task, job_id=job_id)  # kept in the database while the broker is unreachable


def _require_open(incident: Incident) -> None:
    if incident.status == Incident.Status.CLOSED:
        raise DomainError(Code.NOT_ALLOWED, _("The incident is closed."), status=409)


def subjects_import_run(job_id: int) -> SubjectImport:
    """Check and load one upload. A file that cannot be read (not UTF-8, no header) loads nothing."""
    claimed = SubjectImport.objects.filter(pk=job_id, status=SubjectImport.Status.QUEUED).update(
        status=SubjectImport.Status.RUNNING
    )
    job = SubjectImport.objects.select_related("incident__organisation", "requested_by").get(pk=job_id)
    if not claimed:
        return job  # another worker has it, or it is done
    try:
        report = _load(job)
    except (ValidationError, UnicodeDecodeError) as exc:
        message = " ".join(exc.messages) if isinstance(exc, ValidationError) else _not_utf8(exc)
        SubjectImport.objects.filter(pk=job_id).update(
            status=SubjectImport.Status.FAILED, message=message, finished_at=timezone.now()
        )
    else:
        _finish(job, report)
    finally:
        job.upload.delete(save=False)  # personal data: not kept beyond its loading
        SubjectImport.objects.filter(pk=job_id).update(upload="")
    job.refresh_from_db()
    return job


def _not_utf8(exc: UnicodeDecodeError) -> str:
    return _("The file is not UTF-8 text (byte %(pos)d of a line).") % {"pos": exc.start}


def progress_key(job_id: int) -> str:
    return f"subjects-import:{job_id}"


def _load(job: SubjectImport) -> ImportReport:
    """Read, check and load in one transaction: a file that fails half-way loads nothing. The progress goes to
    the cache (Redis in production), outside the transaction, so the progress bar moves while it runs."""
    report, errors = ImportReport(), io.StringIO()
    writer = csv.writer(errors)
    writer.writerow(["line", "problem"])
    with transaction.atomic(), job.upload.open("rb") as upload:
        counted = _Counting(upload)
        layout, rows = _rows(io.BufferedReader(counted, buffer_size=1 << 20))
        sink = _sink(job.incident_id)
        try:
            valid = _read_into(job, layout, rows, sink, report, writer, counted)
            report.created = sink.finish()
        except BaseException:
            sink.abort()
            raise
    report.duplicates = valid - report.created
    if report.errors:
        job.error_report.save(f"{uuid.uuid4().hex}.csv", ContentFile(errors.getvalue().encode()), save=False)
        SubjectImport.objects.filter(pk=job.pk).update(error_report=job.error_report.name)
    return report


def _read_into(job, layout: _Layout, rows, sink, report: ImportReport, writer, counted: _Counting) -> int:
    valid, default_language = 0, job.incident.organisation.language
    for line, cells in rows:
        report.rows += 1
        row, error = _check(layout, cells, default_language)
        if error:
            report.errors.append((line, error))
            writer.writerow([line, error])
        else:
            sink.add(line, row)
            valid += 1
        if report.rows % PROGRESS_EVERY == 0:
            cache.set(progress_key(job.pk), counted.count, timeout=24 * 3600)
    return valid


def _finish(job: SubjectImport, report: ImportReport) -> None:
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=job.incident_id)
        SubjectImport.objects.filter(pk=job.pk).update(
            status=SubjectImport.Status.DONE,
            processed=job.size,
            rows=report.rows,
            created=report.created,
            duplicates=report.duplicates,
            errors=len(report.errors),
            finished_at=timezone.now(),
        )
        events.subjects_imported_event(
            incident=incident,
            actor=job.requested_by,
            data={
                "import": job.pk,
                "rows": report.rows,
                "created": report.created,
                "duplicates": report.duplicates,
                "errors": len(report.errors),
            },
        )


def subjects_import_csv(*, actor: User, incident_id: int, data: bytes) -> ImportReport:
    """Check and load a list at once (small lists, tests): the same path as the task, run in this process.
    A file that cannot be read is refused whole with a ValidationError."""
    with transaction.atomic():
        job = _new_job(
            actor=actor,
            incident_id=incident_id,
            file_name="upload.csv",
            size=len(data),
            content=ContentFile(data),
        )
    try:
        report = _load(SubjectImport.objects.select_related("incident__organisation").get(pk=job.pk))
    except UnicodeDecodeError as exc:
        _fail(job, "not UTF-8")
        raise ValidationError({"file": [_not_utf8(exc)]}) from exc
    except ValidationError:
        _fail(job, "unreadable")
        raise
    finally:
        job.upload.delete(save=False)
    _finish(job, report)
    return report


def _fail(job: SubjectImport, message: str) -> None:
    SubjectImport.objects.filter(pk=job.pk).update(
        status=SubjectImport.Status.FAILED, message=message, upload="", finished_at=timezone.now()
    )


# --- purge (the list is personal data) -----------------------------------------------------------------------


def subjects_purge(*, actor: User | None, incident_id: int) -> int:
    """Delete the list of affected people of a closed incident, and the names and addresses in its outbox and
    import reports; what remains is how many there were and what happened to the notices. Audited."""
    with transaction.atomic():
        if actor is not None:
            incident = incident_get_for_update(actor, incident_id)
            if role_in(actor, incident.organisation_id) != Role.DPO:
                raise DomainError(
                    Code.FORBIDDEN, _("Only a DPO purges the list of affected people."), status=403
                )
        else:
            incident = Incident.objects.select_for_update().get(pk=incident_id)
        if incident.status != Incident.Status.CLOSED:
            raise DomainError(
                Code.NOT_ALLOWED, _("The list is purged after the incident is closed."), status=409
            )
        Delivery.objects.filter(notice__incident=incident, subject__isnull=False).update(
            # the outbox keeps one row per recipient: each purged row gets a placeholder of its own
            subject=None,
            recipient=Concat(Value("purged:"), Cast("id", CharField())),
            recipient_name="",
        )
        subjects = AffectedSubject.objects.filter(incident=incident)
        purged = subjects.count()
        subjects._raw_delete(subjects.db)  # no per-row cascade: the outbox rows were detached above
        for job in SubjectImport.objects.filter(incident=incident).exclude(error_report=""):
            job.error_report.delete(save=False)
        SubjectImport.objects.filter(incident=incident).update(error_report="")
        events.subjects_purged_event(incident=incident, actor=actor, data={"purged": purged})
    return purged


def _incidents_with_people() -> list[int]:
    """The incidents that have a list of affected people. Every minute, at a million incidents (nearly all closed)
    and lists of a million people: asking each closed incident whether it has people would probe the index a
    million times, and a DISTINCT would read it whole; this walks the index from one incident to the next
    (a "loose index scan"), one step per incident that has a list."""
    table = AffectedSubject._meta.db_table
    query = f"""
        WITH RECURSIVE holders(incident_id) AS (
            SELECT (SELECT min(incident_id) FROM {table})
            UNION ALL
            SELECT (SELECT min(s.incident_id) FROM {table} s WHERE s.incident_id > h.incident_id)
            FROM holders h WHERE h.incident_id IS NOT NULL
        )
        SELECT incident_id FROM holders WHERE incident_id IS NOT NULL
    """  # noqa: S608 - our own table name, no values
    with connection.cursor() as cursor:
        cursor.execute(query)
        return [incident_id for (incident_id,) in cursor.fetchall()]


def purge_expired(now=None) -> int:
    """The sweep: lists of incidents closed longer ago than SUBJECTS_RETENTION_DAYS are purged."""
    if not settings.SUBJECTS_RETENTION_DAYS:
        return 0
    before = (now or timezone.now()) - timedelta(days=settings.SUBJECTS_RETENTION_DAYS)
    due = list(
        Incident.objects.filter(
            pk__in=_incidents_with_people(), status=Incident.Status.CLOSED, closed_at__lte=before
        ).values_list("id", flat=True)[:100]
    )
    for incident_id in due:
        subjects_purge(actor=None, incident_id=incident_id)
    return len(due)
