"""The incident report: everything recorded about one incident up to the audit event it was asked at."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from incidents.models import Incident
from reports.incident_report import incident_report_context
from reports.models import Document

KIND = Document.Kind.INCIDENT_REPORT
TEMPLATE = "reports/incident_report.html"


def language(document: Document) -> str:
    return document.language or "en"


def page(document: Document) -> tuple[str, dict[str, Any]]:
    """The report as it was asked: ending at the audit event of the moment, dated the moment it was asked."""
    return TEMPLATE, incident_report_context(
        document.incident,
        upto=document.params["audit_sequence"],
        version=f"{document.version}",
        created=document.requested_at,
        language=language(document),
    )


def preview(incident: Incident, *, language: str) -> tuple[str, dict[str, Any]]:
    """The report as it would be made now (not stored)."""
    return TEMPLATE, incident_report_context(
        incident, upto=incident.audit_event_count, version=_("preview"), created=None, language=language
    )
