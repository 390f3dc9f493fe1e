"""The list of affected people of an incident: a CSV upload checked row by row. Valid rows are kept, every bad
row is reported by its line number, and importing the same file again adds nothing."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from datalek.errors import DomainError
from incidents.models import User
from incidents.services import incident_get_for_update
from notifications import events
from notifications.error_codes import NoticeErrorCode as Code
from notifications.models import LANGUAGES, AffectedSubject

COLUMNS = {
    "name": "name",
    "naam": "name",
    "nom": "name",
    "email": "email",
    "e-mail": "email",
    "mail": "email",
    "postal_address": "postal_address",
    "postal address": "postal_address",
    "address": "postal_address",
    "adres": "postal_address",
    "adresse": "postal_address",
    "language": "language",
    "taal": "language",
    "langue": "language",
    "external_id": "external_id",
    "external id": "external_id",
    "id": "external_id",
}
LANGUAGE_CODES = {code for code, _label in LANGUAGES}
MAX_BYTES = 20 * 1024 * 1024  # the streamed COPY import for very large lists is a separate path


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    duplicates: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "created": self.created,
            "duplicates": self.duplicates,
            "errors": [{"line": line, "message": message} for line, message in self.errors],
        }


def dedupe_key(*, external_id: str, email: str, name: str, postal_address: str) -> str:
    """The same person imported twice is one person: same external id, else the same e-mail address
    (case-insensitive), else the same name and address."""
    if external_id:
        return f"id:{external_id}"
    if email:
        return f"email:{email.lower()}"
    return f"post:{' '.join(name.lower().split())}|{' '.join(postal_address.lower().split())}"


def _reader(data: bytes) -> csv.DictReader:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            {"file": [_("The file is not UTF-8 text (byte %(pos)d).") % {"pos": exc.start}]}
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    headers = {COLUMNS.get((h or "").strip().lower()) for h in reader.fieldnames or []}
    missing = {"name", "email", "postal_address", "language"} - headers
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
    return reader


def _row(raw: dict, default_language: str) -> tuple[dict | None, str | None]:
    row = {
        COLUMNS[k.strip().lower()]: (v or "").strip()
        for k, v in raw.items()
        if k and k.strip().lower() in COLUMNS
    }
    if None in raw:
        return None, _("more values than columns")
    if not row.get("email") and not row.get("postal_address"):
        return None, _("neither an e-mail address nor a postal address")
    if row.get("email"):
        try:
            validate_email(row["email"])
        except ValidationError:
            return None, _("“%(email)s” is not a valid e-mail address") % {"email": row["email"]}
    language = (row.get("language") or default_language).lower()
    if language not in LANGUAGE_CODES:
        return None, _("unknown language “%(lang)s” (use nl, fr or en)") % {"lang": row.get("language")}
    row["language"] = language
    row.setdefault("external_id", "")
    return row, None


def subjects_import_csv(*, actor: User, incident_id: int, data: bytes) -> ImportReport:
    """Check every row, keep the valid ones (skipping people already on the list), report the rest."""
    if len(data) > MAX_BYTES:
        raise ValidationError(
            {"file": [_("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // 2**20}]}
        )
    reader = _reader(data)
    with transaction.atomic():
        incident = incident_get_for_update(actor, incident_id)
        if incident.status == incident.Status.CLOSED:
            raise DomainError(Code.NOT_ALLOWED, _("The incident is closed."), status=409)
        report, rows = ImportReport(), {}
        known = set(AffectedSubject.objects.filter(incident=incident).values_list("dedupe_key", flat=True))
        for line, raw in enumerate(reader, start=2):
            report.rows += 1
            row, error = _row(raw, incident.organisation.language)
            if error:
                report.errors.append((line, error))
                continue
            key = dedupe_key(
                external_id=row["external_id"],
                email=row["email"],
                name=row["name"],
                postal_address=row["postal_address"],
            )
            if key in known or key in rows:
                report.duplicates += 1
                continue
            rows[key] = AffectedSubject(incident=incident, dedupe_key=key, **row)
        AffectedSubject.objects.bulk_create(rows.values(), batch_size=1000, ignore_conflicts=True)
        report.created = len(rows)
        events.subjects_imported_event(
            incident=incident,
            actor=actor,
            data={
                "rows": report.rows,
                "created": report.created,
                "duplicates": report.duplicates,
                "errors": len(report.errors),
            },
        )
    return report
