"""The processor side: the terms of each controller client's data processing agreement (the alert deadline, whom to
alert) and the written instructions a client gives us to notify on its behalf. The tables keep the names they had in
the notifications app (``db_table``): the models moved, the rows did not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.models import Evidence, Incident, Organisation

DEFAULT_ALERT_HOURS = (
    24  # the most common contractual term (domain.md §9); the GDPR says "without undue delay"
)


class DpaTerms(models.Model):
    """The breach clauses of the data processing agreement with one controller client (Art. 28(3)(f)): within how
    many hours of our awareness we alert it (Art. 33(2) sets no hour limit, the contract does), and to which
    addresses. The client's language and sector are kept on the client organisation itself."""

    client = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="dpa_terms",
        limit_choices_to={"kind": Organisation.Kind.CLIENT},
        verbose_name=_("client organisation"),
    )
    alert_hours = models.PositiveSmallIntegerField(
        _("alert deadline (hours after our awareness)"),
        default=DEFAULT_ALERT_HOURS,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
        help_text=_("From the data processing agreement; 24 or 48 hours are common."),
    )
    contacts = models.JSONField(
        _("addresses for breach alerts"),
        default=list,
        blank=True,
        help_text=_("Every alert goes to each of these addresses, and to the client's users in the portal."),
    )
    agreement = models.CharField(
        _("agreement"),
        max_length=200,
        blank=True,
        help_text=_("Which agreement and clause, e.g. “Verwerkersovereenkomst 12 January 2024, art. 9”."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), null=True, blank=True)

    class Meta:
        db_table = "notifications_dpaterms"  # the table it had in the notifications app
        verbose_name = _("DPA terms")
        verbose_name_plural = _("DPA terms")

    def __str__(self) -> str:
        return f"{self.client} · {self.alert_hours} h"


def alert_deadline(aware_at: datetime, hours: int) -> datetime:
    """Our awareness plus the contractual hours, in calendar hours (UTC arithmetic, as the 72-hour clock)."""
    return aware_at.astimezone(UTC) + timedelta(hours=hours)


class WrittenInstruction(models.Model):
    """A client's written instruction to notify, on its behalf, the supervisory authority or the people
    concerned. Without one we never do (domain.md §9): the notification stays the controller's duty and
    responsibility (Art. 33(1), 34(1); WP250), we only carry it out."""

    class Allows(models.TextChoices):
        AUTHORITY = "authority", _("Notify the supervisory authority (Art. 33)")
        SUBJECTS = "subjects", _("Tell the affected people (Art. 34)")

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="instructions")
    client = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("client organisation")
    )
    allows = models.JSONField(_("what it allows"), default=list)
    given_by = models.CharField(
        _("given by"), max_length=200, help_text=_("Name and function of the person at the client.")
    )
    given_at = models.DateTimeField(_("given at"))
    document = models.ForeignKey(
        Evidence,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the written instruction"),
        help_text=_("The e-mail or letter, attached to the incident as evidence."),
    )
    document_reference = models.CharField(
        _("where the writing is kept"),
        max_length=300,
        blank=True,
        help_text=_("When it is not attached: e.g. “e-mail of 3 March 10:14, archived as DMS-2291”."),
    )
    note = models.TextField(_("what it says"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"))
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    class Meta:
        db_table = "notifications_writteninstruction"  # the table it had in the notifications app
        verbose_name = _("written instruction")
        verbose_name_plural = _("written instructions")
        ordering = ["incident_id", "id"]

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.client} ({', '.join(self.allows)})"

    @property
    def in_force(self) -> bool:
        return self.revoked_at is None

    def allows_kind(self, kind: str) -> bool:
        return self.in_force and kind in self.allows

    def allows_labels(self) -> list[str]:
        labels = dict(self.Allows.choices)
        return [str(labels.get(a, a)) for a in self.allows]
