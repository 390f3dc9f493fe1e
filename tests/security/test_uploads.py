"""Uploads — evidence and the CSV of affected people: size limits, the content decides (not the name), names
made safe, files kept outside the web root under random names, served only through an authorised view as an
attachment."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from incidents.evidence import safe_filename
from incidents.models import Evidence
from notifications.models import SubjectImport
from notifications.subjects import subjects_import_start
from tests.incidents.test_evidence import PDF, PNG

CSV = b"name;email;postal_address;language\nAnna de Vries;anna@example.nl;;nl\n"

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("police-report.pdf", "police-report.pdf"),
        ("../../etc/passwd", "passwd"),
        ("..", "upload"),
        ("C:\\Users\\anna\\report.pdf", "report.pdf"),
        ("invoice\u202efdp.exe", "invoice_fdp.exe"),  # shows as "invoiceexe.pdf" with the override
        ("a\x00b\r\n.txt", "a_b__.txt"),
        ("\uff52\uff45\uff50\uff4f\uff52\uff54\uff0e\uff50\uff44\uff46", "report.pdf"),  # full-width letters
        (".htaccess", "htaccess"),
        ("rapport été.pdf", "rapport_été.pdf"),
        ("", "upload"),
    ],
)
def test_file_names_are_made_safe(name, safe):
    assert safe_filename(name) == safe


def test_a_very_long_name_is_cut_keeping_its_extension():
    name = safe_filename("x" * 1000 + ".pdf")
    assert len(name) == 150 and name.endswith(".pdf")


def _upload(client, incident, name, content, description=""):
    return client.post(
        f"/incidents/{incident.pk}/evidence/",
        {"file": SimpleUploadedFile(name, content), "description": description},
    )


def test_evidence_is_stored_under_a_random_name_outside_the_web_root_with_a_safe_display_name(
    incident, owner
):
    client = Client()
    client.force_login(owner)
    response = _upload(client, incident, "../../..\u202e/evil\u202efdp.pdf", PDF)
    assert response.status_code == 302
    item = Evidence.objects.get(incident=incident)
    # (Django's upload parser already drops the directories; the override goes in either case.)
    assert item.original_name in {"evil_fdp.pdf", "evilfdp.pdf"}
    stored = Path(item.file.path).resolve()
    media = Path(django_settings.MEDIA_ROOT).resolve()
    assert stored.is_relative_to(media) and "evil" not in stored.name
    assert not stored.is_relative_to(Path(django_settings.STATIC_ROOT).resolve())
    assert django_settings.MEDIA_URL is None


def test_stored_files_are_not_reachable_by_url(incident, owner):
    client = Client()
    client.force_login(owner)
    _upload(client, incident, "report.pdf", PDF)
    item = Evidence.objects.get(incident=incident)
    for url in (f"/media/{item.file.name}", f"/static/{item.file.name}", f"/{item.file.name}"):
        assert client.get(url).status_code == 404, url


def test_content_that_does_not_match_its_name_is_refused(incident, owner):
    client = Client()
    client.force_login(owner)
    response = _upload(client, incident, "report.pdf", PNG)
    assert response.status_code == 400
    assert "does not match its type (.pdf)" in response.content.decode()
    response = _upload(client, incident, "notes.txt", b"\x00\x01binary")
    assert response.status_code == 400
    response = _upload(client, incident, "payload.html", b"<script>alert(1)</script>")
    assert response.status_code == 400 and "not accepted" in response.content.decode()
    assert not Evidence.objects.filter(incident=incident).exists()


def test_evidence_over_the_size_limit_is_refused(incident, owner, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    client = Client()
    client.force_login(owner)
    response = _upload(client, incident, "big.pdf", PDF + b"0" * (1024 * 1024))
    assert response.status_code == 400 and "the limit is 1 MB" in response.content.decode()
    assert not Evidence.objects.exists()


def test_evidence_is_downloaded_only_by_the_team_and_only_as_an_attachment(incident, owner, outsider):
    client = Client()
    client.force_login(owner)
    _upload(client, incident, "rapport été.pdf", PDF)
    item = Evidence.objects.get(incident=incident)
    url = f"/incidents/{incident.pk}/evidence/{item.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "rapport_%C3%A9t%C3%A9.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF

    stranger = Client()
    stranger.force_login(outsider)
    assert stranger.get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page

    api = APIClient()
    api.force_authenticate(owner)
    response = api.get(f"/api/incidents/{incident.pk}/evidence/{item.pk}/")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    api.force_authenticate(outsider)
    assert api.get(f"/api/incidents/{incident.pk}/evidence/{item.pk}/").status_code == 404


# --- the CSV of affected people ---------------------------------------------------------------------------


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (_xlsx(), "it looks like"),
        (PDF, "it looks like .pdf"),
        (b"name;email\x00;x\n", "it looks like binary"),
        (b"", "The file is empty"),
    ],
)
def test_a_subjects_file_that_is_not_text_is_refused_at_once(incident, owner, content, says):
    with pytest.raises(ValidationError) as refused:
        subjects_import_start(
            actor=owner,
            incident_id=incident.pk,
            name="list.csv",
            size=len(content),
            stream=io.BytesIO(content),
        )
    assert says in " ".join(refused.value.message_dict["file"])
    assert not SubjectImport.objects.exists()


def test_a_subjects_file_over_the_limit_is_refused(incident, owner, settings):
    settings.SUBJECTS_IMPORT_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="larger than"):
        subjects_import_start(
            actor=owner, incident_id=incident.pk, name="list.csv", size=len(CSV), stream=io.BytesIO(CSV)
        )


def test_a_subjects_upload_keeps_a_safe_name_and_a_random_stored_name(
    incident, owner, django_capture_on_commit_callbacks
):
    job = subjects_import_start(
        actor=owner,
        incident_id=incident.pk,
        name="../../klanten\u202evsc.csv",
        size=len(CSV),
        stream=io.BytesIO(CSV),
    )
    assert job.file_name == "klanten_vsc.csv"
    assert "klanten" not in Path(job.upload.name).name


def test_the_subjects_upload_page_shows_why_a_file_is_refused(incident, owner):
    client = Client()
    client.force_login(owner)
    response = client.post(
        f"/incidents/{incident.pk}/subjects/", {"file": SimpleUploadedFile("list.csv", _xlsx())}, follow=True
    )
    assert "This is not a CSV text file" in response.content.decode()
    assert not SubjectImport.objects.exists()
