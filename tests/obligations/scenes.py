"""What the tests of the obligations share: the answers to NIS2's own test (Art. 23(3)) and a hospital that is an
essential entity under NIS2 in the Netherlands."""

from __future__ import annotations

from obligations import services

# Severe operational disruption: a significant incident; the other two questions not known yet.
SIGNIFICANT = {
    "severe_operational_disruption": True,
    "financial_loss": None,
    "considerable_damage_to_others": None,
}
NOT_SIGNIFICANT = dict.fromkeys(SIGNIFICANT, False)


def nis2_hospital(org, dpo):
    """The organisation as an essential entity under NIS2 (a hospital), in the Netherlands."""
    services.regime_profile_update(
        actor=dpo,
        organisation_id=org.pk,
        values={"nis2_entity": "essential", "nis2_sector": "health", "countries": ["nl"]},
    )
    return org
