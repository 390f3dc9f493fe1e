"""The one way Datalek writes CSV: every export (the register, the inventory, an import's error report, anything
later) goes through here, so that no cell is ever run as a formula by a spreadsheet and every file says its
character set.

CSV injection: a spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab or a
carriage return) as a formula — ``=HYPERLINK(…)`` or ``+cmd|' /C calc'!A0`` in a system's name would run on the
DPO's machine. Such a cell gets a leading apostrophe, which spreadsheets show as text and do not run (OWASP,
"CSV Injection"). The files are UTF-8 with a byte-order mark, which is what makes Excel read them as UTF-8, and
are served as ``text/csv; charset=utf-8``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

CONTENT_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """A cell a spreadsheet will not run as a formula: text starting with = + - @ (tab, CR) gets a quote."""
    return f"'{value}" if value and value.startswith(FORMULA_START) else value


def cell_text(value: Any) -> str:
    """A Python value as the text of a cell: nothing for None, yes/no for booleans, lists joined by "; "."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return "; ".join(cell_text(item) for item in value)
    return str(value)


class _Line:
    """A file-like object that hands back what csv.writer writes, so each row becomes one string."""

    def write(self, value: str) -> str:
        return value


_LINE = csv.writer(_Line())


def csv_line(cells: Iterable[Any]) -> str:
    """One row as a CSV line (RFC 4180, CRLF), every cell guarded."""
    return _LINE.writerow([safe_cell(cell_text(cell)) for cell in cells])


def csv_chunks(
    header: Iterable[Any], rows: Iterable[Iterable[Any]], *, chunk_rows: int = 1000
) -> Iterator[str]:
    """The file in chunks of ``chunk_rows`` lines, the byte-order mark and the header first: for a streamed
    response of any size."""
    yield BOM + csv_line(header)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for count, row in enumerate(rows, start=1):
        writer.writerow([safe_cell(cell_text(cell)) for cell in row])
        if count % chunk_rows == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def csv_text(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> str:
    """The whole file as one string (small files: an error report, one table of the inventory)."""
    return "".join(csv_chunks(header, rows))
