"""What the inventory says *could* have leaked when these systems are hit: the proposal of breach facts.

Pure functions over plain data (``SystemData``, ``ActivityData``); ``inventory.selectors.incident_proposal``
feeds them from the database. Each proposed value carries the sentence saying where it comes from, because
until a person confirms it, it is only *derived* (see ``IncidentFactProvenance``). That sentence is a message
(vocabulary/messages.py: a template marked ``N_`` with the names as parameters), stored beside its English text
so that the incident card and the risk form say it in the reader's language (inventory/sources.py).

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
from vocabulary.messages import N_, Code, Join, Message, msg, render


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
    message: Message  # where the value comes from

    @property
    def source(self) -> str:
        """Where the value comes from, in English: the text stored beside the message and shown by the API."""
        return render(self.message)


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


def source_of(systems: Sequence[SystemData], activities: Sequence[ActivityData]) -> Message:
    """``from systems: Webshop DB (activities: Orders, Newsletter); Mailbox (activities: Support)`` — the systems
    given, each with the activities using it (every system given is used by at least one of them)."""
    parts = []
    for system in systems:
        names = ", ".join(a.name for a in activities if system.id in a.system_ids)
        parts.append(msg(N_("%(system)s (activities: %(activities)s)"), system=system.name, activities=names))
    return msg(N_("from systems: %(systems)s"), systems=Join(tuple(parts), "; "))


def _contributing(systems: Sequence[SystemData], activities: Sequence[ActivityData], has) -> Message:
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
    terms = tuple(msg(N_("%(activity)s (%(n)s)"), activity=a.name, n=a.subjects_count or 0) for a in counted)
    source = msg(
        N_(
            "upper bound: the sum over the activities %(terms)s; "
            "people in more than one activity are counted more than once"
        ),
        terms=Join(terms, " + "),
    )
    return [ProposedFact("subjects_count", total, source)]


def _weakest(systems: Sequence[SystemData], attribute: str, order: tuple[str, ...]) -> ProposedFact:
    value = min((getattr(s, attribute) for s in systems), key=order.index)
    weakest = ", ".join(s.name for s in systems if getattr(s, attribute) == value)
    others = tuple(
        # Translators: an affected system and its protection, e.g. "Mailbox: weak or outdated".
        msg(N_("%(system)s: %(level)s"), system=s.name, level=Code(attribute, getattr(s, attribute)))
        for s in systems
        if getattr(s, attribute) != value
    )
    if others:
        source = msg(
            N_("the weakest among the affected systems: %(systems)s (others: %(others)s)"),
            systems=weakest,
            others=Join(others, "; "),
        )
    else:
        source = msg(N_("the weakest among the affected systems: %(systems)s"), systems=weakest)
    return ProposedFact(f"protection.{attribute}", value, source)


def _protection(systems: Sequence[SystemData]) -> list[ProposedFact]:
    return [
        _weakest(systems, "encryption", PROTECTION_ORDER),
        _weakest(systems, "hashing", PROTECTION_ORDER),
        _weakest(systems, "backup", BACKUP_ORDER),
    ]


def _processors(systems: Sequence[SystemData], used: Sequence[ActivityData]) -> list[ProposedFact]:
    found: dict[int, ProcessorData] = {}
    reasons: list[Message] = []
    for system in systems:
        if system.hosting_processor is not None:
            found.setdefault(system.hosting_processor.id, system.hosting_processor)
            reasons.append(
                msg(
                    N_("%(processor)s hosts %(system)s"),
                    processor=system.hosting_processor.name,
                    system=system.name,
                )
            )
    for activity in used:
        for processor in activity.processors:
            found.setdefault(processor.id, processor)
        if activity.processors:
            # Translators: a processing activity and the processors it uses, e.g. "Orders: Shopify, PostNL".
            reasons.append(
                msg(
                    N_("%(activity)s: %(processors)s"),
                    activity=activity.name,
                    processors=_names(activity.processors),
                )
            )
    for processor in list(found.values()):  # their sub-processors may hold the data too (Art. 28(4))
        for sub in processor.sub_processors:
            found.setdefault(sub.id, sub)
            reasons.append(
                msg(N_("%(sub)s is a sub-processor of %(processor)s"), sub=sub.name, processor=processor.name)
            )
    if not found:
        return []
    value = [p.as_value() for p in sorted(found.values(), key=lambda p: (p.name.lower(), p.id))]
    source = msg(N_("from systems and activities: %(reasons)s"), reasons=Join(tuple(reasons), "; "))
    return [ProposedFact("processors", value, source)]


def _clients(used: Sequence[ActivityData]) -> list[ProposedFact]:
    found: dict[int, ClientData] = {}
    for activity in used:
        for client in activity.clients:
            found.setdefault(client.id, client)
    if not found:
        return []
    value = [c.as_value() for c in sorted(found.values(), key=lambda c: (c.name.lower(), c.id))]
    doing = tuple(
        msg(N_("%(activity)s (for %(clients)s)"), activity=a.name, clients=_names(a.clients))
        for a in used
        if a.clients
    )
    source = msg(N_("done for clients in the activities %(activities)s"), activities=Join(doing, "; "))
    return [ProposedFact("client_organisations", value, source)]
