"""The legal layer: the tests of GDPR Arts. 33(1) and 34(1) as named rules, one function each.

Each rule looks at one aspect of the breach (confidentiality, integrity, availability, or the ENISA
score) and, when it applies, yields a `Finding` with its effect:

- "unlikely": this aspect is unlikely to result in a risk (Art. 33(1) exception);
- "risk": the breach is likely to result in a risk (Art. 33(1): notify the authority);
- "high": the breach is likely to result in a high risk (Art. 34(1): communicate to the people);
- "info": a fact the auditor must see (e.g. a protection that did not work), with no effect of its own.

Conflict policy: every rule that applies is reported; the breach's risk is the strictest effect found
("high" > "risk" > "unlikely"), and `decision.py` says so in the text of each overridden finding. The
breach is "unlikely" only when no rule finds a risk in any aspect, i.e. every aspect has a positive
ground (not affected, unintelligible, trusted recipient, retrieved, restored) — the default is to notify.

Sources are cited per rule; the table in risk/RULES.md repeats them for the DPO. A rule words its finding as a
`Message` (risk/engine/messages.py): a template marked with `N_` and parameters that are numbers, vocabulary codes or
nested messages, so the same finding can be read in English, Dutch or French.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Literal

from risk.engine import weighing as w
from risk.engine.enisa import Severity, data_processing_context
from risk.engine.facts import BreachFacts, Group
from risk.engine.messages import N_, Code, Codes, Message, Nn_, Param, capfirst, msg, plural, render
from risk.engine.weighing import (
    DISCLOSED_STATES,
    HIGH_INDEX,
    LIKELY,
    MINOR_CONSEQUENCES,
    SERIOUS_CONSEQUENCES,
    UNLIKELY_INDEX,
    VULNERABLE_SUBJECTS,
    Holder,
    Weighing,
)

Effect = Literal["unlikely", "risk", "high", "info"]
RISK_ORDER: dict[str, int] = {"unlikely": 0, "risk": 1, "high": 2}

HIGH_SEVERITY = 3.0  # ENISA band "high" and above

SPECIAL_CATEGORIES = frozenset(
    {"health", "genetic", "biometric", "racial_ethnic", "political", "religious", "trade_union", "sex_life"}
)
CRIMINAL = frozenset({"criminal"})
IDENTITY_FRAUD_CATEGORIES = frozenset({"national_id", "official_documents", "payment_means"})
LIVE_EXPOSURES = frozenset({"bound", "identified", "unknown", "public"})
# Vulnerable people's data counts as identifiable from DPC 1 at identifiability 'significant' (1 x 0.75 x 1.25).
VULNERABLE_IDENTIFIABLE = 0.9


@dataclass(frozen=True)
class Finding:
    code: str
    effect: Effect
    article: str
    message: Message
    neutral: bool = False  # only states that an aspect is untouched: never in conflict with another rule

    @property
    def text(self) -> str:
        return capfirst(render(self.message))


@dataclass(frozen=True)
class Info:
    """Returned by a rule whose facts the auditor must see although they change nothing."""

    message: Message


@dataclass(frozen=True)
class Situation:
    """The facts of one group of people seen through the questions the rules ask.

    `assume_intelligible` re-runs the rules as if no encryption or hashing had been applied, to tell
    whether Art. 34(3)(a) is what keeps a breach from being a high risk.
    """

    facts: BreachFacts
    group: Group
    severity: Severity
    assume_intelligible: bool = False

    @property
    def categories(self) -> tuple[str, ...]:
        return self.group.data_categories

    @property
    def count(self) -> int:
        return self.group.subjects_count or 0

    @property
    def disclosed(self) -> bool:
        return self.facts.confidentiality in DISCLOSED_STATES

    @cached_property
    def holder(self) -> Holder:
        return w.holder_of(self.facts)

    @property
    def recipients(self) -> str:
        # A possible disclosure with no recipient identified means the recipients are unknown.
        if self.disclosed and self.facts.recipients == "none":
            return "unknown"
        return self.facts.recipients

    @property
    def malicious(self) -> bool:
        return w.malicious(self.facts)

    @property
    def key_safe(self) -> bool:
        return not self.facts.protection.key_compromised

    @property
    def encrypted(self) -> bool:
        return self.facts.protection.encryption == "state_of_the_art" and self.key_safe

    @property
    def credentials_protected(self) -> bool:
        hashed = self.facts.protection.hashing == "state_of_the_art" and self.key_safe
        return not self.assume_intelligible and (self.encrypted or hashed)

    @property
    def unintelligible(self) -> bool:
        """State-of-the-art encryption covers all data; hashing only the credentials (passwords).

        Other categories listed next to hashed credentials are taken to be readable: one-way hashing
        is how passwords are stored, not how names or addresses are kept usable.
        """
        if self.assume_intelligible:
            return False
        only_credentials = set(self.categories) == {"credentials"}
        return self.encrypted or (self.credentials_protected and only_credentials)

    @property
    def exposure(self) -> str:
        if not self.disclosed:
            return "none"
        if self.unintelligible:
            return "unintelligible"
        return self.holder.kind  # trusted, bound, identified, unknown or public

    @property
    def live(self) -> bool:
        """Readable data may be with someone who should not have it, and nothing took it back."""
        return self.exposure in LIVE_EXPOSURES

    @cached_property
    def readable_dpc(self) -> int:
        """The DPC of the data an unauthorised person can read: credentials kept unintelligible by state-of-the-art
        hashing add nothing to the consequences (ENISA weighs unintelligibility after scoring)."""
        readable = tuple(c for c in self.categories if c != "credentials" or not self.credentials_protected)
        if not readable or readable == self.categories:
            return self.severity.dpc
        return data_processing_context(self.facts, replace(self.group, data_categories=readable))[0]

    @cached_property
    def weighing(self) -> Weighing:
        return w.weigh(
            self.facts,
            self.group,
            dpc=self.readable_dpc,
            ei=self.severity.ei,
            holder=self.holder,
            exposed=self.live,
        )

    @property
    def open(self) -> bool:
        """Readable data is more likely than not to be misused by someone (a thief, an attacker, the public or a
        wide circle of recipients)."""
        return self.live and self.weighing.likelihood >= LIKELY

    @property
    def serious(self) -> bool:
        """The consequences for a person would be at least serious (DPC x EI, adjusted, from 3)."""
        return self.weighing.consequences >= SERIOUS_CONSEQUENCES


# --- wording helpers ------------------------------------------------------------------------------


def people(count: int) -> Message:
    return plural(Nn_("%(n)s person", "%(n)s people"), count)


def data_of(s: Situation, categories: frozenset[str] | None = None) -> Message:
    chosen = tuple(c for c in s.categories if categories is None or c in categories)
    return msg(
        N_("%(categories)s data of %(people)s"),
        categories=Codes("data_category", chosen),
        people=people(s.count),
    )


def _undertaking(s: Situation) -> Message:
    detail = s.holder.detail
    if s.malicious:
        return msg(N_("who took or received them on purpose"))
    if detail is None:
        return msg(N_("who undertook nothing"))
    if detail.bound_by_confidentiality:
        return msg(N_("bound by confidentiality, deletion not confirmed"))
    if detail.deletion_confirmed:
        return msg(N_("not bound by confidentiality, who declared the data deleted"))
    if detail.asked_to_delete:
        return msg(N_("not bound by confidentiality, asked at once to delete the data"))
    return msg(N_("not bound by confidentiality, not asked to delete the data"))


def recipients_text(s: Situation) -> Message:
    count, kind = s.facts.recipients_count, s.holder.kind
    if kind == "trusted":
        if count is None:
            return msg(N_("trusted recipients bound by confidentiality who confirmed deletion"))
        forms = Nn_(
            "%(n)s trusted recipient bound by confidentiality who confirmed deletion",
            "%(n)s trusted recipients bound by confidentiality who confirmed deletion",
        )
        return plural(forms, count)
    if kind in ("identified", "bound"):
        if count is None:
            return msg(
                N_("an unknown number of identified recipients (%(undertaking)s)"),
                undertaking=_undertaking(s),
            )
        forms = Nn_(
            "%(n)s identified recipient (%(undertaking)s)",
            "%(n)s identified recipients (%(undertaking)s)",
        )
        return plural(forms, count, undertaking=_undertaking(s))
    return msg(
        {
            "none": N_("no recipient"),
            "unknown": N_("unknown parties (an attacker, a thief or an unknown number of people)"),
            "public": N_("the public (published)"),
        }[s.recipients]
    )


def access_text(s: Situation) -> Message:
    return msg(
        {
            "unknown": N_("may have been read (access cannot be assessed)"),
            "likely": N_("were probably accessed"),
            "exfiltrated": N_("were disclosed or copied"),
        }.get(s.facts.confidentiality, N_("were not accessed"))
    )


def sensitive_articles(categories: set[str]) -> str:
    parts = ["Art. 34(1)"]
    if categories & SPECIAL_CATEGORIES:
        parts.append("Art. 9(1)")
    if categories & CRIMINAL:
        parts.append("Art. 10")
    return ", ".join(parts)


def number(value: float) -> str:
    """A factor as the DPO reads it: two decimals at most."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def weighing_text(s: Situation) -> Message:
    """The weighing in one clause: consequences x holder x likelihood x people = index."""
    v = s.weighing
    template = N_(
        "consequences %(consequences)s (DPC %(dpc)s x EI %(ei)s) x holder %(holder)s (%(holder_name)s) x likelihood "
        "%(likelihood)s x people %(people)s = %(index)s"
    )
    return msg(
        template,
        consequences=number(v.consequences),
        dpc=s.severity.dpc,
        ei=s.severity.ei,
        holder=number(v.holder_factor),
        holder_name=Code("holder", v.holder),
        likelihood=number(v.likelihood),
        people=number(v.people_factor),
        index=number(v.index),
    )


def exposure_message(s: Situation, template: str, **params: Param) -> Message:
    """A finding about readable data with someone unauthorised: which data, how far they got, who holds them and
    the weighing (and whatever else the template names)."""
    return msg(
        template,
        data=data_of(s),
        access=access_text(s),
        recipients=recipients_text(s),
        weighing=weighing_text(s),
        **params,
    )


# --- the rule registry ----------------------------------------------------------------------------

RuleFunction = Callable[[Situation], "Message | Info | Finding | None"]


@dataclass(frozen=True)
class Rule:
    code: str
    aspect: str
    effect: Effect
    article: str
    check: RuleFunction
    neutral: bool = False

    def apply(self, s: Situation) -> Finding | None:
        outcome = self.check(s)
        if outcome is None:
            return None
        if isinstance(outcome, Finding):  # a rule that words its own article
            return outcome
        if isinstance(outcome, Info):
            return Finding(self.code, "info", self.article, outcome.message)
        return Finding(self.code, self.effect, self.article, outcome, self.neutral)


RULES: list[Rule] = []


def rule(
    code: str, aspect: str, effect: Effect, article: str, *, neutral: bool = False
) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule function; its docstring names the legal source, RULES.md lists it."""

    def register(check: RuleFunction) -> RuleFunction:
        RULES.append(Rule(code, aspect, effect, article, check, neutral))
        return check

    return register


# --- confidentiality ------------------------------------------------------------------------------


@rule("confidentiality_not_affected", "confidentiality", "unlikely", "Art. 33(1)", neutral=True)
def confidentiality_not_affected(s: Situation) -> Message | None:
    """Nobody unauthorised read the data. Art. 4(12), Art. 33(1); EDPB 01/2021 case 01 (forensic
    evidence of no exfiltration)."""
    if s.facts.confidentiality == "none":
        return msg(
            N_("The breach has no confidentiality aspect: no unauthorised person had access to the data.")
        )
    if s.facts.confidentiality == "not_exfiltrated":
        template = N_(
            "There is reasonable evidence (e.g. logs) that nobody accessed or copied the data, so the "
            "confidentiality of the %(data)s is not affected (EDPB 01/2021, case 01)."
        )
        return msg(template, data=data_of(s))
    return None


@rule("unintelligible_data", "confidentiality", "unlikely", "Art. 33(1), Art. 34(3)(a)")
def unintelligible_data(s: Situation) -> Message | None:
    """State-of-the-art encryption or hashing with an uncompromised key. Art. 34(3)(a); WP250 section IV
    and EDPB 9/2022; EDPB 01/2021 cases 01, 06, 10; AP "datalek wel of niet melden" (key not
    compromised and not findable with available technology; data intact and available, which the
    integrity and availability rules check)."""
    if not (s.disclosed and s.exposure == "unintelligible"):
        return None
    if s.encrypted:
        template = N_(
            "The %(data)s %(access)s, but were protected by state-of-the-art encryption whose key is not "
            "compromised: they are unintelligible to anyone not authorised, so their disclosure is unlikely to "
            "harm the people."
        )
    else:
        template = N_(
            "The %(data)s %(access)s, but were protected by state-of-the-art hashing whose key is not "
            "compromised: they are unintelligible to anyone not authorised, so their disclosure is unlikely to "
            "harm the people."
        )
    return msg(template, data=data_of(s), access=access_text(s))


@rule("protection_ineffective", "confidentiality", "info", "Art. 34(3)(a)")
def protection_ineffective(s: Situation) -> Info | None:
    """A protection existed but does not make the data unintelligible (weak algorithm, compromised key,
    or hashing that covers only the passwords). Art. 34(3)(a); EDPB 9/2022 section III.B (state of the
    art, key not compromised)."""
    p = s.facts.protection
    if not s.disclosed or s.unintelligible or s.assume_intelligible:
        return None
    if p.encryption == "none" and p.hashing in ("none", "not_applicable"):
        return None
    if p.key_compromised:
        why = N_("the key (or salt) is compromised")
    elif "weak" in (p.encryption, p.hashing) and not s.credentials_protected:
        why = N_("the algorithm is not state of the art")
    else:
        why = N_("hashing protects only the credentials; the other data categories are readable")
    template = N_(
        "Encryption '%(encryption)s' / hashing '%(hashing)s' does not make the data unintelligible: %(why)s."
    )
    return Info(
        msg(
            template,
            encryption=Code("protection", p.encryption),
            hashing=Code("protection", p.hashing),
            why=msg(why),
        )
    )


@rule("trusted_recipient", "confidentiality", "unlikely", "Art. 33(1)")
def trusted_recipient(s: Situation) -> Message | None:
    """The recipient is identified, bound by confidentiality and confirmed deletion or return.
    WP250 section IV.B ("trusted" recipient); EDPB 01/2021 case 09; AP "betrouwbare ontvanger"."""
    if s.exposure != "trusted":
        return None
    template = N_(
        "The %(data)s reached %(recipients)s: the data is back under control and misuse is not to be expected."
    )
    return msg(template, data=data_of(s), recipients=recipients_text(s))


def _minor(s: Situation) -> bool:
    v = s.weighing
    return s.live and v.consequences < MINOR_CONSEQUENCES and v.index < UNLIKELY_INDEX


@rule("minor_consequences", "confidentiality", "unlikely", "Art. 33(1)")
def minor_consequences(s: Situation) -> Message | None:
    """Weighed on its merits, the disclosure is unlikely to result in a risk: its consequences for the people are
    at most minor and their misuse improbable, given who holds the data and what they undertook, what the data
    can be used for and how many people it concerns. Art. 33(1) ("unless ... unlikely to result in a risk");
    Recital 85; WP250 / EDPB 9/2022 section IV.B (likelihood and severity) and Annex B; EDPB 01/2021 cases 13
    and 15."""
    if not _minor(s):
        return None
    template = N_(
        "Weighed on its merits: the %(data)s %(access)s and are with %(recipients)s, but the consequences for the "
        "people would be at most minor and their misuse is improbable (%(weighing)s, below %(limit)s): the "
        "disclosure is unlikely to result in a risk."
    )
    return exposure_message(s, template, limit=UNLIKELY_INDEX)


@rule("deletion_unverified", "confidentiality", "info", "Art. 33(1)")
def deletion_unverified(s: Situation) -> Info | None:
    """A recipient who is neither trusted nor bound by confidentiality declared the data deleted: the declaration
    cannot be verified and does not by itself clear the risk (WP250 section IV.B: a *trusted* recipient; EDPB
    01/2021 case 09 against case 16). It lowers the likelihood a little; the other facts decide."""
    detail = s.holder.detail
    if not (s.live and s.holder.kind == "identified" and detail and detail.deletion_confirmed) or _minor(s):
        return None
    template = N_(
        "The recipients declared the data deleted, but they are not bound by confidentiality: the declaration "
        "cannot be verified and does not by itself clear the risk."
    )
    return Info(msg(template))


@rule("confidentiality_exposure", "confidentiality", "risk", "Art. 33(1)")
def confidentiality_exposure(s: Situation) -> Message | None:
    """Readable personal data is, or may be, with someone unauthorised, and its consequences are more than minor
    or their misuse more than improbable. Art. 33(1); Recitals 75 and 85 (loss of control, identity theft,
    fraud, reputational damage)."""
    if not s.live or _minor(s):
        return None
    template = N_(
        "The %(data)s %(access)s and are with %(recipients)s, readable and not back under control: loss of control "
        "over the data and its misuse cannot be ruled out (%(weighing)s)."
    )
    return msg(
        template,
        data=data_of(s),
        access=access_text(s),
        recipients=recipients_text(s),
        weighing=weighing_text(s),
    )


def _presumption_applies(s: Situation) -> bool:
    """The presumptions of harm for sensitive data hold for data in untrusted hands that was not public before."""
    return s.live and s.holder.kind != "bound" and not s.group.already_public


@rule("special_category_data", "confidentiality", "high", "Art. 34(1), Art. 9(1), Art. 10")
def special_category_data(s: Situation) -> Finding | None:
    """Art. 9/10 data in untrusted hands: "such damage should be considered likely to occur" (WP250
    section IV.B, EDPB 9/2022 para. 102). High unless the consequences are less than serious: the assessor's DPC
    adjustment shows the data reveals less than its category (ENISA step 2), the people are hard to identify, the
    recipient is bound by confidentiality, or the data was public before."""
    found = set(s.categories) & (SPECIAL_CATEGORIES | CRIMINAL)
    if not (s.live and found):
        return None
    named, article = Codes("data_category", tuple(sorted(found))), sensitive_articles(found)
    if not (_presumption_applies(s) and s.serious):
        adjustment = s.group.dpc_adjustment
        identifiability = Code("identifiability", s.group.identifiability)
        if adjustment:
            template = N_(
                "The breach includes %(categories)s data, but with an adjusted DPC of %(dpc)s (assessor: "
                "%(reason)s) and identifiability '%(identifiability)s' serious harm is not presumed (consequences "
                "%(consequences)s, below %(serious)s)."
            )
            message = msg(
                template,
                categories=named,
                dpc=s.severity.dpc,
                reason=adjustment.reason,
                identifiability=identifiability,
                consequences=number(s.weighing.consequences),
                serious=SERIOUS_CONSEQUENCES,
            )
        else:
            template = N_(
                "The breach includes %(categories)s data, but with a DPC of %(dpc)s, identifiability "
                "'%(identifiability)s' and %(recipients)s serious harm is not presumed (consequences "
                "%(consequences)s; serious from %(serious)s)."
            )
            message = msg(
                template,
                categories=named,
                dpc=s.severity.dpc,
                identifiability=identifiability,
                recipients=recipients_text(s),
                consequences=number(s.weighing.consequences),
                serious=SERIOUS_CONSEQUENCES,
            )
        return Finding("special_category_data", "info", article, message)
    template = N_(
        "%(categories)s data of %(people)s reached %(recipients)s: discrimination, reputational or psychological "
        "harm is likely."
    )
    message = msg(template, categories=named, people=people(s.count), recipients=recipients_text(s))
    return Finding("special_category_data", "high", article, message)


@rule("identity_fraud_data", "confidentiality", "high", "Art. 34(1)")
def identity_fraud_data(s: Situation) -> Message | None:
    """National identifiers, official documents or payment means in untrusted hands, with at least serious
    consequences (DPC x EI from 3): identity theft, fraud and financial loss (Recitals 75, 85; EDPB 01/2021 case
    14; ENISA financial ladder). Data weighs by what it opens, not by its category's label."""
    found = set(s.categories) & IDENTITY_FRAUD_CATEGORIES
    if not (_presumption_applies(s) and found and s.serious):
        return None
    template = N_(
        "%(categories)s of %(people)s reached %(recipients)s: identity theft and fraud become possible."
    )
    return msg(
        template,
        categories=Codes("data_category", tuple(sorted(found))),
        people=people(s.count),
        recipients=recipients_text(s),
    )


@rule("credentials_exposed", "confidentiality", "high", "Art. 34(1)")
def credentials_exposed(s: Situation) -> Message | None:
    """Readable credentials whose misuse is more likely than not: account takeover and credential stuffing
    (EDPB 01/2021 cases 06 and 07; WP250 Annex B)."""
    usable = "credentials" in s.categories and not s.credentials_protected
    if not (s.open and usable):
        return None
    template = N_(
        "Readable credentials of %(people)s reached %(recipients)s: accounts here and, through password reuse, "
        "elsewhere can be taken over."
    )
    return msg(template, people=people(s.count), recipients=recipients_text(s))


_HOLDER_HARM = {
    "attacker": N_(
        "In an intentional act (%(cause)s) the %(data)s %(access)s and are with %(recipients)s: phishing, fraud or "
        "identity theft is the likely purpose (%(weighing)s, high from %(limit)s)."
    ),
    "public": N_(
        "The %(data)s were published: anyone can copy and combine them and the loss of control is irreversible "
        "(%(weighing)s, high from %(limit)s)."
    ),
}
_DEFAULT_HARM = N_(
    "The %(data)s %(access)s and are with %(recipients)s: with so many people and such a holder, harm to some of "
    "them is likely (%(weighing)s, high from %(limit)s)."
)


@rule("likely_harm", "confidentiality", "high", "Art. 34(1)")
def likely_harm(s: Situation) -> Message | None:
    """The weighing of consequences, holder, likelihood and number of people reaches the high band: an attacker
    who took directly identifying data (EDPB 01/2021 cases 04, 05, 18), a thief holding the data of very many
    people (case 11), a publication (Recital 85: loss of control), a mass mailing of more than simple data (WP250
    Annex B). WP250 / EDPB 9/2022 section IV.B: number of individuals, ease of identification, severity."""
    if not (s.live and s.weighing.index >= HIGH_INDEX):
        return None
    template = _HOLDER_HARM.get(s.weighing.holder, _DEFAULT_HARM)
    return exposure_message(s, template, limit=HIGH_INDEX, cause=Code("cause", s.facts.cause))


@rule("vulnerable_subjects", "confidentiality", "high", "Art. 34(1)")
def vulnerable_subjects(s: Situation) -> Message | None:
    """Children, patients and other vulnerable people deserve specific protection (Recitals 38, 75;
    WP250 section IV.B: special characteristics of the individual): their identifiable data, more likely than not
    to be misused."""
    found = set(s.group.subject_categories) & VULNERABLE_SUBJECTS
    identifiable = s.severity.dpc * s.severity.ei * w.VULNERABLE_FACTOR >= VULNERABLE_IDENTIFIABLE
    if not (s.open and found and identifiable and not s.group.already_public):
        return None
    template = N_(
        "The people affected are %(subjects)s; their identifiable data %(access)s and are with %(recipients)s, "
        "and they are less able to protect themselves."
    )
    return msg(
        template,
        subjects=Codes("subject_category", tuple(sorted(found))),
        access=access_text(s),
        recipients=recipients_text(s),
    )


# --- ENISA score as input -------------------------------------------------------------------------


@rule("enisa_severity", "severity", "high", "Art. 33(1), Art. 34(1)")
def enisa_severity(s: Situation) -> Message | Info:
    """The ENISA score is advisory input to the legal test (WP250 section IV.B points to it). A score in
    the "high" band or above makes the breach a high risk when readable data is more likely than not to be
    misused, or altered data was used; otherwise it is reported for information only: severity without
    likelihood is not a likely high risk."""
    sev = s.severity
    summary = msg(
        N_("ENISA severity SE = %(score)s (%(level)s; DPC %(dpc)s x EI %(ei)s + CB %(cb)s)"),
        score=sev.score,
        level=Code("severity", sev.level),
        dpc=sev.dpc,
        ei=sev.ei,
        cb=sev.cb,
    )
    harm_likely = s.open or s.facts.integrity.misused
    if sev.score >= HIGH_SEVERITY and harm_likely:
        template = N_(
            "%(summary)s: the consequences for the people would be serious and the harm can still materialise."
        )
        return msg(template, summary=summary)
    if sev.score >= HIGH_SEVERITY:
        template = N_(
            "%(summary)s, but misuse of readable data is not more likely than not and no altered data was used; the "
            "score is advisory and the legal rules decide."
        )
        return Info(msg(template, summary=summary))
    return Info(msg(N_("%(summary)s: advisory only; the legal rules decide."), summary=summary))


# --- integrity ------------------------------------------------------------------------------------


@rule("integrity_not_affected", "integrity", "unlikely", "Art. 33(1)", neutral=True)
def integrity_not_affected(s: Situation) -> Message | None:
    """No alteration (Art. 4(12))."""
    return msg(N_("The data was not altered.")) if s.facts.integrity.loss == "none" else None


@rule("integrity_restored", "integrity", "unlikely", "Art. 33(1)")
def integrity_restored(s: Situation) -> Message | None:
    """Altered data recovered before any use (ENISA CB integrity 0; AP: data intact)."""
    if s.facts.integrity.loss == "recoverable" and not s.facts.integrity.misused:
        return msg(N_("Altered data can be recovered and was not used in its altered form."))
    return None


@rule("integrity_loss", "integrity", "risk", "Art. 33(1)")
def integrity_loss(s: Situation) -> Message | None:
    """Data altered for good or used in its altered form (Art. 4(12) alteration; Recital 85)."""
    i = s.facts.integrity
    if i.loss == "none" or (i.loss == "recoverable" and not i.misused):
        return None
    if i.misused:
        template = N_(
            "The %(data)s were altered (%(loss)s) and the altered data was used: decisions about the people may "
            "rest on wrong data."
        )
    else:
        template = N_(
            "The %(data)s were altered (%(loss)s) and the altered data was not used: decisions about the people "
            "may rest on wrong data."
        )
    return msg(template, data=data_of(s), loss=Code("integrity_loss", i.loss))


@rule("integrity_misuse", "integrity", "high", "Art. 34(1)")
def integrity_misuse(s: Situation) -> Message | None:
    """Altered data used on purpose or beyond repair: fraud, identity theft (Recital 85; EDPB 01/2021
    case 17, social-engineering identity theft; ENISA CB integrity 0.5)."""
    i = s.facts.integrity
    if not (i.misused and (s.malicious or i.loss == "unrecoverable")):
        return None
    if s.malicious:
        template = N_(
            "Altered data of %(people)s was used intentionally: direct harm such as fraud is likely."
        )
    else:
        template = N_(
            "Altered data of %(people)s was used and the original cannot be restored: direct harm such as fraud "
            "is likely."
        )
    return msg(template, people=people(s.count))


# --- availability ---------------------------------------------------------------------------------


@rule("availability_not_affected", "availability", "unlikely", "Art. 33(1)", neutral=True)
def availability_not_affected(s: Situation) -> Message | None:
    """No loss of access or destruction (Art. 4(12))."""
    return msg(N_("The data remained available.")) if s.facts.availability.loss == "none" else None


def _brief(s: Situation) -> bool:
    a = s.facts.availability
    return a.loss != "none" and a.impact != "severe" and s.weighing.availability < w.AVAILABILITY_UNLIKELY


def hours(count: float) -> Message:
    return plural(Nn_("%(n)s hour", "%(n)s hours"), count)


def duration_text(s: Situation) -> Message:
    a = s.facts.availability
    if a.loss == "permanent":
        return msg(N_("for good"))
    return msg(N_("unknown duration")) if a.duration_hours is None else hours(a.duration_hours)


def availability_weighing(s: Situation) -> Message:
    a = s.facts.availability
    template = N_(
        "impact %(impact)s x duration %(duration)s x people %(people)s = %(index)s; minor below %(limit)s"
    )
    return msg(
        template,
        impact=number(w.IMPACT_WEIGHTS[a.impact]),
        duration=number(w.duration_weight(a.loss, a.duration_hours)),
        people=number(s.weighing.people_factor),
        index=number(s.weighing.availability),
        limit=w.AVAILABILITY_UNLIKELY,
    )


@rule("availability_restored", "availability", "unlikely", "Art. 33(1)")
def availability_restored(s: Situation) -> Message | None:
    """Weighed on its merits, a loss of access that was brief for its effect on the people: at most a minor
    inconvenience. The duration is graded (an outage of h hours weighs h / (h + 24) of a permanent loss), times
    the effect on the people and their number. EDPB 01/2021 case 01 (restored from backup in hours); WP250 Annex B
    (a power outage of several minutes at a call centre: not notifiable); AP: controller still in control of the
    data."""
    if not _brief(s):
        return None
    template = N_(
        "Access was lost (%(duration)s, backup: %(backup)s) with impact '%(impact)s' on the people: at most a brief "
        "inconvenience (%(weighing)s)."
    )
    return msg(
        template,
        duration=duration_text(s),
        backup=Code("backup", s.facts.protection.backup),
        impact=Code("availability_impact", s.facts.availability.impact),
        weighing=availability_weighing(s),
    )


@rule("availability_loss", "availability", "risk", "Art. 33(1)")
def availability_loss(s: Situation) -> Message | None:
    """Data lost, or unavailable long enough or with enough effect on the people to be more than a brief
    inconvenience. EDPB 01/2021 case 02 (no backup, days to rebuild); WP250 section I.B.2 (availability breach)."""
    a = s.facts.availability
    if a.loss == "none" or _brief(s):
        return None
    template = N_(
        "Access to the %(data)s was lost (%(loss)s, %(duration)s, backup: %(backup)s) with impact '%(impact)s' "
        "on the people (%(weighing)s)."
    )
    return msg(
        template,
        data=data_of(s),
        loss=Code("availability_loss", a.loss),
        duration=duration_text(s),
        backup=Code("backup", s.facts.protection.backup),
        impact=Code("availability_impact", a.impact),
        weighing=availability_weighing(s),
    )


@rule("severe_unavailability", "availability", "high", "Art. 34(1)")
def severe_unavailability(s: Situation) -> Message | None:
    """Unavailability with a severe effect, e.g. medical care delayed. EDPB 01/2021 case 03 (hospital
    ransomware); WP250 Annex B (medical records unavailable for 30 hours)."""
    if s.facts.availability.loss == "none" or s.facts.availability.impact != "severe":
        return None
    template = N_(
        "The unavailability has a severe effect on %(people)s (e.g. care or essential services delayed)."
    )
    return msg(template, people=people(s.count))


# --- evaluation -----------------------------------------------------------------------------------


def evaluate(
    facts: BreachFacts, group: Group, severity: Severity, *, assume_intelligible: bool = False
) -> list[Finding]:
    """Apply every rule in table order to one group; each finding is kept, none is hidden."""
    s = Situation(facts, group, severity, assume_intelligible)
    return [finding for finding in (r.apply(s) for r in RULES) if finding is not None]


def situation(facts: BreachFacts, group: Group, severity: Severity) -> Situation:
    return Situation(facts, group, severity)


def strictest(findings: list[Finding]) -> str:
    """The group's risk: the strictest effect found, "unlikely" when no rule found a risk."""
    levels = [f.effect for f in findings if f.effect in ("risk", "high")]
    return max(levels, key=RISK_ORDER.__getitem__, default="unlikely")


def without_protection(facts: BreachFacts, group: Group, severity: Severity) -> list[Finding]:
    """High-risk findings if the data had been readable: what Art. 34(3)(a) prevents."""
    return [f for f in evaluate(facts, group, severity, assume_intelligible=True) if f.effect == "high"]
