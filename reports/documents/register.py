"""The breach register of an organisation over a period (Art. 33(5)), with its insights."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from incidents.models import Organisation
from reports import register
from reports.insights import insights
from reports.models import Document
from reports.register import Period
from reports.selectors import document_meta

KIND = Document.Kind.REGISTER
TEMPLATE = "reports/register.html"


def language(document: Document) -> str:
    return document.language or "en"


def page(document: Document) -> tuple[str, dict[str, Any]]:
    """The register as it was asked: its "now" is the moment it was asked for."""
    return TEMPLATE, register_context(
        document.organisation,
        Period.from_params(document.params),
        language=language(document),
        version=f"{document.version}",
        created=document.requested_at,
        now=document.requested_at,
    )


def preview(organisation: Organisation, period: Period, *, language: str) -> tuple[str, dict[str, Any]]:
    """The register as it would be made now (not stored)."""
    return TEMPLATE, register_context(
        organisation, period, language=language, version=_("preview"), created=None, now=timezone.now()
    )


def _short(moment: datetime | None, zone: tzinfo) -> str:
    """A moment of the obligations' cell as the PDF's other moments are written."""
    return date_format(moment.astimezone(zone), "SHORT_DATETIME_FORMAT") if moment else ""


def _readable(values: dict[str, str]) -> dict[str, str]:
    """For the PDF: moments in the language's short format rather than ISO 8601 (the CSV keeps ISO)."""
    for key in ("aware_at", "authority_notified_at"):
        if values[key]:
            values[key] = date_format(datetime.fromisoformat(values[key]), "SHORT_DATETIME_FORMAT")
    return values


def register_context(
    organisation: Organisation,
    period: Period,
    *,
    language: str,
    version: str,
    created: datetime | None,
    now: datetime,
) -> dict[str, Any]:
    labels = dict(register.COLUMNS)
    return {
        "doc": document_meta(
            kind="register",
            reference=organisation.name,
            language=language,
            version=version,
            created=created,
            author=organisation.name,
        ),
        "organisation": organisation,
        "period": period,
        "columns": [(key, labels[key]) for key in register.PDF_COLUMNS],
        "rows": [
            _readable(r)
            for r in register.rows(
                organisation, period, limit=register.PDF_MAX_ROWS, said_reasons=True, moment=_short
            )
        ],
        "insights": insights(organisation, period, now=now),
    }
