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
from dataclasses import dataclass
from typing import Literal

from risk.engine.enisa import DISCLOSED_STATES, MALICIOUS_CAUSES, Severity
from risk.engine.facts import BreachFacts
from risk.engine.messages import N_, Code, Codes, Join, Message, Nn_, capfirst, msg, plural, render

Effect = Literal["unlikely", "risk", "high", "info"]
RISK_ORDER: dict[str, int] = {"unlikely": 0, "risk": 1, "high": 2}

# Policy thresholds. Not in the law: they are the judgement calls the law leaves open, kept in one place.
FEW_RECIPIENTS = 10  # "a small number of known recipients" (EDPB 01/2021 case 13: two)
WIDE_RECIPIENTS = 100  # above this, known recipients are a wide circle (mass mailing, EDPB case 14)
LARGE_SCALE = 10_000  # people: "large numbers" (EDPB 01/2021 case 11: over 100,000)
QUICK_RESTORE_HOURS = 24.0  # availability restored "within hours" (EDPB 01/2021 case 01)
HIGH_SEVERITY = 3.0  # ENISA band "high" and above
SENSITIVE_DPC = 3  # an adjusted DPC below this means the assessor found the data reveals less

SPECIAL_CATEGORIES = frozenset(
    {"health", "genetic", "biometric", "racial_ethnic", "political", "religious", "trade_union", "sex_life"}
)
CRIMINAL = frozenset({"criminal"})
IDENTITY_FRAUD_CATEGORIES = frozenset({"national_id", "official_documents", "payment_means"})
VULNERABLE_SUBJECTS = frozenset({"minors", "children", "patients", "vulnerable"})
IDENTIFYING = frozenset({"significant", "maximum"})
ACCESSED = frozenset({"likely", "exfiltrated"})  # someone probably or certainly read the data

# Exposure of the data's confidentiality, from harmless to worst.
LIVE_EXPOSURES = frozenset({"limited", "wide", "unknown", "public"})
OPEN_EXPOSURES = frozenset({"wide", "unknown", "public"})  # beyond a small circle of known recipients


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
    """The facts seen through the questions the rules ask.

    `assume_intelligible` re-runs the rules as if no encryption or hashing had been applied, to tell
    whether Art. 34(3)(a) is what keeps a breach from being a high risk.
    """

    facts: BreachFacts
    severity: Severity
    assume_intelligible: bool = False

    @property
    def disclosed(self) -> bool:
        return self.facts.confidentiality in DISCLOSED_STATES

    @property
    def recipients(self) -> str:
        # A possible disclosure with no recipient identified means the recipients are unknown.
        if self.disclosed and self.facts.recipients == "none":
            return "unknown"
        return self.facts.recipients

    @property
    def malicious(self) -> bool:
        return self.facts.cause in MALICIOUS_CAUSES

    @property
    def identifying(self) -> bool:
        return self.facts.identifiability in IDENTIFYING

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
        only_credentials = set(self.facts.data_categories) == {"credentials"}
        return self.encrypted or (self.credentials_protected and only_credentials)

    @property
    def retrieved(self) -> bool:
        """Retrieved or deleted at a few known recipients, accidentally sent, with only simple data."""
        count = self.facts.recipients_count
        return (
            self.recipients == "known"
            and self.facts.mitigation.data_retrieved_or_deleted
            and count is not None
            and count <= FEW_RECIPIENTS
            and not self.malicious
            and self.severity.dpc == 1
        )

    @property
    def exposure(self) -> str:
        if not self.disclosed:
            return "none"
        if self.unintelligible:
            return "unintelligible"
        if self.recipients == "trusted":
            return "trusted"
        if self.retrieved:
            return "retrieved"
        if self.recipients == "known":
            count = self.facts.recipients_count
            return "wide" if count is not None and count > WIDE_RECIPIENTS else "limited"
        return self.recipients  # unknown or public

    @property
    def live(self) -> bool:
        """Readable data may be with someone who should not have it, and nothing took it back."""
        return self.exposure in LIVE_EXPOSURES

    @property
    def open(self) -> bool:
        return self.exposure in OPEN_EXPOSURES


# --- wording helpers ------------------------------------------------------------------------------


def people(count: int) -> Message:
    return plural(Nn_("%(n)s person", "%(n)s people"), count)


def data_of(s: Situation, categories: frozenset[str] | None = None) -> Message:
    chosen = tuple(c for c in s.facts.data_categories if categories is None or c in categories)
    return msg(
        N_("%(categories)s data of %(people)s"),
        categories=Codes("data_category", chosen),
        people=people(s.facts.subjects_count),
    )


def recipients_text(s: Situation) -> Message:
    count = s.facts.recipients_count
    if s.recipients == "trusted":
        if count is None:
            return msg(N_("trusted recipients bound by confidentiality who confirmed deletion"))
        forms = Nn_(
            "%(n)s trusted recipient bound by confidentiality who confirmed deletion",
            "%(n)s trusted recipients bound by confidentiality who confirmed deletion",
        )
        return plural(forms, count)
    if s.recipients == "known":
        if count is None:
            return msg(N_("known recipients not bound by confidentiality"))
        forms = Nn_(
            "%(n)s known recipient not bound by confidentiality",
            "%(n)s known recipients not bound by confidentiality",
        )
        return plural(forms, count)
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
    if p.encryption == "none" and p.hashing == "none":
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


@rule("retrieved_from_few_known", "confidentiality", "unlikely", "Art. 33(1)")
def retrieved_from_few_known(s: Situation) -> Message | None:
    """Simple data sent by mistake to a few known recipients and retrieved or deleted. EDPB 01/2021
    case 13 (swapped packing bills); WP250 section IV.B (single recipient vs mass mailing)."""
    if s.exposure != "retrieved":
        return None
    template = N_(
        "Only simple data (DPC 1: %(data)s) went by mistake to %(recipients)s, and it has been retrieved or "
        "deleted: harm to the people is unlikely."
    )
    return msg(template, data=data_of(s), recipients=recipients_text(s))


@rule("retrieval_insufficient", "confidentiality", "info", "Art. 33(1)")
def retrieval_insufficient(s: Situation) -> Info | None:
    """Retrieval was reported but cannot make the breach harmless (EDPB 01/2021 case 13 limits)."""
    if not (s.live and s.facts.mitigation.data_retrieved_or_deleted):
        return None
    gaps = []
    if s.recipients != "known":
        gaps.append(
            msg(
                N_("the recipients are %(recipients)s, so retrieval cannot be verified"),
                recipients=Code("recipients", s.recipients),
            )
        )
    count = s.facts.recipients_count
    if s.recipients == "known" and count is None:
        gaps.append(
            msg(
                N_("the number of recipients is not known (at most %(few)s count as few)"), few=FEW_RECIPIENTS
            )
        )
    elif s.recipients == "known" and count > FEW_RECIPIENTS:
        template = N_("the number of recipients (%(count)s) is not small (at most %(few)s)")
        gaps.append(msg(template, count=count, few=FEW_RECIPIENTS))
    if s.malicious:
        gaps.append(msg(N_("the disclosure was intentional")))
    if s.severity.dpc > 1:
        template = N_("the data is not simple data (DPC %(dpc)s): disclosure itself already harms")
        gaps.append(msg(template, dpc=s.severity.dpc))
    template = N_("The data was reported retrieved or deleted, but %(gaps)s.")
    return Info(msg(template, gaps=Join(tuple(gaps), "; ")))


@rule("confidentiality_exposure", "confidentiality", "risk", "Art. 33(1)")
def confidentiality_exposure(s: Situation) -> Message | None:
    """Readable personal data is, or may be, with someone unauthorised. Art. 33(1); Recitals 75 and 85
    (loss of control, identity theft, fraud, reputational damage)."""
    if not s.live:
        return None
    template = N_(
        "The %(data)s %(access)s and are with %(recipients)s, readable and not retrieved: loss of control over "
        "the data and its misuse cannot be ruled out."
    )
    return msg(template, data=data_of(s), access=access_text(s), recipients=recipients_text(s))


@rule("special_category_data", "confidentiality", "high", "Art. 34(1), Art. 9(1), Art. 10")
def special_category_data(s: Situation) -> Finding | None:
    """Art. 9/10 data in untrusted hands: "such damage should be considered likely to occur" (WP250
    section IV.B, EDPB 9/2022 para. 102). High unless the assessor's DPC adjustment shows the data
    reveals less than its category (ENISA step 2) or the people are hard to identify."""
    found = set(s.facts.data_categories) & (SPECIAL_CATEGORIES | CRIMINAL)
    if not (s.live and found):
        return None
    named, article = Codes("data_category", tuple(sorted(found))), sensitive_articles(found)
    if s.severity.dpc < SENSITIVE_DPC or not s.identifying:
        adjustment = s.facts.dpc_adjustment
        identifiability = Code("identifiability", s.facts.identifiability)
        if adjustment:
            template = N_(
                "The breach includes %(categories)s data, but with an adjusted DPC of %(dpc)s (assessor: "
                "%(reason)s) and identifiability '%(identifiability)s' serious harm is not presumed; it remains "
                "notifiable."
            )
            message = msg(
                template,
                categories=named,
                dpc=s.severity.dpc,
                reason=adjustment.reason,
                identifiability=identifiability,
            )
        else:
            template = N_(
                "The breach includes %(categories)s data, but with an adjusted DPC of %(dpc)s and identifiability "
                "'%(identifiability)s' serious harm is not presumed; it remains notifiable."
            )
            message = msg(template, categories=named, dpc=s.severity.dpc, identifiability=identifiability)
        return Finding("special_category_data", "info", article, message)
    template = N_(
        "%(categories)s data of %(people)s reached %(recipients)s: discrimination, reputational or psychological "
        "harm is likely."
    )
    message = msg(
        template, categories=named, people=people(s.facts.subjects_count), recipients=recipients_text(s)
    )
    return Finding("special_category_data", "high", article, message)


@rule("identity_fraud_data", "confidentiality", "high", "Art. 34(1)")
def identity_fraud_data(s: Situation) -> Message | None:
    """National identifiers, official documents or payment means in untrusted hands: identity theft,
    fraud and financial loss (Recitals 75, 85; EDPB 01/2021 case 14; ENISA financial ladder)."""
    found = set(s.facts.data_categories) & IDENTITY_FRAUD_CATEGORIES
    if not (s.live and found and s.identifying and s.severity.dpc >= SENSITIVE_DPC):
        return None
    template = N_(
        "%(categories)s of %(people)s reached %(recipients)s: identity theft and fraud become possible."
    )
    return msg(
        template,
        categories=Codes("data_category", tuple(sorted(found))),
        people=people(s.facts.subjects_count),
        recipients=recipients_text(s),
    )


@rule("credentials_exposed", "confidentiality", "high", "Art. 34(1)")
def credentials_exposed(s: Situation) -> Message | None:
    """Readable credentials beyond a small circle: account takeover and credential stuffing
    (EDPB 01/2021 cases 06 and 07; WP250 Annex B)."""
    usable = "credentials" in s.facts.data_categories and not s.credentials_protected
    if not (s.live and s.open and usable):
        return None
    template = N_(
        "Readable credentials of %(people)s reached %(recipients)s: accounts here and, through password reuse, "
        "elsewhere can be taken over."
    )
    return msg(template, people=people(s.facts.subjects_count), recipients=recipients_text(s))


@rule("hostile_exfiltration", "confidentiality", "high", "Art. 34(1)")
def hostile_exfiltration(s: Situation) -> Message | None:
    """Malicious access by unknown parties to data that identifies people directly: phishing, fraud
    and identity theft are the attacker's purpose (EDPB 01/2021 cases 04, 05, 18; ENISA malicious intent)."""
    hostile = s.malicious and s.recipients in ("unknown", "public") and s.facts.confidentiality in ACCESSED
    if not (s.live and hostile and s.facts.identifiability == "maximum"):
        return None
    template = N_(
        "In an intentional act (%(cause)s) the %(data)s, which identify them directly, %(access)s and are with "
        "%(recipients)s: phishing, fraud or identity theft is the likely purpose."
    )
    return msg(
        template,
        cause=Code("cause", s.facts.cause),
        data=data_of(s),
        access=access_text(s),
        recipients=recipients_text(s),
    )


@rule("public_disclosure", "confidentiality", "high", "Art. 34(1)")
def public_disclosure(s: Situation) -> Message | None:
    """Published identifiable data: anyone can copy and combine it, and it cannot be recalled
    (ENISA CB: disclosure to an unknown number of recipients; Recital 85 loss of control)."""
    if not (s.live and s.recipients == "public" and s.identifying):
        return None
    return msg(N_("The %(data)s were published: the loss of control is irreversible."), data=data_of(s))


@rule("large_scale_untrusted", "confidentiality", "high", "Art. 34(1)")
def large_scale_untrusted(s: Situation) -> Message | None:
    """Identifiable data of a large number of people in unknown hands (WP250 section IV.B: number of
    affected individuals; EDPB 01/2021 case 11, stolen unencrypted laptop, 100,000 customers)."""
    unknown_hands = s.recipients in ("unknown", "public")
    if not (s.live and unknown_hands and s.identifying and s.facts.subjects_count >= LARGE_SCALE):
        return None
    template = N_(
        "%(people)s (at least %(threshold)s) are identifiable from data that %(access)s and are with "
        "%(recipients)s: harm to some of them is likely."
    )
    return msg(
        template,
        people=people(s.facts.subjects_count),
        threshold=LARGE_SCALE,
        access=access_text(s),
        recipients=recipients_text(s),
    )


@rule("vulnerable_subjects", "confidentiality", "high", "Art. 34(1)")
def vulnerable_subjects(s: Situation) -> Message | None:
    """Children, patients and other vulnerable people deserve specific protection (Recitals 38, 75;
    WP250 section IV.B: special characteristics of the individual)."""
    found = set(s.facts.subject_categories) & VULNERABLE_SUBJECTS
    if not (s.live and s.open and found and s.identifying):
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
    the "high" band or above makes the breach a high risk when readable data is in untrusted hands or
    altered data was used; otherwise it is reported for information only."""
    sev = s.severity
    summary = msg(
        N_("ENISA severity SE = %(score)s (%(level)s; DPC %(dpc)s x EI %(ei)s + CB %(cb)s)"),
        score=sev.score,
        level=Code("severity", sev.level),
        dpc=sev.dpc,
        ei=sev.ei,
        cb=sev.cb,
    )
    harm_live = s.live or s.facts.integrity.misused
    if sev.score >= HIGH_SEVERITY and harm_live:
        template = N_(
            "%(summary)s: the consequences for the people would be serious and the harm can still materialise."
        )
        return msg(template, summary=summary)
    if sev.score >= HIGH_SEVERITY:
        template = N_(
            "%(summary)s, but no readable data is in untrusted hands and no altered data was used; the score is "
            "advisory and the legal rules decide."
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
    return msg(template, people=people(s.facts.subjects_count))


# --- availability ---------------------------------------------------------------------------------


@rule("availability_not_affected", "availability", "unlikely", "Art. 33(1)", neutral=True)
def availability_not_affected(s: Situation) -> Message | None:
    """No loss of access or destruction (Art. 4(12))."""
    return msg(N_("The data remained available.")) if s.facts.availability.loss == "none" else None


def _restored_quickly(s: Situation) -> bool:
    a = s.facts.availability
    quick = a.duration_hours is not None and a.duration_hours <= QUICK_RESTORE_HOURS
    return a.loss == "temporary" and a.impact == "none" and quick


def hours(count: float) -> Message:
    return plural(Nn_("%(n)s hour", "%(n)s hours"), count)


@rule("availability_restored", "availability", "unlikely", "Art. 33(1)")
def availability_restored(s: Situation) -> Message | None:
    """Access restored within hours with no effect on the people. EDPB 01/2021 case 01 (restored
    from backup in hours); WP250 Annex B (brief outage); AP: controller still in control of the data."""
    if not _restored_quickly(s):
        return None
    template = N_(
        "Access was lost for %(duration)s (backup: %(backup)s) and restored with no effect on the people."
    )
    return msg(
        template,
        duration=hours(s.facts.availability.duration_hours),
        backup=Code("backup", s.facts.protection.backup),
    )


@rule("availability_loss", "availability", "risk", "Art. 33(1)")
def availability_loss(s: Situation) -> Message | None:
    """Data lost, or unavailable long enough or with an effect on the people. EDPB 01/2021 case 02
    (no backup, days to rebuild); WP250 section I.B.2 (availability breach)."""
    a = s.facts.availability
    if a.loss == "none" or _restored_quickly(s):
        return None
    duration = msg(N_("unknown duration")) if a.duration_hours is None else hours(a.duration_hours)
    template = N_(
        "Access to the %(data)s was lost (%(loss)s, %(duration)s, backup: %(backup)s) with impact '%(impact)s' "
        "on the people."
    )
    return msg(
        template,
        data=data_of(s),
        loss=Code("availability_loss", a.loss),
        duration=duration,
        backup=Code("backup", s.facts.protection.backup),
        impact=Code("availability_impact", a.impact),
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
    return msg(template, people=people(s.facts.subjects_count))


# --- evaluation -----------------------------------------------------------------------------------


def evaluate(facts: BreachFacts, severity: Severity, *, assume_intelligible: bool = False) -> list[Finding]:
    """Apply every rule in table order; each finding is kept, none is hidden."""
    s = Situation(facts, severity, assume_intelligible)
    return [finding for finding in (r.apply(s) for r in RULES) if finding is not None]


def strictest(findings: list[Finding]) -> str:
    """The breach's risk: the strictest effect found, "unlikely" when no rule found a risk."""
    levels = [f.effect for f in findings if f.effect in ("risk", "high")]
    return max(levels, key=RISK_ORDER.__getitem__, default="unlikely")


def without_protection(facts: BreachFacts, severity: Severity) -> list[Finding]:
    """High-risk findings if the data had been readable: what Art. 34(3)(a) prevents."""
    return [f for f in evaluate(facts, severity, assume_intelligible=True) if f.effect == "high"]
