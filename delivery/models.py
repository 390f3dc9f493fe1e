"""The outbox of a notice's messages, and the reminders of the deadline clock. The tables keep the names they had in
the notifications app (``db_table``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident, Organisation
from notifications.models import Channel, Notice
from obligations.models import ObligationReport
from people.models import AffectedSubject
from people.recipients import GROUP_MAX, NAME_MAX, RECIPIENT_MAX
from vocabulary.languages import LANGUAGES


class Delivery(models.Model):
    """One message of the outbox: claimed by compare-and-set, sent once, its outcome recorded."""

    Channel = Channel  # how the people were told, as a notice's content names it

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        TO_PRINT = "to_print", _("Letter to print")

    # No index of its own: the (notice, status) index and the unique (notice, recipient, channel) begin with it, and
    # an outbox row changes status twice on its way out, each time writing every index anew (0003_outbox_indexes).
    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="deliveries", db_index=False)
    subject = models.ForeignKey(
        AffectedSubject, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    recipient = models.CharField(_("recipient"), max_length=RECIPIENT_MAX)
    recipient_name = models.CharField(max_length=NAME_MAX, blank=True)
    # The group of the breach the message is for, as the approved notice names it (blank: everyone is told the
    # same): which group's text it says (a person is told of the data of their own group only).
    group = models.CharField(max_length=GROUP_MAX, blank=True, default="", db_default="")
    language = models.CharField(max_length=2, choices=LANGUAGES, default="nl")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    claim_token = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=200, blank=True)

    class Meta:
        db_table = "notifications_delivery"  # the table it had in the notifications app
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "recipient", "channel"], name="one_delivery_per_recipient"
            ),
        ]
        indexes = [models.Index(fields=["notice", "status"], name="delivery_notice_status")]

    def __str__(self) -> str:
        return f"{self.notice_id} → {self.recipient} ({self.status})"


class Reminder(models.Model):
    """A reminder or escalation of the deadline clock. The unique key makes each exist once however often the
    sweep runs; it is claimed by compare-and-set and marked sent, like a delivery, so it goes out exactly once."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="reminders")
    notice = models.ForeignKey(
        Notice, on_delete=models.PROTECT, null=True, blank=True, related_name="reminders"
    )
    client = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The report of an obligation beside the GDPR's (NIS2, DORA, …) this reminder is about.
    obligation_report = models.ForeignKey(
        ObligationReport, on_delete=models.PROTECT, null=True, blank=True, related_name="reminders"
    )
    # e.g. "authority:48h", "authority:overdue", "follow_up:12:3d", "alert:7:half" (client 7's alert deadline),
    # "obligation:31:2h" (report 31 of a NIS2 or DORA obligation, two hours before its deadline)
    key = models.CharField(max_length=60)
    created_at = models.DateTimeField()
    claim_token = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.JSONField(default=list)
    last_error = models.TextField(blank=True)

    class Meta:
        db_table = "notifications_reminder"  # the table it had in the notifications app
        constraints = [models.UniqueConstraint(fields=["incident", "key"], name="one_reminder_per_key")]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.key}"
