"""Checks on uploaded evidence: size, an allow-list of file types, and content that matches the type.

Evidence is personal data. It is stored under a random name outside the web root and only served by an
authorised view as an attachment; the user's file name is kept (sanitised) for display only.
"""

from __future__ import annotations

import codecs
import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import puremagic
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

TEXT = "text"
# extension -> content type we store; for binary types the sniffed content must agree with the extension.
ALLOWED_TYPES: dict[str, str] = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".txt": "text/plain",
    ".log": "text/plain",
    ".csv": "text/csv",
    ".json": "application/json",
    ".eml": "message/rfc822",
}
TEXT_EXTENSIONS = {".txt", ".log", ".csv", ".json", ".eml"}
SNIFF_ALIASES = {".jpg": {".jpg", ".jpeg", ".jfif"}, ".jpeg": {".jpg", ".jpeg", ".jfif"}}
_SAMPLE = 64 * 1024
NAME_MAX = 150
# Control characters, and invisible format characters such as U+202E RIGHT-TO-LEFT OVERRIDE that make
# "invoice‮fdp.exe" display as "invoiceexe.pdf"; separators of lines and paragraphs.
_UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


class UploadRefused(ValueError):
    pass


@dataclass(frozen=True)
class CheckedUpload:
    original_name: str
    content_type: str
    size: int
    sha256: str


def safe_filename(name: str, *, default: str = "upload", max_length: int = NAME_MAX) -> str:
    """A file name that is safe to show and to send back in ``Content-Disposition``: no directories (``/``,
    ``\\``, ``..``), no control or invisible direction characters, compatibility forms folded (NFKC, so a
    full-width "．ｐｄｆ" is ".pdf"), no leading dot, at most ``max_length`` characters with the extension kept.
    Only ever used for display and download names: files are stored under random names."""
    text = unicodedata.normalize("NFKC", name or "")
    text = "".join(" " if unicodedata.category(ch) in _UNSAFE_CATEGORIES else ch for ch in text)
    text = PurePath(text.replace("\\", "/")).name
    try:
        text = get_valid_filename(text).lstrip(".")
    except SuspiciousFileOperation:  # "." or ".." or nothing left
        text = ""
    stem, extension = PurePath(text).stem, PurePath(text).suffix
    if len(extension) > 16:
        stem, extension = text, ""
    stem = stem[: max(1, max_length - len(extension))]
    return f"{stem}{extension}" if stem and text else default


def _extension(name: str) -> str:
    return PurePath(name).suffix.lower()


def _looks_like_text(sample: bytes) -> bool:
    if b"\x00" in sample:
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _sniffed_extensions(stream: IO[bytes]) -> set[str]:
    try:
        return {match.extension.lower() for match in puremagic.magic_stream(stream)}
    except puremagic.PureError:
        return set()
    finally:
        stream.seek(0)


def _digest(stream: IO[bytes]) -> str:
    sha = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        sha.update(chunk)
    stream.seek(0)
    return sha.hexdigest()


def check_upload(name: str, size: int, stream: IO[bytes]) -> CheckedUpload:
    """Validate an upload; raise ``UploadRefused`` with a message for the user when it may not be stored."""
    safe_name = safe_filename(name, default="")
    extension = _extension(safe_name)
    if not safe_name or extension not in ALLOWED_TYPES:
        allowed = ", ".join(sorted(ALLOWED_TYPES))
        raise UploadRefused(
            _("Files of this type are not accepted as evidence. Allowed: %(allowed)s.") % {"allowed": allowed}
        )
    if size <= 0:
        raise UploadRefused(_("The file is empty."))
    if size > settings.EVIDENCE_MAX_BYTES:
        raise UploadRefused(
            _("The file is %(size)d MB; the limit is %(limit)d MB.")
            % {"size": -(-size // (1024 * 1024)), "limit": settings.EVIDENCE_MAX_BYTES // (1024 * 1024)}
        )
    stream.seek(0)
    if extension in TEXT_EXTENSIONS:
        ok = _looks_like_text(stream.read(_SAMPLE))
        stream.seek(0)
    else:
        ok = bool(SNIFF_ALIASES.get(extension, {extension}) & _sniffed_extensions(stream))
    if not ok:
        raise UploadRefused(
            _("The content of the file does not match its type (%(extension)s).") % {"extension": extension}
        )
    return CheckedUpload(
        original_name=safe_name,
        content_type=ALLOWED_TYPES[extension],
        size=size,
        sha256=_digest(stream),
    )


def evidence_file_response(item) -> FileResponse:
    """Evidence is only ever served as a download, never rendered inline by the browser."""
    response = FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.original_name, content_type=item.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
