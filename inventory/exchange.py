"""The inventory of one organisation as a document: JSON for the whole (export and import), CSV per table.

Records refer to each other by **name** (unique per organisation) and to client organisations by their short
name (slug), so a document is readable, can be edited by hand and loaded into another installation.

    {"format": "datalek-inventory", "version": 1, "organisation": "fietsenbaas", "exported_at": "…",
     "processors": [{"name", "country", "role", "contact", "parent", "archived"}],
     "systems": [{"name", "description", "owner", "hosting_processor", "hosting", "country", "encryption",
                  "hashing", "backup", "archived"}],
     "processing_activities": [{"name", "purpose", "legal_basis", "data_categories", "subject_categories",
                                "subjects_count", "retention", "systems", "processors", "client_organisations",
                                "archived"}]}

``read_document`` checks a whole document before anything is written and names every problem by its place
(``systems[2].encryption``) and its record's name; ``inventory.services.inventory_import`` applies it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from datalek.csv_files import csv_text
from incidents.models import Organisation
from inventory import selectors
from inventory.models import InventoryRecord, ProcessingActivity, Processor, System
from inventory.validation import field_errors, normalise

FORMAT = "datalek-inventory"
VERSION = 1
SECTIONS: dict[str, type[InventoryRecord]] = {
    "processors": Processor,
    "systems": System,
    "processing_activities": ProcessingActivity,
}
SECTION_OF = {model: section for section, model in SECTIONS.items()}
HEADER_KEYS = ("format", "version", "organisation", "exported_at")


# --- records as document entries ---------------------------------------------------------------------


def _names(items) -> list[str]:
    return sorted(item.name for item in items)


def processor_entry(p: Processor, m2m: Mapping[str, Any] | None = None) -> dict[str, Any]:
    return {
        "name": p.name,
        "country": p.country,
        "role": p.role,
        "contact": p.contact,
        "parent": p.parent.name if p.parent_id else None,
        "archived": p.is_archived,
    }


def system_entry(s: System, m2m: Mapping[str, Any] | None = None) -> dict[str, Any]:
    return {
        "name": s.name,
        "description": s.description,
        "owner": s.owner,
        "hosting_processor": s.hosting_processor.name if s.hosting_processor_id else None,
        "hosting": s.hosting,
        "country": s.country,
        "encryption": s.encryption,
        "hashing": s.hashing,
        "backup": s.backup,
        "archived": s.is_archived,
    }


def activity_entry(a: ProcessingActivity, m2m: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``m2m``: the related records about to be set (before they are saved); else those in the database."""

    def related(name: str) -> list[Any]:
        if m2m is not None and name in m2m:
            return list(m2m[name])
        return list(getattr(a, name).all()) if a.pk else []

    return {
        "name": a.name,
        "purpose": a.purpose,
        "legal_basis": a.legal_basis,
        "data_categories": list(a.data_categories),
        "subject_categories": list(a.subject_categories),
        "subjects_count": a.subjects_count,
        "retention": a.retention,
        "systems": _names(related("systems")),
        "processors": _names(related("processors")),
        "client_organisations": sorted(c.slug for c in related("client_organisations")),
        "archived": a.is_archived,
    }


ENTRY: dict[type[InventoryRecord], Callable[..., dict[str, Any]]] = {
    Processor: processor_entry,
    System: system_entry,
    ProcessingActivity: activity_entry,
}


def entry(record: InventoryRecord, m2m: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The record as it appears in a document (also what the change log compares)."""
    return ENTRY[type(record)](record, m2m)


def export_document(organisation: Organisation, *, exported_at: datetime) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "organisation": organisation.slug,
        "exported_at": exported_at.isoformat(),
    }
    for section, model in SECTIONS.items():
        document[section] = [entry(r) for r in selectors.records_of(model, organisation).order_by("name")]
    return document


def export_csv(organisation: Organisation, section: str) -> str:
    """One table as CSV; lists are joined with "; ". For spreadsheets: the JSON document is the one to import."""
    rows = export_document(organisation, exported_at=timezone.now())[section]
    columns = list(FIELDS[section])
    return csv_text(columns, ([row.get(column) for column in columns] for row in rows))


# --- reading a document --------------------------------------------------------------------------------

# Per section: field → (type check, required, default). Types are JSON's: no coercion ("3" is not a count).
Check = Callable[[Any], bool]


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _text_or_null(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _count_or_null(value: Any) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)


def _bool(value: Any) -> bool:
    return isinstance(value, bool)


TYPE_HINTS = {
    _text: gettext_lazy("a string"),
    _text_or_null: gettext_lazy("a string or null"),
    _texts: gettext_lazy("a list of strings"),
    _count_or_null: gettext_lazy("an integer >= 0 or null"),
    _bool: gettext_lazy("true or false"),
}

FIELDS: dict[str, dict[str, tuple[Check, bool, Any]]] = {
    "processors": {
        "name": (_text, True, None),
        "country": (_text, True, None),
        "role": (_text, False, Processor.Role.PROCESSOR.value),
        "contact": (_text, False, ""),
        "parent": (_text_or_null, False, None),
        "archived": (_bool, False, False),
    },
    "systems": {
        "name": (_text, True, None),
        "description": (_text, False, ""),
        "owner": (_text, False, ""),
        "hosting_processor": (_text_or_null, False, None),
        "hosting": (_text, False, ""),
        "country": (_text, True, None),
        "encryption": (_text, False, "none"),
        "hashing": (_text, False, "none"),
        "backup": (_text, False, "none"),
        "archived": (_bool, False, False),
    },
    "processing_activities": {
        "name": (_text, True, None),
        "purpose": (_text, True, None),
        "legal_basis": (_text, False, ""),
        "data_categories": (_texts, False, []),
        "subject_categories": (_texts, False, []),
        "subjects_count": (_count_or_null, False, None),
        "retention": (_text, False, ""),
        "systems": (_texts, False, []),
        "processors": (_texts, False, []),
        "client_organisations": (_texts, False, []),
        "archived": (_bool, False, False),
    },
}
# Entries that name other records rather than hold a value of the record itself.
REFERENCES = {
    "processors": ("parent",),
    "systems": ("hosting_processor",),
    "processing_activities": ("systems", "processors", "client_organisations"),
}


@dataclass
class Item:
    """One record of a document, checked: its own values and the names it refers to."""

    section: str
    index: int
    name: str
    values: dict[str, Any]
    refs: dict[str, Any] = field(default_factory=dict)
    action: str | None = None  # what the import did with it: created, updated, … or None (unchanged)

    @property
    def place(self) -> str:
        return f"{self.section}[{self.index}]"


@dataclass
class Plan:
    items: dict[str, list[Item]]

    def count(self) -> int:
        return sum(len(items) for items in self.items.values())


class _Problems:
    """Every problem in a document, keyed by its place, each message naming the record."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, place: str, message: str, name: str | None = None) -> None:
        text = f"“{name}”: {message}" if name else message
        self.errors.setdefault(place, []).append(text)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def read_document(document: Any, organisation: Organisation) -> Plan:
    """Check a whole document against the organisation's inventory; raise one ValidationError naming every
    problem, or return the plan to apply. Nothing is written here."""
    problems = _Problems()
    if not isinstance(document, Mapping):
        problems.add("document", _("An inventory document is a JSON object."))
        problems.raise_if_any()
    _check_header(document, problems)
    items = {section: _read_section(section, document.get(section, []), problems) for section in SECTIONS}
    _check_references(items, organisation, problems)
    problems.raise_if_any()
    return Plan(items)


def _check_header(document: Mapping[str, Any], problems: _Problems) -> None:
    for key in document:
        if key not in HEADER_KEYS and key not in SECTIONS:
            allowed = ", ".join((*HEADER_KEYS, *SECTIONS))
            problems.add(str(key), _("Unknown key; allowed: %(allowed)s.") % {"allowed": allowed})
    if document.get("format", FORMAT) != FORMAT:
        problems.add("format", _("This is not a Datalek inventory (format must be “%(f)s”).") % {"f": FORMAT})
    if document.get("version", VERSION) != VERSION:
        problems.add("version", _("Only version %(v)s can be read.") % {"v": VERSION})


def _read_section(section: str, entries: Any, problems: _Problems) -> list[Item]:
    if not isinstance(entries, list):
        problems.add(section, _("Must be a list of records."))
        return []
    items, seen = [], set()
    for index, raw in enumerate(entries):
        item = _read_entry(section, index, raw, problems)
        if item is None:
            continue
        if item.name in seen:
            problems.add(f"{item.place}.name", _("The name appears twice in this list."), item.name)
        seen.add(item.name)
        items.append(item)
    return items


def _read_entry(section: str, index: int, raw: Any, problems: _Problems) -> Item | None:
    place = f"{section}[{index}]"
    if not isinstance(raw, Mapping):
        problems.add(place, _("Must be an object."))
        return None
    name = raw.get("name") if isinstance(raw.get("name"), str) else None
    spec, values, ok = FIELDS[section], {}, True
    for key in raw:
        if key not in spec:
            problems.add(f"{place}.{key}", _("Unknown field; allowed: %(a)s.") % {"a": ", ".join(spec)}, name)
            ok = False
    for key, (check, required, default) in spec.items():
        if key not in raw:
            if required:
                problems.add(f"{place}.{key}", _("This field is required."), name)
                ok = False
            values[key] = default
        elif not check(raw[key]):
            problems.add(f"{place}.{key}", _("Must be %(type)s.") % {"type": TYPE_HINTS[check]}, name)
            ok = False
        elif _has_nul(raw[key]):
            problems.add(f"{place}.{key}", _("Contains a NUL character, which text cannot hold."), name)
            ok = False
        else:
            values[key] = raw[key]
    if not ok:
        return None
    refs = {key: values.pop(key) for key in REFERENCES[section]}
    item = Item(section, index, values["name"].strip(), normalise(values), refs)
    _check_fields(item, problems)
    return item


def _has_nul(value: Any) -> bool:
    """JSON may carry "\\u0000"; the database's text cannot (it refused the whole import with a server error)."""
    if isinstance(value, str):
        return "\x00" in value
    return isinstance(value, list) and any(isinstance(v, str) and "\x00" in v for v in value)


def _check_fields(item: Item, problems: _Problems) -> None:
    model = SECTIONS[item.section]
    candidate = model(**{k: v for k, v in item.values.items() if k != "archived"})
    for key, messages in field_errors(candidate).items():
        for message in messages:
            problems.add(f"{item.place}.{key}", message, item.name)


def _check_references(items: dict[str, list[Item]], organisation: Organisation, problems: _Problems) -> None:
    existing = {
        section: dict(model.objects.filter(organisation=organisation).values_list("name", "id"))
        for section, model in SECTIONS.items()
    }
    known = {section: set(existing[section]) | {i.name for i in items[section]} for section in SECTIONS}
    clients = set(selectors.clients_of(organisation).values_list("slug", flat=True))

    def check(item: Item, key: str, names: list[str], pool: set[str], what: str) -> None:
        unknown = [n for n in names if n not in pool]
        if unknown:
            problems.add(
                f"{item.place}.{key}",
                _("Unknown %(what)s: %(names)s.") % {"what": what, "names": ", ".join(unknown)},
                item.name,
            )

    for item in items["processors"]:
        parent = item.refs["parent"]
        check(item, "parent", [parent] if parent else [], known["processors"], _("processor"))
        if parent and item.values.get("role") != Processor.Role.SUB_PROCESSOR:
            problems.add(
                f"{item.place}.parent", _("Only a sub-processor has a processor above it."), item.name
            )
    _check_parent_cycles(items["processors"], organisation, problems)
    for item in items["systems"]:
        hosting = item.refs["hosting_processor"]
        check(item, "hosting_processor", [hosting] if hosting else [], known["processors"], _("processor"))
    for item in items["processing_activities"]:
        check(item, "systems", item.refs["systems"], known["systems"], _("system"))
        check(item, "processors", item.refs["processors"], known["processors"], _("processor"))
        check(
            item, "client_organisations", item.refs["client_organisations"], clients, _("client organisation")
        )


def _check_parent_cycles(items: list[Item], organisation: Organisation, problems: _Problems) -> None:
    parents = {
        p.name: p.parent.name if p.parent_id else None
        for p in Processor.objects.filter(organisation=organisation).select_related("parent")
    }
    parents |= {item.name: item.refs["parent"] for item in items}
    for item in items:
        seen, current = {item.name}, parents.get(item.name)
        while current is not None:
            if current in seen:
                problems.add(
                    f"{item.place}.parent", _("A processor cannot be its own (sub-)processor."), item.name
                )
                break
            seen.add(current)
            current = parents.get(current)


def processors_in_order(items: list[Item]) -> list[Item]:
    """Parents before their sub-processors (the document was checked for cycles)."""
    pending, placed, ordered = list(items), set(), []
    names_in_file = {i.name for i in items}
    while pending:
        ready = [
            i
            for i in pending
            if not i.refs["parent"] or i.refs["parent"] in placed or i.refs["parent"] not in names_in_file
        ]
        if not ready:  # only when the document was not checked first
            raise ValueError("processors refer to each other in a cycle")
        ordered.extend(ready)
        placed |= {i.name for i in ready}
        pending = [i for i in pending if i not in ready]
    return ordered
