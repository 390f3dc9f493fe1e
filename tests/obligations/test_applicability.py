"""Each regime's own test over the team's answers: yes, no, or not known yet — with the article."""

from __future__ import annotations

import pytest

from obligations.rules import (
    cra_reportable,
    dora_major,
    eidas_significant,
    eprivacy_breach,
    gdpr_authority,
    gdpr_processor_alert,
    nis2_significant,
    rule_set,
)


@pytest.mark.parametrize(
    ("answers", "applies", "reason_cites"),
    [
        (
            {
                "severe_operational_disruption": True,
                "financial_loss": None,
                "considerable_damage_to_others": None,
            },
            True,
            "Art. 23(3)(a)",
        ),
        (
            {
                "severe_operational_disruption": False,
                "financial_loss": True,
                "considerable_damage_to_others": False,
            },
            True,
            "Art. 23(3)(a)",
        ),
        (
            {
                "severe_operational_disruption": False,
                "financial_loss": False,
                "considerable_damage_to_others": True,
            },
            True,
            "Art. 23(3)(b)",
        ),
        (
            {
                "severe_operational_disruption": False,
                "financial_loss": None,
                "considerable_damage_to_others": False,
            },
            None,
            "Art. 23(3)",
        ),
        (
            {
                "severe_operational_disruption": False,
                "financial_loss": False,
                "considerable_damage_to_others": False,
            },
            False,
            "Art. 23(3)",
        ),
    ],
)
def test_nis2_significant_incident(answers, applies, reason_cites) -> None:
    result = nis2_significant(**answers)
    assert result.applies is applies
    assert reason_cites in str(result.reason)
    assert result.article == "NIS2 Art. 23(3)"


@pytest.mark.parametrize(("classified", "applies"), [(True, True), (False, False), (None, None)])
def test_dora_major_by_classification(classified, applies) -> None:
    result = dora_major(classified_major=classified)
    assert result.applies is applies
    assert result.article == "DORA Art. 19(1)"


@pytest.mark.parametrize(("impact", "applies"), [(True, True), (False, False), (None, None)])
def test_eidas_significant_impact(impact, applies) -> None:
    result = eidas_significant(significant_impact=impact)
    assert result.applies is applies
    assert "Art. 19a(1)(b)" in str(result.reason)


@pytest.mark.parametrize(
    ("provider", "breach", "applies"),
    [
        (True, True, True),
        (False, True, False),
        (False, None, False),  # not a telecom provider: the breach's nature does not matter
        (True, False, False),
        (None, True, None),
        (True, None, None),
    ],
)
def test_eprivacy_any_personal_data_breach_at_a_public_telecom_provider(provider, breach, applies) -> None:
    result = eprivacy_breach(public_ecs_provider=provider, personal_data_breach=breach)
    assert result.applies is applies


def test_eprivacy_applies_whatever_the_risk() -> None:
    assert "whatever the risk" in str(
        eprivacy_breach(public_ecs_provider=True, personal_data_breach=True).reason
    )


@pytest.mark.parametrize(
    ("vulnerability", "incident", "applies", "variants"),
    [
        (True, False, True, ("vulnerability",)),
        (False, True, True, ("incident",)),
        (True, True, True, ("vulnerability", "incident")),
        (True, None, True, ("vulnerability",)),
        (False, False, False, ()),
        (None, False, None, ()),
    ],
)
def test_cra_actively_exploited_vulnerability_or_severe_incident(
    vulnerability, incident, applies, variants
) -> None:
    result = cra_reportable(actively_exploited_vulnerability=vulnerability, severe_incident=incident)
    assert (result.applies, result.variants) == (applies, variants)


@pytest.mark.parametrize(
    ("risk", "gdpr_2018", "omnibus"),
    [("unlikely", False, False), ("risk", True, False), ("high", True, True), (None, None, None)],
)
def test_gdpr_notification_by_the_rule_sets_threshold(risk, gdpr_2018, omnibus) -> None:
    assert gdpr_authority(rule_set("gdpr-2018"), personal_data_breach=True, risk=risk).applies is gdpr_2018
    assert (
        gdpr_authority(rule_set("gdpr-omnibus-proposal"), personal_data_breach=True, risk=risk).applies
        is omnibus
    )


def test_no_personal_data_breach_no_gdpr_notification() -> None:
    result = gdpr_authority(rule_set("gdpr-2018"), personal_data_breach=False, risk="high")
    assert result.applies is False
    assert "Art. 4(12)" in str(result.reason)
    assert result.article == "GDPR Art. 33(1)"


@pytest.mark.parametrize(("breach", "applies"), [(True, True), (False, False), (None, None)])
def test_a_processor_alerts_the_controller_of_every_personal_data_breach_whatever_the_risk(
    breach, applies
) -> None:
    result = gdpr_processor_alert(personal_data_breach=breach)
    assert result.applies is applies
    assert result.article == "GDPR Art. 33(2)"
