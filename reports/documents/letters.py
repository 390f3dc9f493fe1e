"""The letters to the people without an e-mail address: one batch of a notice's postal deliveries, to print."""

from __future__ import annotations

from typing import Any

from notifications.models import Notice
from reports import letters
from reports.models import Document

KIND = Document.Kind.LETTERS
TEMPLATE = "reports/letters.html"


def language(document: Document) -> str:
    return document.language or (document.notice.language if document.notice_id else "en")


def page(document: Document) -> tuple[str, dict[str, Any]]:
    return TEMPLATE, letters.letters_context(document.notice, document.params)


def preview(notice: Notice, params: dict[str, int], *, limit: int) -> tuple[str, dict[str, Any]]:
    """The first ``limit`` letters of the batch, as they will be printed."""
    return TEMPLATE, letters.letters_context(notice, params, limit=limit)
