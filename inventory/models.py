"""Systems, processing activities and processors of an organisation, and what an incident takes from them.

The register (Art. 30 GDPR, the records of processing activities) says what *could* leak when a system is
hit; the incident records what *did*. So the values the inventory proposes for an incident are kept apart
(``IncidentFactProvenance``), marked *derived* until a person confirms or corrects them.

Records are changed only through ``inventory.services``. Nothing an incident refers to is deleted: it is
archived instead (the foreign keys are PROTECT, and the delete services refuse records in use).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident, Organisation
from inventory.vocabulary import (
    Backup,
    Hashing,
    LegalBasis,
    Protection,
    validate_country,
    validate_data_categories,
    validate_subject_categories,
)


class RecordQuerySet(models.QuerySet):
    def active(self) -> RecordQuerySet:
        return self.filter(archived_at__isnull=True)


class InventoryRecord(models.Model):
    """What systems, activities and processors share: one organisation of ours, a unique name, archiving."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    archived_at = models.DateTimeField(
        _("archived"),
        null=True,
        blank=True,
        help_text=_("No longer in use; kept because incidents or other records refer to it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="%(app_label)s_%(class)s_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Processor(InventoryRecord):
    """A third party that processes personal data for us (Art. 28), or a sub-processor (Art. 28(2)/(4))."""

    class Role(models.TextChoices):
        PROCESSOR = "processor", _("Processor")
        SUB_PROCESSOR = "sub_processor", _("Sub-processor")

    country = models.CharField(
        _("country"),
        max_length=2,
        validators=[validate_country],
        help_text=_("Where it processes the data (ISO 3166 code, e.g. NL, IE, US)."),
    )
    role = models.CharField(_("role"), max_length=14, choices=Role.choices, default=Role.PROCESSOR)
    contact = models.CharField(
        _("contact"), max_length=300, blank=True, help_text=_("Who to call or mail when something happens.")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_processors",
        verbose_name=_("sub-processor of"),
        help_text=_("For a sub-processor: the processor that engaged it."),
    )

    class Meta(InventoryRecord.Meta):
        verbose_name = _("processor")
        verbose_name_plural = _("processors")
        constraints = [
            *InventoryRecord.Meta.constraints,
            models.CheckConstraint(
                name="inventory_parent_only_for_sub_processors",
                condition=Q(parent__isnull=True) | Q(role="sub_processor"),
            ),
        ]


class System(InventoryRecord):
    """An application, database, mailbox or device that holds personal data, with its protection."""

    description = models.TextField(_("description"), blank=True)
    owner = models.CharField(
        _("owner"), max_length=200, blank=True, help_text=_("Person or team responsible.")
    )
    hosting_processor = models.ForeignKey(
        Processor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_systems",
        verbose_name=_("hosted by"),
        help_text=_("The processor that runs it, when it runs at a processor."),
    )
    hosting = models.CharField(
        _("hosting"),
        max_length=200,
        blank=True,
        help_text=_("Where it runs, in words: e.g. “own server room, Utrecht” or “AWS eu-central-1”."),
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        validators=[validate_country],
        help_text=_("Where the data is stored (ISO 3166 code)."),
    )
    encryption = models.CharField(
        _("encryption at rest"), max_length=20, choices=Protection.choices, default=Protection.NONE
    )
    hashing = models.CharField(
        _("hashing of credentials"),
        max_length=20,
        choices=Hashing.choices,
        default=Hashing.NONE,
        help_text=_("State of the art: a slow, salted algorithm such as bcrypt or Argon2."),
    )
    backup = models.CharField(_("backup"), max_length=20, choices=Backup.choices, default=Backup.NONE)

    class Meta(InventoryRecord.Meta):
        verbose_name = _("system")
        verbose_name_plural = _("systems")


class ProcessingActivity(InventoryRecord):
    """One entry of the record of processing activities (Art. 30(1), or Art. 30(2) for a processor)."""

    purpose = models.TextField(_("purpose"))
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=30,
        choices=LegalBasis.choices,
        blank=True,
        help_text=_("Art. 6(1) GDPR. Leave empty for processing done for a client: the client decides it."),
    )
    data_categories = models.JSONField(
        _("data categories"), default=list, blank=True, validators=[validate_data_categories]
    )
    subject_categories = models.JSONField(
        _("subject categories"), default=list, blank=True, validators=[validate_subject_categories]
    )
    subjects_count = models.PositiveIntegerField(_("approximate number of people"), null=True, blank=True)
    retention = models.CharField(_("retention"), max_length=300, blank=True)
    systems = models.ManyToManyField(System, blank=True, related_name="activities", verbose_name=_("systems"))
    processors = models.ManyToManyField(
        Processor, blank=True, related_name="activities", verbose_name=_("processors")
    )
    client_organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="+",
        verbose_name=_("done for clients"),
        help_text=_("When we process as a processor: the client organisations (controllers) it is done for."),
    )

    class Meta(InventoryRecord.Meta):
        verbose_name = _("processing activity")
        verbose_name_plural = _("processing activities")


class InventoryChange(models.Model):
    """Who changed what in the register, and when. Written by the services, never edited."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        UPDATED = "updated", _("updated")
        ARCHIVED = "archived", _("archived")
        RESTORED = "restored", _("restored")
        DELETED = "deleted", _("deleted")

    class RecordType(models.TextChoices):
        SYSTEM = "system", _("system")
        PROCESSING_ACTIVITY = "processing_activity", _("processing activity")
        PROCESSOR = "processor", _("processor")

    at = models.DateTimeField()
    action = models.CharField(max_length=20, choices=Action.choices)
    record_type = models.CharField(max_length=30, choices=RecordType.choices)
    record_id = models.BigIntegerField(null=True)
    record_name = models.CharField(max_length=200)
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organisation", "-at"], name="inventory_change_org_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.record_type} {self.record_name}"


class IncidentSystem(models.Model):
    """A system of the inventory that an incident affects, picked by the team."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="inventory_links")
    system = models.ForeignKey(System, on_delete=models.PROTECT, related_name="incident_links")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        verbose_name = _("affected system")
        verbose_name_plural = _("affected systems")
        ordering = ["system__name"]
        constraints = [models.UniqueConstraint(fields=["incident", "system"], name="one_link_per_system")]

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.system_id}"


class IncidentFactProvenance(models.Model):
    """Where a fact of an incident comes from: *derived* from the inventory, or *recorded* by a person.

    A derived value is only a proposal; refreshing the proposal replaces it. Once a person confirms it (as
    is, or corrected) it is recorded, with who and when, and no refresh touches it again.
    """

    class Status(models.TextChoices):
        DERIVED = "derived", _("derived")
        RECORDED = "recorded", _("recorded")

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="fact_provenance")
    path = models.CharField(_("fact"), max_length=60)
    value = models.JSONField(_("value"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    source = models.TextField(_("source"), blank=True)  # in English, as the API shows it
    # The same as a message (vocabulary/messages.py), said in the reader's language (inventory/sources.py).
    source_message = models.JSONField(_("source (message)"), null=True, blank=True)
    derived_value = models.JSONField(_("derived value"), null=True, blank=True)
    derived_at = models.DateTimeField(_("derived"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("fact provenance")
        verbose_name_plural = _("fact provenance")
        ordering = ["incident_id", "id"]
        constraints = [models.UniqueConstraint(fields=["incident", "path"], name="one_provenance_per_fact")]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.path}: {self.status}"

    @property
    def is_derived(self) -> bool:
        return self.status == self.Status.DERIVED

    @property
    def corrected(self) -> bool:
        """Recorded with a value other than the one the inventory proposed."""
        return self.status == self.Status.RECORDED and self.derived_value not in (None, self.value)
