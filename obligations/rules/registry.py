"""Which rule set applies: the one in force at the obligation's moment, kept by the obligation ever after.

An incident takes, for each regime, the rule set in force at its trigger moment (`rule_set_for`) and stores its id;
later it reads that rule set back by id (`rule_set`), even when a newer one has come into force since. So a change of
the law — the Omnibus adopted, a country's transposition of NIS2 — changes new incidents and leaves past ones as they
were.

The registry is module-level and holds the catalogue (obligations/rules/catalogue.py). `with_effective_date` gives
a rule set an effective date for a while (a test, a rehearsal of the Omnibus on a staging server); outside such a
block the catalogue's dates hold. It is not meant for threads that serve requests at the same time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from obligations.rules.catalogue import REGIMES, RULE_SETS
from obligations.rules.model import RuleSet

# A rule set's effective *date* starts at midnight in Central European Time: the zone of Belgium, France and the
# Netherlands, the countries whose laws Datalek knows.
LEGAL_ZONE = ZoneInfo("Europe/Brussels")

_registry: dict[str, RuleSet] = {rule_set.id: rule_set for rule_set in RULE_SETS}


def rule_set(rule_set_id: str) -> RuleSet:
    """The rule set an obligation stored, whether or not it is still (or yet) in force."""
    try:
        return _registry[rule_set_id]
    except KeyError:
        raise LookupError(f"No rule set {rule_set_id!r}.") from None


def rule_sets(regime: str | None = None) -> tuple[RuleSet, ...]:
    """Every rule set (of ``regime``), proposals included, in the catalogue's order."""
    return tuple(r for r in _registry.values() if regime is None or r.regime == regime)


def per_country(regime: str) -> bool:
    """Whether the regime comes into force country by country (NIS2, a directive: ``RuleSet.per_country``), so that
    an entity owes its reports to each member state it is established in."""
    return any(candidate.per_country for candidate in rule_sets(regime))


def rule_set_for(regime: str, moment: datetime, country: str | None = None) -> RuleSet | None:
    """The rule set of ``regime`` in force at ``moment`` for an organisation in ``country``: the one with the latest
    effective date not after ``moment``. None when the regime is not in force there then (before its date, or a
    directive with no transposition in force in ``country``, or no country given for a directive). A proposal
    counts only once it has an effective date."""
    if regime not in REGIMES:
        raise LookupError(f"No regime {regime!r}.")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("The moment must be an aware datetime (with a time zone).")
    in_force = [
        (starts, candidate)
        for candidate in rule_sets(regime)
        if (starts := starts_at(candidate.effective_for(country))) is not None and starts <= moment
    ]
    if not in_force:
        return None
    return max(in_force, key=lambda pair: pair[0])[1]


def starts_at(effective: date | datetime | None) -> datetime | None:
    """An effective date as the moment it starts (a date: its midnight in `LEGAL_ZONE`)."""
    if effective is None or isinstance(effective, datetime):
        if isinstance(effective, datetime) and (effective.tzinfo is None or effective.utcoffset() is None):
            raise ValueError("An effective moment must be an aware datetime.")
        return effective
    return datetime.combine(effective, time.min, tzinfo=LEGAL_ZONE)


@contextmanager
def with_effective_date(
    rule_set_id: str, when: date | datetime | None, *, country: str | None = None
) -> Iterator[RuleSet]:
    """For the duration of the block, the rule set comes into force at ``when`` (None: not in force) — for
    ``country`` only when given (a directive's transposition). Yields the rule set so changed."""
    original = rule_set(rule_set_id)
    try:
        yield set_effective_date(rule_set_id, when, country=country)
    finally:
        _registry[rule_set_id] = original


def set_effective_date(
    rule_set_id: str, when: date | datetime | None, *, country: str | None = None
) -> RuleSet:
    """Give the rule set a new effective date until the process ends (prefer `with_effective_date`)."""
    starts_at(when)  # an aware datetime or a date
    current = rule_set(rule_set_id)
    if country is None:
        if current.effective_in is not None:
            raise ValueError(f"{rule_set_id} comes into force per country: name the country.")
        changed = replace(current, effective=when)
    else:
        if current.effective_in is None:
            raise ValueError(f"{rule_set_id} comes into force on one date for every country.")
        changed = replace(current, effective_in={**current.effective_in, country: when})
    _registry[rule_set_id] = changed
    return changed
