"""An incident's reporting obligations, one per regime, variant and country (NIS2 is owed to each member state the
entity is established in, where its transposition is in force), each on the rule set in force at its trigger
moment, with the chain of reports it owes and their deadlines **as stored when they became known**.

The rule set's id is stored as text and read back through ``obligations.rules.rule_set`` ever after: a newer rule
set (the Omnibus adopted, a country's transposition of NIS2) never re-dates a past incident. A report's ``due_at``
is written once, when it becomes known (at the obligation's creation, or when the report it counts from is filed),
and changed only where ``obligations.rules.deadlines_to_store`` says the law itself moves it.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident, Organisation
from obligations import rules as R

REGIME_CHOICES = [
    ("gdpr", "GDPR"),
    ("nis2", "NIS2"),
    ("dora", "DORA"),
    ("eidas", "eIDAS"),
    ("eprivacy", "ePrivacy"),
    ("cra", "CRA"),
]


class RegimeProfile(models.Model):
    """What an organisation is, for each regime beside the GDPR: whether it is in scope at all. Whether one
    incident is reportable is the incident's own test (`RegimeAnswers`)."""

    class Nis2Entity(models.TextChoices):
        NONE = "none", _("Not in scope of NIS2")
        ESSENTIAL = "essential", _("Essential entity (NIS2 Art. 3(1))")
        IMPORTANT = "important", _("Important entity (NIS2 Art. 3(2))")

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="regime_profile", verbose_name=_("organisation")
    )
    nis2_entity = models.CharField(
        _("NIS2 entity"), max_length=10, choices=Nis2Entity.choices, default=Nis2Entity.NONE
    )
    nis2_sector = models.CharField(_("NIS2 sector"), max_length=100, blank=True)
    dora_financial_entity = models.BooleanField(_("financial entity under DORA"), default=False)
    trust_service_provider = models.BooleanField(_("trust service provider (eIDAS)"), default=False)
    public_ecs_provider = models.BooleanField(
        _("provider of public electronic communications services"), default=False
    )
    digital_products_manufacturer = models.BooleanField(
        _("manufacturer of products with digital elements (CRA)"), default=False
    )
    countries = models.JSONField(_("countries"), default=list, blank=True)  # ISO codes, e.g. ["NL", "BE"]
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("regimes profile")
        verbose_name_plural = _("regimes profiles")

    def __str__(self) -> str:
        return f"{self.organisation}: regimes"


class RegimeAnswers(models.Model):
    """The team's answers to one regime's own test on one incident (e.g. NIS2 Art. 23(3) "significant"), as the
    named answers of the regime's applicability function in ``obligations.rules.applicability``."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="regime_answers")
    regime = models.CharField(_("regime"), max_length=10, choices=REGIME_CHOICES)
    answers = models.JSONField(_("answers"), default=dict)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(_("answered"))

    class Meta:
        verbose_name = _("answers to a regime's test")
        verbose_name_plural = _("answers to the regimes' tests")
        constraints = [
            models.UniqueConstraint(fields=["incident", "regime"], name="one_answer_set_per_regime")
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.regime}"


class Obligation(models.Model):
    class State(models.TextChoices):
        OWED = "owed", _("Owed")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")
        DRAFTED = "drafted", _("Drafted")
        APPROVED = "approved", _("Approved")
        FILED = "filed", _("Filed")
        SUPPLEMENTED = "supplemented", _("Supplemented")

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="obligations")
    regime = models.CharField(_("regime"), max_length=10, choices=REGIME_CHOICES)
    # The rule set's variant: GDPR controller/processor, NIS2 entity/trust_service_provider, CRA vulnerability/
    # incident; "" for a regime without variants.
    variant = models.CharField(_("variant"), max_length=30, blank=True)
    # The rule set in force at the trigger moment, kept for ever ("" when none was in force: not applicable).
    rule_set = models.CharField(_("rule set"), max_length=60, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    trigger_code = models.CharField(_("trigger"), max_length=20, default="awareness")
    trigger_at = models.DateTimeField(_("trigger moment"))
    trigger_reason = models.TextField(_("why this trigger moment"), blank=True)
    # Figures a contract fixes for the rule set (the processor's alert: ``contract_hours``), kept as used.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=14, choices=State.choices, default=State.OWED)
    reason = models.TextField(_("why it applies or not"), blank=True)
    article = models.CharField(_("article"), max_length=100, blank=True)
    # The moments some reports count from, recorded by the team: {name: [{"at": ISO, "by": user id, "recorded_at":
    # ISO}, …]} — NIS2's "handled", the CRA's "corrective_measure", and "filed_again:<report>" for a report filed
    # again (DORA's updated intermediate report); the latest record of a moment holds, earlier ones stay as history.
    moments = models.JSONField(_("recorded moments"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering = ["incident_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "regime", "variant", "country"],
                name="one_obligation_per_regime_variant_country",
            )
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.regime} {self.variant} {self.country}".strip()

    def rules(self) -> R.RuleSet | None:
        """The rule set it was made under, read back by its stored id even when no longer in force."""
        return R.rule_set(self.rule_set) if self.rule_set else None

    @property
    def label(self) -> str:
        """The regime's name, with the country for a regime owed to each member state ("NIS2 (BE)"): an entity
        established in two countries has two NIS2 obligations, told apart wherever they are listed."""
        regime = str(R.REGIMES[self.regime].label)
        return f"{regime} ({self.country})" if self.country and R.per_country(self.regime) else regime

    def recorded_moments(self) -> dict[str, datetime]:
        """The moments the team recorded (``handled``, ``corrective_measure``), each at its latest record — a
        correction is a new record —, as aware datetimes by name: what ``chain_state`` counts from."""
        found = {}
        for name, entries in (self.moments or {}).items():
            if name.startswith(FILED_AGAIN):
                continue
            at = parse_datetime((entries[-1] if entries else {}).get("at") or "")
            if at is not None:
                found[name] = at
        return found

    def filed_again(self) -> dict[str, list[datetime]]:
        """Each report's later filings the team recorded (DORA's updated intermediate reports), by report code."""
        found: dict[str, list[datetime]] = {}
        for name, entries in (self.moments or {}).items():
            if name.startswith(FILED_AGAIN):
                found[name.removeprefix(FILED_AGAIN)] = [
                    at for entry in entries if (at := parse_datetime(entry.get("at") or "")) is not None
                ]
        return found


# The key of a report's later filings in ``Obligation.moments``: "filed_again:intermediate".
FILED_AGAIN = "filed_again:"


class ObligationReport(models.Model):
    class State(models.TextChoices):
        OWED = "owed", _("Owed")
        DRAFTED = "drafted", _("Drafted")
        APPROVED = "approved", _("Approved")
        FILED = "filed", _("Filed")

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="reports")
    code = models.CharField(_("report"), max_length=30)
    position = models.PositiveSmallIntegerField(default=0)  # its place in the rule set's chain
    due_at = models.DateTimeField(_("due"), null=True, blank=True)  # stored when it became known
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OWED)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    drafted_at = models.DateTimeField(_("drafted"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    filed_at = models.DateTimeField(_("filed"), null=True, blank=True)
    reference = models.CharField(_("the recipient's reference"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("report of an obligation")
        verbose_name_plural = _("reports of obligations")
        ordering = ["obligation_id", "position"]
        constraints = [models.UniqueConstraint(fields=["obligation", "code"], name="one_report_per_code")]
        # The deadline clock's sweep reads the reports not filed whose deadline is near (delivery.clock): a register
        # of a million incidents holds millions of reports, nearly all filed or without a deadline.
        indexes = [
            models.Index(
                fields=["due_at"],
                name="obligation_report_open_due",
                condition=models.Q(due_at__isnull=False) & ~models.Q(state="filed"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.obligation} {self.code}"

    def rule(self) -> R.ReportRule | None:
        """This report as its obligation's rule set describes it (label, deadline, sources, recipient)."""
        rule_set = self.obligation.rules()
        return rule_set.report(self.code, variant=self.obligation.variant or None) if rule_set else None

    @property
    def label(self) -> str:
        """Its name as the rule set gives it, e.g. "Early warning"."""
        rule = self.rule()
        return str(rule.label) if rule else self.code
