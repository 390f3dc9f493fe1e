"""Does a regime's own test make this incident reportable? One small function per regime, over named answers.

Each answer is what the team says on the incident: True, False, or None while nobody knows yet. A test returns an
`Applicability`: ``applies`` True (an obligation arises), False (ruled out, on the record with its reason) or None
(not known yet: ask the question), and the reason citing the article. Three-valued: one yes among alternatives
suffices, every condition must be yes for a conjunction, and an unknown answer leaves the outcome unknown only when
it could change it.

Whether the *organisation* is in scope (an essential or important entity, a financial entity, a trust service
provider…) is the organisation profile's business; these tests are about the incident.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from obligations.rules.model import RuleSet


@dataclass(frozen=True)
class Applicability:
    applies: bool | None
    reason: Promise
    article: str
    variants: tuple[
        str, ...
    ] = ()  # the kinds of obligation that arise (CRA: a vulnerability, an incident, or both)


def gdpr_authority(
    rule_set: RuleSet, *, personal_data_breach: bool | None, risk: Literal["unlikely", "risk", "high"] | None
) -> Applicability:
    """The controller's notification to the authority, by the rule set's threshold: GDPR 2018 notifies unless the
    breach is unlikely to result in a risk; the Omnibus proposal only a breach likely to result in a high risk.
    ``risk`` is the DPO's conclusion (the risk engine's outcome)."""
    article = str(rule_set.threshold.source)
    if personal_data_breach is False:
        return Applicability(
            False, _("Not a personal data breach (GDPR Art. 4(12)): nothing to notify."), article
        )
    if personal_data_breach is None or risk is None:
        return Applicability(
            None, _("Not known yet whether this is a personal data breach and how risky it is."), article
        )
    if rule_set.threshold.code == "high_risk":
        if risk == "high":
            return Applicability(
                True, _("Likely to result in a high risk: notify (Omnibus proposal, Art. 33(1))."), article
            )
        return Applicability(
            False,
            _("Not likely to result in a high risk: no notification (Omnibus proposal, Art. 33(1))."),
            article,
        )
    if risk == "unlikely":
        return Applicability(
            False, _("Unlikely to result in a risk: no notification (GDPR Art. 33(1))."), article
        )
    return Applicability(
        True, _("Likely to result in a risk: notify the authority (GDPR Art. 33(1))."), article
    )


def gdpr_processor_alert(*, personal_data_breach: bool | None) -> Applicability:
    """A processor alerts each controller concerned of every personal data breach, without weighing its risk: that is
    the controller's assessment (GDPR Art. 33(2); WP250 §II.A.4)."""
    article = "GDPR Art. 33(2)"
    if personal_data_breach is None:
        return Applicability(None, _("Not known yet whether this is a personal data breach."), article)
    if personal_data_breach:
        return Applicability(
            True,
            _(
                "A personal data breach at a processor: alert the controller, whatever the risk (GDPR Art. 33(2))."
            ),
            article,
        )
    return Applicability(
        False, _("Not a personal data breach (GDPR Art. 4(12)): nothing to notify."), article
    )


def nis2_significant(
    *,
    severe_operational_disruption: bool | None,
    financial_loss: bool | None,
    considerable_damage_to_others: bool | None,
) -> Applicability:
    """NIS2 Art. 23(3): significant if it (a) has caused or can cause severe operational disruption of the services
    or financial loss for the entity, or (b) has affected or can affect others by considerable material or
    non-material damage."""
    article = "NIS2 Art. 23(3)"
    if severe_operational_disruption:
        return Applicability(
            True,
            _("Significant incident: severe operational disruption of the services (NIS2 Art. 23(3)(a))."),
            article,
        )
    if financial_loss:
        return Applicability(
            True, _("Significant incident: financial loss for the entity (NIS2 Art. 23(3)(a))."), article
        )
    if considerable_damage_to_others:
        return Applicability(
            True,
            _("Significant incident: considerable damage to other persons (NIS2 Art. 23(3)(b))."),
            article,
        )
    if None in (severe_operational_disruption, financial_loss, considerable_damage_to_others):
        return Applicability(
            None, _("Not known yet whether the incident is significant (NIS2 Art. 23(3))."), article
        )
    return Applicability(
        False,
        _(
            "Not a significant incident: no severe disruption, no financial loss, no considerable damage to others (NIS2 Art. 23(3))."
        ),
        article,
    )


def dora_major(*, classified_major: bool | None) -> Applicability:
    """DORA Art. 19(1): a major ICT-related incident, as the financial entity classifies it (Art. 18 criteria)."""
    article = "DORA Art. 19(1)"
    if classified_major is None:
        return Applicability(None, _("Not classified yet (DORA Art. 18)."), article)
    if classified_major:
        return Applicability(
            True, _("Classified as a major ICT-related incident (DORA Art. 19(1))."), article
        )
    return Applicability(
        False, _("Not classified as a major ICT-related incident (DORA Art. 19(1))."), article
    )


def eidas_significant(*, significant_impact: bool | None) -> Applicability:
    """eIDAS Art. 19a(1)(b): a security breach or disruption with a significant impact on the trust service provided
    or on the personal data maintained in it."""
    article = "eIDAS Art. 19a(1)(b)"
    if significant_impact is None:
        return Applicability(
            None,
            _("Not known yet whether the impact on the trust service is significant (eIDAS Art. 19a(1)(b))."),
            article,
        )
    if significant_impact:
        return Applicability(
            True,
            _("A security breach with a significant impact on the trust service (eIDAS Art. 19a(1)(b))."),
            article,
        )
    return Applicability(
        False, _("No significant impact on the trust service (eIDAS Art. 19a(1)(b))."), article
    )


def eprivacy_breach(*, public_ecs_provider: bool | None, personal_data_breach: bool | None) -> Applicability:
    """ePrivacy Directive Art. 4(3) with Reg. 611/2013 Art. 2: every personal data breach in connection with a
    publicly available electronic communications service, whatever its risk."""
    article = "ePrivacy Directive Art. 4(3); Reg. 611/2013 Art. 2"
    if public_ecs_provider is False:
        return Applicability(
            False,
            _(
                "Not a provider of publicly available electronic communications services (ePrivacy Directive Art. 4(3))."
            ),
            article,
        )
    if personal_data_breach is False:
        return Applicability(
            False, _("Not a personal data breach: nothing to notify under the ePrivacy rules."), article
        )
    if public_ecs_provider is None or personal_data_breach is None:
        return Applicability(
            None,
            _("Not known yet whether the ePrivacy notification applies (ePrivacy Directive Art. 4(3))."),
            article,
        )
    return Applicability(
        True,
        _(
            "A personal data breach at a provider of public electronic communications services: notify, whatever the risk (Reg. 611/2013 Art. 2)."
        ),
        article,
    )


def cra_reportable(
    *, actively_exploited_vulnerability: bool | None, severe_incident: bool | None
) -> Applicability:
    """CRA Art. 14(1) (an actively exploited vulnerability in the product) and Art. 14(3) (a severe incident having
    an impact on its security): each is its own obligation, so both may arise (``variants``)."""
    article = "CRA Art. 14(1), 14(3)"
    variants = tuple(
        variant
        for variant, answer in (
            ("vulnerability", actively_exploited_vulnerability),
            ("incident", severe_incident),
        )
        if answer
    )
    if variants == ("vulnerability", "incident"):
        return Applicability(
            True,
            _("An actively exploited vulnerability and a severe incident (CRA Art. 14(1) and 14(3))."),
            article,
            variants,
        )
    if variants == ("vulnerability",):
        return Applicability(
            True, _("An actively exploited vulnerability in the product (CRA Art. 14(1))."), article, variants
        )
    if variants == ("incident",):
        return Applicability(
            True,
            _("A severe incident having an impact on the security of the product (CRA Art. 14(3))."),
            article,
            variants,
        )
    if actively_exploited_vulnerability is None or severe_incident is None:
        return Applicability(
            None,
            _(
                "Not known yet whether a vulnerability is actively exploited or the incident is severe (CRA Art. 14)."
            ),
            article,
        )
    return Applicability(
        False,
        _("No actively exploited vulnerability and no severe incident (CRA Art. 14(1), 14(3))."),
        article,
    )
