"""Deadlines of a chain of reports: when each report is due, or what it waits for.

An obligation arises with its trigger moment; the reports counted from it get their deadline at once, the others
when the report they count from is filed (NIS2's final report one month after the notification *was filed*, not after
it was due). The caller — the obligations app — **stores** each deadline when it becomes known
(`deadlines_to_store`) and shows the stored one from then on; it never recomputes a stored deadline from a newer rule
set.

The moments a chain needs:

- ``trigger``: the obligation's trigger moment (awareness, detection, DORA's classification);
- ``filed``: each report's filing — one moment, or several when a report is filed again (DORA's updated intermediate
  reports); a limit counts from the first or the latest, as it says;
- ``moments``: other recorded moments by name (``awareness`` for DORA, ``corrective_measure`` for the CRA,
  ``handled`` for NIS2 after a progress report);
- ``params``: numbers a contract fixes (``contract_hours`` for a processor's alert);
- ``zone``: the organisation's time zone, in which calendar days and months are counted (periods.py).

``term_start`` gives back where the term of a stored deadline started (the reminders' "half the time gone").

Pure: "now" is a parameter (default: the clock), so time can be frozen in tests.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from django.utils.functional import Promise

from obligations.rules.model import Filing, Limit, Moment, ReportRule, RuleSet, Start, TriggerStart
from obligations.rules.periods import add

Filed = Mapping[str, datetime | Sequence[datetime]]
Status = Literal["filed", "overdue", "due", "waiting", "on_request", "no_fixed_deadline"]


def due(
    report: ReportRule,
    *,
    trigger: datetime,
    filed: Filed,
    zone: ZoneInfo,
    moments: Mapping[str, datetime] | None = None,
    params: Mapping[str, int] | None = None,
) -> datetime | None:
    """The report's deadline (aware, in ``zone``), the earliest of its limits; None when it has no deadline (on
    request, or "without undue delay" with no hours fixed) or cannot be known yet (a report or moment it counts
    from is not there)."""
    limits = _limits(report, filed)
    if not limits or _waiting(limits, trigger, filed, moments) or _unfixed(limits, params):
        return None
    return min(end for _start_at, end in _terms(limits, trigger, filed, zone, moments, params))


def term_start(
    report: ReportRule,
    deadline: datetime,
    *,
    trigger: datetime,
    filed: Filed,
    zone: ZoneInfo,
    moments: Mapping[str, datetime] | None = None,
    params: Mapping[str, int] | None = None,
) -> datetime | None:
    """Where the term ending at ``deadline`` (the report's stored deadline) starts: the start of the limit of the
    report that yields it — the trigger, a moment, an earlier report's filing —, the first such limit in the rule's
    order. Its reminders count "half the time gone" from it (delivery.clock). None when no limit in force yields it:
    a stored deadline is never re-dated, so it may come from an awareness corrected since, or from the limits a
    filing has replaced since (``instead``: NIS2's final report after a progress report, before the incident was
    handled)."""
    for start, end in _terms(_limits(report, filed), trigger, filed, zone, moments, params):
        if end == deadline:
            return start
    return None


@dataclass(frozen=True)
class ReportState:
    """Where one report of an obligation's chain stands."""

    rule: ReportRule
    status: Status
    due: datetime | None
    filed_at: datetime | None  # its first filing
    waiting_for: tuple[Start, ...] = ()  # what the deadline still needs: a report's filing or a moment

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def label(self) -> Promise:
        return self.rule.label

    @property
    def condition(self) -> Promise | None:
        """When the report is owed only in a situation the team must confirm (e.g. NIS2's progress report)."""
        return self.rule.condition

    @property
    def late(self) -> bool:
        """Filed after its deadline (GDPR Art. 33(1): the notification must then give the reasons for the delay)."""
        return self.filed_at is not None and self.due is not None and self.filed_at > self.due


def chain_state(
    rule_set: RuleSet,
    *,
    trigger: datetime,
    filed: Filed,
    zone: ZoneInfo,
    country: str | None = None,
    variant: str | None = None,
    moments: Mapping[str, datetime] | None = None,
    params: Mapping[str, int] | None = None,
    now: datetime | None = None,
) -> tuple[ReportState, ...]:
    """Each report the rule set's chain asks of this obligation, in order, with its deadline or what it waits for."""
    now = now or datetime.now(UTC)
    states = []
    for report in rule_set.chain(country=country, variant=variant):
        deadline = due(report, trigger=trigger, filed=filed, zone=zone, moments=moments, params=params)
        filed_at = _filing(filed, Filing(report.code))
        waiting = _waiting(_limits(report, filed), trigger, filed, moments)
        states.append(
            ReportState(
                report, _status(report, deadline, filed_at, waiting, now), deadline, filed_at, waiting
            )
        )
    return tuple(states)


def next_deadline(states: Sequence[ReportState]) -> ReportState | None:
    """The unfiled report due first (what the dashboard shows for the obligation); None when none has a deadline."""
    open_ = [s for s in states if s.filed_at is None and s.due is not None]
    return min(open_, key=lambda s: s.due) if open_ else None


def deadlines_to_store(
    states: Sequence[ReportState], stored: Mapping[str, datetime], *, recorded: Collection[str] = ()
) -> dict[str, datetime]:
    """The deadlines to store now: those that became known and are not stored yet — and a deadline the law itself
    moves: once another report is filed (NIS2 Art. 23(4)(e): after a progress report, the final report is due one
    month after the incident was handled), when it counts from the *latest* filing of a report filed again (DORA's
    final report, one month after the latest intermediate report), or from a moment the team recorded (``recorded``:
    their names, e.g. ``handled``, ``corrective_measure``) and corrected since. The incident's own moments
    (awareness) are not in ``recorded``: correcting them never re-dates a stored deadline."""
    result = {}
    filed = _codes_filed(states)
    for state in states:
        if state.due is None or stored.get(state.code) == state.due:
            continue
        if state.code not in stored or _moves(state.rule, filed, recorded):
            result[state.code] = state.due
    return result


def _moves(rule: ReportRule, filed: set[str], recorded: Collection[str]) -> bool:
    if rule.instead is not None and rule.instead[0] in filed:
        return True
    return any(
        (isinstance(limit.after, Filing) and limit.after.which == "latest")
        or (isinstance(limit.after, Moment) and limit.after.name in recorded)
        for limit in rule.limits
    )


def _codes_filed(states: Sequence[ReportState]) -> set[str]:
    return {s.code for s in states if s.filed_at is not None}


def _status(
    report: ReportRule,
    deadline: datetime | None,
    filed_at: datetime | None,
    waiting: tuple[Start, ...],
    now: datetime,
) -> Status:
    if filed_at is not None:
        return "filed"
    if report.on_request:
        return "on_request"
    if deadline is not None:
        return "overdue" if deadline <= now else "due"
    # No deadline yet: waiting for a report or a moment, or none fixed at all ("without undue delay", no hours).
    return "waiting" if waiting else "no_fixed_deadline"


def _limits(report: ReportRule, filed: Filed) -> tuple[Limit, ...]:
    if report.instead is not None and _filing(filed, Filing(report.instead[0])) is not None:
        return report.instead[1]
    return report.limits


def _waiting(
    limits: tuple[Limit, ...], trigger: datetime, filed: Filed, moments: Mapping[str, datetime] | None
) -> tuple[Start, ...]:
    """The starts of ``limits`` not known yet."""
    return tuple(limit.after for limit in limits if _start(limit.after, trigger, filed, moments) is None)


def _terms(
    limits: tuple[Limit, ...],
    trigger: datetime,
    filed: Filed,
    zone: ZoneInfo,
    moments: Mapping[str, datetime] | None,
    params: Mapping[str, int] | None,
) -> tuple[tuple[datetime, datetime], ...]:
    """(start, deadline) of each of ``limits`` whose start and period are known, in the rule's order: the one
    derivation of where a limit counts from and where it ends, for the deadline and for the term's start."""
    terms = []
    for limit in limits:
        start, amount = _start(limit.after, trigger, filed, moments), limit.period.resolved(params)
        if start is not None and amount is not None:
            terms.append((start, add(start, amount, limit.period.unit, zone)))
    return tuple(terms)


def _unfixed(limits: tuple[Limit, ...], params: Mapping[str, int] | None) -> bool:
    """A period a contract fixes and the contract's figure not given."""
    return any(limit.period.resolved(params) is None for limit in limits)


def _start(
    after: Start, trigger: datetime, filed: Filed, moments: Mapping[str, datetime] | None
) -> datetime | None:
    if isinstance(after, TriggerStart):
        return trigger
    if isinstance(after, Moment):
        return (moments or {}).get(after.name)
    return _filing(filed, after)


def _filing(filed: Filed, filing: Filing) -> datetime | None:
    value = filed.get(filing.report)
    if value is None or isinstance(value, datetime):
        return value
    if not value:
        return None
    return max(value) if filing.which == "latest" else min(value)
