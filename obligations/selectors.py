"""Reads of the obligations, scoped to the incident's team through ``incidents.selectors``."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from datalek.errors import DomainError
from incidents.models import User
from incidents.selectors import incident_get, incidents_for_user
from obligations import rules as R
from obligations.error_codes import ObligationErrorCode as Code
from obligations.models import Obligation, ObligationReport


def obligations_of(user: User, incident_id: int) -> QuerySet[Obligation]:
    """The incident's obligations with their reports in the chain's order (404 for who is not on its team)."""
    incident = incident_get(user, incident_id)
    return (
        Obligation.objects.filter(incident=incident)
        .prefetch_related(Prefetch("reports", queryset=ObligationReport.objects.order_by("position")))
        .order_by("id")
    )


def report_get(user: User, report_id: int) -> ObligationReport:
    """A report of an obligation of an incident this user works on; otherwise it does not exist for them."""
    try:
        return ObligationReport.objects.select_related("obligation").get(
            pk=report_id, obligation__incident__in=incidents_for_user(user)
        )
    except (ObligationReport.DoesNotExist, ValueError, TypeError):
        raise DomainError(Code.NOT_FOUND, _("No such report."), status=404) from None


def conditional_reports() -> Q:
    """The reports owed only in a situation the team must confirm (NIS2's progress report, Art. 23(4)(e); ePrivacy's
    second notification): neither an act of the inbox nor a line of the dashboard while owed, whatever their stored
    deadline — once the team drafts one, they are."""
    conditional = Q(pk__in=[])
    for rule_set in R.rule_sets():
        for rule in rule_set.reports:
            if rule.condition is not None:
                conditional |= Q(obligation__rule_set=rule_set.id, code=rule.code)
    return conditional
