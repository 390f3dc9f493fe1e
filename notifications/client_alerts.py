"""The alerts to our controller clients (Art. 33(2)) as the notices they are: each affected client's deadline (from
its DPA terms, ``processors``) beside the alert that meets it, and the deadlines still running across the user's
organisations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef

from incidents.models import Incident, Organisation, User
from incidents.roles import team_organisation_ids
from notifications.models import Notice
from processors.models import alert_deadline
from processors.selectors import alert_hours, deadline_for


@dataclass(frozen=True)
class ClientAlert:
    """One affected client of a processor incident: its deadline and the alert that meets it (or not yet)."""

    client: Organisation
    hours: int
    deadline: datetime
    alert: Notice | None
    phases: tuple[Notice, ...]

    @property
    def released_at(self) -> datetime | None:
        return self.alert.released_at if self.alert else None

    @property
    def on_time(self) -> bool | None:
        return None if self.released_at is None else self.released_at <= self.deadline

    @property
    def running(self) -> bool:
        return self.released_at is None


def client_alerts(incident: Incident) -> list[ClientAlert]:
    """Each affected client with its deadline and alert phases, read in three queries."""
    clients = list(incident.client_organisations.select_related("dpa_terms").order_by("name"))
    notices = Notice.objects.filter(incident=incident, kind=Notice.Kind.CONTROLLER).order_by("id")
    by_client: dict[int, list[Notice]] = {}
    for notice in notices.select_related("drafted_by", "approved_by"):
        by_client.setdefault(notice.client_id, []).append(notice)
    rows = []
    for client in clients:
        chain = by_client.get(client.pk, [])
        initial = next((n for n in chain if n.phase == Notice.Phase.INITIAL), None)
        hours = alert_hours(client)
        rows.append(
            ClientAlert(client, hours, alert_deadline(incident.aware_at, hours), initial, tuple(chain))
        )
    return rows


@dataclass(frozen=True)
class OpenDeadline:
    incident: Incident
    client: Organisation
    deadline: datetime


def open_deadlines(user: User, limit: int = 100) -> list[OpenDeadline]:
    """The alert deadlines still running in the user's organisations (a client affected by an open processor
    incident, its initial alert not out yet), soonest first — what the dashboard shows beside the 72-hour clock."""
    released = Notice.objects.filter(
        incident_id=OuterRef("incident_id"),
        client_id=OuterRef("organisation_id"),
        kind=Notice.Kind.CONTROLLER,
        phase=Notice.Phase.INITIAL,
        released_at__isnull=False,
    )
    links = (
        Incident.client_organisations.through.objects.filter(
            incident__organisation_id__in=team_organisation_ids(user),
            incident__our_role=Incident.OurRole.PROCESSOR,
        )
        .exclude(incident__status=Incident.Status.CLOSED)
        .exclude(incident__notify_controllers=False)
        .exclude(incident__is_personal_data_breach=False)
        .exclude(Exists(released))
        .select_related("incident__organisation", "organisation__dpa_terms")
    )
    rows = [
        OpenDeadline(link.incident, link.organisation, deadline_for(link.incident, link.organisation))
        for link in links
    ]
    return sorted(rows, key=lambda row: row.deadline)[:limit]
