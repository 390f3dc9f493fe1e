"""The graded factors of the legal test: who holds the data and how likely they are to misuse it, how serious the
consequences for the people would be, how many people, and how long and how harmful an unavailability is.

WP250 section IV.B (unchanged in EDPB 9/2022) asks for "an objective assessment" of the likelihood and the severity
of the consequences for the people, weighing the type of breach, the nature, sensitivity and volume of the data,
the ease of identification, the severity of the consequences, special characteristics of the people and of the
controller, and the number of people. The law draws no line at 10 recipients or 24 hours, so no factor here jumps:
every factor is a smooth function of its fact, and only the bands the rules apply to the result are boundaries.
Each boundary is a named constant below and in risk/RULES.md with its source. The numbers are judgement calls of
ours, calibrated on the EDPB's worked cases (01/2021) and WP250's Annex B; they are shown to the DPO with every
decision so that the weighing can be followed and, where the DPO weighs otherwise, overruled with a reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from risk.engine.enisa import DISCLOSED_STATES, MALICIOUS_CAUSES
from risk.engine.facts import KNOWN_DETAIL, TRUSTED_DETAIL, BreachFacts, Group, RecipientsDetail

ACCESSED = frozenset({"likely", "exfiltrated"})  # someone probably or certainly read the data
VULNERABLE_SUBJECTS = frozenset({"minors", "children", "patients", "vulnerable"})

# --- named boundaries (risk/RULES.md, section "Boundaries") ---------------------------------------------------
# Consequences below: "a few inconveniences" (ENISA level low: DPC 1 fully identifiable is 1).
MINOR_CONSEQUENCES = 1.5
# Consequences from: "significant consequences ... serious difficulties" (ENISA level high).
SERIOUS_CONSEQUENCES = 3.0
# Weighing index below, with minor consequences: unlikely to result in a risk (Art. 33(1)).
UNLIKELY_INDEX = 0.5
# Weighing index from: likely to result in a high risk (Art. 34(1)).
HIGH_INDEX = 1.5
# Likelihood from: misuse is more likely than not ("likely", WP250 section IV.B).
LIKELY = 0.5
# Availability index below: at most a brief inconvenience (WP250 Annex B).
AVAILABILITY_UNLIKELY = 0.5

# --- graded factors -------------------------------------------------------------------------------------------
# An outage of this length weighs half of a permanent loss (01/2021 cases 01, 02).
RESTORE_HALF_WEIGHT_HOURS = 24.0
IMPACT_WEIGHTS = {"none": 1.0, "minor": 2.0, "severe": 4.0}
# The chance that one identified recipient misuses the data, by what they undertook. A deletion declared by
# someone neither trusted nor bound cannot be verified: it lowers the chance a little, it does not remove it.
PER_RECIPIENT = {
    "bound": 0.002,  # bound by confidentiality (professional secrecy, contract), deletion not yet confirmed
    "confirmed": 0.005,  # asked to delete and declared it done, but not bound: unverifiable
    "asked": 0.01,  # asked at once to delete or return
    "nothing": 0.02,  # identified, nothing asked or undertaken
    "malicious": 0.5,  # took or received the data on purpose (an insider, a recipient who sought it)
}
# How far an identified recipient got: a letter may be unopened, a mail unread.
ACCESS_FACTOR = {"unknown": 0.5, "likely": 0.8, "exfiltrated": 1.0}
# Unknown holders (a thief, an attacker, a finder, an unknown number of people): by access and intent.
UNKNOWN_HOLDER = {
    ("unknown", False): 0.3,  # lost device or papers, found by nobody knows whom
    ("likely", False): 0.5,
    ("exfiltrated", False): 0.7,
    ("unknown", True): 0.55,  # stolen device: the thief may be after the hardware, the data is readable
    ("likely", True): 0.8,
    ("exfiltrated", True): 0.95,
}
PUBLIC_LIKELIHOOD = 1.0
# What the holder can and would do with the data, as a factor on the consequences.
HOLDER_FACTORS = {
    "bound": 0.6,
    "identified": 0.6,  # accountable, and did not seek the data
    "identified_malicious": 1.0,  # sought the data, but is known and accountable (01/2021 case 08)
    "unknown": 1.5,  # loss of control: anyone may hold it
    # took the data to exploit it: phishing, fraud, identity theft (01/2021 cases 04, 05, 18), which needs data
    # that identify people directly: 1 + EI (2 for EI 1, 1.75 for 0.75, 1.5 for 0.5)
    "attacker": 1.0,
    "public": 2.0,  # published: anyone can copy and combine it, irreversibly (Recital 85)
}
# Special characteristics of the individual (Recitals 38, 75; ENISA increasing factor).
VULNERABLE_FACTOR = 1.25
# Lawfully public before the breach (ENISA decreasing factor: public availability): the breach adds little loss
# of control.
ALREADY_PUBLIC_FACTOR = 0.1
UNKNOWN_RECIPIENTS_COUNT = 10  # identified recipients whose number is not known: read as ten


@dataclass(frozen=True)
class Holder:
    """Who may have the data now. `kind`: none, trusted, bound, identified, unknown or public."""

    kind: str
    detail: RecipientsDetail | None = None
    count: int | None = None


def recipients_detail(facts: BreachFacts) -> RecipientsDetail:
    """The recipients' detail, given (v2) or read from v1: "trusted" is all four facts, "known" is identified
    only, with v1's retrieval as asked and confirmed."""
    if facts.recipients_detail is not None:
        return facts.recipients_detail
    if facts.recipients == "trusted":
        return TRUSTED_DETAIL
    if facts.mitigation.data_retrieved_or_deleted:
        return RecipientsDetail(True, False, True, True)
    return KNOWN_DETAIL


def holder_of(facts: BreachFacts) -> Holder:
    if facts.confidentiality not in DISCLOSED_STATES:
        return Holder("none")
    if facts.recipients in ("none", "unknown"):  # a possible disclosure with nobody identified: unknown
        return Holder("unknown")
    if facts.recipients == "public":
        return Holder("public")
    detail = recipients_detail(facts)
    if detail.bound_by_confidentiality and detail.deletion_confirmed:
        kind = "trusted"
    elif detail.bound_by_confidentiality:
        kind = "bound"
    else:
        kind = "identified"
    return Holder(kind, detail, facts.recipients_count)


def malicious(facts: BreachFacts) -> bool:
    return facts.cause in MALICIOUS_CAUSES


def per_recipient(facts: BreachFacts, holder: Holder) -> tuple[float, str]:
    """The chance that one identified recipient misuses the data, and which undertaking it reflects."""
    detail = holder.detail or KNOWN_DETAIL
    if malicious(facts):
        key = "malicious"
    elif detail.bound_by_confidentiality:
        key = "bound"
    elif detail.deletion_confirmed:
        key = "confirmed"
    elif detail.asked_to_delete:
        key = "asked"
    else:
        key = "nothing"
    return PER_RECIPIENT[key] * ACCESS_FACTOR[facts.confidentiality], key


def likelihood(facts: BreachFacts, holder: Holder) -> float:
    """The chance that the data is misused: for identified recipients, that at least one of them does."""
    if holder.kind in ("none", "trusted"):
        return 0.0
    if holder.kind == "public":
        return PUBLIC_LIKELIHOOD
    if holder.kind == "unknown":
        return UNKNOWN_HOLDER[(facts.confidentiality, malicious(facts))]
    chance, _key = per_recipient(facts, holder)
    count = UNKNOWN_RECIPIENTS_COUNT if holder.count is None else holder.count
    return 1.0 - (1.0 - chance) ** max(count, 1)


def holder_factor(facts: BreachFacts, holder: Holder, ei: float) -> tuple[float, str]:
    if holder.kind == "identified" and malicious(facts):
        key = "identified_malicious"
    elif holder.kind == "unknown" and malicious(facts) and facts.confidentiality in ACCESSED:
        key = "attacker"
    elif holder.kind in HOLDER_FACTORS:
        key = holder.kind
    else:
        return 0.0, holder.kind
    return HOLDER_FACTORS[key] + (ei if key == "attacker" else 0.0), key


def consequences(group: Group, dpc: int, ei: float) -> float:
    """How serious the consequences for one person would be if the data were misused: ENISA's DPC x EI, raised
    for vulnerable people and lowered for data that were public anyway."""
    value = dpc * ei
    if set(group.subject_categories) & VULNERABLE_SUBJECTS:
        value *= VULNERABLE_FACTOR
    if group.already_public:
        value *= ALREADY_PUBLIC_FACTOR
    return value


def people_factor(count: int) -> float:
    """More people, more harm: a quarter more for every tenfold (1 person 1, 100 people 1.5, 10,000 people 2)."""
    return 0.0 if count <= 0 else 1.0 + math.log10(count) / 4


def duration_weight(loss: str, hours: float | None) -> float:
    """How much of a permanent loss an unavailability weighs: h / (h + 24), 1 when permanent or unknown."""
    if loss == "none":
        return 0.0
    if loss == "permanent" or hours is None:
        return 1.0
    return hours / (hours + RESTORE_HALF_WEIGHT_HOURS)


@dataclass(frozen=True)
class Weighing:
    """The graded factors of one group, shown with its verdict."""

    consequences: float
    holder: str
    holder_factor: float
    likelihood: float
    people_factor: float
    index: float
    availability: float

    def to_dict(self) -> dict[str, float | str]:
        return {
            key: round(value, 3) if isinstance(value, float) else value for key, value in vars(self).items()
        }


def weigh(
    facts: BreachFacts, group: Group, *, dpc: int, ei: float, holder: Holder, exposed: bool
) -> Weighing:
    """The group's weighing; `exposed`: readable data may be with someone unauthorised (not protected, not back
    under control), without which confidentiality weighs nothing."""
    count = group.subjects_count or 0
    people = people_factor(count)
    severity = consequences(group, dpc, ei)
    factor, key = holder_factor(facts, holder, ei)
    chance = likelihood(facts, holder) if exposed else 0.0
    index = severity * factor * chance * people if exposed else 0.0
    a = facts.availability
    availability = IMPACT_WEIGHTS[a.impact] * duration_weight(a.loss, a.duration_hours) * people
    return Weighing(severity, key, factor, chance, people, index, availability)
