import pytest

from notifications import services as notice_services
from people.subjects import subjects_import_csv
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
    """An incident assessed (high risk unless other facts), decided by the DPO and approved: notices next. Its
    organisation has a contact point, as every notice to the people needs (Art. 34(2), issue 15)."""
    organisation = owner.memberships.get().organisation
    if not (organisation.dpo_name and organisation.dpo_email):
        organisation.dpo_name = organisation.dpo_name or "Daan Jansen"
        organisation.dpo_email = organisation.dpo_email or "fg@fietsenbaas.example"
        organisation.save(update_fields=["dpo_name", "dpo_email"])
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


def subjects_notice(owner, dpo, people: int):
    """A decided incident with ``people`` on its list (an e-mail address each, in Dutch, French and English in
    turn) and its notice to them, drafted."""
    incident = decided(owner, dpo)
    rows = "".join(f"Person {i};person{i}@example.nl;;{('nl', 'fr', 'en')[i % 3]}\n" for i in range(people))
    subjects_import_csv(
        actor=owner, incident_id=incident.pk, data=f"name;email;postal_address;language\n{rows}".encode()
    )
    return notice_services.notice_draft(actor=owner, incident_id=incident.pk, kind="subjects")


def group(label: str, **changes) -> dict:
    """A group of people of a v2 breach: one customer with contact data, unless changed."""
    return {
        "label": label,
        "subject_categories": ["customers"],
        "subjects_count": 1,
        "data_categories": ["basic", "contact"],
        "identifiability": "maximum",
        **changes,
    }


def v2_facts(*groups: dict, **changes) -> dict:
    """The baseline facts as a v2 object with the given groups of people."""
    people = ("data_categories", "dpc_adjustment", "subject_categories", "subjects_count", "identifiability")
    breach = {k: v for k, v in facts_dict(**changes).items() if k not in people}
    return {"version": 2, **breach, "groups": list(groups)}


# Issue 14: an attacker probably read a customer list — 1,200 customers' contact data, and one customer's medical
# note in the same export. The medical note is at high risk (told), the customers at risk (not told individually).
TWO_GROUPS = v2_facts(
    group("customers", subjects_count=1200, identifiability="limited"),
    group("medical note", data_categories=["basic", "contact", "health"]),
    confidentiality="likely",
    cause="external_malicious",
    recipients="unknown",
    recipients_count=None,
)
