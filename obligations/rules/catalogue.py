"""Every regime's rule sets, with their dates and sources (status late 2026: docs/regimes.md, our copy of the
reference the rules cite).

Kept in code, reviewed like code: a change of the law is a *new* rule set with its effective date, never an edit of
one an obligation may already carry (obligations store the id and their reports' deadlines).

What the sources leave open, marked ``unverified`` on the recipient or in ``unverified_effective_in``:

- NIS2 in the Netherlands: the Cyberbeveiligingswet in force on 15 August 2026, and its recipients (the CSIRT and
  the sector's authority) — one secondary source;
- the Omnibus keeps the GBA/APD's part 2 and the processor's alert as today: the proposal amends Art. 33(1) and says
  nothing of the national portals — an assumption, as is the whole of a proposal.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from obligations.rules.model import (
    Filing,
    Limit,
    Moment,
    Recipient,
    Regime,
    ReportRule,
    RuleSet,
    Source,
    Threshold,
    Trigger,
)
from obligations.rules.periods import Period, Unit, days, hours, months

GDPR = "Regulation (EU) 2016/679"
NIS2 = "Directive (EU) 2022/2555"
DORA = "Regulation (EU) 2022/2554"
DORA_RTS = "Commission Delegated Regulation (EU) 2025/301"
EIDAS = "Regulation (EU) No 910/2014 as amended by Regulation (EU) 2024/1183"
EPRIVACY = "Directive 2002/58/EC"
EPRIVACY_REG = "Commission Regulation (EU) No 611/2013"
CRA = "Regulation (EU) 2024/2847"
OMNIBUS = "Commission proposal COM(2025) 837, procedure 2025/0360(COD)"
GBA_PORTAL = "GBA/APD data breach notification portal (two-part notification)"


def gdpr(article: str) -> Source:
    return Source(GDPR, article, "GDPR")


REGIMES: dict[str, Regime] = {
    regime.code: regime
    for regime in (
        Regime("gdpr", _("GDPR"), GDPR),
        Regime("nis2", _("NIS2"), NIS2),
        Regime("dora", _("DORA"), DORA),
        Regime("eidas", _("eIDAS"), EIDAS),
        Regime("eprivacy", _("ePrivacy (telecom)"), EPRIVACY),
        Regime("cra", _("Cyber Resilience Act"), CRA),
    )
}

AWARENESS = Trigger("awareness", _("Awareness"))
DETECTION = Trigger("detection", _("Detection of the breach"))
CLASSIFICATION = Trigger("classification", _("Classification as a major ICT-related incident"))

EARLY_WARNING = _("Early warning")
INCIDENT_NOTIFICATION = _("Incident notification")
INTERMEDIATE = _("Intermediate report")
FINAL = _("Final report")
NOTIFICATION = _("Notification")

# --- GDPR -------------------------------------------------------------------------------------------------

GDPR_AUTHORITIES = {
    "NL": Recipient("supervisory_authority", "Autoriteit Persoonsgegevens (AP)"),
    "FR": Recipient("supervisory_authority", "Commission nationale de l'informatique et des libertés (CNIL)"),
    "BE": Recipient(
        "supervisory_authority",
        "Gegevensbeschermingsautoriteit / Autorité de protection des données (GBA/APD)",
    ),
}
COMPETENT_AUTHORITY = Recipient("supervisory_authority", "the competent supervisory authority (Art. 55, 56)")
CONTROLLER = Recipient("controller", "each controller concerned")

GBA_PART_2 = ReportRule(
    "part2",
    _("Part 2 of the notification (GBA/APD)"),
    (Limit(days(21), Filing("notification")),),
    (Source(GBA_PORTAL, "part 2 within 21 calendar days after part 1", "GBA/APD"), gdpr("Art. 33(4)")),
    countries=frozenset({"BE"}),
    variants=frozenset({"controller"}),
)
# Art. 33(2): "without undue delay" and no hours in the law; the processor contract (Art. 28(3)(f)) fixes them,
# given as the parameter ``contract_hours``. Without it, no fixed deadline.
PROCESSOR_ALERT = ReportRule(
    "controller_alert",
    _("Alert to the controller"),
    (Limit(Period(Unit.HOURS, parameter="contract_hours")),),
    (gdpr("Art. 33(2)"), gdpr("Art. 28(3)(f)")),
    variants=frozenset({"processor"}),
    recipient=CONTROLLER,
)

GDPR_2018 = RuleSet(
    id="gdpr-2018",
    regime="gdpr",
    label=_("GDPR (since 25 May 2018)"),
    effective=date(2018, 5, 25),
    sources=(gdpr("Art. 33(1)"), gdpr("Art. 33(2)"), gdpr("Art. 33(4)"), gdpr("Art. 99(2)")),
    trigger=AWARENESS,
    threshold=Threshold(
        "risk",
        _(
            "Notify unless the breach is unlikely to result in a risk to the rights and freedoms of natural persons"
        ),
        gdpr("Art. 33(1)"),
    ),
    reports=(
        ReportRule(
            "notification",
            _("Notification to the supervisory authority"),
            (Limit(hours(72)),),
            (gdpr("Art. 33(1)"),),
            variants=frozenset({"controller"}),
        ),
        GBA_PART_2,
        PROCESSOR_ALERT,
    ),
    recipients=GDPR_AUTHORITIES,
    default_recipient=COMPETENT_AUTHORITY,
    variants=("controller", "processor"),
    default_variant="controller",
)

GDPR_OMNIBUS = RuleSet(
    id="gdpr-omnibus-proposal",
    regime="gdpr",
    label=_("GDPR as amended by the Digital Omnibus proposal (not adopted)"),
    effective=None,
    proposal=True,
    sources=(Source(OMNIBUS, "amending GDPR Art. 33(1)", "Digital Omnibus"), gdpr("Art. 33(2)")),
    trigger=AWARENESS,
    threshold=Threshold(
        "high_risk",
        _(
            "Notify only a breach likely to result in a high risk to the rights and freedoms of natural persons"
        ),
        Source(OMNIBUS, "amending GDPR Art. 33(1)", "Digital Omnibus"),
    ),
    reports=(
        ReportRule(
            "notification",
            _("Notification through the single entry point"),
            (Limit(hours(96)),),
            (Source(OMNIBUS, "amending GDPR Art. 33(1)", "Digital Omnibus"),),
            variants=frozenset({"controller"}),
        ),
        GBA_PART_2,
        PROCESSOR_ALERT,
    ),
    default_recipient=Recipient(
        "single_entry_point",
        "the single entry point of NIS2 Art. 23a; until it exists, the competent supervisory authority",
        note="The Council's text (June 2026) routes reports through a national entry point.",
    ),
    variants=("controller", "processor"),
    default_variant="controller",
    notes=(
        "A proposal: no effective date until adopted. The Council's text (June 2026) would apply it 18 months "
        "after entry into force; the European Parliament had not adopted its position in autumn 2026.",
        "GBA/APD part 2 and the processor's alert carried over unchanged: an assumption.",
    ),
)

# --- NIS2 -------------------------------------------------------------------------------------------------


def nis2(article: str) -> Source:
    return Source(NIS2, article, "NIS2")


NIS2_2022 = RuleSet(
    id="nis2-2022",
    regime="nis2",
    label=_("NIS2"),
    # A directive binds an entity through its country's law: in force per country from the transposition.
    effective=None,
    effective_in={"BE": date(2024, 10, 18), "NL": date(2026, 8, 15), "FR": None},
    unverified_effective_in=frozenset({"NL"}),
    sources=(nis2("Art. 23(3)"), nis2("Art. 23(4)")),
    trigger=AWARENESS,
    threshold=Threshold(
        "significant",
        _(
            "A significant incident: severe operational disruption of the services or financial loss for the "
            "entity, or considerable material or non-material damage to others"
        ),
        nis2("Art. 23(3)"),
    ),
    reports=(
        ReportRule("early_warning", EARLY_WARNING, (Limit(hours(24)),), (nis2("Art. 23(4)(a)"),)),
        ReportRule(
            "notification",
            INCIDENT_NOTIFICATION,
            (Limit(hours(72)),),
            (nis2("Art. 23(4)(b)"),),
            variants=frozenset({"entity"}),
        ),
        ReportRule(
            "notification",
            INCIDENT_NOTIFICATION,
            (Limit(hours(24)),),
            (nis2("Art. 23(4)(b)"),),
            variants=frozenset({"trust_service_provider"}),
        ),
        ReportRule("intermediate", INTERMEDIATE, (), (nis2("Art. 23(4)(c)"),), on_request=True),
        ReportRule(
            "final",
            FINAL,
            (Limit(months(1), Filing("notification")),),
            (nis2("Art. 23(4)(d)"), nis2("Art. 23(4)(e)")),
            instead=("progress", (Limit(months(1), Moment("handled")),)),
        ),
        ReportRule(
            "progress",
            _("Progress report"),
            (Limit(months(1), Filing("notification")),),
            (nis2("Art. 23(4)(e)"),),
            condition=_(
                "Only if the incident is still ongoing when the final report is due; the final report is then due "
                "one month after the incident has been handled."
            ),
        ),
    ),
    recipients={
        "NL": Recipient(
            "csirt",
            _("the CSIRT and the sector's competent authority (Cyberbeveiligingswet)"),
            unverified=True,
            note="regimes.md: in force 15 August 2026 [unverified]",
        ),
        "BE": Recipient("csirt", "Centre for Cybersecurity Belgium (CCB)"),
        "FR": Recipient(
            "csirt",
            "Agence nationale de la sécurité des systèmes d'information (ANSSI)",
            note="transposition pending in 2026",
        ),
    },
    default_recipient=Recipient("csirt", "the national CSIRT or competent authority"),
    # Art. 23(4)(b): a trust service provider notifies within 24 hours, not 72, for an incident affecting its trust
    # services.
    variants=("entity", "trust_service_provider"),
    default_variant="entity",
)

# --- DORA -------------------------------------------------------------------------------------------------

DORA_2022 = RuleSet(
    id="dora-2022",
    regime="dora",
    label=_("DORA"),
    effective=date(2025, 1, 17),
    sources=(
        Source(DORA, "Art. 19(1)", "DORA"),
        Source(DORA, "Art. 19(4)", "DORA"),
        Source(DORA, "Art. 64", "DORA"),
        Source(DORA_RTS, "Art. 5"),
    ),
    trigger=CLASSIFICATION,
    threshold=Threshold(
        "major",
        _("A major ICT-related incident, by the classification criteria"),
        Source(DORA, "Art. 19(1)", "DORA"),
    ),
    reports=(
        ReportRule(
            "initial",
            _("Initial notification"),
            # Both limits hold: 4 hours after the classification, and never later than 24 hours after awareness.
            (Limit(hours(4)), Limit(hours(24), Moment("awareness"))),
            (Source(DORA, "Art. 19(4)(a)", "DORA"), Source(DORA_RTS, "Art. 5")),
        ),
        ReportRule(
            "intermediate",
            INTERMEDIATE,
            (Limit(hours(72), Filing("initial")),),
            (Source(DORA, "Art. 19(4)(b)", "DORA"), Source(DORA_RTS, "Art. 5")),
        ),
        ReportRule(
            "final",
            FINAL,
            (Limit(months(1), Filing("intermediate", which="latest")),),
            (Source(DORA, "Art. 19(4)(c)", "DORA"), Source(DORA_RTS, "Art. 5")),
        ),
    ),
    recipients={
        "NL": Recipient(
            "financial_authority", "De Nederlandsche Bank (DNB) / Autoriteit Financiële Markten (AFM)"
        ),
        "FR": Recipient(
            "financial_authority",
            "Autorité de contrôle prudentiel et de résolution (ACPR) / Autorité des marchés financiers (AMF)",
        ),
        "BE": Recipient(
            "financial_authority",
            "Nationale Bank van België (NBB) / Financial Services and Markets Authority (FSMA)",
        ),
    },
    default_recipient=Recipient("financial_authority", "the competent financial authority"),
)

# --- eIDAS ------------------------------------------------------------------------------------------------

EIDAS_2024 = RuleSet(
    id="eidas-2024",
    regime="eidas",
    label=_("eIDAS (as amended in 2024)"),
    effective=date(2024, 5, 20),
    sources=(Source(EIDAS, "Art. 19a(1)(b)", "eIDAS"),),
    trigger=AWARENESS,
    threshold=Threshold(
        "significant",
        _(
            "A security breach or disruption with a significant impact on the trust service or the personal data in it"
        ),
        Source(EIDAS, "Art. 19a(1)(b)", "eIDAS"),
    ),
    reports=(
        ReportRule(
            "notification", NOTIFICATION, (Limit(hours(24)),), (Source(EIDAS, "Art. 19a(1)(b)", "eIDAS"),)
        ),
    ),
    default_recipient=Recipient("supervisory_body", "the supervisory body"),
)

# --- ePrivacy ---------------------------------------------------------------------------------------------

EPRIVACY_2013 = RuleSet(
    id="eprivacy-2013",
    regime="eprivacy",
    label=_("ePrivacy (Regulation 611/2013)"),
    effective=date(2013, 8, 25),
    sources=(
        Source(EPRIVACY, "Art. 4(3)", "ePrivacy Directive"),
        Source(EPRIVACY_REG, "Art. 2(2)"),
        Source(EPRIVACY_REG, "Art. 2(3)"),
    ),
    trigger=DETECTION,
    threshold=Threshold(
        "any_breach",
        _("Any personal data breach at a provider of publicly available electronic communications services"),
        Source(EPRIVACY, "Art. 4(3)", "ePrivacy Directive"),
    ),
    reports=(
        ReportRule("notification", NOTIFICATION, (Limit(hours(24)),), (Source(EPRIVACY_REG, "Art. 2(2)"),)),
        ReportRule(
            "second_notification",
            _("Second notification"),
            (Limit(days(3), Filing("notification")),),
            (Source(EPRIVACY_REG, "Art. 2(3)"),),
            condition=_("Only if the first notification could not give all the information."),
        ),
    ),
    recipients={
        "NL": Recipient(
            "supervisory_authority", "Autoriteit Persoonsgegevens (AP), through the Meldformulier datalekken"
        ),
    },
    default_recipient=Recipient("supervisory_authority", "the competent national authority"),
)

# --- Cyber Resilience Act ---------------------------------------------------------------------------------


def cra(article: str) -> Source:
    return Source(CRA, article, "CRA")


VULNERABILITY = frozenset({"vulnerability"})
SEVERE_INCIDENT = frozenset({"incident"})

CRA_2024 = RuleSet(
    id="cra-2024",
    regime="cra",
    label=_("Cyber Resilience Act"),
    effective=date(2026, 9, 11),  # Art. 14 applies from 11 September 2026
    sources=(cra("Art. 14(1)"), cra("Art. 14(2)"), cra("Art. 14(3)"), cra("Art. 14(4)"), cra("Art. 71(2)")),
    trigger=AWARENESS,
    threshold=Threshold(
        "severe",
        _("An actively exploited vulnerability in the product, or a severe incident affecting its security"),
        cra("Art. 14(1), 14(3)"),
    ),
    reports=(
        ReportRule(
            "early_warning",
            EARLY_WARNING,
            (Limit(hours(24)),),
            (cra("Art. 14(2)(a)"),),
            variants=VULNERABILITY,
        ),
        ReportRule(
            "early_warning",
            EARLY_WARNING,
            (Limit(hours(24)),),
            (cra("Art. 14(4)(a)"),),
            variants=SEVERE_INCIDENT,
        ),
        ReportRule(
            "notification",
            _("Vulnerability notification"),
            (Limit(hours(72)),),
            (cra("Art. 14(2)(b)"),),
            variants=VULNERABILITY,
        ),
        ReportRule(
            "notification",
            INCIDENT_NOTIFICATION,
            (Limit(hours(72)),),
            (cra("Art. 14(4)(b)"),),
            variants=SEVERE_INCIDENT,
        ),
        ReportRule(
            "final",
            FINAL,
            (Limit(days(14), Moment("corrective_measure")),),
            (cra("Art. 14(2)(c)"),),
            variants=VULNERABILITY,
        ),
        ReportRule(
            "final",
            FINAL,
            (Limit(months(1), Filing("notification")),),
            (cra("Art. 14(4)(c)"),),
            variants=SEVERE_INCIDENT,
        ),
    ),
    default_recipient=Recipient(
        "csirt", "the CSIRT designated as coordinator, through ENISA's single reporting platform"
    ),
    variants=("vulnerability", "incident"),
    default_variant=None,  # which of the two: Art. 14(1) or 14(3), named by the applicability test
)

RULE_SETS: tuple[RuleSet, ...] = (
    GDPR_2018,
    GDPR_OMNIBUS,
    NIS2_2022,
    DORA_2022,
    EIDAS_2024,
    EPRIVACY_2013,
    CRA_2024,
)
