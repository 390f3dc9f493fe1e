"""The pure core of every reporting obligation: dated rule sets, each regime's chain of reports, their deadlines.

No ORM, no request, no app of ours: facts and moments in, rule sets, deadlines and reasons out — so it is tested
exhaustively without a database and used alike by the obligations app, its pages, the API and the reminders.

- `periods`: hours (elapsed), calendar days and months (wall clock, in the organisation's zone) — which law uses
  which, and why;
- `model`: `RuleSet`, `ReportRule`, `Limit` (a period from the trigger, a moment, or an earlier report's filing);
- `catalogue`: the rule sets with their effective dates and sources (GDPR 2018, the Omnibus proposal, NIS2, DORA,
  eIDAS, ePrivacy, CRA);
- `registry`: `rule_set_for(regime, moment, country)` (the one in force), `rule_set(id)` (the one an obligation
  stored), `per_country(regime)` (in force country by country: one obligation per member state), `with_effective_date` (switch a rule set's date, e.g. the Omnibus, for a test);
- `deadlines`: `due(report, …)`, `chain_state(rule_set, …)`, `next_deadline`, `deadlines_to_store`, `term_start`
  (where the term of a stored deadline started);
- `applicability`: each regime's own test over named answers, with its reason and article.

How a later layer uses it: when an incident's obligation arises, `rule_set_for(regime, trigger, country)` gives the
rule set whose id it stores; `chain_state(...)` gives the reports, and `deadlines_to_store(...)` the deadlines to
store now and after each filing. A stored deadline is shown as stored: the rules never re-date a past incident.
"""

from obligations.rules.applicability import (
    Applicability,
    cra_reportable,
    dora_major,
    eidas_significant,
    eprivacy_breach,
    gdpr_authority,
    gdpr_processor_alert,
    nis2_significant,
)
from obligations.rules.catalogue import REGIMES
from obligations.rules.deadlines import (
    ReportState,
    chain_state,
    deadlines_to_store,
    due,
    next_deadline,
    term_start,
)
from obligations.rules.model import (
    REGIME_CODES,
    Filing,
    Limit,
    Moment,
    Recipient,
    ReportRule,
    RuleSet,
    Source,
)
from obligations.rules.periods import Period, Unit
from obligations.rules.registry import (
    per_country,
    rule_set,
    rule_set_for,
    rule_sets,
    set_effective_date,
    with_effective_date,
)

__all__ = [
    "REGIMES",
    "REGIME_CODES",
    "Applicability",
    "Filing",
    "Limit",
    "Moment",
    "Period",
    "Recipient",
    "ReportRule",
    "ReportState",
    "RuleSet",
    "Source",
    "Unit",
    "chain_state",
    "cra_reportable",
    "deadlines_to_store",
    "dora_major",
    "due",
    "eidas_significant",
    "eprivacy_breach",
    "gdpr_authority",
    "gdpr_processor_alert",
    "next_deadline",
    "nis2_significant",
    "per_country",
    "rule_set",
    "rule_set_for",
    "rule_sets",
    "set_effective_date",
    "term_start",
    "with_effective_date",
]
