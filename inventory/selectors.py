"""Reads of the inventory, scoped to the user's organisations, with related rows fetched once.

Who sees what: the security team and the DPO of one of our organisations read its inventory; everyone else
(controller client users, people of other organisations) gets "not found", as for incidents.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import F, Prefetch, QuerySet
from django.utils.translation import gettext as _

from datalek.errors import DomainError
from incidents.models import Incident, Organisation, User
from incidents.roles import Role, role_in
from incidents.selectors import client_organisations_of, team_organisations
from inventory.error_codes import InventoryErrorCode as Code
from inventory.models import (
    IncidentFactProvenance,
    IncidentSystem,
    InventoryChange,
    InventoryRecord,
    ProcessingActivity,
    Processor,
    System,
)
from inventory.proposals import ActivityData, ClientData, ProcessorData, ProposedFact, SystemData, propose
from inventory.provenance import PROPOSED_PATHS, same_value
from inventory.sources import source_text

R = TypeVar("R", bound=InventoryRecord)


def inventory_organisations(user: User) -> QuerySet[Organisation]:
    """Our organisations whose inventory this user may read (security team or DPO)."""
    return team_organisations(user)


def organisation_get(user: User, slug: str) -> Organisation:
    organisation = inventory_organisations(user).filter(slug=slug).first()
    if organisation is None:
        raise DomainError(Code.NOT_FOUND, _("No such organisation."), status=404)
    return organisation


def can_edit(user: User, organisation: Organisation) -> bool:
    """The DPO keeps the register (Art. 30, Art. 39(1)(b)); the security team reads it."""
    return role_in(user, organisation.id) == Role.DPO


def systems_of(organisation: Organisation) -> QuerySet[System]:
    return System.objects.filter(organisation=organisation).select_related("hosting_processor")


def processors_of(organisation: Organisation) -> QuerySet[Processor]:
    return Processor.objects.filter(organisation=organisation).select_related("parent")


def activities_of(organisation: Organisation) -> QuerySet[ProcessingActivity]:
    return ProcessingActivity.objects.filter(organisation=organisation).prefetch_related(
        Prefetch("systems", queryset=System.objects.order_by("name")),
        Prefetch("processors", queryset=Processor.objects.order_by("name")),
        Prefetch("client_organisations", queryset=Organisation.objects.order_by("name")),
    )


def clients_of(organisation: Organisation) -> QuerySet[Organisation]:
    """Client organisations (controllers) this organisation processes for."""
    return client_organisations_of([organisation.id]).order_by("name")


def record_get(user: User, model: type[R], pk: int) -> R:
    """A record of an organisation whose inventory this user may read; otherwise it does not exist for them."""
    org_ids = list(inventory_organisations(user).values_list("id", flat=True))
    record = model.objects.filter(organisation_id__in=org_ids, pk=pk).select_related("organisation").first()
    if record is None:
        raise DomainError(Code.NOT_FOUND, _("No such record."), status=404)
    return record


def records_of(model: type[R], organisation: Organisation) -> QuerySet[R]:
    by_model = {System: systems_of, Processor: processors_of, ProcessingActivity: activities_of}
    return by_model[model](organisation)


def record_list(model: type[R], organisation: Organisation) -> QuerySet[R]:
    """A list page: active records first, with what the page shows beside each one."""
    records = (
        records_of(model, organisation)
        .select_related("organisation")
        .order_by(F("archived_at").asc(nulls_first=True), "name")
    )
    if model is System:
        records = records.prefetch_related(
            Prefetch("activities", queryset=ProcessingActivity.objects.order_by("name"))
        )
    return records


def recent_changes(organisation: Organisation, limit: int = 20) -> QuerySet[InventoryChange]:
    return InventoryChange.objects.filter(organisation=organisation).select_related("actor")[:limit]


# --- an incident and its affected systems ----------------------------------------------------------------


def affected_systems(incident: Incident) -> QuerySet[IncidentSystem]:
    return incident.inventory_links.select_related("system", "added_by").order_by("system__name")


def fact_provenance(incident: Incident) -> dict[str, IncidentFactProvenance]:
    """The incident's provenance rows by fact path, in the order of ``PROPOSED_PATHS``."""
    rows = {row.path: row for row in incident.fact_provenance.select_related("confirmed_by")}
    return {path: rows[path] for path in PROPOSED_PATHS if path in rows}


def _processor_data(processor: Processor, *, with_subs: bool = True) -> ProcessorData:
    subs = [p for p in processor.sub_processors.all() if not p.is_archived] if with_subs else []
    return ProcessorData(
        id=processor.id,
        name=processor.name,
        country=processor.country,
        role=processor.role,
        parent=processor.parent.name if processor.parent_id else None,
        sub_processors=tuple(_processor_data(p, with_subs=False) for p in subs),
    )


def processor_value(processor: Processor) -> dict[str, Any]:
    """A processor as an incident's fact ``processors`` holds it."""
    return _processor_data(processor, with_subs=False).as_value()


def _system_data(system: System) -> SystemData:
    hosting = system.hosting_processor
    return SystemData(
        id=system.id,
        name=system.name,
        encryption=system.encryption,
        hashing=system.hashing,
        backup=system.backup,
        hosting_processor=_processor_data(hosting) if hosting else None,
    )


def _activity_data(activity: ProcessingActivity) -> ActivityData:
    return ActivityData(
        id=activity.id,
        name=activity.name,
        system_ids=frozenset(s.id for s in activity.systems.all()),
        data_categories=tuple(activity.data_categories),
        subject_categories=tuple(activity.subject_categories),
        subjects_count=activity.subjects_count,
        processors=tuple(_processor_data(p) for p in activity.processors.all()),
        clients=tuple(ClientData(id=c.id, name=c.name) for c in activity.client_organisations.all()),
    )


def incident_proposal(incident: Incident) -> list[ProposedFact]:
    """What the inventory proposes for this incident now. Archived activities no longer run, so they do not
    count; an affected system counts even when archived since (it was hit)."""
    processors = Processor.objects.select_related("parent").prefetch_related("sub_processors__parent")
    systems = [
        link.system
        for link in incident.inventory_links.select_related("system").prefetch_related(
            Prefetch("system__hosting_processor", queryset=processors)
        )
    ]
    activities = (
        ProcessingActivity.objects.active()
        .filter(organisation_id=incident.organisation_id, systems__in=[s.id for s in systems])
        .distinct()
        .order_by("name")
        .prefetch_related(
            "systems",
            Prefetch("processors", queryset=processors.order_by("name")),
            Prefetch("client_organisations", queryset=Organisation.objects.order_by("name")),
        )
    )
    return propose(
        [_system_data(s) for s in sorted(systems, key=lambda s: s.name.lower())],
        [_activity_data(a) for a in activities],
        our_role=incident.our_role,
    )


def proposal_is_stale(incident: Incident, rows: dict[str, IncidentFactProvenance]) -> bool:
    """The inventory (or the affected systems) changed since the derived values were proposed."""
    current = {fact.path: fact.value for fact in incident_proposal(incident)}
    derived = {path: row.value for path, row in rows.items() if row.is_derived}
    unproposed = set(current) - set(rows)
    changed = any(not same_value(current.get(path), value) for path, value in derived.items())
    return changed or bool(unproposed)


def fact_values(incident: Incident) -> dict[str, dict[str, Any]]:
    """``{path: {"value", "status", "source", "confirmed_by", "confirmed_at"}}`` — for the assessment form to
    start from (risk.selectors); the source in the active language."""
    return {
        path: {
            "value": row.value,
            "status": row.status,
            "source": source_text(row.source_message, row.source),
            "confirmed_by": row.confirmed_by.display_name() if row.confirmed_by else None,
            "confirmed_at": row.confirmed_at,
        }
        for path, row in fact_provenance(incident).items()
    }


def record_uses(record: InventoryRecord) -> list[str]:
    """What refers to a record, in words; empty when it may be deleted."""
    uses: list[str] = []
    if isinstance(record, System):
        uses += _incident_refs(IncidentSystem.objects.filter(system=record))
        uses += [
            _("activity %(name)s") % {"name": n} for n in record.activities.values_list("name", flat=True)
        ]
    elif isinstance(record, Processor):
        uses += [
            _("hosts %(name)s") % {"name": n} for n in record.hosted_systems.values_list("name", flat=True)
        ]
        uses += [
            _("activity %(name)s") % {"name": n} for n in record.activities.values_list("name", flat=True)
        ]
        uses += [
            _("sub-processor %(name)s") % {"name": n}
            for n in record.sub_processors.values_list("name", flat=True)
        ]
    elif isinstance(record, ProcessingActivity):
        uses += _incident_refs(IncidentSystem.objects.filter(system__activities=record))
    return uses


def _incident_refs(links: QuerySet[IncidentSystem]) -> list[str]:
    references = sorted(set(links.values_list("incident__reference", flat=True)))
    return [_("incident %(ref)s") % {"ref": ref} for ref in references]
