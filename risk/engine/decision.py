"""From findings to the decision: the risk level, the Art. 34(3) exemptions and the four verdicts.

Invariants (checked by tests/risk/test_properties.py):
- `notify_subjects` or `public_communication` implies `risk == "high"`;
- `notify_subjects` and `public_communication` are never both true: under Art. 34(3)(c) the public
  communication *replaces* the individual one. (A controller may of course do both; the engine states
  the legal minimum.);
- a controller with `risk == "unlikely"` gets no notification at all (Art. 33(1) exception);
- a processor never gets `notify_authority`, `notify_subjects` or `public_communication` (those are the
  controller's duties) and always gets `notify_controllers` (Art. 33(2); WP250 section II.A.4: the
  processor alerts without assessing the risk first). It still gets the full assessment as advice,
  with `exemptions` left empty because the exemptions are the controller's to invoke;
- every verdict and every exemption is explained by a reason citing an article.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from risk.engine.enisa import Severity, severity
from risk.engine.facts import BreachFacts, parse_facts
from risk.engine.rules import Finding, evaluate, people, strictest, without_protection

ENGINE_VERSION = "1.0.0"


@dataclass(frozen=True)
class Reason:
    code: str
    article: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "article": self.article, "text": self.text}


@dataclass(frozen=True)
class Decision:
    severity: Severity
    risk: str
    notify_authority: bool
    notify_subjects: bool
    public_communication: bool
    notify_controllers: bool
    exemptions: tuple[str, ...]
    reasons: tuple[Reason, ...]
    engine_version: str = ENGINE_VERSION

    def to_dict(self) -> dict[str, Any]:
        """The decision in the output format of shared/cases/README.md (severity also carries `basis`)."""
        return {
            "severity": self.severity.to_dict(),
            "risk": self.risk,
            "notify_authority": self.notify_authority,
            "notify_subjects": self.notify_subjects,
            "public_communication": self.public_communication,
            "notify_controllers": self.notify_controllers,
            "exemptions": list(self.exemptions),
            "reasons": [reason.to_dict() for reason in self.reasons],
        }


@dataclass(frozen=True)
class _Exemptions:
    """Which Art. 34(3) conditions lift the duty to communicate, with their reasons."""

    codes: tuple[str, ...]
    reasons: tuple[Reason, ...]


def _codes(findings: list[Finding], effect: str) -> str:
    return ", ".join(f.code for f in findings if f.effect == effect)


def _with_conflicts(findings: list[Finding], risk: str) -> list[Reason]:
    """Findings as reasons; a finding that pointed to a milder outcome says which stricter ones prevailed."""
    deciding = _codes(findings, risk)
    reasons = []
    for f in findings:
        text = f.text
        if f.effect in ("unlikely", "risk") and f.effect != risk and not f.neutral:
            text += (
                f" On its own this points to '{f.effect}', but {deciding} lead(s) to '{risk}': "
                "the stricter outcome wins."
            )
        reasons.append(Reason(f.code, f.article, text))
    return reasons


# --- Art. 34(3) -----------------------------------------------------------------------------------


def _exemption_a(facts: BreachFacts, sev: Severity, findings: list[Finding], risk: str) -> list[Reason]:
    """Art. 34(3)(a): unintelligible data. Listed when the protection is what keeps the breach from
    being a high risk; when a high risk remains from another aspect, the reason says (a) is not enough."""
    if not any(f.code == "unintelligible_data" for f in findings):
        return []
    prevented = without_protection(facts, sev)
    if not prevented:
        return []
    if risk == "high":
        text = (
            "The encryption/hashing covers the disclosure, but a high risk remains ("
            + _codes(findings, "high")
            + "), so Art. 34(3)(a) does not lift the duty to communicate: the stricter outcome wins."
        )
        return [Reason("art34_3_a_not_sufficient", "Art. 34(3)(a)", text)]
    would = ", ".join(f.code for f in prevented)
    text = (
        f"Without the protection this would be a high risk ({would}); the data is unintelligible to "
        "anyone not authorised, so no communication to the people is required."
    )
    return [Reason("art34_3_a", "Art. 34(3)(a)", text)]


def _exemption_b(facts: BreachFacts, risk: str) -> list[Reason]:
    """Art. 34(3)(b): subsequent measures ensure the high risk is no longer likely to materialise."""
    if not facts.mitigation.high_risk_no_longer_likely:
        return []
    if risk != "high":
        text = (
            "Measures were taken against a high risk, but the breach is not a high risk: (b) is not needed."
        )
        return [Reason("art34_3_b_not_needed", "Art. 34(3)(b)", text)]
    measures = facts.mitigation.description.strip() or "described in the incident"
    text = (
        f"The measures taken ({measures}) ensure the high risk is no longer likely to materialise: "
        "no communication to the people is required; the authority must still be notified (Art. 33(1))."
    )
    return [Reason("art34_3_b", "Art. 34(3)(b)", text)]


def _exemption_c(facts: BreachFacts, risk: str, lifted: bool) -> list[Reason]:
    """Art. 34(3)(c): disproportionate effort, a public communication instead."""
    if not facts.individual_notice_disproportionate:
        return []
    if risk != "high" or lifted:
        why = "the breach is not a high risk" if risk != "high" else "another Art. 34(3) condition applies"
        text = (
            f"Contacting each person would take disproportionate effort, but {why}: no public notice needed."
        )
        return [Reason("art34_3_c_not_needed", "Art. 34(3)(c)", text)]
    text = (
        f"Contacting each of the {people(facts.subjects_count)} individually would involve disproportionate "
        "effort: a public communication (e.g. prominent website notice, press) that informs them in an "
        "equally effective manner replaces it."
    )
    return [Reason("art34_3_c", "Art. 34(3)(c)", text)]


def _exemptions(facts: BreachFacts, sev: Severity, findings: list[Finding], risk: str) -> _Exemptions:
    reasons = _exemption_a(facts, sev, findings, risk) + _exemption_b(facts, risk)
    lifting = {"art34_3_a", "art34_3_b"}
    lifted = any(r.code in lifting for r in reasons)
    reasons += _exemption_c(facts, risk, lifted)
    codes = tuple(r.code for r in reasons if r.code in lifting | {"art34_3_c"})
    return _Exemptions(codes, tuple(reasons))


# --- verdicts -------------------------------------------------------------------------------------


def _authority(facts: BreachFacts, findings: list[Finding], risk: str) -> tuple[bool, Reason]:
    article = "Art. 33(1)"
    if facts.role == "processor":
        text = (
            "As processor we do not notify the supervisory authority: our controller clients decide "
            f"(our assessment for them: {risk}) unless they mandated us to notify on their behalf."
        )
        return False, Reason("verdict_notify_authority", "Art. 33(1), Art. 33(2)", text)
    if risk == "unlikely":
        grounds = _codes(findings, "unlikely")
        text = (
            f"No rule found a risk ({grounds}): the breach is unlikely to result in a risk to the rights "
            "and freedoms of the people, so the authority is not notified. Record the breach and this "
            "reasoning (Art. 33(5))."
        )
        return False, Reason("verdict_notify_authority", article, text)
    level = "a high risk" if risk == "high" else "a risk"
    text = (
        f"The breach is likely to result in {level} ({_codes(findings, risk)}): notify the supervisory "
        "authority without undue delay, within 72 hours of becoming aware."
    )
    return True, Reason("verdict_notify_authority", article, text)


def _subjects(facts: BreachFacts, risk: str, exemptions: _Exemptions) -> tuple[bool, Reason]:
    code, article = "verdict_notify_subjects", "Art. 34(1)"
    if facts.role == "processor":
        return False, Reason(code, article, _subjects_advice(facts, risk, exemptions))
    if risk != "high":
        text = (
            "The breach is not likely to result in a high risk: no communication to the people is required."
        )
        return False, Reason(code, article, text)
    if exemptions.codes:
        which = ", ".join(c.replace("art34_3_", "Art. 34(3)(") + ")" for c in exemptions.codes)
        text = f"High risk, but {which} applies: no individual communication is required."
        return False, Reason(code, "Art. 34(1), Art. 34(3)", text)
    text = (
        f"High risk and no Art. 34(3) condition met: inform the {people(facts.subjects_count)} without "
        "undue delay, in clear and plain language, with the content of Art. 34(2)."
    )
    return True, Reason(code, article, text)


def _subjects_advice(facts: BreachFacts, risk: str, exemptions: _Exemptions) -> str:
    if risk != "high":
        advice = "no communication to the people appears necessary"
    elif exemptions.codes:
        advice = f"high risk, but {', '.join(exemptions.codes)} appears to apply (see the advice reasons)"
    else:
        advice = f"high risk: inform the {people(facts.subjects_count)} without undue delay"
    return f"Communication to the people is the controller's duty (Art. 34(1)); our advice: {advice}."


def _public(facts: BreachFacts, exemptions: _Exemptions) -> tuple[bool, Reason]:
    code, article = "verdict_public_communication", "Art. 34(3)(c)"
    if "art34_3_c" in exemptions.codes:
        return True, Reason(code, article, "A public communication replaces individual communication.")
    if facts.role == "processor":
        text = "Whether a public communication replaces individual ones is the controller's decision."
        return False, Reason(code, article, text)
    text = "No public communication required: Art. 34(3)(c) does not apply."
    return False, Reason(code, article, text)


def _controllers(facts: BreachFacts) -> tuple[bool, Reason]:
    code, article = "verdict_notify_controllers", "Art. 33(2)"
    if facts.role == "processor":
        text = (
            "As processor we alert our controller clients without undue delay after becoming aware, for "
            "every breach and without first assessing the risk (WP250 section II.A.4); this assessment is "
            "passed on as advice."
        )
        return True, Reason(code, article, text)
    return False, Reason(
        code, article, "We are the controller for this data (Art. 4(7)); Art. 33(2) binds processors."
    )


def _documentation(facts: BreachFacts) -> Reason:
    if facts.role == "processor":
        text = "Keep a record of the breach and of this assessment so the controllers can document it."
        return Reason("document_breach", "Art. 33(5), Art. 28(3)(f)", text)
    text = "Record the breach, its effects, the remedial action and this reasoning in the breach register."
    return Reason("document_breach", "Art. 33(5)", text)


# --- entry point ----------------------------------------------------------------------------------


def assess(facts: BreachFacts | dict[str, Any]) -> Decision:
    """Facts in, decision with reasons out. A dict is validated first (`FactsError` if invalid)."""
    facts = parse_facts(facts)
    sev = severity(facts)
    findings = evaluate(facts, sev)
    risk = strictest(findings)
    controller_exemptions = _exemptions(facts, sev, findings, risk)
    exemptions = controller_exemptions if facts.role == "controller" else _Exemptions((), ())
    authority, authority_reason = _authority(facts, findings, risk)
    subjects, subjects_reason = _subjects(facts, risk, controller_exemptions)
    public, public_reason = _public(facts, exemptions)
    controllers, controllers_reason = _controllers(facts)
    reasons = [
        *_with_conflicts(findings, risk),
        *_advice(facts, controller_exemptions),
        authority_reason,
        subjects_reason,
        public_reason,
        controllers_reason,
        _documentation(facts),
    ]
    return Decision(
        severity=sev,
        risk=risk,
        notify_authority=authority,
        notify_subjects=subjects,
        public_communication=public,
        notify_controllers=controllers,
        exemptions=exemptions.codes,
        reasons=tuple(reasons),
    )


def _advice(facts: BreachFacts, exemptions: _Exemptions) -> list[Reason]:
    """Exemption reasons: the controller's own, or for a processor, advice to pass on."""
    if facts.role == "controller":
        return list(exemptions.reasons)
    return [
        Reason(f"advice_{r.code}", r.article, f"Advice to the controllers: {r.text}")
        for r in exemptions.reasons
    ]
