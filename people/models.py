"""The affected people of a breach (Art. 34) and the uploads of their list. The list is personal data itself: only
the security team and the DPO of the incident's organisation see it, and it is purged after the incident. The tables
keep the names they had in the notifications app (``db_table``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident
from people.recipients import EXTERNAL_ID_MAX, GROUP_MAX, NAME_MAX, unreachable_rule
from vocabulary.languages import LANGUAGES


class AffectedSubject(models.Model):
    """A person whose data leaked, for the Art. 34 communication. The list is personal data itself: only the
    security team and the DPO of the incident's organisation see it, and it can be purged after closure."""

    # No index of its own: the two below start with the incident (one fewer index to write per imported person).
    incident = models.ForeignKey(
        Incident, on_delete=models.PROTECT, related_name="affected_subjects", db_index=False
    )
    name = models.CharField(_("name"), max_length=NAME_MAX, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES, default="nl")
    external_id = models.CharField(_("external id"), max_length=EXTERNAL_ID_MAX, blank=True)
    # Which group of the breach the person belongs to (breach facts v2: e.g. "customers", "medical note"), as a label
    # of the assessment: a notice to the people reaches the groups at high risk (Art. 34(1)). Blank for a breach of
    # one group. db_default: the bulk loads name only the columns they fill.
    group = models.CharField(_("group"), max_length=GROUP_MAX, blank=True, default="", db_default="")
    dedupe_key = models.CharField(max_length=320, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # A DPO may take a person off the sending, with the reason (e.g. told otherwise, no address to be found): they
    # stay on the list, marked, so that who was not told, and why, stays on record until the list is purged.
    excluded_at = models.DateTimeField(_("excluded"), null=True, blank=True)
    # Not the foreign key's own index, which held an entry for every person of every list (nearly all blank) and
    # was a quarter of what an import wrote to indexes: a partial one of the excluded (``subject_excluded_by``).
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    # db_default: the bulk loads (COPY, INSERT … SELECT) name only the columns they fill
    excluded_reason = models.TextField(_("reason for excluding"), blank=True, default="", db_default="")

    class Meta:
        db_table = "notifications_affectedsubject"  # the table it had in the notifications app
        verbose_name = _("affected person")
        verbose_name_plural = _("affected people")
        constraints = [
            models.UniqueConstraint(fields=["incident", "dedupe_key"], name="one_subject_per_key"),
        ]
        indexes = [
            # The list is read by keyset pages of one incident (by id, either way): a page of a million people
            # costs what a page of ten does, instead of sorting the whole list for each page.
            models.Index(fields=["incident", "id"], name="subject_incident_keyset"),
            # The people a message cannot reach and no DPO excluded, in the same order: what every view of the
            # people page, every count of problems and the end of every sending asks (``people.selectors``). On a
            # list of a million with a few such people, that is a few index entries instead of a walk through the
            # list; the import, which lets nobody unreachable in, adds nothing to it. The condition is the
            # queries' own (``recipients.unreachable_rule``), or PostgreSQL could not use the index for them.
            models.Index(
                fields=["incident", "id"],
                condition=Q(excluded_at__isnull=True) & unreachable_rule(),
                name="subject_unreachable_keyset",
            ),
            # Who excluded whom, for the few excluded: what deleting a user asks (PROTECT).
            models.Index(
                fields=["excluded_by"], condition=Q(excluded_by__isnull=False), name="subject_excluded_by"
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.email or f"#{self.pk}"


class SubjectImport(models.Model):
    """One upload of a list of affected people, checked and loaded by a Celery task with its progress visible.
    The uploaded file is deleted once loaded; the error report (line numbers and problems) stays until the list
    is purged."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Loading")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="subject_imports")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    upload = models.FileField(upload_to="imports/", max_length=255, blank=True)
    error_report = models.FileField(upload_to="imports/", max_length=255, blank=True)
    file_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    processed = models.PositiveBigIntegerField(default=0)  # bytes read so far: the progress bar
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    grouped = models.PositiveIntegerField(
        default=0, db_default=0
    )  # people already listed given their row's group
    errors = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)  # claimed by a worker: the sweep's clock starts
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "notifications_subjectimport"  # the table it had in the notifications app
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.file_name} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, int(100 * self.processed / self.size)) if self.size else 0
