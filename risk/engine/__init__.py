"""The pure risk-decision core: breach facts in, decision with reasons out. No Django here.

Public API:
- `parse_facts(obj) -> BreachFacts`: validate a breach-facts object (docs/breach-facts.md);
  raises `FactsError` naming every bad field by its dotted path.
- `assess(facts) -> Decision`: the ENISA severity (advisory), the legal risk level, the Art. 34(3)
  exemptions and the four verdicts, each explained by reasons that cite their article.
  `Decision.to_dict()` is the output format of the README plus `severity.basis`.
- `explain(decision) -> str`: the same as a human-readable report.
- `ENGINE_VERSION`: stored with every assessment so a decision can be traced to the rules that made it.
  Bump policy (semantic versioning): MAJOR when the facts or decision format changes incompatibly;
  MINOR when any input can get a different risk, verdict, exemption or score (a rule, a threshold or
  a category mapping changes); PATCH when only wording of reasons or documentation changes.
"""

from risk.engine.decision import ENGINE_VERSION, Decision, Reason, assess
from risk.engine.enisa import Severity
from risk.engine.facts import BreachFacts, FactsError, parse_facts
from risk.engine.report import explain

__all__ = [
    "ENGINE_VERSION",
    "BreachFacts",
    "Decision",
    "FactsError",
    "Reason",
    "Severity",
    "assess",
    "explain",
    "parse_facts",
]
