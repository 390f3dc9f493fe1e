"""HTML and PDF from a template and a context, safely and reproducibly.

- Templates are Django templates with autoescaping on: every value people typed stays text.
- WeasyPrint may load only ``data:`` URLs and our own static files (``reports.fetcher.SafeURLFetcher``).
- The language and the time zone are fixed per document, never taken from the request; the PDF's metadata dates
  come from the data (the context's ``doc.created``), no PDF identifier is written, so rendering the same data again
  gives the same bytes (a test checks it).
- Fonts are the system's DejaVu (the Makefile installs ``fonts-dejavu-core``); no web fonts.

The portal calls ``render_notice_pdf`` and ``render_notice_html`` (a contract: keep the names and signatures).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML

from notifications.models import Notice
from reports import selectors
from reports.documents import kind_of
from reports.documents import notice as notice_document
from reports.fetcher import INTERNAL_BASE_URL, SafeURLFetcher


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    refused: tuple[str, ...]  # URLs the fetcher refused (there should be none)


@contextmanager
def document_locale(language: str) -> Iterator[None]:
    """A document's language and time zone, whatever the request's: for the context and for the template."""
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        yield


def render_html(template: str, context: dict[str, Any], *, language: str) -> str:
    with document_locale(language):
        return render_to_string(template, context)


def html_to_pdf(html: str) -> Rendered:
    fetcher = SafeURLFetcher()
    document = HTML(string=html, base_url=INTERNAL_BASE_URL, url_fetcher=fetcher).render()
    pdf = document.write_pdf()
    return Rendered(pdf=pdf, pages=len(document.pages), refused=tuple(fetcher.refused))


def render_notice_html(notice: Notice) -> str:
    """The notice as a document, in HTML: an authority notice in its regulator's structure, a controller alert, or
    the texts to the people / the public. Deterministic: the same notice gives the same string."""
    language = selectors.notice_language(notice)
    with document_locale(language):
        return render_html(
            notice_document.template(notice), notice_document.context(notice), language=language
        )


def render_notice_pdf(notice: Notice) -> bytes:
    """The same as a PDF (A4), synchronously. Deterministic: the same notice gives the same bytes."""
    return html_to_pdf(render_notice_html(notice)).pdf


def render_document_html(document) -> str:
    """A stored document's HTML, by its kind's module (``reports.documents``): its language, then its template
    and context built in that language."""
    kind = kind_of(document.kind)
    language = kind.language(document)
    with document_locale(language):
        template, context = kind.page(document)
        return render_html(template, context, language=language)


def render_document(document) -> Rendered:
    """A stored document's PDF, from its kind and parameters; re-rendering the same version gives the same bytes:
    a notice's document shows the notice as it was when the document was asked for (its content is frozen at
    approval, its status and filing are kept with the document), the incident report ends at the audit event it
    was asked at, the register's "now" is the moment it was asked for."""
    return html_to_pdf(render_document_html(document))
