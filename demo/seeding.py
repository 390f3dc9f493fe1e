"""The demo, seeded: two organisations of our own (a Dutch web shop that is a controller, and a Dutch hosting
company that is a processor for two clients), their people, their inventories and eight incidents in different
states, linked to the systems they hit.

Idempotent: organisations and users are matched by slug and username; the inventories are imported matching by
name (a second import changes nothing); the first six incidents are only created on a demo without incidents, the
later ones whenever they are missing (also on a database seeded by an earlier version), and demo incidents of an
earlier run that have no affected systems yet are linked to theirs. The follow-up steps of a story (alerts,
notices) are each taken only when not taken yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from demo import builders
from demo.steps import Cast, find, link_systems
from demo.stories import (
    backup_disk,
    credential_stuffing,
    file_server,
    phishing,
    port_scan,
    stolen_laptop,
    support_mailbox,
    wrong_customer,
)
from incidents.models import Incident, Organisation

# Told together, on a demo without incidents.
FIRST = (backup_disk, wrong_customer, phishing, port_scan, stolen_laptop, support_mailbox)
# Told when missing, whatever else the demo holds.
LATER = (credential_stuffing, file_server)


@dataclass(frozen=True)
class Seeded:
    orgs: dict[str, Organisation]
    incidents_created: int
    records_imported: int


def seed() -> Seeded:
    with transaction.atomic():
        orgs = builders.organisations()
        users = builders.people(orgs)
        imported = builders.inventories(orgs, users)
        builders.retired_activities(orgs, users)
        cast = Cast(orgs=orgs, users=users, now=timezone.now().replace(second=0, microsecond=0))
        created = _first_stories(cast)
        _link_unlinked(cast)
        builders.dpa_terms(orgs, users)
        # In order, as the demo grew: each story's follow-up steps, a later story told first when it is missing.
        for story in (*FIRST, *LATER):
            incident = find(cast, story.INCIDENT)
            if incident is None and story in LATER:
                incident = story.tell(cast)
                incident.refresh_from_db()
                created += 1
            if incident is not None and hasattr(story, "follow_up"):
                story.follow_up(cast, incident)
    return Seeded(orgs=orgs, incidents_created=created, records_imported=imported)


def _first_stories(cast: Cast) -> int:
    slugs = {story.INCIDENT["organisation"] for story in FIRST}
    if Incident.objects.filter(organisation__slug__in=slugs).exists():
        return 0
    for story in FIRST:
        story.tell(cast)
    return len(FIRST)


def _link_unlinked(cast: Cast) -> None:
    """Demo incidents from before the inventory existed get their affected systems (if still open)."""
    for story in FIRST:
        record = story.INCIDENT
        incident = find(cast, record) if "systems" in record else None
        if incident and incident.status != Incident.Status.CLOSED and not incident.inventory_links.exists():
            link_systems(cast.users[record["reporter"]], incident, record["systems"])
