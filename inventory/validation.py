"""Checks on inventory records, shared by the services (one record) and the import (a whole file).

Each returns ``{field: [messages]}``; empty means valid. The services raise them as a ValidationError, which
the views put on the form's fields and the API returns in its one error shape.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from incidents.models import Organisation
from inventory.models import InventoryRecord, ProcessingActivity, Processor, System
from inventory.vocabulary import DATA_CATEGORY_CODES, SUBJECT_CATEGORY_CODES, in_vocabulary_order

Errors = dict[str, list[str]]

# Fields that refer to other rows: checked here against the organisation, not by full_clean's queries.
REFERENCE_FIELDS = ("organisation", "parent", "hosting_processor")
M2M_FIELDS = {ProcessingActivity: ("systems", "processors", "client_organisations")}
TEXT_FIELDS = ("name", "description", "owner", "hosting", "contact", "purpose", "retention")


def normalise(values: Mapping[str, Any]) -> dict[str, Any]:
    """Trim text, upper-case country codes and put category codes in the vocabulary's order."""
    clean = dict(values)
    for name in TEXT_FIELDS:
        if isinstance(clean.get(name), str):
            clean[name] = clean[name].strip()
    if isinstance(clean.get("country"), str):
        clean["country"] = clean["country"].strip().upper()
    for name, order in (
        ("data_categories", DATA_CATEGORY_CODES),
        ("subject_categories", SUBJECT_CATEGORY_CODES),
    ):
        value = clean.get(name)
        if (
            isinstance(value, list)
            and all(isinstance(v, str) for v in value)
            and len(set(value)) == len(value)
        ):
            clean[name] = in_vocabulary_order(value, order)
    return clean


def field_errors(record: InventoryRecord) -> Errors:
    """Types, choices, lengths, required fields and the vocabulary (the model fields' own validators)."""
    try:
        record.full_clean(exclude=REFERENCE_FIELDS, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return dict(exc.message_dict)
    return {}


def name_errors(record: InventoryRecord) -> Errors:
    taken = (
        type(record)
        .objects.filter(organisation_id=record.organisation_id, name=record.name)
        .exclude(pk=record.pk)
        .exists()
    )
    if record.name and taken:
        return {"name": [_("“%(name)s” already exists in this inventory.") % {"name": record.name}]}
    return {}


def _foreign(items: Iterable[Any], organisation_id: int) -> list[str]:
    return [str(item) for item in items if item is not None and item.organisation_id != organisation_id]


def reference_errors(record: InventoryRecord, m2m: Mapping[str, list[Any]]) -> Errors:
    errors: Errors = {}
    org_id = record.organisation_id
    if isinstance(record, System) and _foreign([record.hosting_processor], org_id):
        errors["hosting_processor"] = [_("Choose a processor of this organisation.")]
    if isinstance(record, Processor):
        errors |= parent_errors(record)
    for name in ("systems", "processors"):
        if _foreign(m2m.get(name, []), org_id):
            errors[name] = [_("Choose only records of this organisation.")]
    clients = m2m.get("client_organisations", [])
    foreign = [c.name for c in clients if c.kind != Organisation.Kind.CLIENT or c.processor_id != org_id]
    if foreign:
        errors["client_organisations"] = [
            _("Not a client organisation we process for: %(names)s.") % {"names": ", ".join(foreign)}
        ]
    return errors


def parent_errors(processor: Processor) -> Errors:
    parent = processor.parent
    if parent is None:
        return {}
    if parent.organisation_id != processor.organisation_id:
        return {"parent": [_("Choose a processor of this organisation.")]}
    if processor.role != Processor.Role.SUB_PROCESSOR:
        return {"parent": [_("Only a sub-processor has a processor above it.")]}
    seen = {processor.pk} if processor.pk else set()
    while parent is not None:
        if parent.pk in seen or parent is processor:
            return {"parent": [_("A processor cannot be its own (sub-)processor.")]}
        seen.add(parent.pk)
        parent = parent.parent
    return {}


def record_errors(record: InventoryRecord, m2m: Mapping[str, list[Any]]) -> Errors:
    errors = field_errors(record)
    for name, messages in (name_errors(record) | reference_errors(record, m2m)).items():
        errors.setdefault(name, []).extend(messages)
    return errors
