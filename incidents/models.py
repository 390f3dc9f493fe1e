"""Organisations, people and their roles, the incident with its state machine, evidence and the audit trail.

State changes happen only through ``incidents.services``; the transition methods below change fields and
nothing else (django-fsm-2 style), the service saves them inside a transaction with the audit event.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from incidents import deadlines
from incidents.closing import nothing_left_open
from incidents.event_kinds import event_kind_label
from incidents.roles import Role, condition, is_dpo, is_team_member


class User(AbstractUser):
    """A person who logs in. What they may see follows from their memberships, never from this row."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Organisation(models.Model):
    class Kind(models.TextChoices):
        OWN = "own", _("Our organisation")
        CLIENT = "client", _("Client organisation (a controller we process for)")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OWN)
    country = CountryField(_("country of the (main) establishment"), default="NL")
    registration_number = models.CharField(
        _("registration number"),
        max_length=40,
        blank=True,
        help_text=_("KvK (NL), SIREN (FR) or KBO/BCE (BE) number."),
    )
    address = models.TextField(_("address"), blank=True)
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    language = models.CharField(
        _("language"),
        max_length=2,
        default="nl",
        choices=[("nl", _("Dutch")), ("fr", _("French")), ("en", _("English"))],
    )
    # The contact point the GDPR asks for in every notice (Art. 33(3)(b), 34(2)).
    dpo_name = models.CharField(_("DPO or contact point: name"), max_length=200, blank=True)
    dpo_email = models.EmailField(_("DPO or contact point: e-mail"), blank=True)
    dpo_phone = models.CharField(_("DPO or contact point: telephone"), max_length=40, blank=True)
    dpo_registration_number = models.CharField(
        _("DPO registration number"),
        max_length=40,
        blank=True,
        help_text=_("The number under which the DPO is registered with the authority (AP: FG-nummer)."),
    )
    # Who the e-mails to the people and to our client controllers come from (notifications/delivery.py); without an
    # address, the installation's DEFAULT_FROM_EMAIL (with this name, when there is one).
    sender_name = models.CharField(
        _("sender name for e-mails to people"),
        max_length=100,
        blank=True,
        help_text=_(
            "The name people see as the sender of the e-mails about a breach, e.g. the organisation's name."
        ),
    )
    sender_email = models.EmailField(
        _("sender address for e-mails to people"),
        blank=True,
        help_text=_("An address of the organisation's own domain that people may reply to."),
    )
    processor = models.ForeignKey(
        "self",
        verbose_name=_("processor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clients",
        help_text=_("For a client organisation: our organisation that processes for it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="client_has_processor",
                condition=Q(kind="client", processor__isnull=False) | Q(kind="own", processor__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in one organisation. Controller client users belong to a client organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_role_per_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"


class IncidentSequence(models.Model):
    """Counter behind the human references (DL-2026-0007), per organisation and year."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="one_sequence_per_year")]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.year}: {self.last_number}"


# --- Transition conditions: pure predicates on the incident, each with the hint a user sees. ------------


@condition(_("Record the containment first: the measures taken, or the plan while containment is ongoing."))
def containment_recorded(incident: Incident) -> bool:
    if incident.containment_status == Incident.Containment.CONTAINED:
        return bool(incident.containment_measures.strip())
    if incident.containment_status == Incident.Containment.ONGOING:
        return bool(incident.containment_plan.strip())
    return False


@condition(
    _("Run the risk assessment and finalise it (in the risk-assessment panel): that submits it to the DPO.")
)
def assessment_recorded(incident: Incident) -> bool:
    return bool(incident.risk_level) and bool(incident.risk_rationale.strip())


@condition(
    _(
        "The DPO records a decision on the assessment first: agree with the advice, or decide otherwise with a "
        "justification."
    )
)
def decision_recorded(incident: Incident) -> bool:
    return incident.notify_authority is not None


# Open, authority not notified, notification not ruled out by the DPO, not ruled out as "no breach".
ON_CLOCK = (
    ~Q(status="closed")
    & Q(authority_notified_at__isnull=True)
    & (Q(notify_authority__isnull=True) | Q(notify_authority=True))
    & (Q(is_personal_data_breach__isnull=True) | Q(is_personal_data_breach=True))
)


class IncidentQuerySet(models.QuerySet):
    def open(self) -> IncidentQuerySet:
        return self.exclude(status=Incident.Status.CLOSED)

    def clock_running(self) -> IncidentQuerySet:
        """Database twin of ``Incident.clock_running``; the same predicate as the partial index on it."""
        return self.filter(ON_CLOCK)

    def overdue(self, now: datetime | None = None) -> IncidentQuerySet:
        return self.clock_running().filter(aware_at__lte=deadlines.overdue_threshold(now))


class Incident(ConcurrentTransitionMixin, models.Model):
    class Status(models.TextChoices):
        DETECTION = "detection", _("Detection")
        TRIAGE = "triage", _("Triage")
        CONTAINMENT = "containment", _("Containment")
        ASSESSMENT = "assessment", _("Risk assessment")
        APPROVAL = "approval", _("DPO approval")
        NOTIFICATION = "notification", _("Notification")
        CLOSED = "closed", _("Closed")

    class OurRole(models.TextChoices):
        CONTROLLER = "controller", _("Controller")
        PROCESSOR = "processor", _("Processor")

    class Occurrence(models.TextChoices):
        PERIOD = "period", _("Started and ended")
        ONGOING = "ongoing", _("Started, still ongoing")
        UNKNOWN = "unknown", _("Cannot be determined yet")

    class Discovery(models.TextChoices):
        OWN_DETECTION = "own_detection", _("Our own detection or monitoring")
        PROCESSOR = "processor", _("Reported by a processor")
        DATA_SUBJECT = "data_subject", _("Reported by an affected person")
        EXTERNAL = "external", _("Reported by an external party")
        PRESS = "press", _("Press or social media")
        OTHER = "other", _("Other")

    class Containment(models.TextChoices):
        NOT_STARTED = "not_started", _("Not recorded yet")
        ONGOING = "ongoing", _("Containment ongoing")
        CONTAINED = "contained", _("Contained")

    class RiskLevel(models.TextChoices):
        UNLIKELY = "unlikely", _("Unlikely to result in a risk")
        RISK = "risk", _("Risk")
        HIGH = "high", _("High risk")

    class Closure(models.TextChoices):
        NOT_A_BREACH = "not_a_breach", _("Not a personal-data breach")
        RESOLVED = "resolved", _("Handled and closed")

    OPEN_STATUSES = (
        Status.DETECTION,
        Status.TRIAGE,
        Status.CONTAINMENT,
        Status.ASSESSMENT,
        Status.APPROVAL,
        Status.NOTIFICATION,
    )

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("organisation")
    )
    reference = models.CharField(_("reference"), max_length=24, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what happened"))
    our_role = models.CharField(
        _("our role"),
        max_length=12,
        choices=OurRole.choices,
        default=OurRole.CONTROLLER,
        help_text=_("Controller: it is our data. Processor: we process it for clients."),
    )
    client_organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="processor_incidents",
        verbose_name=_("affected client organisations"),
    )

    # Time line (domain.md §3): occurrence, detection and awareness are distinct moments.
    occurrence = models.CharField(
        _("occurrence"), max_length=10, choices=Occurrence.choices, default=Occurrence.UNKNOWN
    )
    occurred_from = models.DateTimeField(_("started"), null=True, blank=True)
    occurred_until = models.DateTimeField(_("ended"), null=True, blank=True)
    detected_at = models.DateTimeField(_("detected"))
    aware_at = models.DateTimeField(
        _("aware (T0)"),
        help_text=_(
            "When we had a reasonable degree of certainty that personal data was compromised. "
            "The 72-hour clock of Art. 33(1) GDPR starts here."
        ),
    )
    aware_established_by = models.CharField(_("awareness established by"), max_length=200)
    aware_justification = models.TextField(
        _("evidence for the awareness moment"),
        help_text=_("Who established it, and on what evidence (log entry, report, confirmation)."),
    )
    discovery_channel = models.CharField(
        _("how it was discovered"), max_length=20, choices=Discovery.choices, default=Discovery.OWN_DETECTION
    )
    reported_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="reported_incidents", verbose_name=_("logged by")
    )
    systems_affected = models.TextField(_("systems affected"), blank=True)
    affected_countries = CountryField(
        _("countries where the affected people live"),
        multiple=True,
        blank=True,
        help_text=_(
            "Decides which supervisory authorities are competent (Art. 55, 56; EDPB 9/2022 para. 73)."
        ),
    )

    # Containment: close the leak first, but it never blocks the notice behind it.
    containment_status = models.CharField(
        _("containment"), max_length=12, choices=Containment.choices, default=Containment.NOT_STARTED
    )
    containment_measures = models.TextField(_("containment measures taken"), blank=True)
    containment_plan = models.TextField(_("containment plan"), blank=True)
    contained_at = models.DateTimeField(_("contained at"), null=True, blank=True)

    # Triage and assessment.
    is_personal_data_breach = models.BooleanField(_("personal-data breach"), null=True, blank=True)
    triage_note = models.TextField(_("triage note"), blank=True)
    # The verdict on record: the finalised assessment's risk, then the DPO's decision (risk app).
    risk_level = models.CharField(_("risk"), max_length=10, choices=RiskLevel.choices, blank=True)
    risk_rationale = models.TextField(_("reasons for the risk level"), blank=True)
    notify_authority = models.BooleanField(_("notify the authority (Art. 33)"), null=True, blank=True)
    notify_subjects = models.BooleanField(_("tell the people (Art. 34)"), null=True, blank=True)
    public_communication = models.BooleanField(
        _("public communication (Art. 34(3)(c))"), null=True, blank=True
    )
    notify_controllers = models.BooleanField(_("alert the controllers (Art. 33(2))"), null=True, blank=True)
    approved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    authority_notified_at = models.DateTimeField(_("authority notified"), null=True, blank=True)

    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closure_kind = models.CharField(_("closed as"), max_length=14, choices=Closure.choices, blank=True)
    closure_reason = models.TextField(_("closure reason"), blank=True)

    status = FSMField(_("status"), default=Status.DETECTION, choices=Status.choices, protected=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Head of the hash-chained audit trail, so that removing the last event is detectable too.
    audit_event_count = models.PositiveIntegerField(default=0, editable=False)
    audit_head_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="unique_reference_per_organisation"
            ),
        ]
        # The list is read newest first, filtered by status or role; the register by period. The partial index
        # holds only the incidents on the 72-hour clock (a few among a million): the dashboard, the overdue filter
        # and the deadline sweep read it; another the open ones off the clock (the dashboard's second list). Search
        # by reference or title has trigram indexes (migration 0006).
        indexes = [
            models.Index(fields=["organisation", "-id"], name="incident_org_recent"),
            models.Index(fields=["organisation", "status", "-id"], name="incident_org_status"),
            models.Index(fields=["organisation", "our_role", "-id"], name="incident_org_role"),
            # with the id: the register finds the ids of a period from the index alone (and in its order)
            models.Index(fields=["organisation", "aware_at", "id"], name="incident_org_aware"),
            models.Index(fields=["organisation", "aware_at"], name="incident_on_clock", condition=ON_CLOCK),
            models.Index(fields=["organisation", "-id"], name="incident_on_clock_recent", condition=ON_CLOCK),
            # The dashboard's open incidents off the clock: without it, when there are fewer than a page of them,
            # finding that out means walking the whole register backwards.
            models.Index(
                fields=["organisation", "-id"],
                name="incident_open_off_clock",
                condition=~Q(status="closed") & ~ON_CLOCK,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("incidents:detail", args=[self.pk])

    # --- the 72-hour clock -------------------------------------------------------------------------
    @property
    def authority_deadline(self) -> datetime:
        return deadlines.authority_deadline(self.aware_at)

    @property
    def clock_running(self) -> bool:
        """The Art. 33(1) clock runs until the authority is notified, or the DPO decided that it need not be."""
        return (
            self.status != self.Status.CLOSED
            and self.authority_notified_at is None
            and self.notify_authority is not False
            and self.is_personal_data_breach is not False
        )

    def clear_verdict(self) -> None:
        """A new assessment phase: the previous verdict stays in its frozen assessment and the audit trail."""
        self.risk_level = ""
        self.risk_rationale = ""
        self.notify_authority = self.notify_subjects = self.public_communication = self.notify_controllers = (
            None
        )
        self.approved_by = None
        self.approved_at = None

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.clock_running and deadlines.is_past(self.authority_deadline, now)

    # --- the state machine (domain.md §3; ARCHITECTURE.md) ------------------------------------------
    @transition(
        field=status,
        source=Status.DETECTION,
        target=Status.TRIAGE,
        permission=is_team_member,
        custom={"label": _("Start triage"), "reason": "optional"},
    )
    def start_triage(self, *, by: User, at: datetime, reason: str = "") -> None:
        pass

    @transition(
        field=status,
        source=Status.TRIAGE,
        target=Status.CONTAINMENT,
        permission=is_team_member,
        custom={"label": _("Confirm: personal-data breach"), "reason": "optional"},
    )
    def confirm_breach(self, *, by: User, at: datetime, reason: str = "") -> None:
        """Art. 4(12): personal data was compromised; Arts. 33 and 34 apply from here."""
        self.is_personal_data_breach = True
        self.triage_note = reason

    @transition(
        field=status,
        source=Status.TRIAGE,
        target=Status.CLOSED,
        permission=is_team_member,
        custom={"label": _("Close: not a personal-data breach"), "reason": "required", "style": "danger"},
    )
    def close_not_breach(self, *, by: User, at: datetime, reason: str) -> None:
        """A security incident that compromised no personal data is no breach (EDPB 9/2022 §I.B.1), but
        Art. 33(5) still wants it documented: it stays in the register with this reason."""
        self.is_personal_data_breach = False
        self.triage_note = reason
        self.closure_kind = self.Closure.NOT_A_BREACH
        self.closure_reason = reason
        self.closed_at = at

    @transition(
        field=status,
        source=Status.CONTAINMENT,
        target=Status.ASSESSMENT,
        permission=is_team_member,
        conditions=[containment_recorded],
        custom={"label": _("Start risk assessment"), "reason": "optional"},
    )
    def start_assessment(self, *, by: User, at: datetime, reason: str = "") -> None:
        pass

    @transition(
        field=status,
        source=Status.ASSESSMENT,
        target=Status.APPROVAL,
        permission=is_team_member,
        conditions=[assessment_recorded],
        custom={"label": _("Submit to the DPO for approval"), "reason": "optional", "panel": "risk"},
    )
    def submit_for_approval(self, *, by: User, at: datetime, reason: str = "") -> None:
        pass

    @transition(
        field=status,
        source=Status.APPROVAL,
        target=Status.NOTIFICATION,
        permission=is_dpo,
        conditions=[assessment_recorded, decision_recorded],
        custom={"label": _("Approve the assessment"), "reason": "optional", "style": "success"},
    )
    def approve(self, *, by: User, at: datetime, reason: str = "") -> None:
        self.approved_by = by
        self.approved_at = at

    @transition(
        field=status,
        source=Status.APPROVAL,
        target=Status.ASSESSMENT,
        permission=is_dpo,
        custom={"label": _("Return for re-assessment"), "reason": "required", "style": "warning"},
    )
    def return_to_assessment(self, *, by: User, at: datetime, reason: str) -> None:
        self.clear_verdict()

    @transition(
        field=status,
        source=Status.NOTIFICATION,
        target=Status.CLOSED,
        permission=is_dpo,
        conditions=[nothing_left_open],
        custom={"label": _("Close the incident"), "reason": "required", "style": "secondary"},
    )
    def close(self, *, by: User, at: datetime, reason: str) -> None:
        self.closure_kind = self.Closure.RESOLVED
        self.closure_reason = reason
        self.closed_at = at

    @transition(
        field=status,
        source=Status.CLOSED,
        target=RETURN_VALUE(Status.TRIAGE, Status.ASSESSMENT),
        permission=is_team_member,
        custom={"label": _("Reopen"), "reason": "required", "style": "warning"},
    )
    def reopen(self, *, by: User, at: datetime, reason: str) -> str:
        """New facts: a confirmed breach goes back to assessment (a new phase, Art. 33(4)); an incident
        closed as no breach goes back to triage. The earlier closure stays in the audit trail."""
        self.closure_kind = ""
        self.closure_reason = ""
        self.closed_at = None
        self.clear_verdict()
        return self.Status.ASSESSMENT if self.is_personal_data_breach else self.Status.TRIAGE


# Facts a person records and may later correct; every change is audited with its old and new value.
FACT_FIELDS = (
    "title",
    "description",
    "our_role",
    "occurrence",
    "occurred_from",
    "occurred_until",
    "detected_at",
    "aware_at",
    "aware_established_by",
    "aware_justification",
    "discovery_channel",
    "systems_affected",
    "affected_countries",
    "containment_status",
    "containment_measures",
    "containment_plan",
    "contained_at",
)
REQUIRED_FACTS = (
    "title",
    "description",
    "detected_at",
    "aware_at",
    "aware_established_by",
    "aware_justification",
)


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    # The stored name never contains the user's file name: it is random, and outside the web root.
    return f"evidence/{instance.incident_id}/{instance.storage_key}"


class Evidence(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="evidence")
    storage_key = models.CharField(max_length=64, unique=True, editable=False)
    file = models.FileField(upload_to=evidence_upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    description = models.CharField(_("description"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class AuditTrailImmutable(Exception):
    """The audit trail is append-only: no code path updates or deletes an event."""


class IncidentEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditTrailImmutable("Audit events cannot be updated.")

    def delete(self):
        raise AuditTrailImmutable("Audit events cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditTrailImmutable("Audit events cannot be updated.")


class IncidentEvent(models.Model):
    """One append-only, hash-chained entry of an incident's audit trail (Art. 33(5) documentation).

    ``hash`` covers this event's content and ``prev_hash``; ``prev_hash`` is the hash of the event before it.
    It is an HMAC under the audit key ``key_id`` (kept out of the database, ``settings.AUDIT_KEYS``), or for the
    events written before there was a key (``key_id`` null) a plain SHA-256 (``incidents/audit.py``).
    Changing or removing any event breaks the chain, which ``manage.py verify_audit`` reports.
    """

    class Kind(models.TextChoices):
        """The incidents app's own kinds. Other apps add theirs (``incidents.event_kinds``): the column has
        no fixed choices, so a new kind of event needs no migration of this table."""

        CREATED = "created", _("Incident logged")
        UPDATED = "updated", _("Facts edited")
        TRANSITION = "transition", _("Status changed")
        EVIDENCE_ADDED = "evidence_added", _("Evidence added")
        KEY_ROTATED = "key_rotated", _("Audit key changed")

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="events")
    sequence = models.PositiveIntegerField()
    kind = models.CharField(max_length=40)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    actor_label = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # Null, not "", for the events from before the audit key: nullable, adding the column rewrites no row (the
    # table is append-only, and SQLite would rebuild it without its triggers for a default).
    key_id = models.CharField(max_length=32, null=True, blank=True, editable=False)  # noqa: DJ001

    objects = IncidentEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["incident_id", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "sequence"], name="one_event_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.incident_id}#{self.sequence} {self.kind}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AuditTrailImmutable("Audit events cannot be changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailImmutable("Audit events cannot be deleted.")

    def get_kind_display(self) -> str:
        return event_kind_label(self.kind)
