"""The obligations app's listener of audit events (registered in ObligationsConfig.ready): an incident's obligations
are evaluated when it is logged and when its status changes (the DPO's verdict may rule the GDPR's in or out), and
the GDPR obligation's reports are filed with the authority notice. It runs inside the transaction that writes the
event, with the incident's lock held, and adds only rows of its own and their audit events."""

from __future__ import annotations

from incidents.models import IncidentEvent
from obligations import services

EVALUATE_ON = (IncidentEvent.Kind.CREATED, IncidentEvent.Kind.TRANSITION)
NOTICE_FILED = "notice_filed"  # notifications.events.NoticeEventKind.NOTICE_FILED


def on_event(event: IncidentEvent) -> None:
    if event.kind in EVALUATE_ON:
        services.evaluate(incident=event.incident, actor=event.actor)
    elif event.kind == NOTICE_FILED and event.data.get("kind") == "authority":
        services.gdpr_notice_filed(incident=event.incident, actor=event.actor, data=event.data)
