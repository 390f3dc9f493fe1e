"""What the inventory says *could* have leaked when these systems are hit: the proposal of breach facts.

Pure functions over plain data (``SystemData``, ``ActivityData``); ``inventory.selectors.incident_proposal``
feeds them from the database. Each proposed value carries the sentence saying where it comes from, because
until a person confirms it, it is only *derived* (see ``IncidentFactProvenance``).

- data and subject categories: the union over the processing activities that use the affected systems;
- number of people: the **sum** over those activities — an upper bound, since one person may be in several;
- protection: the **weakest** encryption, hashing and backup among the affected systems;
- processors: those of the activities, those hosting the systems, and their sub-processors (names, countries);
- client organisations, only when we are the processor (Art. 33(2)): those the activities are done for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from inventory.vocabulary import (
    BACKUP_ORDER,
    DATA_CATEGORY_CODES,
    PROTECTION_ORDER,
    SUBJECT_CATEGORY_CODES,
    in_vocabulary_order,
)


@dataclass(frozen=True)
class ProcessorData:
    id: int
    name: str
    country: str
    role: str = "processor"
    parent: str | None = None  # for a sub-processor: the processor that engaged it
    sub_processors: tuple[ProcessorData, ...] = ()

    def as_value(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "country": self.country,
            "role": self.role,
            "parent": self.parent,
        }


@dataclass(frozen=True)
class ClientData:
    id: int
    name: str

    def as_value(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name}


@dataclass(frozen=True)
class SystemData:
    id: int
    name: str
    encryption: str
    hashing: str
    backup: str
    hosting_processor: ProcessorData | None = None


@dataclass(frozen=True)
class ActivityData:
    id: int
    name: str
    system_ids: frozenset[int]
    data_categories: tuple[str, ...] = ()
    subject_categories: tuple[str, ...] = ()
    subjects_count: int | None = None
    processors: tuple[ProcessorData, ...] = ()
    clients: tuple[ClientData, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ProposedFact:
    path: str
    value: Any
    source: str


def propose(
    systems: Sequence[SystemData], activities: Iterable[ActivityData], *, our_role: str
) -> list[ProposedFact]:
    """The facts the inventory proposes for an incident that affects ``systems``."""
    if not systems:
        return []
    system_ids = {s.id for s in systems}
    used = [a for a in activities if a.system_ids & system_ids]
    facts = [
        *_categories(systems, used),
        *_subjects_count(used),
        *_protection(systems),
        *_processors(systems, used),
    ]
    if our_role == "processor":
        facts.extend(_clients(used))
    return facts


def _names(items: Iterable[Any]) -> str:
    return ", ".join(item.name for item in items)


def source_of(systems: Sequence[SystemData], activities: Sequence[ActivityData]) -> str:
    """``from systems: Webshop DB (activities: Orders, Newsletter); Mailbox (activities: Support)``."""
    parts = []
    for system in systems:
        names = [a.name for a in activities if system.id in a.system_ids]
        parts.append(f"{system.name} (activities: {', '.join(names)})" if names else system.name)
    return "from systems: " + "; ".join(parts)


def _contributing(systems: Sequence[SystemData], activities: Sequence[ActivityData], has) -> str:
    with_value = [a for a in activities if has(a)]
    return source_of([s for s in systems if any(s.id in a.system_ids for a in with_value)], with_value)


def _categories(systems: Sequence[SystemData], used: Sequence[ActivityData]) -> list[ProposedFact]:
    facts = []
    for path, order in (
        ("data_categories", DATA_CATEGORY_CODES),
        ("subject_categories", SUBJECT_CATEGORY_CODES),
    ):
        codes = in_vocabulary_order((code for a in used for code in getattr(a, path)), order)
        if codes:
            source = _contributing(systems, used, lambda a, path=path: bool(getattr(a, path)))
            facts.append(ProposedFact(path, codes, source))
    return facts


def _subjects_count(used: Sequence[ActivityData]) -> list[ProposedFact]:
    counted = [a for a in used if a.subjects_count is not None]
    if not counted:
        return []
    total = sum(a.subjects_count or 0 for a in counted)
    terms = " + ".join(f"{a.name} ({a.subjects_count:,})" for a in counted)
    source = (
        f"upper bound: the sum over the activities {terms}; "
        "people in more than one activity are counted more than once"
    )
    return [ProposedFact("subjects_count", total, source)]


def _weakest(systems: Sequence[SystemData], attribute: str, order: tuple[str, ...]) -> ProposedFact:
    value = min((getattr(s, attribute) for s in systems), key=order.index)
    weakest = [s.name for s in systems if getattr(s, attribute) == value]
    others = [f"{s.name}: {getattr(s, attribute)}" for s in systems if getattr(s, attribute) != value]
    source = f"the weakest among the affected systems: {', '.join(weakest)}"
    if others:
        source += f" (others: {'; '.join(others)})"
    return ProposedFact(f"protection.{attribute}", value, source)


def _protection(systems: Sequence[SystemData]) -> list[ProposedFact]:
    return [
        _weakest(systems, "encryption", PROTECTION_ORDER),
        _weakest(systems, "hashing", PROTECTION_ORDER),
        _weakest(systems, "backup", BACKUP_ORDER),
    ]


def _processors(systems: Sequence[SystemData], used: Sequence[ActivityData]) -> list[ProposedFact]:
    found: dict[int, ProcessorData] = {}
    reasons: list[str] = []
    for system in systems:
        if system.hosting_processor is not None:
            found.setdefault(system.hosting_processor.id, system.hosting_processor)
            reasons.append(f"{system.hosting_processor.name} hosts {system.name}")
    for activity in used:
        for processor in activity.processors:
            found.setdefault(processor.id, processor)
        if activity.processors:
            reasons.append(f"{activity.name}: {_names(activity.processors)}")
    for processor in list(found.values()):  # their sub-processors may hold the data too (Art. 28(4))
        for sub in processor.sub_processors:
            found.setdefault(sub.id, sub)
            reasons.append(f"{sub.name} is a sub-processor of {processor.name}")
    if not found:
        return []
    value = [p.as_value() for p in sorted(found.values(), key=lambda p: (p.name.lower(), p.id))]
    return [ProposedFact("processors", value, "; ".join(reasons))]


def _clients(used: Sequence[ActivityData]) -> list[ProposedFact]:
    found: dict[int, ClientData] = {}
    for activity in used:
        for client in activity.clients:
            found.setdefault(client.id, client)
    if not found:
        return []
    value = [c.as_value() for c in sorted(found.values(), key=lambda c: (c.name.lower(), c.id))]
    doing = [f"{a.name} (for {_names(a.clients)})" for a in used if a.clients]
    return [
        ProposedFact("client_organisations", value, "done for clients in the activities " + "; ".join(doing))
    ]
