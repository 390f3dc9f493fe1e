"""Keyset pages for the incident list: ``WHERE id < last_seen ORDER BY id DESC LIMIT n+1`` costs the same on the
first page and the ten-thousandth, and no page counts the whole table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class KeysetPage:
    items: list[Any]
    next_after: int | None
    previous_before: int | None

    def __iter__(self):
        return iter(self.items)

    @property
    def has_other_pages(self) -> bool:
        return self.next_after is not None or self.previous_before is not None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def keyset_page(
    queryset: QuerySet, *, after: str | None = None, before: str | None = None, size: int = 50
) -> KeysetPage:
    """Newest first. ``after``: the page below that id; ``before``: the page above it."""
    after_id, before_id = _int(after), _int(before)
    if before_id is not None:
        rows = list(queryset.filter(id__gt=before_id).order_by("id")[: size + 1])
        has_previous, rows = len(rows) > size, rows[:size][::-1]
        return KeysetPage(rows, rows[-1].id if rows else None, rows[0].id if rows and has_previous else None)
    if after_id is not None:
        queryset = queryset.filter(id__lt=after_id)
    rows = list(queryset.order_by("-id")[: size + 1])
    has_next, rows = len(rows) > size, rows[:size]
    return KeysetPage(
        rows,
        rows[-1].id if rows and has_next else None,
        rows[0].id if rows and after_id is not None else None,
    )
