"""Reads of risk assessments."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from incidents.models import Incident
from risk.models import RiskAssessment


def assessments_of(incident: Incident) -> QuerySet[RiskAssessment]:
    return incident.assessments.select_related("created_by", "finalised_by", "decided_by").order_by(
        "-version"
    )


def draft_of(incident: Incident) -> RiskAssessment | None:
    return incident.assessments.filter(finalised_at__isnull=True).first()


def latest_final_of(incident: Incident) -> RiskAssessment | None:
    return incident.assessments.filter(finalised_at__isnull=False).order_by("-version").first()


def starting_facts(incident: Incident) -> dict[str, Any]:
    """What the facts form starts from: the draft, else the last version (a new phase starts from the old
    facts), else what the incident itself already says. Nothing is guessed: unknown facts stay empty."""
    previous = draft_of(incident) or latest_final_of(incident)
    if previous is not None:
        return {**previous.facts, "role": incident.our_role}
    return {"role": incident.our_role, "summary": incident.description}
