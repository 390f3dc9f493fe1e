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

Every reason is a `Message` (risk/engine/messages.py): its English `text` is what the CLI and the API print, and
`Decision.to_record()` keeps the message too, so that the stored assessment can be read in Dutch or French.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from risk.engine.enisa import Severity, severity
from risk.engine.facts import BreachFacts, parse_facts
from risk.engine.messages import N_, Code, Codes, Message, Nn_, capfirst, msg, plural, render
from risk.engine.rules import Finding, evaluate, people, strictest, without_protection

ENGINE_VERSION = "1.0.1"


@dataclass(frozen=True)
class Reason:
    code: str
    article: str
    message: Message

    @property
    def text(self) -> str:
        """The reason in English: a sentence, so it starts with a capital."""
        return capfirst(render(self.message))

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "article": self.article, "text": self.text}

    def to_record(self) -> dict[str, Any]:
        """`to_dict` plus the message, to be said again in another language."""
        return {**self.to_dict(), "message": self.message.to_dict()}


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
        """The decision in the output format of docs/breach-facts.md (severity also carries `basis`)."""
        return self._output(self.severity.to_dict(), [reason.to_dict() for reason in self.reasons])

    def to_record(self) -> dict[str, Any]:
        """`to_dict` with the messages behind every text (``reasons[].message``, ``severity.explanation``):
        what an assessment stores, so that its reasons can be read in any language later."""
        return self._output(self.severity.to_record(), [reason.to_record() for reason in self.reasons])

    def _output(self, severity: dict[str, Any], reasons: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "severity": severity,
            "risk": self.risk,
            "notify_authority": self.notify_authority,
            "notify_subjects": self.notify_subjects,
            "public_communication": self.public_communication,
            "notify_controllers": self.notify_controllers,
            "exemptions": list(self.exemptions),
            "reasons": reasons,
        }


@dataclass(frozen=True)
class _Exemptions:
    """Which Art. 34(3) conditions lift the duty to communicate, with their reasons."""

    codes: tuple[str, ...]
    reasons: tuple[Reason, ...]


def _codes(findings: list[Finding], effect: str) -> Codes:
    return Codes("rule", tuple(f.code for f in findings if f.effect == effect))


def _with_conflicts(findings: list[Finding], risk: str) -> list[Reason]:
    """Findings as reasons; a finding that pointed to a milder outcome says which stricter ones prevailed."""
    deciding = _codes(findings, risk)
    forms = Nn_(
        "%(finding)s On its own this points to '%(effect)s', but %(rules)s leads to '%(risk)s': the stricter "
        "outcome wins.",
        "%(finding)s On its own this points to '%(effect)s', but %(rules)s lead to '%(risk)s': the stricter "
        "outcome wins.",
    )
    reasons = []
    for f in findings:
        message = f.message
        if f.effect in ("unlikely", "risk") and f.effect != risk and not f.neutral:
            message = plural(
                forms,
                len(deciding.codes),
                finding=f.message,
                effect=Code("risk", f.effect),
                rules=deciding,
                risk=Code("risk", risk),
            )
        reasons.append(Reason(f.code, f.article, message))
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
        template = N_(
            "The encryption/hashing covers the disclosure, but a high risk remains (%(rules)s), so Art. 34(3)(a) "
            "does not lift the duty to communicate: the stricter outcome wins."
        )
        return [
            Reason("art34_3_a_not_sufficient", "Art. 34(3)(a)", msg(template, rules=_codes(findings, "high")))
        ]
    template = N_(
        "Without the protection this would be a high risk (%(rules)s); the data is unintelligible to anyone not "
        "authorised, so no communication to the people is required."
    )
    would = Codes("rule", tuple(f.code for f in prevented))
    return [Reason("art34_3_a", "Art. 34(3)(a)", msg(template, rules=would))]


def _exemption_b(facts: BreachFacts, risk: str) -> list[Reason]:
    """Art. 34(3)(b): subsequent measures ensure the high risk is no longer likely to materialise."""
    if not facts.mitigation.high_risk_no_longer_likely:
        return []
    if risk != "high":
        text = N_(
            "Measures were taken against a high risk, but the breach is not a high risk: (b) is not needed."
        )
        return [Reason("art34_3_b_not_needed", "Art. 34(3)(b)", msg(text))]
    described = facts.mitigation.description.strip()
    measures: str | Message = described or msg(N_("described in the incident"))
    template = N_(
        "The measures taken (%(measures)s) ensure the high risk is no longer likely to materialise: no "
        "communication to the people is required; the authority must still be notified (Art. 33(1))."
    )
    return [Reason("art34_3_b", "Art. 34(3)(b)", msg(template, measures=measures))]


def _exemption_c(facts: BreachFacts, risk: str, lifted: bool) -> list[Reason]:
    """Art. 34(3)(c): disproportionate effort, a public communication instead."""
    if not facts.individual_notice_disproportionate:
        return []
    if risk != "high":
        text = N_(
            "Contacting each person would take disproportionate effort, but the breach is not a high risk: no "
            "public notice needed."
        )
        return [Reason("art34_3_c_not_needed", "Art. 34(3)(c)", msg(text))]
    if lifted:
        text = N_(
            "Contacting each person would take disproportionate effort, but another Art. 34(3) condition "
            "applies: no public notice needed."
        )
        return [Reason("art34_3_c_not_needed", "Art. 34(3)(c)", msg(text))]
    template = N_(
        "Contacting each of the %(people)s individually would involve disproportionate effort: a public "
        "communication (e.g. prominent website notice, press) that informs them in an equally effective manner "
        "replaces it."
    )
    return [Reason("art34_3_c", "Art. 34(3)(c)", msg(template, people=people(facts.subjects_count)))]


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
        template = N_(
            "As processor we do not notify the supervisory authority: our controller clients decide (our "
            "assessment for them: %(risk)s) unless they mandated us to notify on their behalf."
        )
        return False, Reason(
            "verdict_notify_authority", "Art. 33(1), Art. 33(2)", msg(template, risk=Code("risk", risk))
        )
    if risk == "unlikely":
        template = N_(
            "No rule found a risk (%(rules)s): the breach is unlikely to result in a risk to the rights and "
            "freedoms of the people, so the authority is not notified. Record the breach and this reasoning "
            "(Art. 33(5))."
        )
        return False, Reason(
            "verdict_notify_authority", article, msg(template, rules=_codes(findings, "unlikely"))
        )
    if risk == "high":
        template = N_(
            "The breach is likely to result in a high risk (%(rules)s): notify the supervisory authority without "
            "undue delay, within 72 hours of becoming aware."
        )
    else:
        template = N_(
            "The breach is likely to result in a risk (%(rules)s): notify the supervisory authority without undue "
            "delay, within 72 hours of becoming aware."
        )
    return True, Reason("verdict_notify_authority", article, msg(template, rules=_codes(findings, risk)))


def _exemption_codes(exemptions: _Exemptions) -> Codes:
    return Codes("exemption", exemptions.codes)


def _subjects(facts: BreachFacts, risk: str, exemptions: _Exemptions) -> tuple[bool, Reason]:
    code, article = "verdict_notify_subjects", "Art. 34(1)"
    if facts.role == "processor":
        return False, Reason(code, article, _subjects_advice(facts, risk, exemptions))
    if risk != "high":
        text = N_(
            "The breach is not likely to result in a high risk: no communication to the people is required."
        )
        return False, Reason(code, article, msg(text))
    if exemptions.codes:
        forms = Nn_(
            "High risk, but %(exemptions)s applies: no individual communication is required.",
            "High risk, but %(exemptions)s apply: no individual communication is required.",
        )
        message = plural(forms, len(exemptions.codes), exemptions=_exemption_codes(exemptions))
        return False, Reason(code, "Art. 34(1), Art. 34(3)", message)
    template = N_(
        "High risk and no Art. 34(3) condition met: inform the %(people)s without undue delay, in clear and plain "
        "language, with the content of Art. 34(2)."
    )
    return True, Reason(code, article, msg(template, people=people(facts.subjects_count)))


def _subjects_advice(facts: BreachFacts, risk: str, exemptions: _Exemptions) -> Message:
    if risk != "high":
        advice = msg(N_("no communication to the people appears necessary"))
    elif exemptions.codes:
        forms = Nn_(
            "high risk, but %(exemptions)s appears to apply (see the advice reasons)",
            "high risk, but %(exemptions)s appear to apply (see the advice reasons)",
        )
        advice = plural(forms, len(exemptions.codes), exemptions=_exemption_codes(exemptions))
    else:
        advice = msg(
            N_("high risk: inform the %(people)s without undue delay"), people=people(facts.subjects_count)
        )
    template = N_(
        "Communication to the people is the controller's duty (Art. 34(1)); our advice: %(advice)s."
    )
    return msg(template, advice=advice)


def _public(facts: BreachFacts, exemptions: _Exemptions) -> tuple[bool, Reason]:
    code, article = "verdict_public_communication", "Art. 34(3)(c)"
    if "art34_3_c" in exemptions.codes:
        return True, Reason(
            code, article, msg(N_("A public communication replaces individual communication."))
        )
    if facts.role == "processor":
        text = N_("Whether a public communication replaces individual ones is the controller's decision.")
        return False, Reason(code, article, msg(text))
    text = N_("No public communication required: Art. 34(3)(c) does not apply.")
    return False, Reason(code, article, msg(text))


def _controllers(facts: BreachFacts) -> tuple[bool, Reason]:
    code, article = "verdict_notify_controllers", "Art. 33(2)"
    if facts.role == "processor":
        text = N_(
            "As processor we alert our controller clients without undue delay after becoming aware, for every "
            "breach and without first assessing the risk (WP250 section II.A.4); this assessment is passed on as "
            "advice."
        )
        return True, Reason(code, article, msg(text))
    text = N_("We are the controller for this data (Art. 4(7)); Art. 33(2) binds processors.")
    return False, Reason(code, article, msg(text))


def _documentation(facts: BreachFacts) -> Reason:
    if facts.role == "processor":
        text = N_("Keep a record of the breach and of this assessment so the controllers can document it.")
        return Reason("document_breach", "Art. 33(5), Art. 28(3)(f)", msg(text))
    text = N_(
        "Record the breach, its effects, the remedial action and this reasoning in the breach register."
    )
    return Reason("document_breach", "Art. 33(5)", msg(text))


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
    template = N_("Advice to the controllers: %(advice)s")
    return [
        Reason(f"advice_{r.code}", r.article, msg(template, advice=r.message)) for r in exemptions.reasons
    ]
