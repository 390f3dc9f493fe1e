"""Documents rendered as PDF: what was asked for, by whom, and how its rendering went.

A document is made by a Celery task (``reports.tasks.document_render``) from the stored data; the file is kept in
Django's default storage (MEDIA_ROOT, outside the web root) and served only by an authorised view, always as an
attachment. Its SHA-256 goes into the incident's audit trail.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident, Organisation
from notifications.models import Notice


def document_upload_to(instance: Document, filename: str) -> str:
    # Never a name a person chose: the organisation and a random key, outside the web root.
    return f"documents/{instance.organisation_id}/{instance.storage_key}.pdf"


class Document(models.Model):
    class Kind(models.TextChoices):
        NOTICE = "notice", _("Notice document")
        LETTERS = "letters", _("Letters to the people")
        INCIDENT_REPORT = "incident_report", _("Incident report")
        REGISTER = "register", _("Breach register")
        OBLIGATION_REPORT = "obligation_report", _("Report of an obligation beside the GDPR")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RENDERING = "rendering", _("Rendering")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        PURGED = "purged", _("Purged (held personal data of the affected people)")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey(
        Incident, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    notice = models.ForeignKey(
        Notice, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    # The version counts per scope (one document, e.g. "notice:12" or "register:3"); the scope is unique with it.
    scope = models.CharField(max_length=60, editable=False)
    version = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=2, blank=True)
    # What else decides the content: the register's period, the letters' batch, the audit event the report ends at.
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    storage_key = models.CharField(max_length=64, unique=True, editable=False)
    file = models.FileField(upload_to=document_upload_to, max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested"))
    started_at = models.DateTimeField(null=True, blank=True)
    rendered_at = models.DateTimeField(_("rendered"), null=True, blank=True)
    # Letters only: when the batch was printed and posted (its deliveries are then marked sent).
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    posted_at = models.DateTimeField(_("posted"), null=True, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["scope", "version"], name="one_document_per_version")]
        indexes = [
            models.Index(fields=["incident", "-id"], name="document_incident_recent"),
            models.Index(fields=["organisation", "kind", "-id"], name="document_org_kind_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} v{self.version} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RENDERING)

    def download_name(self) -> str:
        """A file name that says what it is, made of our own codes only."""
        parts = [self.incident.reference if self.incident_id else "register", self.kind]
        if self.notice_id:
            parts.append(self.notice.authority or self.notice.kind)
            parts.append(self.notice.phase)
        if self.kind == self.Kind.REGISTER:
            parts.append(f"{self.params.get('from', '')}_{self.params.get('to', '')}")
        if self.kind == self.Kind.OBLIGATION_REPORT:
            parts.append(f"report{self.params.get('obligation_report', '')}")
        if self.kind == self.Kind.LETTERS:
            parts.append(f"batch{self.params.get('batch', 1)}")
        parts.append(f"v{self.version}")
        return "-".join(str(p) for p in parts if p) + ".pdf"
