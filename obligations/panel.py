"""What the obligations panel shows: each obligation with its reports as the stored rule set names them, the stored
deadline and what the chain says of each (due, overdue, waiting for a filing, on request)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_countries import countries as country_names

from incidents.models import User
from obligations import rules as R
from obligations.forms import moment_label
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
class MomentRow:
    """A moment recorded on the obligation, by whom and when (each record; a correction is a new one)."""

    label: str
    at: datetime
    by: str
    recorded_at: datetime | None


@dataclass(frozen=True)
class ObligationRow:
    obligation: Obligation
    regime: str
    rule_set: str
    reports: list[ReportRow]
    country: str = ""  # the member state's name, when the obligation has one
    recipient: str = ""
    moments: list[MomentRow] = field(default_factory=list)
    moment_form: Any = None  # the form recording a moment its reports count from, for the team


def rows_of(
    obligations: Iterable[Obligation], moment_forms: Mapping[int, Any] | None = None
) -> list[ObligationRow]:
    """One row per obligation: an entity established in several member states has one NIS2 row per country, each
    with its recipient."""
    now = timezone.now()
    obligations = list(obligations)
    rows = []
    people = _people(obligations)
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
        recipient = rule_set.recipient(obligation.country) if rule_set else None
        rows.append(
            ObligationRow(
                obligation,
                str(R.REGIMES[obligation.regime].label),
                str(rule_set.label) if rule_set else "",
                reports,
                str(country_names.name(obligation.country)) if obligation.country else "",
                str(recipient.name) if recipient else "",
                _moments(obligation, people),
                (moment_forms or {}).get(obligation.pk),
            )
        )
    return rows


def _people(obligations: list[Obligation]) -> dict[int, str]:
    """Who recorded the moments, by id, in one query."""
    ids = {
        entry.get("by")
        for obligation in obligations
        for entries in (obligation.moments or {}).values()
        for entry in entries
    }
    return {user.pk: user.get_full_name() or user.get_username() for user in User.objects.filter(pk__in=ids)}


def _moments(obligation: Obligation, people: Mapping[int, str]) -> list[MomentRow]:
    rows = []
    for name, entries in (obligation.moments or {}).items():
        for entry in entries:
            at = parse_datetime(entry.get("at") or "")
            if at is None:
                continue
            rows.append(
                MomentRow(
                    moment_label(name, obligation),
                    at,
                    people.get(entry.get("by"), "?"),
                    parse_datetime(entry.get("recorded_at") or ""),
                )
            )
    return sorted(rows, key=lambda row: row.at)


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
