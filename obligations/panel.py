"""What the obligations panel shows: each obligation with its reports as the stored rule set names them, the stored
deadline and what the chain says of each (due, overdue, waiting for a filing, on request)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from obligations import rules as R
from obligations.models import Obligation, ObligationReport, RegimeProfile


@dataclass(frozen=True)
class ReportRow:
    report: ObligationReport
    label: str
    due_at: datetime | None
    overdue: bool
    on_request: bool
    condition: str


@dataclass(frozen=True)
class ObligationRow:
    obligation: Obligation
    regime: str
    rule_set: str
    reports: list[ReportRow]


def rows_of(obligations: Iterable[Obligation]) -> list[ObligationRow]:
    now = timezone.now()
    rows = []
    for obligation in obligations:
        rule_set = obligation.rules()
        reports = []
        for report in obligation.reports.all():
            rule = report.rule()
            reports.append(
                ReportRow(
                    report,
                    report.label,
                    report.due_at,
                    report.due_at is not None and report.state != "filed" and report.due_at <= now,
                    bool(rule and rule.on_request),
                    str(rule.condition) if rule and rule.condition else "",
                )
            )
        rows.append(
            ObligationRow(
                obligation,
                str(R.REGIMES[obligation.regime].label),
                str(rule_set.label) if rule_set else "",
                reports,
            )
        )
    return rows


def tests_in_scope(profile: RegimeProfile) -> list[str]:
    """The regimes whose own test the team answers on the incident: those the profile puts the organisation in."""
    regimes = []
    if profile.nis2_entity != RegimeProfile.Nis2Entity.NONE:
        regimes.append("nis2")
    if profile.dora_financial_entity:
        regimes.append("dora")
    if profile.trust_service_provider:
        regimes.append("eidas")
    if profile.digital_products_manufacturer:
        regimes.append("cra")
    return regimes
