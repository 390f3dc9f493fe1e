"""The breach register of an organisation over a period (Art. 33(5)), with its insights."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.models import Organisation
from reports.models import Document
from reports.register import Period, register_context

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
