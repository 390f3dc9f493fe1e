"""Files of each type evidence accepts, as their makers make them — WeasyPrint, Pillow and matplotlib for PDF, PNG
and JPEG; the parts the OOXML and OpenDocument standards require for Word, Excel, Writer and Calc files (no office
suite is installed to write them) — and programs to hide in them: the headers a Windows, Linux and macOS loader
reads, and this machine's own Python interpreter."""

from __future__ import annotations

import io
import struct
import sys
import zipfile
import zlib
from pathlib import Path


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)


def minimal_pdf(text: str = "Police report", *, attachment: bytes = b"") -> bytes:
    """The smallest whole PDF 1.4: a catalog, its page tree, one page, the cross-reference table with each object's
    offset and the trailer pointing at it. An ``attachment`` goes in as one more stream, uncompressed, as a
    polyglot's maker would put a program in."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >>",
        _stream(f"BT /F1 12 Tf 10 50 Td ({text}) Tj ET".encode()),
    ]
    if attachment:
        objects.append(_stream(attachment))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def updated_pdf() -> bytes:
    """The minimal PDF with an incremental update, as a PDF editor saves it: a new object, a second cross-reference
    section pointing back at the first (/Prev), a second trailer and a second end-of-file marker."""
    first = minimal_pdf()
    previous = int(first.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    out = bytearray(first)
    offset = len(out)
    out += b"5 0 obj\n<< /Title (Aangifte, aangevuld) >>\nendobj\n"
    xref = len(out)
    out += b"xref\n5 1\n%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size 6 /Root 1 0 R /Info 5 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        previous,
        xref,
    )
    return bytes(out)


def minimal_png() -> bytes:
    """A 1×1 grey PNG: the signature, IHDR, one IDAT and IEND, each chunk with its CRC-32."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x80"))
        + chunk(b"IEND", b"")
    )


def weasyprint_pdf(**options) -> bytes:
    from weasyprint import HTML

    return HTML(string="<h1>Aangifte</h1><p>Laptop gestolen uit auto.</p>").write_pdf(**options)


def _image(size=(64, 48)):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).rectangle((8, 8, 40, 30), fill="red")
    return image


def pillow(format: str, **options) -> bytes:
    buffer = io.BytesIO()
    _image().save(buffer, format=format, **options)
    return buffer.getvalue()


def matplotlib_file(format: str) -> bytes:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(2, 1))
    figure.add_subplot().plot([1, 3, 2])
    buffer = io.BytesIO()
    figure.savefig(buffer, format=format)
    return buffer.getvalue()


def _zip(members: list[tuple[str, str | bytes]], *, stored: tuple[str, ...] = ()) -> bytes:
    """A ZIP archive of ``members`` in their order, deflated but those named in ``stored``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members:
            method = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=method)
    return buffer.getvalue()


_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="{target}"/></Relationships>'
)
_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'
)


def docx(*extra: tuple[str, bytes], stored: tuple[str, ...] = ()) -> bytes:
    """A Word document; ``extra`` members (name, content) are added after its parts, as media would be."""
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    return _zip(
        [
            (
                "[Content_Types].xml",
                _TYPES.format(overrides=f'<Override PartName="/word/document.xml" ContentType="{main}"/>'),
            ),
            ("_rels/.rels", _RELS.format(target="word/document.xml")),
            (
                "word/document.xml",
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                "<w:body><w:p><w:r><w:t>Tijdlijn van het incident</w:t></w:r></w:p></w:body></w:document>",
            ),
            *extra,
        ],
        stored=stored,
    )


def xlsx() -> bytes:
    sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    worksheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    return _zip(
        [
            (
                "[Content_Types].xml",
                _TYPES.format(
                    overrides=f'<Override PartName="/xl/workbook.xml" ContentType="{sheet}"/>'
                    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{worksheet}"/>'
                ),
            ),
            ("_rels/.rels", _RELS.format(target="xl/workbook.xml")),
            (
                "xl/workbook.xml",
                f'<workbook {ns} {rel}><sheets><sheet name="Log" sheetId="1" r:id="rId1"/></sheets></workbook>',
            ),
            (
                "xl/_rels/workbook.xml.rels",
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                'worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
            ),
            (
                "xl/worksheets/sheet1.xml",
                f'<worksheet {ns}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>DENY</t></is></c></row></sheetData></worksheet>',
            ),
        ]
    )


def opendocument(kind: str) -> bytes:
    """``text`` (.odt) or ``spreadsheet`` (.ods): the mimetype first and stored, the manifest, the content."""
    mimetype = f"application/vnd.oasis.opendocument.{kind}"
    office = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    return _zip(
        [
            ("mimetype", mimetype),
            (
                "META-INF/manifest.xml",
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
                f'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>",
            ),
            (
                "content.xml",
                f'<office:document-content {office} office:version="1.2"><office:body/></office:document-content>',
            ),
        ],
        stored=("mimetype",),
    )


# --- programs ---------------------------------------------------------------------------------------------------


def elf_header() -> bytes:
    """The 64 bytes a Linux loader reads first: an x86-64 executable."""
    ident = b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8)
    return ident + struct.pack("<HHIQQQIHHHHHH", 2, 0x3E, 1, 0x401000, 64, 0, 0, 64, 56, 1, 64, 0, 0)


def pe_header() -> bytes:
    """A DOS stub whose e_lfanew points at a PE signature and an x86-64 COFF header, as Windows reads them."""
    stub = bytearray(b"MZ" + bytes(0x3A) + struct.pack("<I", 0x80))
    stub += b"This program cannot be run in DOS mode.\r\r\n$".ljust(0x80 - len(stub), b"\x00")
    return bytes(stub) + b"PE\x00\x00" + struct.pack("<HHIIIHH", 0x8664, 1, 0, 0, 0, 0xF0, 0x22)


def mach_o_header() -> bytes:
    return struct.pack("<IIIIIIII", 0xFEEDFACF, 0x01000007, 3, 2, 0, 0, 0, 0)


def this_python() -> bytes:
    """The first 64 KiB of the interpreter running the tests: a real Linux program."""
    with Path(sys.executable).resolve().open("rb") as binary:
        return binary.read(64 * 1024)


# --- e-mail -----------------------------------------------------------------------------------------------------


def eml(body: bytes = "Geachte heer Müller, hierbij één overzicht.".encode("latin-1")) -> bytes:
    """An e-mail as a mail program saves it (RFC 5322): folded header fields, CRLF line ends, an 8-bit body in
    Latin-1, which is not UTF-8."""
    return (
        b"Received: from mx.example.org (mx.example.org [192.0.2.1])\r\n"
        b"\tby mail.example.com; Tue, 24 Nov 2026 10:02:11 +0100\r\n"
        b"From: Jan Jansen <jan@example.org>\r\n"
        b"To: klant@example.com\r\n"
        b"Subject: Overzicht bestellingen\r\n"
        b"Date: Tue, 24 Nov 2026 10:02:00 +0100\r\n"
        b"Message-ID: <1234@example.org>\r\n"
        b"MIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=iso-8859-1\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n"
        b"\r\n" + body + b"\r\n"
    )


_SECTOR, _MINI = 512, 64
_END, _FREE, _FAT, _NONE = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def _entry(name: str, kind: int, *, child=_NONE, right=_NONE, start=_END, size=0) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\x00")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", _NONE, right, child)
        + bytes(16 + 4 + 16)
        + struct.pack("<IQ", start, size)
    )


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file (MS-CFB, version 3, 512-byte sectors) as Outlook writes a ``.msg``: the streams, each
    under 4 KiB, in the mini stream; its allocation tables; a directory of the root and the streams (a chain of
    right siblings, in the order the standard sorts names: shorter first)."""
    names = sorted(streams, key=lambda name: (len(name), name.upper()))
    mini = bytearray()
    starts = {}
    for name in names:
        starts[name] = len(mini) // _MINI
        mini += streams[name].ljust(-(-len(streams[name]) // _MINI) * _MINI or _MINI, b"\x00")
    mini_sectors = len(mini) // _MINI
    mini_fat = []
    for name in names:
        length = max(1, -(-len(streams[name]) // _MINI))
        mini_fat += [starts[name] + i + 1 for i in range(length - 1)] + [_END]
    assert len(mini_fat) == mini_sectors and mini_sectors <= 128
    container = bytes(mini).ljust(-(-len(mini) // _SECTOR) * _SECTOR, b"\x00")
    container_sectors = len(container) // _SECTOR
    # sectors: 0 FAT, 1 directory, 2 mini FAT, 3.. the mini stream
    fat = [_FAT, _END, _END] + [3 + i + 1 for i in range(container_sectors - 1)] + [_END]
    entries = [_entry("Root Entry", 5, child=1, start=3, size=len(mini))]
    for index, name in enumerate(names, start=1):
        following = index + 1 if index < len(names) else _NONE
        entries.append(_entry(name, 2, right=following, start=starts[name], size=len(streams[name])))
    assert len(entries) <= 4
    directory = b"".join(entries).ljust(_SECTOR, b"\x00")
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 2, 1, _END, 0)
        + struct.pack("<109I", 0, *([_FREE] * 108))
    )
    sectors = [
        struct.pack(f"<{_SECTOR // 4}I", *(fat + [_FREE] * (_SECTOR // 4 - len(fat)))),
        directory,
        struct.pack(f"<{_SECTOR // 4}I", *(mini_fat + [_FREE] * (_SECTOR // 4 - len(mini_fat)))),
        container,
    ]
    return header + b"".join(sectors)


def outlook_msg(subject: str = "Overzicht bestellingen", *, attachment: bytes = b"") -> bytes:
    """An Outlook message (MS-OXMSG): its property stream and its subject as a Unicode string property; an
    ``attachment``'s bytes go in as they are, as a smuggler would put a program in."""
    streams = {
        "__properties_version1.0": bytes(32),
        "__substg1.0_0037001F": subject.encode("utf-16-le"),
    }
    if attachment:
        streams["__substg1.0_37010102"] = attachment
    return compound_file(streams)
