"""The shapes of a rule set: a regime's legal parameters from one date, with their sources.

A `RuleSet` says, for one regime (`gdpr`, `nis2`, …) from its effective date: what triggers an obligation and which
threshold it has, who receives the reports in each country, and the **chain of reports** — each a `ReportRule` with
its deadline as one or more `Limit`s, each a `Period` counted from a `Start`:

- `TRIGGER`: the obligation's trigger moment (the incident's awareness by default; DORA's classification);
- `Moment(name)`: another recorded moment (`awareness` for DORA's 24-hour backstop, `corrective_measure` for the
  CRA's final report on a vulnerability, `handled` for NIS2's final report after a progress report);
- `Filing(code)`: the filing of an earlier report of the chain (its first filing, or its latest with
  ``which="latest"``: DORA's final report runs from the latest intermediate report).

A report with several limits is due at the earliest of them (DORA's initial notification: 4 h after the
classification *and* at the latest 24 h after awareness). A report with no limit is made on request (NIS2's
intermediate report) or "without undue delay" with no fixed term.

Nothing here knows Django models: an obligation stores its rule set's `id`, and each report's deadline when it
becomes known (obligations/rules/deadlines.py), so that a new rule set never re-dates a past incident.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from django.utils.functional import Promise

from obligations.rules.periods import Period

REGIME_CODES = ("gdpr", "nis2", "dora", "eidas", "eprivacy", "cra")
# The moments the incident itself records (incidents.Incident.aware_at): never recorded on an obligation.
INCIDENT_MOMENTS = frozenset({"awareness"})


@dataclass(frozen=True)
class Regime:
    code: str
    label: Promise
    instrument: str  # e.g. "Regulation (EU) 2016/679"


@dataclass(frozen=True)
class Source:
    """An article of an instrument, e.g. ``Source("Directive (EU) 2022/2555", "Art. 23(4)(a)", "NIS2")``."""

    instrument: str
    article: str
    short: str = ""  # the instrument's common name, if it has one

    def __str__(self) -> str:
        return f"{self.short or self.instrument} {self.article}"

    @property
    def full(self) -> str:
        return f"{self.instrument} {self.article}"


@dataclass(frozen=True)
class Trigger:
    """What starts the obligation's clock (its trigger moment); ``code`` is stored beside the moment."""

    code: str  # "awareness", "detection", "classification"
    label: Promise


@dataclass(frozen=True)
class Threshold:
    """When the regime obliges a report at all; ``code`` is what the applicability test compares with
    (obligations/rules/applicability.py)."""

    code: str  # "risk" (GDPR 2018), "high_risk" (Omnibus), "significant", "major", "any_breach", "severe"
    label: Promise
    source: Source


@dataclass(frozen=True)
class Recipient:
    """Who receives the reports: its kind (a code) and name; ``unverified`` when regimes.md marks it so."""

    kind: str  # "supervisory_authority", "csirt", "financial_authority", "supervisory_body", "single_entry_point"
    name: str
    unverified: bool = False
    note: str = ""


@dataclass(frozen=True)
class TriggerStart:
    def __str__(self) -> str:
        return "trigger"


TRIGGER = TriggerStart()


@dataclass(frozen=True)
class Moment:
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Filing:
    report: str
    which: Literal["first", "latest"] = "first"

    def __str__(self) -> str:
        return f"filing of {self.report}"


Start = TriggerStart | Moment | Filing


@dataclass(frozen=True)
class Limit:
    period: Period
    after: Start = TRIGGER


@dataclass(frozen=True)
class ReportRule:
    """One report of a chain.

    ``limits`` empty: no fixed deadline — ``on_request`` (the recipient asks for it) or "without undue delay".
    ``countries``: only for an organisation in one of these countries (the GBA/APD's part 2: {"BE"}).
    ``variants``: only for these variants of the obligation (the CRA's two final reports).
    ``condition``: owed only in a situation the team must confirm (NIS2's progress report: the incident is still
    ongoing when the final report is due); None: always owed.
    ``instead``: once the report named first has been filed, these limits replace ``limits`` (NIS2: after a progress
    report, the final report is due one month after the incident was handled).
    Within one chain (one variant, one country) the codes are unique; two variants may each have their own
    ``final``.
    """

    code: str
    label: Promise
    limits: tuple[Limit, ...]
    sources: tuple[Source, ...]
    on_request: bool = False
    countries: frozenset[str] | None = None
    variants: frozenset[str] | None = None
    condition: Promise | None = None
    instead: tuple[str, tuple[Limit, ...]] | None = None
    recipient: Recipient | None = (
        None  # when not the rule set's (the processor's alert goes to the controller)
    )

    def __post_init__(self) -> None:
        if self.on_request and self.limits:
            raise ValueError(f"{self.code}: a report on request has no deadline of its own.")


@dataclass(frozen=True)
class RuleSet:
    """A regime's legal parameters from ``effective`` on.

    ``effective``: when the rule set comes into force — a date (its start in Central European Time, the zone of
    every country Datalek serves) or an aware datetime; None: not in force (a proposal, or a directive in force only
    through national law). ``effective_in``: for a directive, the date each country's transposition came into force
    (None: not yet); a country not listed has none we know of.
    ``variants``: the kinds of obligation the regime distinguishes (GDPR: controller or processor; CRA: an actively
    exploited vulnerability or a severe incident); ``default_variant`` when the caller names none (None: one must be
    named).
    """

    id: str
    regime: str
    label: Promise
    effective: date | datetime | None
    sources: tuple[Source, ...]
    trigger: Trigger
    threshold: Threshold
    reports: tuple[ReportRule, ...]
    recipients: Mapping[str, Recipient] = field(default_factory=dict)
    default_recipient: Recipient | None = None
    proposal: bool = False
    effective_in: Mapping[str, date | datetime | None] | None = None
    unverified_effective_in: frozenset[str] = frozenset()
    variants: tuple[str, ...] = ()
    default_variant: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def per_country(self) -> bool:
        """In force country by country (a directive through each transposition): the entity owes its reports to
        each member state it is established in, one obligation per country."""
        return self.effective_in is not None

    def effective_for(self, country: str | None) -> date | datetime | None:
        """When this rule set is in force for an organisation in ``country`` (None: unknown or not yet)."""
        if self.effective_in is None:
            return self.effective
        return self.effective_in.get(country) if country else None

    def recipient(self, country: str | None) -> Recipient | None:
        return self.recipients.get(country or "", self.default_recipient)

    def chain(self, *, country: str | None = None, variant: str | None = None) -> tuple[ReportRule, ...]:
        """The reports owed under this rule set by an organisation in ``country``, for the obligation's
        ``variant``, in the order the law names them."""
        variant = self._variant(variant)
        return tuple(
            report
            for report in self.reports
            if (report.countries is None or country in report.countries)
            and (report.variants is None or variant in report.variants)
        )

    def moments(self, *, country: str | None = None, variant: str | None = None) -> tuple[str, ...]:
        """The moments the chain counts from that the team records on the obligation (NIS2's ``handled``, the
        CRA's ``corrective_measure``) — not the incident's own (``awareness``)."""
        names = {
            limit.after.name: None
            for report in self.chain(country=country, variant=variant)
            for limit in report.limits + (report.instead[1] if report.instead else ())
            if isinstance(limit.after, Moment) and limit.after.name not in INCIDENT_MOMENTS
        }
        return tuple(names)

    def filed_again(self, *, country: str | None = None, variant: str | None = None) -> tuple[str, ...]:
        """The reports of the chain a later limit counts from the *latest* filing of (DORA's intermediate report,
        filed again with updated information): the team records each later filing."""
        codes = {
            limit.after.report: None
            for report in self.chain(country=country, variant=variant)
            for limit in report.limits
            if isinstance(limit.after, Filing) and limit.after.which == "latest"
        }
        return tuple(codes)

    def report(self, code: str, *, variant: str | None = None) -> ReportRule:
        variant = self._variant(variant)
        for report in self.reports:
            if report.code == code and (report.variants is None or variant in report.variants):
                return report
        raise LookupError(f"Rule set {self.id} has no report {code!r} (variant {variant!r}).")

    def _variant(self, variant: str | None) -> str | None:
        if not self.variants:
            if variant is not None:
                raise ValueError(f"Rule set {self.id} has no variants (given {variant!r}).")
            return None
        variant = variant or self.default_variant
        if variant not in self.variants:
            raise ValueError(
                f"Rule set {self.id}: name one of the variants {self.variants} (given {variant!r})."
            )
        return variant
