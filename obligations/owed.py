"""What the dashboard says is still owed under every regime (registered in ``incidents.dashboard``): every report of
each open obligation that is not filed and whose deadline is stored — NIS2's early warning (24 h) and its
notification (72 h) side by side from the awareness moment, not one after the other — the dashboard sorts them, the
shortest first.

The GDPR obligation's reports are listed too while the notices do not list them: notifications' provider names the
notice to the authority once the DPO has decided to notify, and each client's alert of a processor's incident
(``notifications.owed.authority_listed`` and ``clients_listed``, the one place that says when). Before the decision
the GDPR's 72 hours are ours to name ("GDPR: Notification to the supervisory authority"), after it the notices', so
nothing is listed twice. A report owed only in a situation the team must confirm (NIS2's progress report) is not
listed while owed, as in the inbox.

One query for all the dashboard's incidents, whatever their number: every incident has its GDPR obligation, created
without an audit event of its own, so there is no cheaper sign that an incident has none."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from incidents.dashboard import Owed
from incidents.models import Incident
from notifications.owed import authority_listed, clients_listed
from obligations.models import Obligation, ObligationReport
from obligations.selectors import conditional_reports

OPEN = (Obligation.State.OWED, Obligation.State.DRAFTED, Obligation.State.APPROVED)


def owed_obligations(incidents: list[Incident]) -> dict[int, list[Owed]]:
    if not incidents:
        return {}
    by_id = {incident.pk: incident for incident in incidents}
    reports = (
        ObligationReport.objects.filter(
            obligation__incident_id__in=list(by_id),
            obligation__state__in=OPEN,
            due_at__isnull=False,
        )
        .exclude(state=ObligationReport.State.FILED)
        .exclude(conditional_reports() & Q(state=ObligationReport.State.OWED))
        .select_related("obligation")
        .order_by("due_at", "obligation_id", "position")
    )
    owed: dict[int, list[Owed]] = {}
    for report in reports:
        obligation = report.obligation
        if obligation.regime == "gdpr" and not _gdpr_ours(by_id[obligation.incident_id], report):
            continue
        owed.setdefault(obligation.incident_id, []).append(
            Owed(
                label=_label(obligation, report),
                deadline=report.due_at,
                key=f"obligation:{obligation.pk}:{report.code}",
            )
        )
    return owed


def _gdpr_ours(incident: Incident, report: ObligationReport) -> bool:
    """Whether the GDPR obligation's report is ours to list: not when the facts say it is no personal data breach
    (the obligation follows at its next evaluation), nor when the notices list it already."""
    if incident.is_personal_data_breach is False:
        return False
    if report.code == "notification":
        return not authority_listed(incident)
    if report.code == "controller_alert":
        return not clients_listed(incident)
    return True  # the GBA/APD's part 2: the notices do not list follow-ups


def _label(obligation: Obligation, report: ObligationReport) -> str:
    return _("%(regime)s: %(report)s") % {
        "regime": obligation.label,  # "NIS2 (BE)" where a regime is owed per country
        "report": report.label,
    }
