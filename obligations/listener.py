"""The obligations app's listener of audit events (registered in ObligationsConfig.ready): an incident's obligations
are evaluated when it is logged, and the GDPR obligation's reports are filed with the authority notice (a
controller's) or once every client has had its alert (a processor's). It runs inside
the transaction that writes the event, with the incident's lock held, and adds only rows of its own and their audit
events.

The DPO's decision on the risk (risk's ``dpo_decision`` event) evaluates again too: "unlikely to result in a risk"
or "do not notify" rules the GDPR obligation out, on the record. Not on a change of status: a transition writes
exactly one event (the incidents app's contract, tested there), so closing an incident as no breach reaches the
obligations at their next evaluation (the answers, the profile, a decision, or ``services.obligations_evaluate``)."""

from __future__ import annotations

from incidents.models import IncidentEvent
from obligations import services

DPO_DECISION = "dpo_decision"  # risk.events.RiskEventKind.DPO_DECISION
NOTICE_FILED = "notice_filed"  # notifications.events.NoticeEventKind.NOTICE_FILED
NOTICE_STATUS = "notice_status"  # notifications.events.NoticeEventKind.NOTICE_STATUS


def on_event(event: IncidentEvent) -> None:
    if event.kind == IncidentEvent.Kind.CREATED:
        services.evaluate(incident=event.incident, actor=event.actor, on_creation=True)
    elif event.kind == DPO_DECISION:
        services.evaluate(incident=event.incident, actor=event.actor)
    elif event.kind == NOTICE_FILED and event.data.get("kind") == "authority":
        services.gdpr_notice_filed(incident=event.incident, actor=event.actor, data=event.data)
    elif event.kind == NOTICE_STATUS and _alert_released(event.data):
        services.gdpr_alert_released(
            incident=event.incident, actor=event.actor, data=event.data, at=event.created_at
        )


def _alert_released(data: dict) -> bool:
    """A processor's initial alert to a client leaves: it starts sending (released) for the first time."""
    return (
        data.get("kind") == "controller"
        and data.get("phase") == "initial"
        and data.get("to") == "sending"
        and data.get("from") == "approved"
    )
