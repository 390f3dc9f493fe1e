"""Incidents with notices in every state a document can show, arranged through the services."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone

from incidents import services as incident_services
from notifications import services as notice_services
from notifications.models import Establishment
from reports.documents.register import register_context
from reports.register import Period
from reports.rendering import document_locale, render_html
from tests.notifications.conftest import decided, notifiable  # noqa: F401 - a fixture
from tests.personas import make_incident

__all__ = [
    "approved",
    "authority_notice",
    "decided",
    "filed",
    "not_a_breach",
    "pdf_info",
    "pdf_text",
    "register_html",
]


def pdf_text(pdf: bytes, *, layout: bool = False) -> str:
    """The text of a PDF as ``pdftotext`` (poppler-utils) reads it; without ``layout``, with the line breaks of
    the page layout folded into single spaces so that phrases can be found whole."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
        text = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return text if layout else " ".join(text.split())


def pdf_info(pdf: bytes) -> dict[str, str]:
    """The PDF's metadata as ``pdfinfo`` reads it."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(
            ["pdfinfo", "-isodates", str(path)], check=True, capture_output=True, text=True
        ).stdout
    return {
        key.strip(): value.strip() for key, _sep, value in (line.partition(":") for line in out.splitlines())
    }


def register_html(organisation, language: str) -> str:
    """The organisation's register of the default period, as the HTML its PDF is made from."""
    with document_locale(language):
        context = register_context(
            organisation, Period.default(), language=language, version="1", created=None, now=timezone.now()
        )
        return render_html("reports/register.html", context, language=language)


def authority_notice(owner, dpo, *, country: str = "NL", code: str = "AP", **incident):
    """A decided incident of an organisation in ``country`` and its drafted initial notice to ``code``."""
    organisation = owner.memberships.get().organisation
    organisation.country = country
    organisation.registration_number = "12345678"
    organisation.address = "Stationsstraat 1, 3511 AA Utrecht"
    organisation.dpo_name = "Daan Jansen"
    organisation.dpo_email = "fg@fietsenbaas.example"
    organisation.dpo_phone = "+31 30 123 4567"
    organisation.sector = "Detailhandel (webwinkel)"
    organisation.save()
    Establishment.objects.get_or_create(
        organisation=organisation, country=country, defaults={"is_main": True}
    )
    incident = decided(owner, dpo, affected_countries=[country], **incident)
    incident_services.incident_update(
        actor=owner, incident_id=incident.pk, changes={"systems_affected": "Webwinkel en klantendatabase"}
    )
    return notice_services.notice_draft(
        actor=owner, incident_id=incident.pk, kind="authority", authority=code
    )


def approved(notice, owner, dpo2):
    notice_services.notice_submit(actor=owner, notice_id=notice.pk, acknowledge_missing=True)
    return notice_services.notice_approve(actor=dpo2, notice_id=notice.pk, acknowledge_missing=True)


def filed(notice, owner, dpo, dpo2, reference="M-2026-0001"):
    notice = approved(notice, owner, dpo2)
    return notice_services.notice_file(
        actor=dpo, notice_id=notice.pk, filed_at=timezone.now(), reference=reference, acknowledge_missing=True
    )


def not_a_breach(owner, reason: str, **incident):
    """An incident the security team closed at triage as no personal-data breach, for ``reason``."""
    made = make_incident(owner, **incident)
    incident_services.incident_transition(actor=owner, incident_id=made.pk, name="start_triage")
    incident_services.incident_transition(
        actor=owner, incident_id=made.pk, name="close_not_breach", reason=reason
    )
    return made


@pytest.fixture
def ap_notice(owner, dpo):
    return authority_notice(owner, dpo)
