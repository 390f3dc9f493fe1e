"""Checks on uploaded evidence: size, an allow-list of file types, and content that matches the type.

Evidence is personal data. It is stored under a random name outside the web root and only served by an
authorised view as an attachment; the user's file name is kept (sanitised) for display only.

The content is checked beyond its first bytes: a file that starts like a PDF and goes on as a program is a
polyglot, which a browser, a mail filter or a person double-clicking may take for the program. So every accepted
type is read to its end, with just enough of its structure to see that it is whole and nothing else: a PDF ends
with its trailer (``startxref`` pointing at its cross-reference table, then ``%%EOF``); a PNG is a chain of chunks
with right checksums from IHDR to IEND; a JPEG has its markers up to its scan and ends with EOI; a Word, Excel or
OpenDocument file is a ZIP archive that starts at byte 0, ends with its directory and holds the members every such
document has; a text file is UTF-8 throughout. Nothing may follow a format's own end, and no binary file may carry
a Windows, Linux or macOS program inside it. An e-mail saved as ``.eml`` is RFC 5322 text: header fields (at
least one an e-mail has: From, Date, Subject, ...) up to an empty line, and no NUL byte; the body may be in any
8-bit encoding. An Outlook ``.msg`` is an OLE compound file (MS-CFB) whose directory holds the property stream every
Outlook message has (MS-OXMSG). Each refusal says what is wrong.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
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
    ".msg": "application/vnd.ms-outlook",
}
TEXT_EXTENSIONS = {".txt", ".log", ".csv", ".json"}
# Types whose check reads their own signature first (the sniffer knows an OLE file only as Word, Excel, ...).
OWN_SIGNATURE = {".eml", ".msg"}
SNIFF_ALIASES = {".jpg": {".jpg", ".jpeg", ".jfif"}, ".jpeg": {".jpg", ".jpeg", ".jfif"}}
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
    if extension not in TEXT_EXTENSIONS | OWN_SIGNATURE and not (
        SNIFF_ALIASES.get(extension, {extension}) & _sniffed_extensions(stream)
    ):
        raise UploadRefused(
            _("The content of the file does not match its type (%(extension)s).") % {"extension": extension}
        )
    problem = content_problem(extension, stream, size)
    stream.seek(0)
    if problem:
        raise UploadRefused(
            _("The content of the file does not match its type (%(extension)s): %(problem)s")
            % {"extension": extension, "problem": problem}
        )
    return CheckedUpload(
        original_name=safe_name,
        content_type=ALLOWED_TYPES[extension],
        size=size,
        sha256=_digest(stream),
    )


# --- the content, read to its end -------------------------------------------------------------------------------

_CHUNK = 1024 * 1024


def content_problem(extension: str, stream: IO[bytes], size: int) -> str | None:
    """What is wrong with the content of an allowed type, in words for the user; None when it is whole and nothing
    else. Reads the stream (seekable, ``size`` bytes) in chunks, never all of it at once."""
    if extension in TEXT_EXTENSIONS:
        return _text_problem(stream)
    if extension == ".eml":
        return _eml_problem(stream)
    check = _STRUCTURE[ALLOWED_TYPES[extension]]
    return check(stream, size) or _program_problem(stream)


def _text_problem(stream: IO[bytes]) -> str | None:
    """UTF-8 from the first byte to the last, without a NUL (which no text file has and nearly every binary one does)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    stream.seek(0)
    offset = 0
    while True:
        chunk = stream.read(_CHUNK)
        nul = chunk.find(b"\x00")
        if nul >= 0:
            return _("it contains a NUL byte (at byte %(offset)s), which text never does.") % {
                "offset": offset + nul
            }
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            return _("it is not UTF-8 text (byte %(offset)s cannot be read); save it as UTF-8.") % {
                "offset": offset - pending + exc.start
            }
        if not chunk:
            return None
        offset += len(chunk)


# E-mail (RFC 5322): header fields, each "Name: value" or folded onto lines that start with a space or tab, up to
# the first empty line. A file saved from a mailbox may start with its "From " separator line.
_EML_HEADER_MAX = 256 * 1024
_EML_FIELD = re.compile(rb"[!-9;-~]+[ \t]*:")
_EML_KNOWN = {b"from", b"to", b"date", b"subject", b"message-id", b"received", b"return-path", b"sender"}


def _eml_problem(stream: IO[bytes]) -> str | None:
    stream.seek(0)
    head = stream.read(_EML_HEADER_MAX)
    ends = [at for at in (head.find(b"\r\n\r\n"), head.find(b"\n\n")) if at >= 0]
    header = head[: min(ends)] if ends else head
    if not ends and len(head) == _EML_HEADER_MAX:
        return _("its header does not end (no empty line before the message text).")
    lines = header.replace(b"\r\n", b"\n").split(b"\n")
    if lines and lines[0].startswith(b"From "):
        lines = lines[1:]
    names = set()
    for number, line in enumerate(lines, start=1):
        if line[:1] in (b" ", b"\t") and number > 1:
            continue
        field = _EML_FIELD.match(line)
        if field is None:
            return _("line %(line)s of its header is not a header field (Name: value).") % {"line": number}
        names.add(field.group(0).rstrip(b": \t").lower())
    try:
        header.decode("utf-8")
    except UnicodeDecodeError:
        return _("its header is not ASCII or UTF-8 text.")
    if not names & _EML_KNOWN:
        return _("its header has none of the fields an e-mail has (From, To, Date, Subject).")
    stream.seek(0)
    offset = 0
    while chunk := stream.read(_CHUNK):
        nul = chunk.find(b"\x00")
        if nul >= 0:
            return _("it contains a NUL byte (at byte %(offset)s), which text never does.") % {
                "offset": offset + nul
            }
        offset += len(chunk)
    return None


# Outlook message: an OLE compound file (MS-CFB). The header gives the sector size and where the allocation table
# (FAT) and the directory are; the directory names the streams, among them "__properties_version1.0".
_CFB_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_CFB_END_OF_CHAIN, _CFB_FREE = 0xFFFFFFFE, 0xFFFFFFFF
_CFB_MAX_SECTOR = 0xFFFFFFFA
_MSG_PROPERTIES = "__properties_version1.0"


def _msg_problem(stream: IO[bytes], size: int) -> str | None:
    damaged = _("the Outlook message is damaged (its compound-file structure cannot be read).")
    stream.seek(0)
    header = stream.read(512)
    if len(header) < 512 or header[:8] != _CFB_SIGNATURE:
        return _("it is not an OLE compound file, which an Outlook message is.")
    major, byte_order, shift, mini_shift = struct.unpack_from("<HHHH", header, 26)
    if byte_order != 0xFFFE or (major, shift) not in ((3, 9), (4, 12)) or mini_shift != 6:
        return damaged
    sector = 1 << shift
    count = (size - sector + sector - 1) // sector  # a last sector may be short
    if count < 2:
        return damaged
    fat_sectors, directory_start = struct.unpack_from("<II", header, 44)
    difat_start, difat_count = struct.unpack_from("<II", header, 68)
    located = [at for at in struct.unpack_from("<109I", header, 76) if at <= _CFB_MAX_SECTOR]

    def read(at: int) -> bytes:
        stream.seek(sector * (at + 1))
        return stream.read(sector).ljust(sector, b"\x00")

    seen = set()
    while difat_start <= _CFB_MAX_SECTOR and difat_count and len(located) < fat_sectors:
        if difat_start >= count or difat_start in seen:
            return damaged
        seen.add(difat_start)
        entries = struct.unpack(f"<{sector // 4}I", read(difat_start))
        located += [at for at in entries[:-1] if at <= _CFB_MAX_SECTOR]
        difat_start, difat_count = entries[-1], difat_count - 1
    located = located[:fat_sectors]
    if len(located) != fat_sectors or any(at >= count for at in located):
        return damaged
    fat = [entry for at in located for entry in struct.unpack(f"<{sector // 4}I", read(at))]
    names, at, seen = [], directory_start, set()
    while at != _CFB_END_OF_CHAIN:
        if at >= count or at >= len(fat) or at in seen:
            return damaged
        seen.add(at)
        block = read(at)
        for offset in range(0, sector, 128):
            length, kind = struct.unpack_from("<HB", block, offset + 64)
            if kind and 2 <= length <= 64:
                names.append((kind, block[offset : offset + length - 2].decode("utf-16-le", "replace")))
        at = fat[at]
    if not names or names[0] != (5, "Root Entry"):
        return damaged
    if (2, _MSG_PROPERTIES) not in names:
        return _("it is a compound file of another kind (a Word or Excel file?), not an Outlook message.")
    return None


# PDF: the reader starts at the end — "%%EOF" in the last kilobyte, "startxref" before it with the offset of the
# cross-reference table (a classic "xref" table, or the "n 0 obj" of a cross-reference stream, PDF 1.5+).
_PDF_TAIL = 1024
_PDF_END = re.compile(rb"startxref\s+(\d+)\s+%%EOF$")
_PDF_XREF = re.compile(rb"\s*(?:xref|\d+\s+\d+\s+obj)\b")


def _pdf_problem(stream: IO[bytes], size: int) -> str | None:
    stream.seek(max(0, size - _PDF_TAIL))
    tail = stream.read(_PDF_TAIL)
    end = tail.rfind(b"%%EOF")
    if end < 0:
        return _("the PDF has no end (no end-of-file marker in its last kilobyte).")
    if tail[end + 5 :].strip(b" \t\r\n\x00\x0c"):
        return _("something follows the end of the PDF (%(count)s bytes).") % {"count": len(tail) - end - 5}
    found = _PDF_END.search(tail[: end + 5])
    if found is None:
        return _("the PDF has no trailer (startxref) before its end.")
    xref = int(found.group(1))
    stream.seek(xref)
    if xref >= size or not _PDF_XREF.match(stream.read(64)):
        return _("the PDF's trailer does not point at its cross-reference table: the file is damaged.")
    return None


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_problem(stream: IO[bytes], size: int) -> str | None:
    """The chunks from IHDR to IEND, each with its CRC-32 right, and nothing after IEND."""
    stream.seek(len(_PNG_SIGNATURE))
    first = True
    while True:
        offset = stream.tell()
        head = stream.read(8)
        if len(head) < 8:
            return _("the PNG image is incomplete (it does not end with its IEND chunk).")
        length, kind = struct.unpack(">I4s", head)
        if (first and kind != b"IHDR") or length > 0x7FFFFFFF or not kind.isalpha():
            return _("the PNG image is damaged at byte %(offset)s.") % {"offset": offset}
        crc = _crc32(stream, length, zlib.crc32(kind))
        stored = stream.read(4)
        if crc is None or len(stored) < 4:
            return _("the PNG image is incomplete (it does not end with its IEND chunk).")
        if struct.unpack(">I", stored)[0] != crc:
            return _("the PNG image is damaged: chunk %(chunk)s at byte %(offset)s fails its checksum.") % {
                "chunk": kind.decode("ascii"),
                "offset": offset,
            }
        if kind == b"IEND":
            return _appended(size - stream.tell())
        first = False


def _crc32(stream: IO[bytes], length: int, crc: int) -> int | None:
    while length:
        chunk = stream.read(min(length, _CHUNK))
        if not chunk:
            return None
        crc, length = zlib.crc32(chunk, crc), length - len(chunk)
    return crc


def _appended(count: int) -> str | None:
    if count <= 0:
        return None
    return _("%(count)s bytes follow the end of the image.") % {"count": count}


# JPEG markers without a length: TEM and RST0-7. A frame header is one of SOF0-15 (C0-CF) but DHT (C4), JPG (C8)
# and DAC (CC).
_JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}
_JPEG_FRAMES = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_SOS, _JPEG_EOI = 0xDA, 0xD9


def _jpeg_problem(stream: IO[bytes], size: int) -> str | None:
    """The marker segments from SOI up to the first scan (with a frame header among them), and EOI at the very
    end. The scans themselves are compressed data, which only decoding would check."""
    stream.seek(2)
    frame = False
    while True:
        offset = stream.tell()
        head = stream.read(2)
        if len(head) < 2 or head[0] != 0xFF:
            return _("the JPEG image is damaged at byte %(offset)s.") % {"offset": offset}
        marker = head[1]
        if marker == 0xFF:  # fill byte before a marker
            stream.seek(offset + 1)
            continue
        if marker in _JPEG_STANDALONE:
            continue
        if marker == _JPEG_EOI:
            return _("the JPEG image has no picture data.")
        length = stream.read(2)
        if len(length) < 2 or struct.unpack(">H", length)[0] < 2:
            return _("the JPEG image is damaged at byte %(offset)s.") % {"offset": offset}
        frame = frame or marker in _JPEG_FRAMES
        if marker == _JPEG_SOS:
            break
        stream.seek(offset + 2 + struct.unpack(">H", length)[0])
        if stream.tell() > size:
            return _("the JPEG image is damaged at byte %(offset)s.") % {"offset": offset}
    if not frame:
        return _("the JPEG image is damaged at byte %(offset)s.") % {"offset": offset}
    return _jpeg_end_problem(stream, size)


def _jpeg_end_problem(stream: IO[bytes], size: int) -> str | None:
    stream.seek(max(0, size - _CHUNK))
    tail = stream.read(_CHUNK)
    end = tail.rfind(b"\xff\xd9")
    if end < 0:
        return _("the JPEG image is incomplete (it does not end with its end-of-image marker).")
    return _appended(len(tail) - end - 2)


# Office documents: a ZIP archive from its first byte to its last, with the members each kind of document has.
_OFFICE_MEMBERS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        "[Content_Types].xml",
        "word/document.xml",
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (
        "[Content_Types].xml",
        "xl/workbook.xml",
    ),
    "application/vnd.oasis.opendocument.text": ("mimetype", "content.xml", "META-INF/manifest.xml"),
    "application/vnd.oasis.opendocument.spreadsheet": ("mimetype", "content.xml", "META-INF/manifest.xml"),
}
_ZIP_END = b"PK\x05\x06"
_ZIP_END_SIZE = 22


def _office_problem(content_type: str) -> Callable[[IO[bytes], int], str | None]:
    def check(stream: IO[bytes], size: int) -> str | None:
        stream.seek(0)
        try:
            archive = zipfile.ZipFile(stream)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
            return _("it is not a readable ZIP archive, which such a document is.")
        with archive:
            members = archive.infolist()
            if not members or min(m.header_offset for m in members) != 0:
                return _("something precedes the document's archive.")
            stream.seek(size - _ZIP_END_SIZE - len(archive.comment))
            if stream.read(4) != _ZIP_END:
                return _("something follows the end of the document's archive.")
            names = set(archive.namelist())
            for required in _OFFICE_MEMBERS[content_type]:
                if required not in names:
                    return _("the archive has no %(member)s, which every such document has.") % {
                        "member": required
                    }
            if content_type.startswith("application/vnd.oasis.") and not _says_mimetype(
                archive, content_type
            ):
                return _("its first member, mimetype, does not say %(type)s.") % {"type": content_type}
        return None

    return check


def _says_mimetype(archive: zipfile.ZipFile, content_type: str) -> bool:
    """OpenDocument: the first member is "mimetype", stored as is, holding the document's type (ODF 1.2, 3.3)."""
    first = archive.infolist()[0]
    if first.filename != "mimetype" or first.file_size > 100:
        return False
    try:
        return archive.read(first) == content_type.encode("ascii")
    except (zipfile.BadZipFile, NotImplementedError, zlib.error, OSError, EOFError):
        return False


_STRUCTURE: dict[str, Callable[[IO[bytes], int], str | None]] = {
    "application/pdf": _pdf_problem,
    "image/png": _png_problem,
    "image/jpeg": _jpeg_problem,
    "application/vnd.ms-outlook": _msg_problem,
    **{content_type: _office_problem(content_type) for content_type in _OFFICE_MEMBERS},
}


# Programs inside a file: each signature is long enough that chance does not make one in compressed data.
_OVERLAP = 1024 + 8  # a PE header is looked for within a kilobyte of its MZ
_ELF = b"\x7fELF"
_MACH_O = {
    b"\xcf\xfa\xed\xfe\x07\x00\x00\x01",  # 64-bit x86-64
    b"\xcf\xfa\xed\xfe\x0c\x00\x00\x01",  # 64-bit arm64
    b"\xce\xfa\xed\xfe\x07\x00\x00\x00",  # 32-bit x86
}


def _program_problem(stream: IO[bytes]) -> str | None:
    found = _program_in(stream)
    if found is None:
        return None
    kind, offset = found
    return _("it carries a program (a %(kind)s executable at byte %(offset)s).") % {
        "kind": kind,
        "offset": offset,
    }


def _program_in(stream: IO[bytes]) -> tuple[str, int] | None:
    """The first Windows (PE), Linux (ELF) or macOS (Mach-O) executable header anywhere in the file, and where."""
    stream.seek(0)
    start, buffer = 0, b""
    while True:
        more = stream.read(_CHUNK)
        buffer += more
        # Signatures that start before ``limit`` are decided in this buffer; the overlap is read again next time.
        limit = len(buffer) if not more else max(0, len(buffer) - _OVERLAP)
        found = _program_at(buffer, limit)
        if found is not None:
            return found[0], start + found[1]
        if not more:
            return None
        start, buffer = start + limit, buffer[limit:]


def _program_at(buffer: bytes, limit: int) -> tuple[str, int] | None:
    hits = []
    for at in _starts(buffer, b"MZ", limit):
        new_header = int.from_bytes(buffer[at + 0x3C : at + 0x40], "little")
        if 0x40 <= new_header <= 1024 and buffer[at + new_header : at + new_header + 4] == b"PE\x00\x00":
            hits.append(("Windows (PE)", at))
            break
    for at in _starts(buffer, _ELF, limit):
        if buffer[at + 4 : at + 5] in (b"\x01", b"\x02") and buffer[at + 5 : at + 7] in (
            b"\x01\x01",
            b"\x02\x01",
        ):
            hits.append(("Linux (ELF)", at))
            break
    for signature in _MACH_O:
        at = next(_starts(buffer, signature, limit), None)
        if at is not None:
            hits.append(("macOS (Mach-O)", at))
    return min(hits, key=lambda hit: hit[1]) if hits else None


def _starts(buffer: bytes, signature: bytes, limit: int):
    at = buffer.find(signature)
    while 0 <= at < limit:
        yield at
        at = buffer.find(signature, at + 1)


def evidence_file_response(item) -> FileResponse:
    """Evidence is only ever served as a download, never rendered inline by the browser."""
    response = FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.original_name, content_type=item.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
