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

from incidents.evidence import UploadRefused, check_upload, safe_filename
from incidents.models import Evidence
from people.models import SubjectImport
from people.services import subjects_import_start
from tests import evidence_files as files
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


# --- the content, read to its end (issue 13, failure 9) -------------------------------------------------------

TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".txt": "text/plain",
}


def _long_text() -> bytes:
    """Over two megabytes of Dutch and French with accents: characters of two bytes fall on the reading chunks'
    edges, which must not make valid UTF-8 look broken."""
    line = "2026-11-24 10:00 toegang geweigerd · accès refusé à « db01 » — één poging\n"
    return (line * 40_000).encode()


REAL_FILES = {
    "WeasyPrint PDF (compressed)": (".pdf", lambda: files.weasyprint_pdf()),
    "WeasyPrint PDF (uncompressed)": (".pdf", lambda: files.weasyprint_pdf(uncompressed_pdf=True)),
    "Pillow PDF": (".pdf", lambda: files.pillow("PDF")),
    "matplotlib PDF": (".pdf", lambda: files.matplotlib_file("pdf")),
    "minimal PDF": (".pdf", files.minimal_pdf),
    "PDF with an incremental update": (".pdf", files.updated_pdf),
    "Pillow PNG": (".png", lambda: files.pillow("PNG")),
    "matplotlib PNG": (".png", lambda: files.matplotlib_file("png")),
    "minimal PNG": (".png", files.minimal_png),
    "Pillow JPEG": (".jpg", lambda: files.pillow("JPEG")),
    "Pillow progressive JPEG": (".jpg", lambda: files.pillow("JPEG", progressive=True, quality=70)),
    "Pillow JPEG with EXIF": (
        ".jpg",
        lambda: files.pillow("JPEG", exif=b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x00"),
    ),
    "matplotlib JPEG": (".jpg", lambda: files.matplotlib_file("jpg")),
    "Word document": (".docx", files.docx),
    "Excel workbook": (".xlsx", files.xlsx),
    "OpenDocument text": (".odt", lambda: files.opendocument("text")),
    "OpenDocument spreadsheet": (".ods", lambda: files.opendocument("spreadsheet")),
    "long UTF-8 text": (".txt", _long_text),
}


@pytest.mark.parametrize("made_by", REAL_FILES)
def test_real_files_of_each_accepted_type_pass(made_by):
    extension, make = REAL_FILES[made_by]
    content = make()
    checked = check_upload(f"evidence{extension}", len(content), io.BytesIO(content))
    assert checked.content_type == TYPES[extension]


def _jpeg_with_segment(payload: bytes) -> bytes:
    """A real JPEG with an APP15 segment after its SOI holding ``payload``: a program hidden in the header."""
    jpeg = files.pillow("JPEG")
    return jpeg[:2] + b"\xff\xef" + (len(payload) + 2).to_bytes(2, "big") + payload + jpeg[2:]


def _flipped(content: bytes, at: int) -> bytes:
    return content[:at] + bytes([content[at] ^ 0xFF]) + content[at + 1 :]


REFUSED = {
    # A PDF header followed by a program, and variations on hiding one.
    "PDF header, then a Linux program": (
        ".pdf",
        lambda: b"%PDF-1.7\n" + files.this_python(),
        "the PDF has no end (no end-of-file marker in its last kilobyte)",
    ),
    "PDF header, then a Windows program and a trailer": (
        ".pdf",
        lambda: b"%PDF-1.7\n" + files.pe_header() + b"\nstartxref\n0\n%%EOF\n",
        "the PDF's trailer does not point at its cross-reference table",
    ),
    "PDF whose end-of-file marker has no trailer": (
        ".pdf",
        lambda: b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n",
        "the PDF has no trailer (startxref) before its end",
    ),
    "whole PDF, then a Windows program": (
        ".pdf",
        lambda: files.minimal_pdf() + files.pe_header(),
        "something follows the end of the PDF",
    ),
    "whole PDF carrying a Linux program": (
        ".pdf",
        lambda: files.minimal_pdf(attachment=files.this_python()),
        "it carries a program (a Linux (ELF) executable at byte ",
    ),
    "whole PDF carrying a Windows program": (
        ".pdf",
        lambda: files.minimal_pdf(attachment=files.pe_header()),
        "it carries a program (a Windows (PE) executable at byte ",
    ),
    "whole PDF carrying a macOS program": (
        ".pdf",
        lambda: files.minimal_pdf(attachment=files.mach_o_header()),
        "it carries a program (a macOS (Mach-O) executable at byte ",
    ),
    # PNG
    "PNG signature, then junk": (
        ".png",
        lambda: b"\x89PNG\r\n\x1a\n" + b"not an image " * 50,
        "the PNG image is damaged at byte 8",
    ),
    "PNG cut short": (
        ".png",
        lambda: files.pillow("PNG")[:-12],
        "the PNG image is incomplete (it does not end with its IEND chunk)",
    ),
    "PNG with a damaged chunk": (
        ".png",
        lambda: _flipped(files.minimal_png(), 8 + 25 + 10),
        "chunk IDAT at byte 33 fails its checksum",
    ),
    "PNG, then a Linux program": (
        ".png",
        lambda: files.minimal_png() + files.elf_header(),
        "64 bytes follow the end of the image",
    ),
    # JPEG
    "JPEG markers, then junk": (
        ".jpg",
        lambda: b"\xff\xd8\xff\xe0" + b"not an image " * 50,
        "the JPEG image is damaged at byte ",
    ),
    "JPEG cut short": (
        ".jpg",
        lambda: files.pillow("JPEG")[:-2],
        "the JPEG image is incomplete (it does not end with its end-of-image marker)",
    ),
    "JPEG, then a Windows program": (
        ".jpg",
        lambda: files.pillow("JPEG") + files.pe_header(),
        "bytes follow the end of the image",
    ),
    "JPEG carrying a Linux program in its header": (
        ".jpg",
        lambda: _jpeg_with_segment(files.elf_header()),
        "it carries a program (a Linux (ELF) executable at byte 6)",
    ),
    # ZIP-based documents
    "ZIP archive that is no Word document": (
        ".docx",
        lambda: files._zip([("readme.txt", "hello")]),
        "the archive has no [Content_Types].xml, which every such document has",
    ),
    "Excel workbook named .docx": (
        ".docx",
        files.xlsx,
        "the archive has no word/document.xml",
    ),
    "Word document, then junk": (
        ".docx",
        lambda: files.docx() + b"MZ and more",
        "something follows the end of the document's archive",
    ),
    "Word document cut short": (
        ".docx",
        lambda: files.docx()[:-30],
        "it is not a readable ZIP archive, which such a document is",
    ),
    "OpenDocument without its content": (
        ".odt",
        lambda: files._zip(
            [("mimetype", "application/vnd.oasis.opendocument.text"), ("META-INF/manifest.xml", "<m/>")],
            stored=("mimetype",),
        ),
        "the archive has no content.xml",
    ),
    "OpenDocument spreadsheet named .odt": (
        ".odt",
        lambda: files.opendocument("spreadsheet"),
        "its first member, mimetype, does not say application/vnd.oasis.opendocument.text",
    ),
    "Word document carrying a stored Windows program": (
        ".docx",
        lambda: files.docx(("word/media/run.bin", files.pe_header()), stored=("word/media/run.bin",)),
        "it carries a program (a Windows (PE) executable at byte ",
    ),
    # text
    "text with a byte that is not UTF-8 after two megabytes": (
        ".txt",
        lambda: _long_text() + b"caf\xe9\n",
        f"it is not UTF-8 text (byte {len(_long_text()) + 3} cannot be read)",
    ),
    "text with a NUL after two megabytes": (
        ".txt",
        lambda: _long_text() + b"\x00",
        f"it contains a NUL byte (at byte {len(_long_text())})",
    ),
    "text cut in the middle of a character": (
        ".txt",
        lambda: "café".encode()[:-1],
        "it is not UTF-8 text (byte 3 cannot be read)",
    ),
}


@pytest.mark.parametrize("case", REFUSED)
def test_a_file_that_is_not_wholly_its_type_is_refused_saying_what_is_wrong(case):
    extension, make, says = REFUSED[case]
    content = make()
    with pytest.raises(UploadRefused) as refused:
        check_upload(f"evidence{extension}", len(content), io.BytesIO(content))
    message = str(refused.value)
    assert message.startswith(f"The content of the file does not match its type ({extension}): ")
    assert says in message


def test_a_polyglot_is_refused_through_the_page_and_nothing_is_stored(incident, owner):
    client = Client()
    client.force_login(owner)
    response = _upload(client, incident, "aangifte.pdf", files.minimal_pdf(attachment=files.this_python()))
    assert response.status_code == 400
    assert "it carries a program (a Linux (ELF) executable at byte" in response.content.decode()
    assert not Evidence.objects.filter(incident=incident).exists()


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
