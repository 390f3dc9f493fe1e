import pytest

from risk import services as risk_services
from tests.personas import advance, make_incident
from tests.risk.builders import facts_dict

HIGH_RISK = facts_dict(
    cause="external_malicious",
    recipients="unknown",
    recipients_count=None,
    data_categories=["basic", "contact", "national_id"],
    subjects_count=5000,
    subject_categories=["customers"],
)


def decided(owner, dpo, *, facts=HIGH_RISK, **incident_overrides):
    """An incident assessed (high risk unless other facts), decided by the DPO and approved: notices next."""
    incident = advance(make_incident(owner, **incident_overrides), "assessment", team=owner, dpo=dpo)
    risk_services.assessment_run(
        actor=owner, incident_id=incident.pk, facts=facts | {"role": incident.our_role}
    )
    risk_services.assessment_finalise(actor=owner, incident_id=incident.pk)
    risk_services.assessment_decide(actor=dpo, incident_id=incident.pk, agree=True)
    return advance(incident, "notification", team=owner, dpo=dpo)


@pytest.fixture
def notifiable(owner, dpo):
    return decided(owner, dpo)
