"""Audit events of documents, appended to the incident's hash chain: the SHA-256 of every rendered file, and the
letters posted."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.events import event_append
from incidents.models import Incident, IncidentEvent, User
from reports.models import Document


class ReportEventKind(models.TextChoices):
    DOCUMENT_RENDERED = "document_rendered", _("Document rendered")
    LETTERS_POSTED = "letters_posted", _("Letters posted")
    LETTERS_PURGED = "letters_purged", _("Letters purged")


def _document(document: Document) -> dict:
    return {
        "document": document.pk,
        "kind": document.kind,
        "notice": document.notice_id,
        "version": document.version,
        "language": document.language,
    }


def document_rendered_event(*, incident: Incident, actor: User | None, document: Document) -> IncidentEvent:
    """The hash of the file as it was stored: anyone can check a copy against the audit trail."""
    return event_append(
        incident=incident,
        kind=ReportEventKind.DOCUMENT_RENDERED,
        actor=actor,
        at=document.rendered_at,
        data=_document(document)
        | {"sha256": document.sha256, "size": document.size, "pages": document.pages},
    )


def letters_posted_event(*, incident: Incident, actor: User, document: Document, count: int) -> IncidentEvent:
    return event_append(
        incident=incident,
        kind=ReportEventKind.LETTERS_POSTED,
        actor=actor,
        at=document.posted_at,
        data=_document(document) | {"letters": count, "sha256": document.sha256},
    )


def letters_purged_event(
    *, incident: Incident, actor: User | None, documents: list[Document]
) -> IncidentEvent:
    return event_append(
        incident=incident,
        kind=ReportEventKind.LETTERS_PURGED,
        actor=actor,
        data={"documents": [d.pk for d in documents], "sha256": [d.sha256 for d in documents]},
    )
