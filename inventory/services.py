"""Every write to the inventory, and to what an incident takes from it.

The register: the DPO edits it (Art. 30 records; Art. 39(1)(b) the DPO monitors compliance), the security team
reads it; each change is kept in ``InventoryChange``. A record in use is archived, never deleted.

An incident: the team picks the affected systems; the inventory then *proposes* facts, marked derived; a
person confirms or corrects each one, which records it with who and when. Each of these steps holds the
incident's lock and appends to its audit trail in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from datalek.errors import DomainError
from incidents.lock_objects import organisation_lock
from incidents.models import Incident, Organisation, User
from incidents.roles import TEAM_ROLES, Role, role_in
from incidents.services import incident_get_for_update, incident_update
from inventory import events, exchange, selectors
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
from inventory.provenance import PATH_LABELS, PROPOSED_PATHS, assessment_marks, corrections, same_value
from inventory.validation import M2M_FIELDS, normalise, record_errors
from inventory.vocabulary import BACKUP_ORDER, DATA_CATEGORY_CODES, PROTECTION_ORDER

R = TypeVar("R", bound=InventoryRecord)
RECORD_TYPE = {System: "system", ProcessingActivity: "processing_activity", Processor: "processor"}


# --- who may ------------------------------------------------------------------------------------------


def _require_dpo(actor: User, organisation: Organisation) -> None:
    role = role_in(actor, organisation.id)
    if role not in TEAM_ROLES or organisation.kind != Organisation.Kind.OWN:
        raise DomainError(Code.NOT_FOUND, _("No such organisation."), status=404)
    if role != Role.DPO:
        raise DomainError(
            Code.FORBIDDEN, _("Only the DPO edits the inventory; the security team reads it."), status=403
        )


def _lock_record(actor: User, model: type[R], record_id: int) -> R:
    record = model.objects.select_for_update().select_related("organisation").filter(pk=record_id).first()
    if record is None or role_in(actor, record.organisation_id) not in TEAM_ROLES:
        raise DomainError(Code.NOT_FOUND, _("No such record."), status=404)
    _require_dpo(actor, record.organisation)
    return record


# --- the register ---------------------------------------------------------------------------------------


def _split(model: type[InventoryRecord], values: Mapping[str, Any]) -> tuple[dict, dict]:
    m2m_names = M2M_FIELDS.get(model, ())
    allowed = {f.name for f in model._meta.fields if f.editable} - {"id", "organisation", "archived_at"}
    unknown = set(values) - allowed - set(m2m_names) - {"archived"}
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    plain = {k: v for k, v in values.items() if k not in m2m_names}
    return plain, {k: list(v) for k, v in values.items() if k in m2m_names}


def _action(before: dict | None, after: dict) -> str:
    if before is None:
        return "created"
    changed = {k for k in after if before.get(k) != after[k]}
    if changed == {"archived"}:
        return "archived" if after["archived"] else "restored"
    return "updated"


def _log(*, actor: User | None, record: InventoryRecord, action: str, changes: dict) -> None:
    InventoryChange.objects.create(
        organisation_id=record.organisation_id,
        actor=actor,
        at=timezone.now(),
        action=action,
        record_type=RECORD_TYPE[type(record)],
        record_id=record.pk,
        record_name=record.name,
        changes=changes,
    )


def _write(
    *,
    actor: User | None,
    organisation: Organisation,
    model: type[R],
    record: R | None,
    values: dict,
    m2m: dict,
) -> tuple[R, str | None]:
    """Validate and save one record with its links; nothing is written when nothing changes."""
    before = exchange.entry(record) if record is not None else None
    record = record if record is not None else model(organisation=organisation)
    values = normalise(values)
    archived = values.pop("archived", None)
    for name, value in values.items():
        setattr(record, name, value)
    if archived is not None:
        record.archived_at = (record.archived_at or timezone.now()) if archived else None
    errors = record_errors(record, m2m)
    if errors:
        raise ValidationError(errors)
    after = exchange.entry(record, m2m)
    if before == after:
        return record, None
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as exc:  # a concurrent edit took the name between the check and the save
        raise ValidationError({"name": [_("This name was just taken; choose another.")]}) from exc
    for name, related in m2m.items():
        getattr(record, name).set(related)
    action = _action(before, after)
    changes = (
        after
        if before is None
        else {k: {"old": before[k], "new": v} for k, v in after.items() if before[k] != v}
    )
    _log(actor=actor, record=record, action=action, changes=changes)
    return record, action


@transaction.atomic
def record_create(*, actor: User, organisation: Organisation, model: type[R], values: Mapping[str, Any]) -> R:
    """Add a system, processing activity or processor to an organisation's inventory (the DPO)."""
    _require_dpo(actor, organisation)
    plain, m2m = _split(model, values)
    record, _action_taken = _write(
        actor=actor, organisation=organisation, model=model, record=None, values=plain, m2m=m2m
    )
    return record


@transaction.atomic
def record_update(*, actor: User, model: type[R], record_id: int, values: Mapping[str, Any]) -> R:
    """Change some fields of a record (the DPO); ``archived`` archives or restores it."""
    record = _lock_record(actor, model, record_id)
    plain, m2m = _split(model, values)
    record, _action_taken = _write(
        actor=actor, organisation=record.organisation, model=model, record=record, values=plain, m2m=m2m
    )
    return record


def record_archive(*, actor: User, model: type[R], record_id: int, archived: bool = True) -> R:
    """Archive (or restore): out of new choices, still on record for the incidents that refer to it."""
    return record_update(actor=actor, model=model, record_id=record_id, values={"archived": archived})


@transaction.atomic
def record_delete(*, actor: User, model: type[InventoryRecord], record_id: int) -> None:
    """Delete a record nothing refers to; one in use is refused, with the advice to archive it."""
    record = _lock_record(actor, model, record_id)
    uses = selectors.record_uses(record)
    if uses:
        raise DomainError(
            Code.IN_USE,
            _(
                "“%(name)s” is in use (%(uses)s), so it cannot be deleted. Archive it instead: it stays on record "
                "for what refers to it and leaves the choices for new entries."
            )
            % {"name": record.name, "uses": "; ".join(uses)},
            status=409,
        )
    snapshot = exchange.entry(record)
    record.delete()
    _log(actor=actor, record=record, action="deleted", changes=snapshot)


# --- import ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


@transaction.atomic
def inventory_import(*, actor: User, organisation: Organisation, document: Any) -> ImportResult:
    """Load a document (``inventory.exchange``) into an organisation's inventory, matching records by name.

    The whole document is checked first and nothing changes on any error; records that are not in the
    document are left as they are. Importing the same document again changes nothing."""
    _require_dpo(actor, organisation)
    return _import(actor, organisation, document)


@transaction.atomic
def inventory_import_as_operator(*, organisation: Organisation, document: Any) -> ImportResult:
    """The same, from the command line (``manage.py inventory_import``): an operator with shell access to the
    server, not a user of the application; the change log shows no person."""
    if organisation.kind != Organisation.Kind.OWN:
        raise DomainError(Code.NOT_FOUND, _("Only our own organisations have an inventory."), status=404)
    return _import(None, organisation, document)


def _import(actor: User | None, organisation: Organisation, document: Any) -> ImportResult:
    organisation_lock(organisation.id)  # one import at a time per organisation
    plan = exchange.read_document(document, organisation)
    actions: list[str | None] = []
    processors = {p.name: p for p in selectors.processors_of(organisation)}
    for item in exchange.processors_in_order(plan.items["processors"]):
        parent = processors[item.refs["parent"]] if item.refs["parent"] else None
        processors[item.name] = _import_one(
            actor, organisation, item, processors.get(item.name), {"parent": parent}
        )
        actions.append(item.action)
    systems = {s.name: s for s in selectors.systems_of(organisation)}
    for item in plan.items["systems"]:
        hosting = item.refs["hosting_processor"]
        extra = {"hosting_processor": processors[hosting] if hosting else None}
        systems[item.name] = _import_one(actor, organisation, item, systems.get(item.name), extra)
        actions.append(item.action)
    activities = {a.name: a for a in selectors.activities_of(organisation)}
    clients = {c.slug: c for c in selectors.clients_of(organisation)}
    for item in plan.items["processing_activities"]:
        m2m = {
            "systems": [systems[n] for n in item.refs["systems"]],
            "processors": [processors[n] for n in item.refs["processors"]],
            "client_organisations": [clients[s] for s in item.refs["client_organisations"]],
        }
        _import_one(actor, organisation, item, activities.get(item.name), {}, m2m)
        actions.append(item.action)
    return ImportResult(
        created=actions.count("created"),
        updated=sum(1 for a in actions if a not in (None, "created")),
        unchanged=actions.count(None),
    )


def _import_one(
    actor: User | None,
    organisation: Organisation,
    item: exchange.Item,
    record: R | None,
    references: dict[str, Any],
    m2m: dict[str, list[Any]] | None = None,
) -> R:
    model = exchange.SECTIONS[item.section]
    try:
        record, item.action = _write(
            actor=actor,
            organisation=organisation,
            model=model,
            record=record,
            values={**item.values, **references},
            m2m=m2m or {},
        )
    except ValidationError as exc:
        raise ValidationError(
            {f"{item.place}.{k}": [f"“{item.name}”: {m}" for m in v] for k, v in exc.message_dict.items()}
        ) from exc
    return record


# --- an incident's affected systems and the facts proposed from them --------------------------------------


def _require_open(incident: Incident) -> None:
    if incident.status == Incident.Status.CLOSED:
        raise DomainError(
            Code.CLOSED,
            _("A closed incident cannot be changed; reopen it first (with a reason)."),
            status=409,
        )


@transaction.atomic
def incident_set_affected_systems(
    *, actor: User, incident_id: int, system_ids: list[int]
) -> list[IncidentSystem]:
    """The systems of the inventory this incident hits (team members of its organisation). The proposed facts
    are refreshed in the same step."""
    incident = incident_get_for_update(actor, incident_id)
    _require_open(incident)
    wanted = list(dict.fromkeys(system_ids))
    systems = {
        s.id: s for s in System.objects.filter(organisation_id=incident.organisation_id, id__in=wanted)
    }
    unknown = [str(i) for i in wanted if i not in systems]
    if unknown:
        raise ValidationError(
            {
                "systems": [
                    _("Not a system of this organisation's inventory: %(ids)s.") % {"ids": ", ".join(unknown)}
                ]
            }
        )
    links = {link.system_id: link for link in incident.inventory_links.select_related("system")}
    added = [systems[i] for i in wanted if i not in links]
    removed = [link.system for system_id, link in links.items() if system_id not in systems]
    if added or removed:
        incident.inventory_links.filter(system__in=removed).delete()
        now = timezone.now()
        IncidentSystem.objects.bulk_create(
            [IncidentSystem(incident=incident, system=s, added_by=actor, added_at=now) for s in added]
        )
        chosen = sorted(systems.values(), key=lambda s: s.name.lower())
        events.affected_systems_event(
            incident=incident, actor=actor, added=added, removed=removed, systems=chosen
        )
        _refresh_proposal(incident, actor)
    return list(selectors.affected_systems(incident))


@transaction.atomic
def incident_propose_facts(*, actor: User, incident_id: int) -> list[IncidentFactProvenance]:
    """Refresh the derived values from the inventory as it is now. Recorded values are never touched."""
    incident = incident_get_for_update(actor, incident_id)
    _require_open(incident)
    _refresh_proposal(incident, actor)
    return list(selectors.fact_provenance(incident).values())


def _refresh_proposal(incident: Incident, actor: User) -> None:
    rows = {row.path: row for row in incident.fact_provenance.all()}
    changes: dict[str, dict[str, Any]] = {}
    now = timezone.now()
    for fact in selectors.incident_proposal(incident):
        row = rows.pop(fact.path, None)
        if row is None:
            row = IncidentFactProvenance(
                incident=incident, path=fact.path, status=IncidentFactProvenance.Status.DERIVED
            )
        elif not row.is_derived:
            continue
        elif same_value(row.value, fact.value) and row.source == fact.source:
            if row.source_message != fact.message.to_dict():  # proposed before sources were messages
                row.source_message = fact.message.to_dict()
                row.save(update_fields=["source_message"])
            continue
        changes[fact.path] = {"old": row.value if row.pk else None, "new": fact.value, "source": fact.source}
        row.value = row.derived_value = fact.value
        row.source, row.source_message, row.derived_at = fact.source, fact.message.to_dict(), now
        row.save()
    for path, row in rows.items():
        if row.is_derived:  # no longer proposed (a system was taken off, or the inventory changed)
            changes[path] = {"old": row.value, "new": None, "source": ""}
            row.delete()
    if changes:
        events.facts_proposed_event(incident=incident, actor=actor, changes=changes)


@transaction.atomic
def incident_confirm_fact(
    *, actor: User, incident_id: int, path: str, value: Any = None
) -> IncidentFactProvenance:
    """A person confirms a proposed fact as it is (``value`` None) or corrects it: either way it is *recorded*,
    with who and when. Correcting the affected client organisations also sets them on the incident."""
    incident = incident_get_for_update(actor, incident_id)
    _require_open(incident)
    if path not in PROPOSED_PATHS:
        raise ValidationError(
            {"path": [_("Choose one of: %(paths)s.") % {"paths": ", ".join(PROPOSED_PATHS)}]}
        )
    row = incident.fact_provenance.filter(path=path).first()
    if value is None and row is None:
        raise DomainError(
            Code.NOTHING_PROPOSED,
            _("Nothing is proposed for “%(fact)s”; give the value to record it.")
            % {"fact": PATH_LABELS[path]},
            fields={"value": [_("Required: nothing was proposed to confirm.")]},
            status=409,
        )
    new_value = row.value if value is None else _checked_value(incident, path, value)
    if row is not None and not row.is_derived and same_value(row.value, new_value):
        return row
    return _record(incident, actor, row, path, new_value, where="inventory")


def _record(
    incident: Incident, actor: User, row: IncidentFactProvenance | None, path: str, value: Any, *, where: str
) -> IncidentFactProvenance:
    previous = row.value if row is not None else None
    if row is None:
        row = IncidentFactProvenance(incident=incident, path=path, source="")
    row.value, row.status = value, IncidentFactProvenance.Status.RECORDED
    row.confirmed_by, row.confirmed_at = actor, timezone.now()
    row.save()
    events.fact_recorded_event(incident=incident, actor=actor, row=row, previous=previous, where=where)
    if path == "client_organisations":
        clients = Organisation.objects.filter(id__in=[c["id"] for c in value])
        incident_update(actor=actor, incident_id=incident.pk, changes={}, clients=clients)
    return row


def assessment_provenance(
    *,
    actor: User,
    incident: Incident,
    facts: Mapping[str, Any],
    previous_facts: Mapping[str, Any] | None = None,
    previous_marks: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Where each fact of an assessment run comes from: recorded, derived or missing (for the authority
    documents). A fact the person changed away from the proposal is recorded here too, with who and when.

    Called by ``risk.services.assessment_run``, which holds the incident's lock inside its transaction."""
    rows = {row.path: row for row in incident.fact_provenance.all()}
    marks = assessment_marks(
        facts,
        derived={p: r.value for p, r in rows.items() if r.is_derived},
        recorded={p: r.value for p, r in rows.items() if not r.is_derived},
        previous_facts=previous_facts,
        previous_marks=previous_marks,
    )
    for path, value in corrections(facts, marks, {p: r.value for p, r in rows.items()}).items():
        _record(incident, actor, rows[path], path, value, where="risk assessment")
    return marks


# --- checking a value a person gives for a fact ----------------------------------------------------------


def _invalid(message: str) -> ValidationError:
    return ValidationError({"value": [message]})


def _ids(value: Any) -> list[int]:
    items = value if isinstance(value, list) else None
    ids = [i["id"] if isinstance(i, dict) else i for i in items or []]
    if items is None or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise _invalid(_("Give a list of ids."))
    return list(dict.fromkeys(ids))


def _checked_value(incident: Incident, path: str, value: Any) -> Any:
    """The value in the breach-facts vocabulary (and for processors and clients: resolved from ids)."""
    if path == "data_categories":
        codes = value if isinstance(value, list) else None
        if not codes or any(c not in DATA_CATEGORY_CODES for c in codes) or len(set(codes)) != len(codes):
            raise _invalid(_("Choose one or more of: %(codes)s.") % {"codes": ", ".join(DATA_CATEGORY_CODES)})
        return normalise({"data_categories": codes})["data_categories"]
    if path == "subject_categories":
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise _invalid(_("Give a list of words, e.g. customers, employees."))
        return list(dict.fromkeys(v.strip() for v in value))
    if path == "subjects_count":
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise _invalid(_("Give a whole number, 0 or more."))
        return value
    if path.startswith("protection."):
        allowed = BACKUP_ORDER if path == "protection.backup" else PROTECTION_ORDER
        if value not in allowed:
            raise _invalid(_("Choose one of: %(codes)s.") % {"codes": ", ".join(allowed)})
        return value
    return _checked_parties(incident, path, _ids(value))


def _checked_parties(incident: Incident, path: str, ids: list[int]) -> list[dict[str, Any]]:
    if path == "processors":
        processors = Processor.objects.filter(organisation_id=incident.organisation_id).select_related(
            "parent"
        )
        found = {p.id: p for p in processors.filter(id__in=ids)}
        make = selectors.processor_value
    else:
        found = {c.id: c for c in selectors.clients_of(incident.organisation).filter(id__in=ids)}
        make = lambda c: {"id": c.id, "name": c.name}  # noqa: E731
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise _invalid(_("Unknown here: %(ids)s.") % {"ids": ", ".join(missing)})
    return [make(found[i]) for i in sorted(ids, key=lambda i: (found[i].name.lower(), i))]
