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
