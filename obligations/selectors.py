"""Reads of the obligations, scoped to the incident's team through ``incidents.selectors``."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from incidents.models import User
from incidents.selectors import incident_get
from obligations.models import Obligation, ObligationReport


def obligations_of(user: User, incident_id: int) -> QuerySet[Obligation]:
    """The incident's obligations with their reports in the chain's order (404 for who is not on its team)."""
    incident = incident_get(user, incident_id)
    return (
        Obligation.objects.filter(incident=incident)
        .prefetch_related(Prefetch("reports", queryset=ObligationReport.objects.order_by("position")))
        .order_by("id")
    )
