"""The only way WeasyPrint may load a resource while rendering a document.

Documents are made of stored data, and some of it is text people typed (descriptions, notice texts). Django's
autoescaping keeps that text text; this fetcher is the second wall, should markup ever slip through: it never opens
a network connection and never reads a file it was pointed at. It allows

- ``data:`` URLs, decoded in memory, and
- the project's own static files (``/static/…`` under the internal base URL), looked up with Django's staticfiles
  finders (or STATIC_ROOT) and read from disk, for a short list of harmless types;

and refuses everything else: ``file://``, ``http(s)://`` anywhere else, ``ftp:``, redirects (there is no HTTP, so
nothing to follow). A refused URL is logged and recorded; the document is rendered without it.
"""

from __future__ import annotations

import logging
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import DataHandler, Request

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Relative URLs in our templates (``{% static %}`` gives "/static/…") resolve against this; the .invalid top-level
# domain never resolves (RFC 2606), and no request is ever made to it: the fetcher reads the file from disk.
INTERNAL_BASE_URL = "https://static.datalek.invalid/"
STATIC_TYPES = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}
MAX_DATA_URL = 2 * 1024 * 1024


class ResourceRefused(ValueError):
    """A URL the document may not load."""


class SafeURLFetcher(URLFetcher):
    """WeasyPrint 70's fetcher class with ``fetch`` replaced: ``data:`` and our static files, nothing else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("data", "https"), allow_redirects=False, fail_on_errors=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        try:
            if url.startswith("data:"):
                return _data_url(url)
            return _static_file(url)
        except ResourceRefused as exc:
            self.refused.append(url[:200])
            logger.warning("Document rendering: refused to load %s (%s)", url[:200], exc)
            raise

    def open(self, url, data=None, timeout=None):  # the opener of urllib: never used for us
        raise ResourceRefused("no network access while rendering documents")


def _data_url(url: str) -> URLFetcherResponse:
    if len(url) > MAX_DATA_URL:
        raise ResourceRefused("data: URL too large")
    response = DataHandler().data_open(Request(url))  # noqa: S310 - a data: URL (checked above), decoded in memory
    return URLFetcherResponse(
        url, body=response.read(), headers={"Content-Type": response.headers["Content-Type"]}
    )


def _static_file(url: str) -> URLFetcherResponse:
    if not url.startswith(INTERNAL_BASE_URL):
        raise ResourceRefused("only data: URLs and the project's own static files are allowed")
    parts = urlsplit(url)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    path = unquote(parts.path)
    if parts.query or parts.fragment or not path.startswith(prefix):
        raise ResourceRefused("not a static file")
    relative = path[len(prefix) :]
    if posixpath.normpath(relative) != relative or relative.startswith(("/", ".")) or "\\" in relative:
        raise ResourceRefused("not a plain static path")
    suffix = Path(relative).suffix.lower()
    if suffix not in STATIC_TYPES:
        raise ResourceRefused("not a static file type documents use")
    found = finders.find(relative) or _from_static_root(relative)
    if not found:
        raise ResourceRefused("no such static file")
    return URLFetcherResponse(
        url, body=Path(found).read_bytes(), headers={"Content-Type": STATIC_TYPES[suffix]}
    )


def _from_static_root(relative: str) -> str | None:
    root = Path(settings.STATIC_ROOT).resolve()
    candidate = (root / relative).resolve()
    if root in candidate.parents and candidate.is_file():
        return str(candidate)
    return None
