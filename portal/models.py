"""The controller portal: what a controller client does with the alerts we send it as its processor —
acknowledge each one, ask questions about it, and import it as an incident of its own.

Every row hangs off an alert (a ``Notice`` of kind controller) addressed to one client organisation; the portal's
selectors only ever reach rows through the alerts of the user's own client organisations.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident, Organisation
from notifications.models import Notice


class Acknowledgement(models.Model):
    """The client confirms it received one phase of an alert: who, and when. The processor sees it, and it is in
    the processor's audit trail (Art. 33(5): we can show the controller was informed)."""

    notice = models.OneToOneField(Notice, on_delete=models.PROTECT, related_name="acknowledgement")
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(_("acknowledged"))

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")

    def __str__(self) -> str:
        return f"{self.notice_id} · {self.acknowledged_at:%Y-%m-%d %H:%M}"


class Question(models.Model):
    """A question of the client about an alert, and our answer: the thread of the alert. A question is open
    until the processor answers it."""

    alert = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="questions")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(_("asked"))
    text = models.TextField(_("question"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["alert_id", "asked_at", "id"]
        indexes = [models.Index(fields=["alert", "answered_at"], name="question_alert_open")]

    def __str__(self) -> str:
        return f"{self.alert_id}: {self.text[:40]}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


class AlertImport(models.Model):
    """An alert imported as an incident of the client's own organisation (a controller that also uses Datalek).
    Kept to refuse a second import into the same organisation and to link the two."""

    alert = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="imports")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    incident = models.OneToOneField(Incident, on_delete=models.PROTECT, related_name="imported_from")
    phase = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="+")
    facts = models.JSONField(_("breach facts imported"), null=True, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(_("imported"))

    class Meta:
        verbose_name = _("imported alert")
        verbose_name_plural = _("imported alerts")
        constraints = [
            models.UniqueConstraint(fields=["alert", "organisation"], name="one_import_per_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.alert_id} → {self.incident_id}"
