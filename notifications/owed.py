"""What an open incident still owes, for the dashboard (registered in ``incidents.dashboard``): the notice to the
authority not filed (Art. 33(1)), the notice to the people not sent (Art. 34(1)) or the public communication not
published (Art. 34(3)(c)) when the DPO's decision says so, and for a processor each client not yet alerted
(Art. 33(2), by the hours of its DPA). Read for all the dashboard's incidents at once: at most two queries, none
when no incident was decided to need a notice to the people and none is a processor's."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from incidents.dashboard import Owed
from incidents.models import Incident
from notifications.models import Notice
from processors.selectors import deadline_for


def authority_listed(incident: Incident) -> bool:
    """Whether the notice to the authority is listed as owed: a controller's breach the DPO decided to notify, not
    filed yet. The obligations' list leaves the GDPR's notification to this one then (obligations.owed)."""
    return (
        incident.is_personal_data_breach is not False
        and incident.our_role == Incident.OurRole.CONTROLLER
        and bool(incident.notify_authority)
        and incident.authority_notified_at is None
    )


def clients_listed(incident: Incident) -> bool:
    """Whether each client not yet alerted is listed as owed: a processor's breach unless the DPO decided not to
    alert the controllers (Art. 33(2)). The obligations' list leaves the GDPR's alert to the controller to this one."""
    return (
        incident.is_personal_data_breach is not False
        and incident.our_role == Incident.OurRole.PROCESSOR
        and incident.notify_controllers is not False
    )


def _done_kinds(incidents: list[Incident]) -> dict[int, set[str]]:
    """Per incident that owes the people or the public a notice: the kinds of initial notice that are done — at
    least one of the kind done and none of it still on its way (a notice per group of people: every group told)."""
    asked = [i.pk for i in incidents if i.notify_subjects or i.public_communication]
    done: dict[int, set[str]] = defaultdict(set)
    if not asked:
        return done
    open_kinds: dict[int, set[str]] = defaultdict(set)
    rows = Notice.objects.filter(
        incident_id__in=asked,
        phase=Notice.Phase.INITIAL,
        kind__in=[Notice.Kind.SUBJECTS, Notice.Kind.PUBLIC],
    ).values_list("incident_id", "kind", "status")
    for incident_id, kind, status in rows:
        (done if status in Notice.DONE else open_kinds)[incident_id].add(kind)
    for incident_id, kinds in open_kinds.items():
        done[incident_id] -= kinds
    return done


def _unalerted_clients(incidents: list[Incident]) -> dict[int, list]:
    """Per processor incident: its affected clients whose initial alert is not out yet, read in one query."""
    processors = [i.pk for i in incidents if clients_listed(i)]
    if not processors:
        return {}
    released = Notice.objects.filter(
        incident_id=OuterRef("incident_id"),
        client_id=OuterRef("organisation_id"),
        kind=Notice.Kind.CONTROLLER,
        phase=Notice.Phase.INITIAL,
        released_at__isnull=False,
    )
    links = (
        Incident.client_organisations.through.objects.filter(incident_id__in=processors)
        .exclude(Exists(released))
        .select_related("organisation__dpa_terms")
        .order_by("organisation__name", "organisation_id")
    )
    found: dict[int, list] = defaultdict(list)
    for link in links:
        found[link.incident_id].append(link.organisation)
    return found


def owed_notices(incidents: list[Incident]) -> dict[int, list[Owed]]:
    incidents = [i for i in incidents if i.is_personal_data_breach is not False]
    done, clients = _done_kinds(incidents), _unalerted_clients(incidents)
    owed: dict[int, list[Owed]] = {}
    for incident in incidents:
        items = _owed_by(incident, done[incident.pk], clients.get(incident.pk, []))
        if items:
            owed[incident.pk] = items
    return owed


def _owed_by(incident: Incident, done: set[str], unalerted: list) -> list[Owed]:
    items = []
    if authority_listed(incident):
        items.append(
            Owed(_("Notice to the authority not filed yet"), incident.authority_deadline, "authority")
        )
    if incident.notify_subjects and Notice.Kind.SUBJECTS not in done:
        items.append(Owed(_("Notice to the people not sent yet"), None, "subjects"))
    if incident.public_communication and Notice.Kind.PUBLIC not in done:
        items.append(Owed(_("Public communication not published yet"), None, "public"))
    for client in unalerted:  # a processor's clients (Art. 33(2))
        label = _("Alert to %(name)s not sent yet") % {"name": client.name}
        items.append(Owed(label, deadline_for(incident, client), f"client:{client.pk}"))
    return items
