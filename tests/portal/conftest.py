"""A processor (``org``, the personas' organisation) with two controller clients, A (Bakkerij van Dam, 24 h) and
B (Tandartspraktijk Zuid, 48 h), each with a controller user; one mailbox system of ours that holds the data of
both, through an activity per client; and a processor incident on that system, assessed and approved.

The numbers are chosen so that they give a client away: A's part is 2513 customers (basic and contact data), B's
is 3187 patients (with health data), the whole breach 5700. A's users must never see 3187, 5700 or "health".
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from delivery import services as delivery_services
from incidents.models import Organisation
from incidents.roles import Role
from inventory import services as inventory_services
from inventory.models import ProcessingActivity, System
from notifications import services as notice_services
from processors import services as processor_services
from risk import services as risk_services
from tests.personas import OrganisationFactory, advance, make_incident, member
from tests.risk.builders import facts_dict

A_COUNT, B_COUNT, TOTAL = 2513, 3187, 5700
BREACH = facts_dict(
    role="processor",
    cause="external_malicious",
    confidentiality="likely",
    recipients="unknown",
    recipients_count=None,
    data_categories=["basic", "contact", "health"],
    subject_categories=["customers", "patients"],
    subjects_count=TOTAL,
)


@pytest.fixture
def client_a(client_org, dpo) -> Organisation:
    processor_services.dpa_terms_save(
        actor=dpo,
        client_id=client_org.pk,
        changes={"alert_hours": 24, "contacts": ["privacy@bakkerij.example", "eigenaar@bakkerij.example"]},
    )
    return client_org


@pytest.fixture
def client_b(org, dpo) -> Organisation:
    client = OrganisationFactory(
        name="Tandartspraktijk Zuid", kind=Organisation.Kind.CLIENT, processor=org, language="nl"
    )
    processor_services.dpa_terms_save(
        actor=dpo, client_id=client.pk, changes={"alert_hours": 48, "contacts": ["praktijk@tandarts.example"]}
    )
    return client


@pytest.fixture
def controller_a(client_a, controller_user):
    return controller_user


@pytest.fixture
def controller_b(client_b):
    return member(client_b, Role.CONTROLLER, username="controller_b")


@pytest.fixture
def mailbox(org, dpo, client_a, client_b) -> System:
    """Our support mailbox, holding data of both clients (one activity for each)."""
    system = inventory_services.record_create(
        actor=dpo, organisation=org, model=System, values={"name": "Support mailbox", "country": "IE"}
    )
    for name, client, data, subjects, count in (
        ("Webshop support for A", client_a, ["basic", "contact"], ["customers"], A_COUNT),
        ("Patient records for B", client_b, ["basic", "contact", "health"], ["patients"], B_COUNT),
    ):
        inventory_services.record_create(
            actor=dpo,
            organisation=org,
            model=ProcessingActivity,
            values={
                "name": name,
                "purpose": "On the client's instructions (Art. 28).",
                "data_categories": data,
                "subject_categories": subjects,
                "subjects_count": count,
                "systems": [system],
                "client_organisations": [client],
            },
        )
    return system


def processor_incident(owner, dpo, clients, systems=(), facts=BREACH, **overrides):
    """A processor incident hitting ``systems``, assessed with ``facts``, decided and approved."""
    incident = make_incident(owner, our_role="processor", clients=clients, **overrides)
    if systems:
        inventory_services.incident_set_affected_systems(
            actor=owner, incident_id=incident.pk, system_ids=[s.pk for s in systems]
        )
    incident = advance(incident, "assessment", team=owner, dpo=dpo)
    risk_services.assessment_run(actor=owner, incident_id=incident.pk, facts=facts)
    risk_services.assessment_finalise(actor=owner, incident_id=incident.pk)
    risk_services.assessment_decide(actor=dpo, incident_id=incident.pk, agree=True)
    return advance(incident, "notification", team=owner, dpo=dpo)


@pytest.fixture
def breach(owner, dpo, client_a, client_b, mailbox):
    return processor_incident(owner, dpo, [client_a, client_b], systems=[mailbox])


def send(notice, owner, approver, capture):
    """Submit, approve (four eyes) and send a notice, running the outbox as after commit."""
    notice_services.notice_submit(actor=owner, notice_id=notice.pk)
    notice_services.notice_approve(actor=approver, notice_id=notice.pk)
    with capture(execute=True):
        delivery_services.notice_send(actor=owner, notice_id=notice.pk)
    notice.refresh_from_db()
    return notice


def send_alert(incident, client, owner, approver, capture):
    alert = notice_services.notice_draft(
        actor=owner, incident_id=incident.pk, kind="controller", client_id=client.pk
    )
    return send(alert, owner, approver, capture)


@pytest.fixture
def alerts(breach, client_a, client_b, owner, dpo2, django_capture_on_commit_callbacks):
    """Both clients alerted: {"a": alert to A, "b": alert to B}."""
    return {
        "a": send_alert(breach, client_a, owner, dpo2, django_capture_on_commit_callbacks),
        "b": send_alert(breach, client_b, owner, dpo2, django_capture_on_commit_callbacks),
    }


def now():
    return timezone.now()
