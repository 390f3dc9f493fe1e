"""Bad input in a list of affected people never stops an import half-way nor leaves it "running": every cell is
checked against what its column holds where the row is read, a job that meets anything it did not expect ends
failed with a message a person understands, and a job that stopped moving is failed by the sweep."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connections
from django.utils import timezone

from delivery import tasks
from incidents.models import IncidentEvent
from people import subjects
from people.models import AffectedSubject, SubjectImport
from people.recipients import EMAIL_MAX, POSTAL_ADDRESS_MAX, POSTAL_ADDRESS_MAX_LINES
from people.services import subjects_import_start
from people.subjects import subjects_import_csv
from tests.incidents.test_api import client_for

HEADER = "name;email;postal_address;language;external_id\n"
JAN = "Jan Jansen;jan@example.nl;;nl;C-1\n"


def upload(incident, actor, data: bytes, capture) -> SubjectImport:
    """Upload as the page and the API do: the job is queued and (eagerly, after commit) run by its task."""
    with capture(execute=True):
        job = subjects_import_start(
            actor=actor, incident_id=incident.pk, name="people.csv", size=len(data), stream=io.BytesIO(data)
        )
    job.refresh_from_db()
    return job


def test_an_over_long_postal_address_is_refused_by_line_and_the_others_kept(notifiable, owner):
    long = "Kerkstraat 1, " + "x" * POSTAL_ADDRESS_MAX
    data = f"{HEADER}{JAN}Piet Post;;{long};nl;\nAn Adres;;Dorpsweg 2, 1234 AB Dorp;nl;\n"
    report = subjects_import_csv(actor=owner, incident_id=notifiable.pk, data=data.encode())
    assert report.created == 2
    [(line, message)] = report.errors
    assert line == 3 and "postal_address" in message and str(POSTAL_ADDRESS_MAX) in message
    assert not AffectedSubject.objects.filter(name="Piet Post").exists()


def test_a_postal_address_on_too_many_lines_is_refused(notifiable, owner):
    lines = "\n".join(f"line {i}" for i in range(POSTAL_ADDRESS_MAX_LINES + 1))
    data = f'{HEADER}Piet Post;;"{lines}";nl;\n{JAN}'
    report = subjects_import_csv(actor=owner, incident_id=notifiable.pk, data=data.encode())
    [(line, message)] = report.errors
    assert line == 2 and "postal_address" in message and str(POSTAL_ADDRESS_MAX_LINES) in message
    # the next row starts after the address's lines, and is numbered by the line it starts on
    assert report.created == 1


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ("N" * 201 + ";n@example.nl;;nl;", "name"),
        ("Ext;ext@example.nl;;nl;" + "9" * 101, "external_id"),
        # valid for Django's validator (at most 320), but longer than the column and an SMTP path can hold
        ("Long;" + "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".nl;;nl;", "email"),
    ],
)
def test_an_over_long_cell_fails_its_row_not_the_import(
    notifiable, owner, row, field, django_capture_on_commit_callbacks
):
    data = f"{HEADER}{JAN}{row}\nAn;an@example.nl;;fr;\n".encode()
    job = upload(notifiable, owner, data, django_capture_on_commit_callbacks)
    assert (job.status, job.rows, job.created, job.errors) == ("done", 3, 2, 1)
    assert not job.upload
    report = job.error_report.open("rb").read().decode("utf-8-sig")
    assert report.splitlines()[1].startswith(f"3,{field},")


def test_the_email_check_holds_addresses_to_what_the_column_holds():
    address = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".nl"
    assert 254 < len(address) <= 320 and AffectedSubject._meta.get_field("email").max_length == EMAIL_MAX
    assert not subjects._email_ok(address)


def test_an_unbalanced_quote_is_reported_at_the_line_it_opens(
    notifiable, owner, django_capture_on_commit_callbacks
):
    data = f'{HEADER}{JAN}"Piet Post;piet@example.nl;;nl;\nAn;an@example.nl;;fr;\nBo;bo@example.nl;;en;\n'
    job = upload(notifiable, owner, data.encode(), django_capture_on_commit_callbacks)
    assert job.status == "done" and job.created == 1 and job.errors == 1
    report = job.error_report.open("rb").read().decode("utf-8-sig")
    [(line, field, value, problem)] = list(csv.reader(io.StringIO(report)))[1:]
    assert (line, field) == ("3", "name") and value.startswith("Piet Post;") and "quote" in problem


def test_a_cell_beyond_the_csv_readers_limit_fails_the_job_with_its_line(
    notifiable, owner, django_capture_on_commit_callbacks
):
    data = f'{HEADER}{JAN}"Piet;piet@example.nl;;nl;\n' + ("x" * 200 + "\n") * 1000
    job = upload(notifiable, owner, data.encode(), django_capture_on_commit_callbacks)
    assert job.status == "failed" and job.message.startswith("line 3:") and "quote" in job.message
    assert not AffectedSubject.objects.exists() and not job.upload


def test_a_job_that_meets_an_unexpected_error_ends_failed_with_a_plain_message(
    notifiable, owner, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("connection to server lost\nTraceback (most recent call last)")

    monkeypatch.setattr(subjects, "_read_into", broken)
    job = upload(notifiable, owner, f"{HEADER}{JAN}".encode(), django_capture_on_commit_callbacks)
    assert job.status == "failed" and job.finished_at is not None
    assert job.message and "Traceback" not in job.message and "RuntimeError" not in job.message
    assert not job.upload and not AffectedSubject.objects.exists()


def test_the_sweep_fails_jobs_that_stopped_moving_and_leaves_the_others(notifiable, owner, settings):
    settings.SUBJECTS_IMPORT_STALL_MINUTES = 30
    old = timezone.now() - timedelta(minutes=31)

    def job(status, requested_at):
        made = SubjectImport(
            incident=notifiable, file_name="p.csv", size=10, requested_by=owner, requested_at=requested_at
        )
        made.status = status
        made.upload.save("stalled.csv", ContentFile(b"name;email\n"), save=False)
        made.save()
        return made

    stalled, waiting, recent = job("running", old), job("queued", old), job("running", timezone.now())
    tasks.notifications_sweep()
    for made in (stalled, waiting):
        made.refresh_from_db()
        assert made.status == "failed" and "30" in made.message and made.finished_at and not made.upload
    recent.refresh_from_db()
    assert recent.status == "running" and recent.upload
    recent.upload.delete(save=False)


def test_a_job_swept_while_its_worker_still_loads_adds_nothing(
    transactional_db, notifiable, owner, monkeypatch, django_capture_on_commit_callbacks
):
    real = subjects._PostgresSink.finish

    def swept_meanwhile(sink):
        created = real(sink)
        sweep = connections.create_connection("default")  # the sweep's own connection, committing at once
        try:
            with sweep.cursor() as cursor:
                cursor.execute(
                    "UPDATE notifications_subjectimport SET status = 'failed', message = 'stalled'"
                )
        finally:
            sweep.close()
        return created

    monkeypatch.setattr(subjects._PostgresSink, "finish", swept_meanwhile)
    job = upload(notifiable, owner, f"{HEADER}{JAN}".encode(), django_capture_on_commit_callbacks)
    assert (job.status, job.message) == ("failed", "stalled") and not job.upload
    assert not AffectedSubject.objects.exists()
    assert not IncidentEvent.objects.filter(incident=notifiable, kind="subjects_imported").exists()


def test_text_that_is_not_utf8_is_refused_naming_its_line_and_byte(
    notifiable, owner, django_capture_on_commit_callbacks
):
    data = f"{HEADER}{JAN}".encode() + "Zoë;zoe@example.nl;;nl;\n".encode("latin-1")
    with pytest.raises(ValidationError) as refused:
        subjects_import_csv(actor=owner, incident_id=notifiable.pk, data=data)
    assert "line 3: the text is not UTF-8 (byte 0xEB at position 3)" in refused.value.messages[0]
    job = upload(notifiable, owner, data, django_capture_on_commit_callbacks)
    assert job.status == "failed" and job.message.startswith("line 3: the text is not UTF-8 (byte 0xEB")
    assert not AffectedSubject.objects.exists()


def test_the_error_report_is_utf8_with_its_charset_and_no_formula(
    client, notifiable, owner, django_capture_on_commit_callbacks
):
    data = f"{HEADER}{JAN}Zoë;zoe@example.nl;;=cmd|' /C calc'!A0;\n".encode()
    job = upload(notifiable, owner, data, django_capture_on_commit_callbacks)
    client.force_login(owner)
    response = client.get(f"/incidents/{notifiable.pk}/subjects/imports/{job.pk}/errors.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeffline,field,value,problem\r\n")
    assert "3,language,'=cmd|' /C calc'!A0,\"unknown language “=cmd|' /C calc'!A0” (use nl" in body
    assert (
        client_for(owner)
        .get(f"/api/incidents/{notifiable.pk}/subjects/imports/{job.pk}/")
        .json()["error_report"]
        .endswith("errors.csv")
    )
