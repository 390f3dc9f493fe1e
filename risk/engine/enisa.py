"""ENISA severity of a personal-data breach: SE = DPC x EI + CB.

Source: ENISA, "Recommendations for a methodology of the assessment of severity of personal data
breaches", v1.0, December 2013 (docs/domain.md section 6). WP250 section IV / EDPB 9/2022 point to it as
a helpful method; the score is advisory input to the legal tests in `rules.py`, never the verdict itself.
Every factor carries a `basis` sentence saying how it was obtained, so an auditor can retrace it; the sentences
are `Message`s (risk/engine/messages.py), stored with the assessment and said in the reader's language.

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

from risk.engine.facts import BreachFacts, Group
from risk.engine.messages import N_, Code, Join, Message, msg, render

SIMPLE, BEHAVIOURAL, FINANCIAL, SENSITIVE = 1, 2, 3, 4

# Base DPC per data category, with the reason a DPO can quote. `credentials` is computed, see below.
CATEGORY_SCORES: dict[str, tuple[int, str]] = {
    "basic": (SIMPLE, N_("simple data: biographical/identity data (ENISA simple)")),
    "contact": (SIMPLE, N_("simple data: contact details (ENISA simple)")),
    "education": (SIMPLE, N_("simple data: education (ENISA simple)")),
    "employment": (SIMPLE, N_("simple data: professional experience (ENISA simple)")),
    "family": (SIMPLE, N_("simple data: family life (ENISA simple)")),
    "location": (BEHAVIOURAL, N_("behavioural data: location (ENISA behavioural)")),
    "behavioural": (BEHAVIOURAL, N_("behavioural data: habits, traffic data (ENISA behavioural)")),
    "profile": (BEHAVIOURAL, N_("behavioural data: personal preferences and profiling (ENISA behavioural)")),
    "financial": (
        FINANCIAL,
        N_("financial data: income, transactions, balances, invoices (ENISA financial)"),
    ),
    "payment_means": (
        SENSITIVE,
        N_(
            "payment means: card or account details enabling transactions (top step of ENISA's financial "
            "ladder: 'full credit card details' = 4)"
        ),
    ),
    "national_id": (
        SENSITIVE,
        N_(
            "national identification number: a key to identity fraud and to linking records across "
            "registers (GDPR Art. 87; EDPB 01/2021 case 14 calls it highly confidential)"
        ),
    ),
    "official_documents": (
        SENSITIVE,
        N_(
            "official documents (passport, ID card copies): enough to impersonate the person (identity "
            "theft, Recital 85)"
        ),
    ),
    "health": (SENSITIVE, N_("health data (Art. 9, ENISA sensitive)")),
    "genetic": (SENSITIVE, N_("genetic data (Art. 9, ENISA sensitive)")),
    "biometric": (SENSITIVE, N_("biometric data (Art. 9, ENISA sensitive)")),
    "racial_ethnic": (SENSITIVE, N_("racial or ethnic origin (Art. 9, ENISA sensitive)")),
    "political": (SENSITIVE, N_("political opinions (Art. 9, ENISA sensitive)")),
    "religious": (SENSITIVE, N_("religious or philosophical beliefs (Art. 9, ENISA sensitive)")),
    "trade_union": (SENSITIVE, N_("trade-union membership (Art. 9, ENISA sensitive)")),
    "sex_life": (SENSITIVE, N_("sex life or sexual orientation (Art. 9, ENISA sensitive)")),
    "criminal": (SENSITIVE, N_("criminal convictions and offences (Art. 10, ENISA sensitive)")),
}

# What credentials open, by the controller's sector, when the breach itself shows nothing richer.
CREDENTIALS_FLOOR = BEHAVIOURAL
CREDENTIALS_BY_SECTOR: dict[str, tuple[int, str]] = {
    "finance": (FINANCIAL, N_("accounts at a financial controller hold financial data")),
    "healthcare": (SENSITIVE, N_("accounts at a healthcare controller hold health data")),
}

EI_SCORES: dict[str, tuple[float, str]] = {
    "negligible": (0.25, N_("extremely difficult to match the data to a person")),
    "limited": (0.5, N_("matching the data to a person needs some effort")),
    "significant": (0.75, N_("the person can be identified with little research")),
    "maximum": (1.0, N_("identification directly from the data, no research needed")),
}

MALICIOUS_CAUSES = frozenset({"internal_malicious", "external_malicious"})
DISCLOSED_STATES = frozenset({"unknown", "likely", "exfiltrated"})  # someone may have read the data

LEVELS: tuple[tuple[float, str], ...] = ((2.0, "low"), (3.0, "medium"), (4.0, "high"))
TOP_LEVEL = "very high"


@dataclass(frozen=True)
class Severity:
    """The ENISA score with the reasoning behind each factor (`explanation`: a message per factor, a list of four
    for CB; `basis` says them in English)."""

    dpc: int
    ei: float
    cb: float
    score: float
    level: str
    explanation: dict[str, Any] = field(default_factory=dict)

    @property
    def basis(self) -> dict[str, Any]:
        return {
            key: [render(m) for m in value] if isinstance(value, tuple | list) else render(value)
            for key, value in self.explanation.items()
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "dpc": self.dpc,
            "ei": self.ei,
            "cb": self.cb,
            "score": self.score,
            "level": self.level,
            "basis": self.basis,
        }

    def to_record(self) -> dict[str, Any]:
        """`to_dict` plus the messages of the basis, to be said again in another language."""
        explanation = {
            key: [m.to_dict() for m in value] if isinstance(value, tuple | list) else value.to_dict()
            for key, value in self.explanation.items()
        }
        return {**self.to_dict(), "explanation": explanation}


def credentials_score(facts: BreachFacts, group: Group) -> tuple[int, Message]:
    """Score credentials by what they give access to (ENISA: credentials are not a category of their own).

    Assumption from the facts: the credentials open the account holding the other data categories of
    the same breach, and an account at a financial or healthcare controller holds financial or health
    data. Any online account holds at least profile and usage data, so the floor is behavioural (2).
    """
    candidates = [(CREDENTIALS_FLOOR, msg(N_("any account holds at least profile and usage data")))]
    if facts.sector in CREDENTIALS_BY_SECTOR:
        score, why = CREDENTIALS_BY_SECTOR[facts.sector]
        candidates.append((score, msg(why)))
    others = [c for c in group.data_categories if c != "credentials"]
    if others:
        best = max(others, key=lambda c: CATEGORY_SCORES[c][0])
        why = msg(
            N_("the account holds the breached %(category)s data"), category=Code("data_category", best)
        )
        candidates.append((CATEGORY_SCORES[best][0], why))
    score, why = max(candidates, key=lambda candidate: candidate[0])
    return score, msg(N_("credentials scored by what they open: %(why)s"), why=why)


def category_score(facts: BreachFacts, group: Group, category: str) -> tuple[int, Message]:
    """The ENISA step-1 base score of one data category, with its justification."""
    if category == "credentials":
        return credentials_score(facts, group)
    score, why = CATEGORY_SCORES[category]
    return score, msg(why)


def data_processing_context(facts: BreachFacts, group: Group) -> tuple[int, Message]:
    """DPC: highest base score over the group's categories, then the assessor's adjustment, clamped to 1..4."""
    scored = {category: category_score(facts, group, category) for category in group.data_categories}
    top = max(scored, key=lambda category: scored[category][0])
    base, why = scored[top]
    listing = Join(
        tuple(
            msg(N_("%(category)s %(score)s"), category=Code("data_category", category), score=score)
            for category, (score, _) in scored.items()
        ),
        ", ",
    )
    adjustment = group.dpc_adjustment
    if adjustment is None:
        dpc, outcome = base, msg(N_("no contextual adjustment -> DPC %(dpc)s"), dpc=base)
    else:
        dpc = min(SENSITIVE, max(SIMPLE, base + adjustment.delta))
        template = (
            N_("assessor's adjustment %(delta)s: %(reason)s -> DPC %(dpc)s")
            if dpc == base + adjustment.delta
            else N_("assessor's adjustment %(delta)s: %(reason)s -> DPC %(dpc)s (clamped to 1..4)")
        )
        outcome = msg(template, delta=f"{adjustment.delta:+d}", reason=adjustment.reason, dpc=dpc)
    basis = msg(
        N_("base %(base)s from %(category)s (%(why)s); all categories: %(listing)s; %(outcome)s"),
        base=base,
        category=Code("data_category", top),
        why=why,
        listing=listing,
        outcome=outcome,
    )
    return dpc, basis


def ease_of_identification(group: Group) -> tuple[float, Message]:
    score, meaning = EI_SCORES[group.identifiability]
    basis = msg(
        N_("identifiability '%(identifiability)s' -> %(ei)s (%(meaning)s)"),
        identifiability=Code("identifiability", group.identifiability),
        ei=score,
        meaning=msg(meaning),
    )
    return score, basis


def confidentiality_points(facts: BreachFacts) -> tuple[float, Message]:
    state = Code("confidentiality", facts.confidentiality)
    if facts.confidentiality not in DISCLOSED_STATES:
        return 0.0, msg(
            N_("confidentiality '%(confidentiality)s': no disclosure shown -> +0"), confidentiality=state
        )
    recipients = Code("recipients", facts.recipients)
    # "none" next to a possible disclosure means nobody was identified: scored as unknown recipients.
    if facts.recipients in ("unknown", "public", "none"):
        template = N_(
            "confidentiality '%(confidentiality)s', recipients '%(recipients)s': unknown number of recipients or "
            "published -> +0.5"
        )
        return 0.5, msg(template, confidentiality=state, recipients=recipients)
    template = N_(
        "confidentiality '%(confidentiality)s', recipients '%(recipients)s': a known (limited) number of "
        "recipients -> +0.25"
    )
    return 0.25, msg(template, confidentiality=state, recipients=recipients)


def integrity_points(facts: BreachFacts) -> tuple[float, Message]:
    loss, misused = facts.integrity.loss, facts.integrity.misused
    if loss == "none" or not misused:
        template = N_("integrity loss '%(loss)s', no use of altered data identified -> +0")
        return 0.0, msg(template, loss=Code("integrity_loss", loss))
    if loss == "recoverable":
        return 0.25, msg(N_("integrity: altered data used, original recoverable -> +0.25"))
    return 0.5, msg(N_("integrity: altered data used, original not recoverable -> +0.5"))


def availability_points(facts: BreachFacts) -> tuple[float, Message]:
    points = {"none": 0.0, "temporary": 0.25, "permanent": 0.5}[facts.availability.loss]
    basis = msg(
        N_("availability loss '%(loss)s' -> +%(points)s"),
        loss=Code("availability_loss", facts.availability.loss),
        points=points,
    )
    return points, basis


def malicious_points(facts: BreachFacts) -> tuple[float, Message]:
    cause = Code("cause", facts.cause)
    if facts.cause in MALICIOUS_CAUSES:
        return 0.5, msg(N_("malicious intent: cause '%(cause)s' -> +0.5"), cause=cause)
    return 0.0, msg(N_("malicious intent: cause '%(cause)s' not shown to be intentional -> +0"), cause=cause)


def circumstances(facts: BreachFacts) -> tuple[float, list[Message]]:
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


def severity(facts: BreachFacts, group: Group | None = None) -> Severity:
    """Compute SE = DPC x EI + CB for one group of people (the first, when not named) with a basis for each
    factor. The facts have no fact left to be determined (``decision.resolve`` reads them first)."""
    group = group or facts.groups[0]
    dpc, dpc_basis = data_processing_context(facts, group)
    ei, ei_basis = ease_of_identification(group)
    cb, cb_basis = circumstances(facts)
    score = round(dpc * ei + cb, 2)
    level = level_for(score)
    explanation = {
        "dpc": dpc_basis,
        "ei": ei_basis,
        "cb": tuple(cb_basis),
        "score": msg(
            N_("SE = DPC x EI + CB = %(dpc)s x %(ei)s + %(cb)s = %(score)s"),
            dpc=dpc,
            ei=ei,
            cb=cb,
            score=score,
        ),
        "level": msg(
            N_("%(level)s (bands: low < 2 <= medium < 3 <= high < 4 <= very high)"),
            level=Code("severity", level),
        ),
    }
    return Severity(dpc=dpc, ei=ei, cb=cb, score=score, level=level, explanation=explanation)
