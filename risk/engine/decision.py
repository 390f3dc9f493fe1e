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

from dataclasses import dataclass, replace
from typing import Any

from risk.engine.enisa import Severity, severity
from risk.engine.facts import BreachFacts, Group, parse_facts
from risk.engine.messages import N_, Code, Codes, Message, Nn_, capfirst, msg, plural, render
from risk.engine.rules import RISK_ORDER, Finding, evaluate, people, situation, strictest, without_protection
from risk.engine.weighing import Weighing

ENGINE_VERSION = "2.0.0"
# A group whose number of people is to be determined is read as this many until it is known (the stricter
# reading: a breach of that size weighs as "very many people", risk/RULES.md).
TBD_PEOPLE = 10_000
# "To be determined" facts: the stricter reading the verdicts take, and the milder one that tells whether the
# verdict depends on the fact (the EDPB template's fourth outcome, "more information needed").
STRICTER = {"confidentiality": "exfiltrated", "recipients": "unknown", "cause": "external_malicious"}
MILDER = {"confidentiality": "not_exfiltrated", "recipients": "known", "cause": "internal_accidental"}


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
class GroupDecision:
    """The verdict for one group of people (Art. 34 concerns the people at high risk)."""

    label: str
    subjects_count: int | None
    severity: Severity
    risk: str
    notify_subjects: bool
    public_communication: bool
    exemptions: tuple[str, ...]
    reasons: tuple[Reason, ...]
    weighing: Weighing

    def _output(self, severity: dict[str, Any], reasons: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "label": self.label,
            "subjects_count": self.subjects_count,
            "severity": severity,
            "risk": self.risk,
            "notify_subjects": self.notify_subjects,
            "public_communication": self.public_communication,
            "exemptions": list(self.exemptions),
            "weighing": self.weighing.to_dict(),
            "reasons": reasons,
        }

    def to_dict(self) -> dict[str, Any]:
        return self._output(self.severity.to_dict(), [reason.to_dict() for reason in self.reasons])

    def to_record(self) -> dict[str, Any]:
        return self._output(self.severity.to_record(), [reason.to_record() for reason in self.reasons])


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
    groups: tuple[GroupDecision, ...] = ()
    to_be_determined: tuple[str, ...] = ()
    needs_more_information: bool = False
    engine_version: str = ENGINE_VERSION

    def to_dict(self) -> dict[str, Any]:
        """The decision in the output format of docs/breach-facts.md (v2: v1's keys, the groups and the facts to be
        determined; severity also carries `basis`)."""
        return self._output(
            self.severity.to_dict(),
            [reason.to_dict() for reason in self.reasons],
            [group.to_dict() for group in self.groups],
        )

    def to_record(self) -> dict[str, Any]:
        """`to_dict` with the messages behind every text (``reasons[].message``, ``severity.explanation``):
        what an assessment stores, so that its reasons can be read in any language later."""
        return self._output(
            self.severity.to_record(),
            [reason.to_record() for reason in self.reasons],
            [group.to_record() for group in self.groups],
        )

    def _output(
        self, severity: dict[str, Any], reasons: list[dict[str, Any]], groups: list[dict[str, Any]]
    ) -> dict[str, Any]:
        return {
            "severity": severity,
            "risk": self.risk,
            "notify_authority": self.notify_authority,
            "notify_subjects": self.notify_subjects,
            "public_communication": self.public_communication,
            "notify_controllers": self.notify_controllers,
            "exemptions": list(self.exemptions),
            "reasons": reasons,
            "groups": groups,
            "to_be_determined": list(self.to_be_determined),
            "needs_more_information": self.needs_more_information,
        }


@dataclass(frozen=True)
class _Exemptions:
    """Which Art. 34(3) conditions lift the duty to communicate, with their reasons."""

    codes: tuple[str, ...]
    reasons: tuple[Reason, ...]


def _codes(findings: list[Finding], effect: str) -> Codes:
    return Codes("rule", tuple(dict.fromkeys(f.code for f in findings if f.effect == effect)))


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


# --- Art. 34(3), per group -----------------------------------------------------------------------


def _exemption_a(
    facts: BreachFacts, group: Group, sev: Severity, findings: list[Finding], risk: str
) -> list[Reason]:
    """Art. 34(3)(a): unintelligible data. Listed when the protection is what keeps the breach from
    being a high risk; when a high risk remains from another aspect, the reason says (a) is not enough."""
    if not any(f.code == "unintelligible_data" for f in findings):
        return []
    prevented = without_protection(facts, group, sev)
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
    would = Codes("rule", tuple(dict.fromkeys(f.code for f in prevented)))
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


def _exemption_c(facts: BreachFacts, count: int, risk: str, lifted: bool) -> list[Reason]:
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
    return [Reason("art34_3_c", "Art. 34(3)(c)", msg(template, people=people(count)))]


LIFTING = frozenset({"art34_3_a", "art34_3_b"})
EXEMPTION_CODES = LIFTING | {"art34_3_c"}


def _exemptions(
    facts: BreachFacts, group: Group, sev: Severity, findings: list[Finding], risk: str
) -> _Exemptions:
    reasons = _exemption_a(facts, group, sev, findings, risk) + _exemption_b(facts, risk)
    lifted = any(r.code in LIFTING for r in reasons)
    reasons += _exemption_c(facts, group.subjects_count or 0, risk, lifted)
    codes = tuple(r.code for r in reasons if r.code in EXEMPTION_CODES)
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


def _subjects(facts: BreachFacts, count: int, risk: str, exemptions: _Exemptions) -> tuple[bool, Reason]:
    code, article = "verdict_notify_subjects", "Art. 34(1)"
    if facts.role == "processor":
        return False, Reason(code, article, _subjects_advice(count, risk, exemptions))
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
    return True, Reason(code, article, msg(template, people=people(count)))


def _subjects_advice(count: int, risk: str, exemptions: _Exemptions) -> Message:
    if risk != "high":
        advice = msg(N_("no communication to the people appears necessary"))
    elif exemptions.codes:
        forms = Nn_(
            "high risk, but %(exemptions)s appears to apply (see the advice reasons)",
            "high risk, but %(exemptions)s appear to apply (see the advice reasons)",
        )
        advice = plural(forms, len(exemptions.codes), exemptions=_exemption_codes(exemptions))
    else:
        advice = msg(N_("high risk: inform the %(people)s without undue delay"), people=people(count))
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


def _advice(facts: BreachFacts, exemptions: _Exemptions) -> list[Reason]:
    """Exemption reasons: the controller's own, or for a processor, advice to pass on."""
    if facts.role == "controller":
        return list(exemptions.reasons)
    template = N_("Advice to the controllers: %(advice)s")
    return [
        Reason(f"advice_{r.code}", r.article, msg(template, advice=r.message)) for r in exemptions.reasons
    ]


FAR_APART = {("unlikely", "high"), ("unlikely", "very high"), ("high", "low")}


def _divergence(risk: str, sev: Severity) -> list[Reason]:
    """When the legal verdict and the ENISA level point far apart, one sentence says why (WP250 section IV.B:
    ENISA measures severity, the legal test weighs likelihood too)."""
    if (risk, sev.level) not in FAR_APART:
        return []
    if risk == "unlikely":
        template = N_(
            "ENISA rates the severity '%(level)s' (what the data could do), yet the breach is unlikely to result in "
            "a risk: the legal test also weighs how likely that harm is, and here it is not."
        )
    else:
        template = N_(
            "ENISA rates the severity '%(level)s', yet the breach is likely to result in a high risk: the legal "
            "rules above find serious harm likely for these people, which the score alone does not measure."
        )
    return [
        Reason("enisa_divergence", "Art. 33(1), Art. 34(1)", msg(template, level=Code("severity", sev.level)))
    ]


# --- facts to be determined ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reading:
    facts: BreachFacts
    to_be_determined: tuple[str, ...]
    reasons: tuple[Reason, ...]


def _read(facts: BreachFacts, values: dict[str, str], people_count: int) -> BreachFacts:
    changes = {key: value for key, value in values.items() if getattr(facts, key) is None}
    groups = tuple(
        replace(group, subjects_count=people_count) if group.subjects_count is None else group
        for group in facts.groups
    )
    return replace(facts, **changes, groups=groups)


def resolve(facts: BreachFacts) -> _Reading:
    """Facts still to be determined read the stricter way, each with a reason that says so."""
    pending = [key for key in STRICTER if getattr(facts, key) is None]
    pending += [
        f"groups[{index}].subjects_count"
        for index, group in enumerate(facts.groups)
        if group.subjects_count is None
    ]
    reasons = []
    for key in pending:
        value = STRICTER.get(key, TBD_PEOPLE)
        template = N_(
            "%(fact)s is to be determined: until it is known the verdicts take the stricter reading, %(value)s."
        )
        shown = Code(key, value) if key in STRICTER else plural(Nn_("%(n)s person", "%(n)s people"), value)
        reasons.append(Reason("to_be_determined", "Art. 33(4)", msg(template, fact=key, value=shown)))
    return _Reading(_read(facts, STRICTER, TBD_PEOPLE), tuple(pending), tuple(reasons))


# --- entry point ----------------------------------------------------------------------------------


def _labelled(reasons: list[Reason], label: str) -> list[Reason]:
    """A group's reasons, each said for its group (a breach of several groups)."""
    template = N_("For %(group)s: %(reason)s")
    return [Reason(r.code, r.article, msg(template, group=label, reason=r.message)) for r in reasons]


@dataclass(frozen=True)
class _Assessed:
    decision: GroupDecision
    findings: list[Finding]
    exemptions: _Exemptions  # the controller's Art. 34(3) conditions (a processor passes them on as advice)
    reasons: list[Reason]  # the group's findings and exemption reasons, for the breach's own reasons


def _assess_group(facts: BreachFacts, group: Group) -> _Assessed:
    sev = severity(facts, group)
    findings = evaluate(facts, group, sev)
    risk = strictest(findings)
    controller_exemptions = _exemptions(facts, group, sev, findings, risk)
    exemptions = controller_exemptions if facts.role == "controller" else _Exemptions((), ())
    subjects, subjects_reason = _subjects(facts, group.subjects_count or 0, risk, controller_exemptions)
    reasons = [
        *_with_conflicts(findings, risk),
        *_divergence(risk, sev),
        *_advice(facts, controller_exemptions),
    ]
    decision = GroupDecision(
        label=group.label,
        subjects_count=group.subjects_count,
        severity=sev,
        risk=risk,
        notify_subjects=subjects,
        public_communication="art34_3_c" in exemptions.codes,
        exemptions=exemptions.codes,
        reasons=(*reasons, subjects_reason),
        weighing=situation(facts, group, sev).weighing,
    )
    return _Assessed(decision, findings, controller_exemptions, reasons)


def _subjects_of_groups(facts: BreachFacts, assessed: list[_Assessed], risk: str) -> Reason:
    """The breach's Art. 34(1) verdict over several groups: only the groups at high risk are told."""
    told = [a.decision for a in assessed if a.decision.notify_subjects]
    if told:
        template = N_(
            "High risk for %(groups)s: inform the %(people)s of those groups without undue delay, in clear and plain "
            "language, with the content of Art. 34(2); the other groups are not at high risk or exempt."
        )
        labels = Codes("group", tuple(g.label for g in told))
        count = sum(g.subjects_count or 0 for g in told)
        return Reason(
            "verdict_notify_subjects", "Art. 34(1)", msg(template, groups=labels, people=people(count))
        )
    high = [a for a in assessed if a.decision.risk == "high"]
    codes = tuple(dict.fromkeys(code for a in high for code in a.exemptions.codes))
    count = sum(a.decision.subjects_count or 0 for a in high)
    return _subjects(facts, count, risk, _Exemptions(codes, ()))[1]


def _verdicts(facts: BreachFacts, assessed: list[_Assessed]) -> Decision:
    groups = [a.decision for a in assessed]
    risk = max((g.risk for g in groups), key=RISK_ORDER.__getitem__)
    exemptions = tuple(dict.fromkeys(code for g in groups for code in g.exemptions))
    authority, authority_reason = _authority(facts, [f for a in assessed for f in a.findings], risk)
    several = len(groups) > 1
    subjects_reason = _subjects_of_groups(facts, assessed, risk) if several else groups[0].reasons[-1]
    _public_flag, public_reason = _public(facts, _Exemptions(exemptions, ()))
    controllers, controllers_reason = _controllers(facts)
    reasons = [
        *(r for a in assessed for r in (_labelled(a.reasons, a.decision.label) if several else a.reasons)),
        authority_reason,
        subjects_reason,
        public_reason,
        controllers_reason,
        _documentation(facts),
    ]
    top = max(groups, key=lambda g: (g.severity.score, RISK_ORDER[g.risk]))
    return Decision(
        severity=top.severity,
        risk=risk,
        notify_authority=authority,
        notify_subjects=any(g.notify_subjects for g in groups),
        public_communication=any(g.public_communication for g in groups),
        notify_controllers=controllers,
        exemptions=exemptions,
        reasons=tuple(reasons),
        groups=tuple(groups),
    )


def _decide(facts: BreachFacts) -> Decision:
    return _verdicts(facts, [_assess_group(facts, group) for group in facts.groups])


VERDICT_KEYS = ("risk", "notify_authority", "notify_subjects", "public_communication", "notify_controllers")


def assess(facts: BreachFacts | dict[str, Any]) -> Decision:
    """Facts in, decision with reasons out, a verdict per group of people. A dict is validated first
    (`FactsError` if invalid). Facts still to be determined are read the stricter way; when the milder reading
    would give other verdicts, the decision needs more information (`needs_more_information`)."""
    facts = parse_facts(facts)
    reading = resolve(facts)
    decision = _decide(reading.facts)
    if not reading.to_be_determined:
        return decision
    milder = _decide(_read(facts, MILDER, 1))
    depends = any(getattr(milder, key) != getattr(decision, key) for key in VERDICT_KEYS)
    return replace(
        decision,
        reasons=(*reading.reasons, *decision.reasons),
        to_be_determined=reading.to_be_determined,
        needs_more_information=depends,
    )
