"""Evidence uploads: size limit, allowed types, content that matches its type, safe names, audited hash."""

import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from datalek.errors import DomainError
from incidents import services
from incidents.evidence import UploadRefused, check_upload
from incidents.models import Evidence
from tests.evidence_files import minimal_pdf, minimal_png

PDF = minimal_pdf()  # whole files: the content is read to its end (tests/security/test_uploads.py)
PNG = minimal_png()


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("police-report.pdf", PDF, "application/pdf"),
        ("screenshot.PNG", PNG, "image/png"),
        ("timeline.docx", None, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("firewall.log", "2026-11-24 10:00 DENY 10.0.0.7 → db01\n".encode(), "text/plain"),
        ("complaint.eml", b"From: a@example.org\nSubject: wrong letter\n\nHello", "message/rfc822"),
    ],
)
def test_allowed_files_pass_with_the_type_we_decide(name, content, content_type):
    content = content if content is not None else _docx()
    checked = check_upload(name, len(content), io.BytesIO(content))
    assert checked.content_type == content_type
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("payload.exe", b"MZ\x90\x00", "not accepted"),
        ("page.html", b"<script>alert(1)</script>", "not accepted"),
        ("archive.zip", b"PK\x03\x04", "not accepted"),
        ("report.pdf", b"MZ\x90\x00 this is a Windows program", "does not match"),
        ("photo.png", PDF, "does not match"),
        ("notes.txt", b"\x00\x01\x02binary", "does not match"),
        ("empty.pdf", b"", "empty"),
        ("", b"%PDF-", "not accepted"),
    ],
)
def test_disallowed_or_disguised_files_are_refused(name, content, message):
    with pytest.raises(UploadRefused, match=message):
        check_upload(name, len(content), io.BytesIO(content))


def test_files_over_the_limit_are_refused(settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    content = PDF + b"0" * (1024 * 1024)
    with pytest.raises(UploadRefused, match="limit is 1 MB"):
        check_upload("big.pdf", len(content), io.BytesIO(content))


def test_the_file_name_is_sanitised_and_never_used_for_storage(incident, owner, settings):
    evidence = services.evidence_add(
        actor=owner,
        incident_id=incident.pk,
        name="../../etc/pass wd<script>.pdf",
        size=len(PDF),
        stream=io.BytesIO(PDF),
        description="Police report",
    )
    assert evidence.original_name == "pass_wdscript.pdf"
    assert evidence.file.name == f"evidence/{incident.pk}/{evidence.storage_key}"
    assert "pass" not in evidence.file.name
    assert evidence.file.path.startswith(str(settings.MEDIA_ROOT))


def test_attaching_evidence_is_audited_with_its_hash(incident, owner):
    evidence = services.evidence_add(
        actor=owner, incident_id=incident.pk, name="report.pdf", size=len(PDF), stream=io.BytesIO(PDF)
    )
    event = incident.events.latest("sequence")
    assert event.kind == "evidence_added"
    assert event.data["sha256"] == hashlib.sha256(PDF).hexdigest() == evidence.sha256


def test_a_refused_upload_stores_nothing(incident, owner, settings):
    with pytest.raises(ValidationError) as refused:
        services.evidence_add(
            actor=owner, incident_id=incident.pk, name="x.exe", size=4, stream=io.BytesIO(b"MZ..")
        )
    assert "file" in refused.value.message_dict
    assert not Evidence.objects.exists()
    assert not (settings.MEDIA_ROOT / "evidence").exists()


def test_an_outsider_cannot_attach_evidence(incident, outsider, settings):
    with pytest.raises(DomainError) as refused:
        services.evidence_add(
            actor=outsider, incident_id=incident.pk, name="r.pdf", size=len(PDF), stream=io.BytesIO(PDF)
        )
    assert refused.value.status == 404
    assert not Evidence.objects.exists()
    assert [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()] == []


# --- e-mails as evidence: a saved .eml and an Outlook .msg --------------------------------------------------------


def test_an_email_saved_by_a_mail_program_is_accepted_with_its_latin1_body():
    from tests.evidence_files import eml

    content = eml()
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")  # not UTF-8 text: its body is Latin-1, as 8-bit mail often is
    checked = check_upload("Overzicht.eml", len(content), io.BytesIO(content))
    assert checked.content_type == "message/rfc822"


def test_an_outlook_message_is_accepted():
    from tests.evidence_files import outlook_msg

    content = outlook_msg()
    assert content[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
    checked = check_upload("Phishing melding.MSG", len(content), io.BytesIO(content))
    assert (
        checked.content_type == "application/vnd.ms-outlook"
        and checked.original_name == "Phishing_melding.MSG"
    )


def _refusal(name: str, content: bytes) -> str:
    with pytest.raises(UploadRefused) as refused:
        check_upload(name, len(content), io.BytesIO(content))
    return str(refused.value)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"Hello, this is not a mail\n\nbody", "line 1 of its header is not a header field"),
        (b"X-Custom: 1\nX-Other: 2\n\nbody", "none of the fields an e-mail has"),
        (b"From: a@example.org\n\nbody\x00\x01", "NUL byte (at byte 25)"),
        (b"From: a@example.org\nSubject: \xff\xfe\n\nbody", "header is not ASCII or UTF-8"),
        (b"From: a@example.org\n" + b"X-Filler: " + b"x" * 300_000, "header does not end"),
    ],
)
def test_an_eml_that_is_not_an_email_is_refused_saying_why(content, says):
    assert says in _refusal("mail.eml", content)


def test_a_msg_that_is_not_an_outlook_message_is_refused_saying_why():
    from tests.evidence_files import compound_file, minimal_pdf, outlook_msg, pe_header

    assert "not an OLE compound file" in _refusal("mail.msg", minimal_pdf())
    word = compound_file({"WordDocument": b"\x00" * 200, "\x01CompObj": b"\x00" * 80})
    assert "of another kind" in _refusal("mail.msg", word)
    whole = outlook_msg()
    assert "damaged" in _refusal("mail.msg", whole[:512] + b"\x00" * 512)  # the sectors gone
    broken = bytearray(whole)
    broken[48:52] = (999).to_bytes(4, "little")  # the directory pointed past the end
    assert "damaged" in _refusal("mail.msg", bytes(broken))
    assert "carries a program (a Windows (PE) executable" in _refusal(
        "mail.msg", outlook_msg(attachment=pe_header())
    )


def test_the_evidence_input_carries_the_limit_and_the_types_for_the_browser(
    client, incident, owner, settings
):
    settings.EVIDENCE_MAX_BYTES = 3 * 1024 * 1024
    client.force_login(owner)
    page = client.get(f"/incidents/{incident.pk}/").content.decode()
    import re

    tag = re.search(r'<input type="file" name="file"[^>]*>', page).group(0)
    assert f'data-max-bytes="{3 * 1024 * 1024}"' in tag
    assert 'data-too-large="The file is %(size)s MB; the limit is 3 MB."' in tag
    assert ".eml" in tag and ".msg" in tag and ".pdf" in tag
