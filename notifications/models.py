"""Notices: to the supervisory authority (Art. 33), to the people (Art. 34), as a public communication (Art. 34(3)(c))
and to controller clients (Art. 33(2)), with their approval road; the competent-authority decision and the
establishments it rests on. The people (``people``), the processor's contracts and instructions (``processors``) and
the outbox (``delivery``) are apps of their own."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from incidents.models import Incident, Organisation
from incidents.roles import condition, is_dpo, is_team_member
from processors.models import WrittenInstruction
from vocabulary.languages import LANGUAGES


class Channel(models.TextChoices):
    """How the people are told: an e-mail, or a letter to print (the outbox's channels; a notice's content counts
    them)."""

    EMAIL = "email", _("E-mail")
    POST = "post", _("Letter")


class Establishment(models.Model):
    """Where one of our organisations is established (Art. 4(16), 55, 56): decides the competent authority."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="establishments")
    country = CountryField(_("country"))
    is_main = models.BooleanField(
        _("main establishment"),
        default=False,
        help_text=_("The place of central administration in the EU (Art. 4(16))."),
    )
    address = models.TextField(_("address"), blank=True)

    class Meta:
        verbose_name = _("establishment")
        verbose_name_plural = _("establishments")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "country"], name="one_establishment_per_country"),
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(is_main=True), name="one_main_establishment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.country.code}{' (main)' if self.is_main else ''}"


class AuthorityDecision(models.Model):
    """The competent authorities for an incident: what the resolver said, and what the DPO decided."""

    incident = models.OneToOneField(Incident, on_delete=models.PROTECT, related_name="authority_decision")
    resolved = models.JSONField(
        _("resolver result")
    )  # {"codes": [...], "reasons": [...], "cross_border": bool}
    codes = models.JSONField(_("authorities to notify"), default=list)
    overridden = models.BooleanField(default=False)
    justification = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.incident_id}: {', '.join(self.codes) or '-'}"


# --- notices -----------------------------------------------------------------------------------------------


@condition(
    _(
        "The client's written instruction for this notice was revoked: we no longer notify on its behalf "
        "(withdraw or leave the draft)."
    )
)
def instruction_in_force(notice: Notice) -> bool:
    return notice.instruction_id is None or notice.instruction.revoked_at is None


@condition(
    _(
        "A notice filed or sent after the 72-hour deadline must say why it is late (Art. 33(1)); add the "
        "reason to the notice."
    )
)
def late_reason_given_when_late(notice: Notice) -> bool:
    return not notice.needs_late_reason or bool(notice.late_reason.strip())


def _approver(notice: Notice, user) -> bool:
    """Four eyes: a DPO of the organisation, and not the person who drafted the notice."""
    return is_dpo(notice.incident, user) and user.pk != notice.drafted_by_id


def _team(notice: Notice, user) -> bool:
    return is_team_member(notice.incident, user)


def _dpo(notice: Notice, user) -> bool:
    return is_dpo(notice.incident, user)


class Notice(ConcurrentTransitionMixin, models.Model):
    class Kind(models.TextChoices):
        AUTHORITY = "authority", _("Supervisory authority (Art. 33)")
        SUBJECTS = "subjects", _("Affected people (Art. 34)")
        PUBLIC = "public", _("Public communication (Art. 34(3)(c))")
        CONTROLLER = "controller", _("Controller client (Art. 33(2))")

    class Phase(models.TextChoices):
        INITIAL = "initial", _("Initial")
        FOLLOW_UP = "follow_up", _("Follow-up")
        WITHDRAWAL = "withdrawal", _("Withdrawal")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        SENDING = "sending", _("Sending")
        FILED = "filed", _("Filed with the authority")
        SENT = "sent", pgettext_lazy("status of a notice", "Sent")  # une notification envoyée
        PUBLISHED = "published", _("Published")
        FAILED = "failed", _("Failed")

    DONE = (Status.FILED, Status.SENT, Status.PUBLISHED)

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(_("to"), max_length=12, choices=Kind.choices)
    phase = models.CharField(_("phase"), max_length=12, choices=Phase.choices, default=Phase.INITIAL)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="phases",
        help_text=_("The first notice this one follows up or withdraws."),
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The notice of the phase before this one (for what changed)."),
    )
    authority = models.CharField(_("authority"), max_length=12, blank=True)
    client = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alerts",
        verbose_name=_("controller client"),
    )
    on_behalf_of = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of"),
        help_text=_("A notice we make as processor for a controller client, on its written instruction."),
    )
    instruction = models.ForeignKey(
        WrittenInstruction, on_delete=models.PROTECT, null=True, blank=True, related_name="notices"
    )
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES, default="en")
    content = models.JSONField(_("content"), default=dict)
    content_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    late_reason = models.TextField(
        _("reason for the delay"),
        blank=True,
        help_text=_("Required when the authority is notified after T0 + 72 h (Art. 33(1))."),
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    status = FSMField(_("status"), default=Status.DRAFT, choices=Status.choices, protected=True)

    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(_("drafted"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(pgettext_lazy("a notice", "approved"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed"), null=True, blank=True)
    reference = models.CharField(
        _("authority's reference"),
        max_length=100,
        blank=True,
        help_text=_("AP meldingsnummer, CNIL number, GBA “DBN…”."),
    )
    completed_at = models.DateTimeField(_("done"), null=True, blank=True)
    # When it was first released to its addressees (sending started): for a controller alert, the moment the
    # client is informed — in its portal at once, by e-mail through the outbox — and so its awareness (WP250).
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    # When its outbox was last handed to the task queue: the sweep hands over again, at most once a lease, the
    # mail of a notice whose hand-over was lost (the web process died between the commit and the queuing).
    dispatched_at = models.DateTimeField(null=True, blank=True)
    public_slug = models.SlugField(max_length=40, unique=True, null=True, blank=True, editable=False)
    unpublished_at = models.DateTimeField(_("withdrawn from the website"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["incident_id", "id"]
        indexes = [
            models.Index(fields=["incident", "kind"], name="notice_incident_kind"),
            models.Index(fields=["status", "due_at"], name="notice_status_due"),
            # The portal lists a client's released alerts (a handful among all notices).
            models.Index(
                fields=["client", "-released_at"],
                name="notice_client_released",
                condition=Q(kind="controller", released_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.incident.reference} {self.get_kind_display()} ({self.get_phase_display()})"

    @property
    def root(self) -> Notice:
        return self.parent or self

    # A document shows the notice as it was when it was asked for (reports.documents.notice.as_requested): the
    # answer to "late?" recorded then stands on that copy, whatever the clock says when it is rendered again.
    recorded_needs_late_reason: bool | None = None

    @property
    def needs_late_reason(self) -> bool:
        """An initial authority notice made after T0 + 72 h must give the reasons for the delay (Art. 33(1));
        a follow-up of an initial notice made in time does not (WP250 §II.B.2)."""
        if self.recorded_needs_late_reason is not None:
            return self.recorded_needs_late_reason
        if self.kind != self.Kind.AUTHORITY or self.phase != self.Phase.INITIAL:
            return False
        return (self.filed_at or timezone.now()) > self.authority_deadline

    @property
    def authority_deadline(self) -> datetime:
        """T0 + 72 h of the controller this notice is for. On a client's behalf, its T0 is the moment our alert
        informed it (WP250 §II.A.4); before that alert went out, our own T0 — the earlier, stricter moment."""
        if self.on_behalf_of_id is None:
            return self.incident.authority_deadline
        informed = (
            Notice.objects.filter(
                incident_id=self.incident_id,
                kind=self.Kind.CONTROLLER,
                phase=self.Phase.INITIAL,
                client_id=self.on_behalf_of_id,
            )
            .values_list("released_at", flat=True)
            .first()
        )
        return (informed or self.incident.aware_at).astimezone(UTC) + timedelta(
            hours=settings.AUTHORITY_DEADLINE_HOURS
        )

    # --- the approval road: draft -> awaiting approval -> approved -> filed / sending -> sent / published ----
    @transition(
        field=status,
        source=Status.DRAFT,
        target=Status.AWAITING_APPROVAL,
        permission=_team,
        conditions=[late_reason_given_when_late, instruction_in_force],
    )
    def submit(self, *, by, at) -> None:
        self.submitted_by, self.submitted_at = by, at

    @transition(field=status, source=Status.AWAITING_APPROVAL, target=Status.DRAFT, permission=_dpo)
    def return_to_draft(self, *, by, at) -> None:
        self.submitted_by = self.submitted_at = None

    @transition(
        field=status,
        source=Status.AWAITING_APPROVAL,
        target=Status.APPROVED,
        permission=_approver,
        conditions=[late_reason_given_when_late, instruction_in_force],
    )
    def approve(self, *, by, at, content_sha256: str) -> None:
        self.approved_by, self.approved_at, self.content_sha256 = by, at, content_sha256

    @transition(field=status, source=Status.APPROVED, target=Status.DRAFT, permission=_dpo)
    def revise(self, *, by, at) -> None:
        """Back to draft to change the approved content (e.g. to add the reasons for a delay); needs a new
        approval."""
        self.approved_by = self.approved_at = None
        self.submitted_by = self.submitted_at = None
        self.content_sha256 = ""

    @transition(
        field=status,
        source=Status.APPROVED,
        target=Status.FILED,
        permission=_dpo,
        conditions=[late_reason_given_when_late, instruction_in_force],
    )
    def file(self, *, by, at, filed_at, reference: str) -> None:
        self.filed_by, self.filed_at, self.reference, self.completed_at = by, filed_at, reference, at
        self.released_at = self.released_at or filed_at

    @transition(
        field=status,
        source=[Status.APPROVED, Status.FAILED],
        target=Status.SENDING,
        permission=_team,
        conditions=[instruction_in_force],
    )
    def start_sending(self, *, by, at) -> None:
        self.released_at = self.released_at or at

    @transition(field=status, source=Status.SENDING, target=Status.SENT)
    def mark_sent(self, *, at) -> None:
        self.completed_at = at

    @transition(field=status, source=Status.SENDING, target=Status.FAILED)
    def mark_failed(self, *, at) -> None:
        pass

    @transition(
        field=status,
        source=Status.APPROVED,
        target=Status.PUBLISHED,
        permission=_team,
        conditions=[instruction_in_force],
    )
    def publish(self, *, by, at) -> None:
        self.released_at = self.released_at or at
        self.public_slug = self.public_slug or uuid.uuid4().hex[:16]
        self.completed_at = at


class MissingAnswersAcknowledgement(models.Model):
    """A DPO's explicit acknowledgement that an authority notice goes on — submitted, approved or filed — while
    answers its form requires are still missing: the law allows the information in phases (Art. 33(4)); the notice
    then says what follows later. Which answers, who and when are kept (and in the audit trail)."""

    class Step(models.TextChoices):
        SUBMIT = "submit", _("Submitted for approval")
        APPROVE = "approve", _("Approved")
        FILE = "file", _("Filed with the authority")

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="acknowledgements")
    step = models.CharField(_("step"), max_length=8, choices=Step.choices)
    missing = models.JSONField(_("answers missing"), default=list)  # [{"number": …, "question": …}]
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("acknowledged"))

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("acknowledgement of missing answers")
        verbose_name_plural = _("acknowledgements of missing answers")

    def __str__(self) -> str:
        return f"{self.notice_id} {self.step} {len(self.missing)}"
