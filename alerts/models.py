"""Hand-off e-mails (one outbox row per event and person), each person's choices of them, and outgoing webhooks
per organisation with their own outbox of deliveries (status, attempts, last error, response code, next attempt)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.models import IncidentEvent, Organisation

LANGUAGES = [("nl", _("Dutch")), ("fr", _("French")), ("en", _("English"))]


class Handoff(models.TextChoices):
    """The moments a piece of work passes to someone else, each an e-mail a person may switch off."""

    ASSESSMENT_FINALISED = (
        "assessment_finalised",
        _("An assessment is finalised and waits for a DPO's decision"),
    )
    NOTICE_SUBMITTED = "notice_submitted", _("A notice waits for approval")
    NOTICE_APPROVED = "notice_approved", _("An approved notice to an authority waits to be filed")
    CLIENT_QUESTION = "client_question", _("A client asked a question about an alert")


class AlertPreference(models.Model):
    """What one person wants by e-mail; without a row every hand-off e-mail is on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_preference"
    )
    language = models.CharField(
        _("language of the e-mails"),
        max_length=2,
        blank=True,
        choices=LANGUAGES,
        help_text=_("Empty: the language of the organisation."),
    )
    muted = models.JSONField(_("switched off"), default=list, blank=True)

    class Meta:
        verbose_name = _("alert preference")
        verbose_name_plural = _("alert preferences")

    def __str__(self) -> str:
        return f"{self.user} · {self.language or '-'} · off: {', '.join(self.muted) or '-'}"

    def wants(self, handoff: str) -> bool:
        return handoff not in self.muted


class HandoffMail(models.Model):
    """One e-mail of one hand-off to one person: created with the event (same transaction), claimed by
    compare-and-set, sent once, its outcome recorded."""

    # No database constraint onto the audit trail: the trail's own checks (hash chain, anchor) find a removed
    # event, and an outbox row must not stand in the way of showing that.
    event = models.ForeignKey(
        IncidentEvent, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    handoff = models.CharField(max_length=30, choices=Handoff.choices)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    language = models.CharField(max_length=2, choices=LANGUAGES)
    created_at = models.DateTimeField()
    claim_token = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "recipient"], name="one_handoff_mail_per_person")
        ]

        indexes = [
            models.Index(
                fields=["created_at"],
                name="handoff_mail_pending",
                condition=models.Q(sent_at__isnull=True, failed_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.handoff} → {self.email}"


class WebhookEvent(models.TextChoices):
    INCIDENT_LOGGED = "incident.logged", _("Incident logged")
    INCIDENT_STATUS = "incident.status_changed", _("Incident status changed")
    DECISION = "decision.recorded", _("DPO decision recorded")
    NOTICE_APPROVED = "notice.approved", _("Notice approved")
    NOTICE_FILED = "notice.filed", _("Notice filed with the authority")
    NOTICE_SENT = "notice.sent", _("Notice sent")
    DEADLINE = "deadline.threshold", _("Deadline threshold reached")


def new_secret() -> str:
    return secrets.token_hex(32)


class Webhook(models.Model):
    class Format(models.TextChoices):
        JSON = "json", _("JSON (signed)")
        SLACK = "slack", _("Slack incoming webhook")
        TEAMS = "teams", _("Microsoft Teams incoming webhook")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(_("secret"), max_length=128, default=new_secret)
    events = models.JSONField(_("events"), default=list)
    payload_format = models.CharField(
        _("payload"), max_length=10, choices=Format.choices, default=Format.JSON
    )
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["organisation_id", "id"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    source = models.ForeignKey(
        IncidentEvent, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    event = models.CharField(_("event"), max_length=40, choices=WebhookEvent.choices)
    body = models.TextField()  # the exact bytes signed and sent (UTF-8)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    response_code = models.PositiveSmallIntegerField(_("response"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"))
    next_attempt_at = models.DateTimeField(_("next attempt"))
    claim_token = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    # Every attempt, for the delivery log: [{"at": iso, "code": int | None, "error": str}].
    history = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["webhook", "source"], name="one_delivery_per_webhook_and_event")
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="webhook_delivery_due",
                condition=models.Q(status__in=["queued", "sending"]),
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook_id}: {self.status}"
