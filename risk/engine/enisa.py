"""ENISA severity of a personal-data breach: SE = DPC x EI + CB.

Source: ENISA, "Recommendations for a methodology of the assessment of severity of personal data
breaches", v1.0, December 2013 (shared/domain.md section 6). WP250 section IV / EDPB 9/2022 point to it as
a helpful method; the score is advisory input to the legal tests in `rules.py`, never the verdict itself.
Every factor carries a `basis` sentence saying how it was obtained, so an auditor can retrace it.

Interpretations of ours (documented in risk/RULES.md):
- DPC: each data category gets a base score (`CATEGORY_SCORES`); the highest wins; credentials are no
  category of their own and are scored by what they open (`credentials_score`); the assessor's step-2
  `dpc_adjustment` is then applied and the result clamped to 1..4.
- CB confidentiality: "unknown" (cannot be assessed) and "likely" are scored as a disclosure, the
  stricter reading; only "not_exfiltrated" (reasonable evidence nobody accessed the data) scores 0.
- CB malicious intent: +0.5 only when the cause is known to be malicious (ENISA: intentional action);
  an unknown cause scores 0.
- Unintelligibility (encryption, hashing) is not part of the formula: ENISA asks the assessor to weigh
  it after scoring, which the legal layer does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from risk.engine.facts import BreachFacts

SIMPLE, BEHAVIOURAL, FINANCIAL, SENSITIVE = 1, 2, 3, 4

# Base DPC per data category, with the reason a DPO can quote. `credentials` is computed, see below.
CATEGORY_SCORES: dict[str, tuple[int, str]] = {
    "basic": (SIMPLE, "simple data: biographical/identity data (ENISA simple)"),
    "contact": (SIMPLE, "simple data: contact details (ENISA simple)"),
    "education": (SIMPLE, "simple data: education (ENISA simple)"),
    "employment": (SIMPLE, "simple data: professional experience (ENISA simple)"),
    "family": (SIMPLE, "simple data: family life (ENISA simple)"),
    "location": (BEHAVIOURAL, "behavioural data: location (ENISA behavioural)"),
    "behavioural": (BEHAVIOURAL, "behavioural data: habits, traffic data (ENISA behavioural)"),
    "profile": (BEHAVIOURAL, "behavioural data: personal preferences and profiling (ENISA behavioural)"),
    "financial": (FINANCIAL, "financial data: income, transactions, balances, invoices (ENISA financial)"),
    "payment_means": (
        SENSITIVE,
        "payment means: card or account details enabling transactions (top step of ENISA's financial "
        "ladder: 'full credit card details' = 4)",
    ),
    "national_id": (
        SENSITIVE,
        "national identification number: a key to identity fraud and to linking records across "
        "registers (GDPR Art. 87; EDPB 01/2021 case 14 calls it highly confidential)",
    ),
    "official_documents": (
        SENSITIVE,
        "official documents (passport, ID card copies): enough to impersonate the person (identity "
        "theft, Recital 85)",
    ),
    "health": (SENSITIVE, "health data (Art. 9, ENISA sensitive)"),
    "genetic": (SENSITIVE, "genetic data (Art. 9, ENISA sensitive)"),
    "biometric": (SENSITIVE, "biometric data (Art. 9, ENISA sensitive)"),
    "racial_ethnic": (SENSITIVE, "racial or ethnic origin (Art. 9, ENISA sensitive)"),
    "political": (SENSITIVE, "political opinions (Art. 9, ENISA sensitive)"),
    "religious": (SENSITIVE, "religious or philosophical beliefs (Art. 9, ENISA sensitive)"),
    "trade_union": (SENSITIVE, "trade-union membership (Art. 9, ENISA sensitive)"),
    "sex_life": (SENSITIVE, "sex life or sexual orientation (Art. 9, ENISA sensitive)"),
    "criminal": (SENSITIVE, "criminal convictions and offences (Art. 10, ENISA sensitive)"),
}

# What credentials open, by the controller's sector, when the breach itself shows nothing richer.
CREDENTIALS_FLOOR = BEHAVIOURAL
CREDENTIALS_BY_SECTOR: dict[str, tuple[int, str]] = {
    "finance": (FINANCIAL, "accounts at a financial controller hold financial data"),
    "healthcare": (SENSITIVE, "accounts at a healthcare controller hold health data"),
}

EI_SCORES: dict[str, tuple[float, str]] = {
    "negligible": (0.25, "extremely difficult to match the data to a person"),
    "limited": (0.5, "matching the data to a person needs some effort"),
    "significant": (0.75, "the person can be identified with little research"),
    "maximum": (1.0, "identification directly from the data, no research needed"),
}

MALICIOUS_CAUSES = frozenset({"internal_malicious", "external_malicious"})
DISCLOSED_STATES = frozenset({"unknown", "likely", "exfiltrated"})  # someone may have read the data

LEVELS: tuple[tuple[float, str], ...] = ((2.0, "low"), (3.0, "medium"), (4.0, "high"))
TOP_LEVEL = "very high"


@dataclass(frozen=True)
class Severity:
    """The ENISA score with the reasoning behind each factor (`basis`)."""

    dpc: int
    ei: float
    cb: float
    score: float
    level: str
    basis: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dpc": self.dpc,
            "ei": self.ei,
            "cb": self.cb,
            "score": self.score,
            "level": self.level,
            "basis": self.basis,
        }


def credentials_score(facts: BreachFacts) -> tuple[int, str]:
    """Score credentials by what they give access to (ENISA: credentials are not a category of their own).

    Assumption from the facts: the credentials open the account holding the other data categories of
    the same breach, and an account at a financial or healthcare controller holds financial or health
    data. Any online account holds at least profile and usage data, so the floor is behavioural (2).
    """
    candidates = [(CREDENTIALS_FLOOR, "any account holds at least profile and usage data")]
    candidates.append(CREDENTIALS_BY_SECTOR.get(facts.sector, (CREDENTIALS_FLOOR, "")))
    others = [c for c in facts.data_categories if c != "credentials"]
    if others:
        best = max(others, key=lambda c: CATEGORY_SCORES[c][0])
        candidates.append((CATEGORY_SCORES[best][0], f"the account holds the breached {best} data"))
    score, why = max(candidates, key=lambda candidate: candidate[0])
    return score, f"credentials scored by what they open: {why}"


def category_score(facts: BreachFacts, category: str) -> tuple[int, str]:
    """The ENISA step-1 base score of one data category, with its justification."""
    if category == "credentials":
        return credentials_score(facts)
    return CATEGORY_SCORES[category]


def data_processing_context(facts: BreachFacts) -> tuple[int, str]:
    """DPC: highest base score over the categories, then the assessor's adjustment, clamped to 1..4."""
    scored = {category: category_score(facts, category) for category in facts.data_categories}
    top = max(scored, key=lambda category: scored[category][0])
    base, why = scored[top]
    listing = ", ".join(f"{category} {score}" for category, (score, _) in scored.items())
    basis = f"base {base} from {top} ({why}); all categories: {listing}"
    adjustment = facts.dpc_adjustment
    if adjustment is None:
        return base, f"{basis}; no contextual adjustment -> DPC {base}"
    dpc = min(SENSITIVE, max(SIMPLE, base + adjustment.delta))
    clamp = " (clamped to 1..4)" if dpc != base + adjustment.delta else ""
    return (
        dpc,
        f"{basis}; assessor's adjustment {adjustment.delta:+d}: {adjustment.reason} -> DPC {dpc}{clamp}",
    )


def ease_of_identification(facts: BreachFacts) -> tuple[float, str]:
    score, meaning = EI_SCORES[facts.identifiability]
    return score, f"identifiability '{facts.identifiability}' -> {score} ({meaning})"


def confidentiality_points(facts: BreachFacts) -> tuple[float, str]:
    if facts.confidentiality not in DISCLOSED_STATES:
        return 0.0, f"confidentiality '{facts.confidentiality}': no disclosure shown -> +0"
    what = f"confidentiality '{facts.confidentiality}', recipients '{facts.recipients}'"
    # "none" next to a possible disclosure means nobody was identified: scored as unknown recipients.
    if facts.recipients in ("unknown", "public", "none"):
        return 0.5, f"{what}: unknown number of recipients or published -> +0.5"
    return 0.25, f"{what}: a known (limited) number of recipients -> +0.25"


def integrity_points(facts: BreachFacts) -> tuple[float, str]:
    loss, misused = facts.integrity.loss, facts.integrity.misused
    if loss == "none" or not misused:
        return 0.0, f"integrity loss '{loss}', no use of altered data identified -> +0"
    if loss == "recoverable":
        return 0.25, "integrity: altered data used, original recoverable -> +0.25"
    return 0.5, "integrity: altered data used, original not recoverable -> +0.5"


def availability_points(facts: BreachFacts) -> tuple[float, str]:
    points = {"none": 0.0, "temporary": 0.25, "permanent": 0.5}[facts.availability.loss]
    return points, f"availability loss '{facts.availability.loss}' -> +{points:g}"


def malicious_points(facts: BreachFacts) -> tuple[float, str]:
    if facts.cause in MALICIOUS_CAUSES:
        return 0.5, f"malicious intent: cause '{facts.cause}' -> +0.5"
    return 0.0, f"malicious intent: cause '{facts.cause}' not shown to be intentional -> +0"


def circumstances(facts: BreachFacts) -> tuple[float, list[str]]:
    """CB: the four ENISA elements, added up."""
    parts = [
        confidentiality_points(facts),
        integrity_points(facts),
        availability_points(facts),
        malicious_points(facts),
    ]
    return sum(points for points, _ in parts), [why for _, why in parts]


def level_for(score: float) -> str:
    for limit, level in LEVELS:
        if score < limit:
            return level
    return TOP_LEVEL


def severity(facts: BreachFacts) -> Severity:
    """Compute SE = DPC x EI + CB with a basis for each factor."""
    dpc, dpc_basis = data_processing_context(facts)
    ei, ei_basis = ease_of_identification(facts)
    cb, cb_basis = circumstances(facts)
    score = round(dpc * ei + cb, 2)
    level = level_for(score)
    bands = "low < 2 <= medium < 3 <= high < 4 <= very high"
    basis = {
        "dpc": dpc_basis,
        "ei": ei_basis,
        "cb": cb_basis,
        "score": f"SE = DPC x EI + CB = {dpc} x {ei:g} + {cb:g} = {score:g}",
        "level": f"{level} (bands: {bands})",
    }
    return Severity(dpc=dpc, ei=ei, cb=cb, score=score, level=level, basis=basis)
