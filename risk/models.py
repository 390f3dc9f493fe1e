"""Risk assessments of an incident: the engine's advice on the facts, frozen once finalised, and beside it the
DPO's own decision, which may differ from the advice only with a written justification."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident

VERDICTS = ("notify_authority", "notify_subjects", "public_communication", "notify_controllers")


def severity_level_of(decision: dict | None) -> str:
    """The ENISA level ("low" … "very high") of an engine decision, "" when it has none."""
    severity = (decision or {}).get("severity") if isinstance(decision, dict) else None
    return str(severity.get("level") or "") if isinstance(severity, dict) else ""


class RiskAssessment(models.Model):
    """One version of an incident's risk assessment (Art. 33(4): a new phase gives a new version).

    A version is a *draft* while the team works on it; *finalising* freezes its facts and the engine's decision
    and submits it to the DPO; the DPO's decision is then recorded next to it, never over it.
    """

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="assessments")
    version = models.PositiveIntegerField()
    facts = models.JSONField(_("breach facts"))
    decision = models.JSONField(_("engine decision"))
    engine_version = models.CharField(_("engine version"), max_length=20)
    # The ENISA level of the decision, kept beside it (set on save): the register reads it for every incident, and
    # a decision of 16 kB lies compressed in the TOAST table, so reading one key of it costs a fetch and a
    # decompression per row — most of the register's time on a million incidents.
    severity_level = models.CharField(_("ENISA severity"), max_length=12, blank=True, editable=False)
    # Where each fact came from, by dotted path: "recorded" by a person, "derived" from the inventory and
    # left unconfirmed, or "missing" (no value). The authority documents show it beside each fact.
    provenance = models.JSONField(_("provenance of the facts"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("last run"))
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finalised_at = models.DateTimeField(_("finalised"), null=True, blank=True)

    # The DPO's decision, recorded separately from the engine's advice.
    dpo_risk = models.CharField(_("DPO: risk"), max_length=10, choices=Incident.RiskLevel.choices, blank=True)
    dpo_notify_authority = models.BooleanField(null=True, blank=True)
    dpo_notify_subjects = models.BooleanField(null=True, blank=True)
    dpo_public_communication = models.BooleanField(null=True, blank=True)
    dpo_notify_controllers = models.BooleanField(null=True, blank=True)
    dpo_overrides = models.JSONField(_("verdicts the DPO decided differently"), default=list, blank=True)
    dpo_justification = models.TextField(_("justification"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        ordering = ["incident_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "version"], name="one_assessment_per_version"),
            models.UniqueConstraint(
                fields=["incident"],
                condition=models.Q(finalised_at__isnull=True),
                name="one_draft_per_incident",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} v{self.version}"

    def save(self, *args, **kwargs) -> None:
        self.severity_level = severity_level_of(self.decision)
        if kwargs.get("update_fields") is not None and "decision" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "severity_level"}
        super().save(*args, **kwargs)

    @property
    def is_final(self) -> bool:
        return self.finalised_at is not None

    @property
    def is_decided(self) -> bool:
        return self.decided_at is not None

    @property
    def advice(self) -> dict:
        """The engine's verdicts."""
        return {"risk": self.decision["risk"], **{name: self.decision[name] for name in VERDICTS}}

    @property
    def dpo_position(self) -> dict:
        return {"risk": self.dpo_risk, **{name: getattr(self, f"dpo_{name}") for name in VERDICTS}}
