"""The people of the tests: an owner who logged the incident, a colleague who may work on it, two DPOs,
an outsider from another organisation who may not, and a controller client user.

Incidents are arranged through the services, as a user would create them, so every test incident has a
valid audit trail.
"""

from __future__ import annotations

from datetime import timedelta

import factory
import pytest
from django.utils import timezone

from incidents import services
from incidents.models import Incident, Membership, Organisation, User
from incidents.roles import Role
from risk import services as risk_services
from tests.risk.builders import facts_dict

__all__ = [
    "advance",
    "client_org",
    "colleague",
    "controller_user",
    "dpo",
    "dpo2",
    "dpo3",
    "incident",
    "make_incident",
    "org",
    "other_org",
    "outsider",
    "owner",
    "valid_facts",
]


PASSWORD = "correct horse battery"  # every persona's


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n} B.V.")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = Organisation.Kind.OWN


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.nl")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)


def member(organisation: Organisation, role: str, **kwargs) -> User:
    user = UserFactory(**kwargs)
    user.save()
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def org(db) -> Organisation:
    return OrganisationFactory(name="Fietsenbaas B.V.")


@pytest.fixture
def other_org(db) -> Organisation:
    return OrganisationFactory(name="Elders B.V.")


@pytest.fixture
def client_org(org) -> Organisation:
    return OrganisationFactory(name="Bakkerij van Dam", kind=Organisation.Kind.CLIENT, processor=org)


@pytest.fixture
def owner(org) -> User:
    """Security-team member who logs the incidents."""
    return member(org, Role.SECURITY, username="owner")


@pytest.fixture
def colleague(org) -> User:
    """Another security-team member of the same organisation: may work on the incident."""
    return member(org, Role.SECURITY, username="colleague")


@pytest.fixture
def dpo(org) -> User:
    return member(org, Role.DPO, username="dpo")


@pytest.fixture
def dpo2(org) -> User:
    return member(org, Role.DPO, username="dpo2")


@pytest.fixture
def dpo3(org) -> User:
    return member(org, Role.DPO, username="dpo3")


@pytest.fixture
def outsider(other_org) -> User:
    """Security team of another organisation: must never see or touch our incidents."""
    return member(other_org, Role.SECURITY, username="outsider")


@pytest.fixture
def controller_user(client_org) -> User:
    return member(client_org, Role.CONTROLLER, username="controller")


def valid_facts(**overrides) -> dict:
    now = timezone.now()
    facts = {
        "title": "Order overview e-mailed to the wrong customer",
        "description": "An agent attached another customer's order overview to a reply.",
        "our_role": Incident.OurRole.CONTROLLER,
        "occurrence": Incident.Occurrence.PERIOD,
        "occurred_from": now - timedelta(hours=6),
        "occurred_until": now - timedelta(hours=6),
        "detected_at": now - timedelta(hours=5),
        "aware_at": now - timedelta(hours=4),
        "aware_established_by": "Head of customer service",
        "aware_justification": "The recipient replied that she got someone else's order overview.",
        "discovery_channel": Incident.Discovery.DATA_SUBJECT,
    }
    facts.update(overrides)
    return facts


def make_incident(actor: User, organisation: Organisation | None = None, clients=(), **overrides) -> Incident:
    organisation = organisation or actor.memberships.get().organisation
    return services.incident_create(
        actor=actor, organisation=organisation, facts=valid_facts(**overrides), clients=clients
    )


@pytest.fixture
def incident(owner) -> Incident:
    return make_incident(owner)


# The main road through the state machine, with who takes each step and what it needs first.
ROAD = ["detection", "triage", "containment", "assessment", "approval", "notification", "closed"]


def advance(incident: Incident, to: str, *, team: User, dpo: User) -> Incident:
    """Take ``incident`` along the main road to status ``to``, through the services."""
    steps = {
        "detection": lambda: services.incident_transition(
            actor=team, incident_id=incident.pk, name="start_triage"
        ),
        "triage": lambda: services.incident_transition(
            actor=team, incident_id=incident.pk, name="confirm_breach"
        ),
        "containment": lambda: (
            services.incident_update(
                actor=team,
                incident_id=incident.pk,
                changes={"containment_status": "contained", "containment_measures": "Recalled the e-mail."},
            ),
            services.incident_transition(actor=team, incident_id=incident.pk, name="start_assessment"),
        ),
        "assessment": lambda: (
            risk_services.assessment_run(
                actor=team, incident_id=incident.pk, facts=facts_dict(role=incident.our_role)
            ),
            risk_services.assessment_finalise(actor=team, incident_id=incident.pk),
        ),
        "approval": lambda: (
            risk_services.assessment_decide(actor=dpo, incident_id=incident.pk, agree=True),
            services.incident_transition(actor=dpo, incident_id=incident.pk, name="approve"),
        ),
        "notification": lambda: services.incident_transition(
            actor=dpo, incident_id=incident.pk, name="close", reason="Notified and handled."
        ),
    }
    incident.refresh_from_db()
    while incident.status != to:
        steps[incident.status]()
        incident.refresh_from_db()
    return incident
