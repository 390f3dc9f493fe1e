"""The groups of people of a breach as the notices read them: each group's facts (breach facts v2) beside the
verdict the finalised assessment reached for it, and whom a notice to the people is for.

Art. 34(1) concerns the people *at high risk*: when one customer's medical note leaked with 1,200 customers' contact
data, the notice goes to that one person, and tells them of their own data. So a notice to the people of a breach
of several groups goes to the groups whose verdict is to tell them (high risk, not exempt), and each message names
the data of its reader's group. A breach of one group — every breach assessed before engine 2 — tells everyone on
the list, as before; so does a breach of several groups none of which must be told (a notice drafted anyway is a
voluntary one, and nothing in the decision singles out whom it is for).

A person belongs to a group by the label on the list (``AffectedSubject.group``), compared without regard to case
or surrounding spaces. On a breach told by group, a person whose label is blank or not one of the assessment's is
neither skipped nor told silently: they are a problem of the sending, for a DPO to set their group or exclude them.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from functools import reduce
from typing import Any

from django.db.models import Q

from risk.selectors import latest_final_of

V1_LABEL = "all"  # a v1 breach is one group by this label (risk.engine.facts)


@dataclass(frozen=True)
class Group:
    """One group of the breach: its people and data (the facts), and its verdict (the decision)."""

    label: str
    subject_categories: tuple[str, ...]
    subjects_count: int | None
    data_categories: tuple[str, ...]
    risk: str
    notify_subjects: bool
    public_communication: bool
    exemptions: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        return {key: list(value) if isinstance(value, tuple) else value for key, value in data.items()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Group:
        return cls(
            label=str(data.get("label") or ""),
            subject_categories=tuple(data.get("subject_categories") or ()),
            subjects_count=data.get("subjects_count"),
            data_categories=tuple(data.get("data_categories") or ()),
            risk=str(data.get("risk") or ""),
            notify_subjects=bool(data.get("notify_subjects")),
            public_communication=bool(data.get("public_communication")),
            exemptions=tuple(data.get("exemptions") or ()),
        )


def groups_of(facts: Mapping[str, Any], decision: Mapping[str, Any]) -> list[Group]:
    """The groups of a stored assessment, v1 or v2, each with its verdict. A v1 object is one group ("all") with
    v1's people fields; a decision made before engine 2 has no ``groups``, and its breach-wide verdicts are then the
    one group's."""
    if facts.get("version") == 2:
        people = [dict(g) for g in facts.get("groups") or []]
    else:
        keys = ("subject_categories", "subjects_count", "data_categories")
        people = [{"label": V1_LABEL, **{key: facts.get(key) for key in keys}}]
    verdicts = {g.get("label"): g for g in decision.get("groups") or []}
    found = []
    for person in people:
        verdict = verdicts.get(person.get("label"))
        if verdict is None:
            only = len(people) == 1 and len(verdicts) == 1
            verdict = next(iter(verdicts.values())) if only else decision
        found.append(Group.from_dict({**verdict, **person}))
    return found


def people_by_category(groups: Iterable[Group]) -> dict[str, int | None]:
    """How many people each category of data concerns, over the groups (None while a group that has it is still
    to be counted): what the forms ask as "how many were concerned by what"."""
    counts: dict[str, int | None] = {}
    for group in groups:
        for code in group.data_categories:
            before = counts.get(code, 0)
            count = group.subjects_count
            counts[code] = None if before is None or count is None else before + count
    return counts


def key_of(label: str) -> str:
    """A group label as the list and the assessment are compared: without regard to case or surrounding spaces
    (the database's ``iexact`` compares upper case, so this does too)."""
    return label.strip().upper()


@dataclass(frozen=True)
class Audience:
    """Whom a notice to the people is for: the breach's groups with their verdicts. ``by_group`` when the notice
    goes to some groups only; else to everyone on the list."""

    groups: tuple[Group, ...] = ()

    @property
    def by_group(self) -> bool:
        return len(self.groups) > 1 and any(g.notify_subjects for g in self.groups)

    @property
    def told(self) -> tuple[Group, ...]:
        """The groups the notice goes to (all of them unless by group)."""
        return tuple(g for g in self.groups if g.notify_subjects) if self.by_group else self.groups

    @property
    def not_told(self) -> tuple[Group, ...]:
        return tuple(g for g in self.groups if not g.notify_subjects) if self.by_group else ()

    @property
    def told_labels(self) -> tuple[str, ...] | None:
        """The labels of the groups told, or None when everyone is told: what a sending must agree on."""
        return tuple(sorted(g.label for g in self.told)) if self.by_group else None

    @property
    def told_count(self) -> int | None:
        """How many people the groups told are (by the facts); None while one of them is to be counted."""
        counts = [g.subjects_count for g in self.told]
        return None if None in counts else sum(counts)  # type: ignore[arg-type]

    def label_for(self, value: str) -> str | None:
        """The assessment's label a person's group stands for, or None (blank, or a label it does not have)."""
        return {key_of(g.label): g.label for g in self.groups}.get(key_of(value)) if value.strip() else None

    def told_people(self) -> Q:
        """Of the people on the list, those the notice is for (every one unless by group)."""
        return _in_groups(g.label for g in self.told) if self.by_group else Q()

    def ungrouped(self) -> Q:
        """Of the people on the list, those a notice by group can place in none of the groups: a blank group, or
        one the assessment does not have. Nobody when everyone is told."""
        return ~_in_groups(g.label for g in self.groups) if self.by_group else Q(pk__in=[])

    def to_content(self) -> dict[str, Any]:
        return {"groups": [g.to_dict() for g in self.groups]}

    @classmethod
    def from_content(cls, content: Mapping[str, Any]) -> Audience:
        """The audience a notice was drafted and approved for; a notice without one is for everyone."""
        stored = content.get("audience") or {}
        return cls(tuple(Group.from_dict(g) for g in stored.get("groups") or []))


EVERYONE = Audience()


def _in_groups(labels: Iterable[str]) -> Q:
    matches = [Q(group__iexact=label.strip()) for label in labels]
    return reduce(operator.or_, matches) if matches else Q(pk__in=[])


def audience_of(incident) -> Audience:
    """The audience the latest finalised assessment gives a notice to the people (the one the DPO decided on;
    ``risk.selectors.latest_final_of``). Everyone before there is one."""
    assessment = latest_final_of(incident)
    if assessment is None:
        return EVERYONE
    return Audience(tuple(groups_of(assessment.facts, assessment.decision)))


def texts_for(content: Mapping[str, Any], language: str, group: str) -> dict[str, str]:
    """A notice's texts in ``language`` for a person of ``group``: with their group's own sections (the data
    concerned, what it can mean, what to do: ``group_texts``) when the notice is told by group. A notice approved
    before issue 15 kept one text per group, on the data only."""
    texts = dict((content.get("texts") or {}).get(language) or {})
    own = ((content.get("group_texts") or {}).get(language) or {}).get(group)
    if isinstance(own, str):
        texts["data"] = own
    elif isinstance(own, Mapping):
        texts.update(own)
    return texts
