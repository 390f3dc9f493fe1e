"""The road of a demo incident: ``log`` creates it through the incident services and takes its steps in order,
each step a function of the incident (move it, link its systems, record its containment, assess, decide). The
same service calls a user's clicks make, so every demo incident has a real, verifiable audit trail."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from demo import data
from incidents import services as incident_services
from incidents.models import Incident, Organisation, User
from inventory import services as inventory_services
from inventory.models import System
from risk import services as risk_services

Step = Callable[[Incident], Any]


@dataclass(frozen=True)
class Cast:
    """Who plays in the stories (organisations by slug, users by username), and when: the minute of seeding."""

    orgs: dict[str, Organisation]
    users: dict[str, User]
    now: datetime

    def dated(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """``values`` with the fields of ``data.TIMES`` turned from hours ago into datetimes."""
        return {
            key: self.now - timedelta(hours=value) if key in data.TIMES and value is not None else value
            for key, value in values.items()
        }


def find(cast: Cast, record: Mapping[str, Any]) -> Incident | None:
    """The demo incident of this record, if it was created by an earlier run."""
    return Incident.objects.filter(
        organisation=cast.orgs[record["organisation"]], title=record["facts"]["title"]
    ).first()


def log(cast: Cast, record: Mapping[str, Any], steps: Iterable[Step] = ()) -> Incident:
    incident = incident_services.incident_create(
        actor=cast.users[record["reporter"]],
        organisation=cast.orgs[record["organisation"]],
        facts=cast.dated(record["facts"]),
        clients=[cast.orgs[slug] for slug in record.get("clients", ())],
    )
    for step in steps:
        step(incident)
    return incident


def link_systems(actor: User, incident: Incident, names: Iterable[str]) -> None:
    """The team picks the affected systems; the inventory proposes the facts (derived until confirmed)."""
    ids = list(
        System.objects.filter(organisation_id=incident.organisation_id, name__in=names).values_list(
            "id", flat=True
        )
    )
    inventory_services.incident_set_affected_systems(actor=actor, incident_id=incident.pk, system_ids=ids)


def move(actor: User, name: str, reason: str = "") -> Step:
    return lambda i: incident_services.incident_transition(
        actor=actor, incident_id=i.pk, name=name, reason=reason
    )


def link(actor: User, names: Iterable[str]) -> Step:
    return lambda i: link_systems(actor, i, names)


def contain(actor: User, values: Mapping[str, Any]) -> Step:
    return lambda i: incident_services.incident_update(actor=actor, incident_id=i.pk, changes=values)


def assess(actor: User, facts: Mapping[str, Any], finalise: bool = True) -> Step:
    """Run the assessment on ``data.BASE_FACTS`` with the incident's ``facts``, and finalise it unless told not to."""

    def step(incident: Incident) -> None:
        risk_services.assessment_run(
            actor=actor,
            incident_id=incident.pk,
            facts={**data.BASE_FACTS, "role": incident.our_role, **facts},
        )
        if finalise:
            risk_services.assessment_finalise(actor=actor, incident_id=incident.pk)

    return step


def assess_groups(actor: User, facts: Mapping[str, Any], groups: list[dict[str, Any]]) -> Step:
    """Run the assessment on v2 facts: the breach-wide facts of ``data.BASE_FACTS`` with ``facts``, and these
    groups of people."""

    def step(incident: Incident) -> None:
        breach = {k: v for k, v in data.BASE_FACTS.items() if k not in data.PEOPLE_FIELDS}
        risk_services.assessment_run(
            actor=actor,
            incident_id=incident.pk,
            facts={"version": 2, **breach, "role": incident.our_role, **facts, "groups": groups},
        )

    return step


def decide(actor: User, **position: Any) -> Step:
    """The DPO's decision: agree with the advice, or depart from it with ``position``."""
    return lambda i: risk_services.assessment_decide(
        actor=actor, incident_id=i.pk, agree=not position, **position
    )
