"""What the dashboard says is still owed under the regimes beside the GDPR (registered in
``incidents.dashboard``): each open obligation's next report with its stored deadline. The GDPR's are listed by
notifications already (the notices), so they are not listed twice. One query for all the dashboard's incidents, none
when each has no event but its "created": every obligation beyond the GDPR's is created with an audit event of its
own (services.evaluate), so such an incident has none."""

from __future__ import annotations

from django.utils.translation import gettext as _

from incidents.dashboard import Owed
from incidents.models import Incident
from obligations import rules as R
from obligations.models import Obligation, ObligationReport

OPEN = (Obligation.State.OWED, Obligation.State.DRAFTED, Obligation.State.APPROVED)


def owed_obligations(incidents: list[Incident]) -> dict[int, list[Owed]]:
    asked = [i.pk for i in incidents if i.audit_event_count > 1]
    if not asked:
        return {}
    reports = (
        ObligationReport.objects.filter(
            obligation__incident_id__in=asked,
            obligation__state__in=OPEN,
            due_at__isnull=False,
        )
        .exclude(obligation__regime="gdpr")
        .exclude(state=ObligationReport.State.FILED)
        .select_related("obligation")
        .order_by("obligation_id", "due_at")
    )
    owed: dict[int, list[Owed]] = {}
    seen: set[int] = set()
    for report in reports:
        obligation = report.obligation
        if obligation.pk in seen:
            continue  # the next report of each obligation only
        seen.add(obligation.pk)
        owed.setdefault(obligation.incident_id, []).append(
            Owed(label=_label(obligation, report), deadline=report.due_at, key=f"obligation:{obligation.pk}")
        )
    return owed


def _label(obligation: Obligation, report: ObligationReport) -> str:
    return _("%(regime)s: %(report)s") % {
        "regime": R.REGIMES[obligation.regime].label,
        "report": report.label,
    }
