"""An assessment's result as the risk panel shows it: the breach's verdicts above, then each group of people with its
risk, whether its people must be told, its exemptions, its weighing in one plain line and its reasons — and, when
the advice depends on facts still to be determined, the EDPB template's fourth outcome, *more information needed*,
with those facts and the verdicts they would change. Never a silent default: a fact to be determined is named with
the reading the advice took for it.

A decision made before engine 2 has no ``groups``: it is shown as one group with the breach's verdicts (and no
weighing: that engine did not weigh).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from risk import explanations
from risk.engine import FactsError, assess
from risk.engine.decision import MILDER, STRICTER, TBD_PEOPLE, VERDICT_KEYS
from risk.engine.facts import V1_GROUP_LABEL, breach_view
from risk.engine.weighing import AVAILABILITY_UNLIKELY, HIGH_INDEX, MINOR_CONSEQUENCES, UNLIKELY_INDEX
from risk.forms import RECIPIENT_CHOICES
from vocabulary import codes as vocabulary

ALL_PEOPLE = gettext_lazy("All affected people")  # v1's one group ("all"), as a person would call it
# What each fact to be determined is called on the form, and its readings in the form's words.
TBD_FACTS = {
    "confidentiality": (gettext_lazy("Was the data accessed?"), dict(vocabulary.CONFIDENTIALITY)),
    "recipients": (gettext_lazy("Who may have the data now"), dict(RECIPIENT_CHOICES)),
    "cause": (gettext_lazy("Cause"), dict(vocabulary.CAUSES)),
}


@dataclass(frozen=True)
class GroupResult:
    label: str
    subjects_count: int | None
    risk: str
    notify_subjects: bool
    public_communication: bool
    exemptions: list[str]
    weighing: str  # one plain line; empty for a decision before engine 2
    reasons: list[Mapping[str, Any]]  # the group's own (for one group: those of the breach, shown below)


@dataclass(frozen=True)
class Undetermined:
    what: str  # the fact, as the form asks it
    stricter: str  # the reading the advice took until it is known
    milder: str  # the reading that tells whether the advice depends on it


@dataclass(frozen=True)
class Change:
    verdict: str
    now: str
    milder: str


@dataclass(frozen=True)
class Outcome:
    groups: list[GroupResult]
    undetermined: list[Undetermined] = field(default_factory=list)
    needs_more_information: bool = False
    changes: list[Change] = field(default_factory=list)  # what the milder readings would change
    tbd_people: int = TBD_PEOPLE  # how many people a number to be determined is read as


def outcome(assessment: Any) -> Outcome:
    """The result of an assessment (its stored ``decision`` and ``facts``) for the panel."""
    decision, facts = assessment.decision, assessment.facts
    undetermined = [_undetermined(path, facts) for path in decision.get("to_be_determined") or []]
    needed = bool(decision.get("needs_more_information"))
    return Outcome(
        groups=group_results(decision, facts),
        undetermined=undetermined,
        needs_more_information=needed,
        changes=_changes(decision, facts) if needed else [],
    )


def group_label(label: str, *, only: bool) -> str:
    """A group's label as the assessor wrote it; v1's one group "all" as words."""
    return str(ALL_PEOPLE) if only and label == V1_GROUP_LABEL else label


def group_results(decision: Mapping[str, Any], facts: Mapping[str, Any]) -> list[GroupResult]:
    groups = decision.get("groups")
    if not groups:  # decided before engine 2: one group, the breach's verdicts
        return [
            GroupResult(
                label=str(ALL_PEOPLE),
                subjects_count=breach_view(facts).get("subjects_count"),
                risk=decision["risk"],
                notify_subjects=decision["notify_subjects"],
                public_communication=decision["public_communication"],
                exemptions=list(decision.get("exemptions") or []),
                weighing="",
                reasons=[],
            )
        ]
    only = len(groups) == 1
    stored = facts.get("groups") or []
    # The decision holds the number the verdict was reached with; one to be determined is said as such.
    undetermined = {
        i for i, g in enumerate(stored) if isinstance(g, Mapping) and g.get("subjects_count") is None
    }
    return [
        GroupResult(
            label=group_label(g["label"], only=only),
            subjects_count=None if index in undetermined else g.get("subjects_count"),
            risk=g["risk"],
            notify_subjects=g["notify_subjects"],
            public_communication=g["public_communication"],
            exemptions=list(g.get("exemptions") or []),
            weighing=weighing_text(g.get("weighing")),
            reasons=[] if only else list(g.get("reasons") or []),
        )
        for index, g in enumerate(groups)
    ]


def _number(value: float) -> str:
    return formats.number_format(value, decimal_pos=2)


def weighing_text(weighing: Mapping[str, Any] | None) -> str:
    """A group's weighing in one plain line (risk/RULES.md §3): the factors multiplied into the index, and what the
    index's band means on its own."""
    if not weighing:
        return ""
    holder = explanations.VOCABULARIES["holder"].get(weighing["holder"], weighing["holder"])
    index = weighing["index"]
    line = _(
        "Consequences %(consequences)s × holder %(holder_factor)s (%(holder)s) × likelihood %(likelihood)s × "
        "people %(people)s = index %(index)s"
    ) % {
        "consequences": _number(weighing["consequences"]),
        "holder_factor": _number(weighing["holder_factor"]),
        "holder": holder,
        "likelihood": _number(weighing["likelihood"]),
        "people": _number(weighing["people_factor"]),
        "index": _number(index),
    }
    limits = {
        "unlikely": _number(UNLIKELY_INDEX),
        "high": _number(HIGH_INDEX),
        "minor": _number(MINOR_CONSEQUENCES),
    }
    if not index:
        band = _("nobody unauthorised can read the data: confidentiality weighs nothing")
    elif index < UNLIKELY_INDEX:
        band = (
            _("below %(unlikely)s: minor and improbable, when the consequences are below %(minor)s too")
            % limits
        )
    elif index < HIGH_INDEX:
        band = _("from %(unlikely)s to %(high)s: a risk, not on its own a high one") % limits
    else:
        band = _("%(high)s or more: on its own, a high risk is likely") % limits
    text = f"{line} — {band}."
    if weighing.get("availability"):
        text += " " + _(
            "Unavailability weighs %(availability)s (below %(limit)s: a brief inconvenience)."
        ) % {"availability": _number(weighing["availability"]), "limit": _number(AVAILABILITY_UNLIKELY)}
    return text


def _people(n: int) -> str:
    return formats.number_format(n, force_grouping=True)


def _undetermined(path: str, facts: Mapping[str, Any]) -> Undetermined:
    if path in TBD_FACTS:
        what, labels = TBD_FACTS[path]
        return Undetermined(str(what), str(labels[STRICTER[path]]), str(labels[MILDER[path]]))
    index = int(path.split("[")[1].split("]")[0]) if path.startswith("groups[") else 0
    groups = facts.get("groups") or [{}]
    label = (
        group_label(groups[index].get("label", ""), only=len(groups) == 1) if index < len(groups) else path
    )
    return Undetermined(
        _("Number of people in “%(group)s”") % {"group": label},
        _("%(n)s people") % {"n": _people(TBD_PEOPLE)},
        _("1 person"),
    )


def _milder(facts: Mapping[str, Any]) -> dict[str, Any]:
    """The facts with every fact to be determined read the milder way (the engine's test for "more information
    needed"): not accessed, identified recipients, an accident, one person."""
    milder = {**facts, **{key: value for key, value in MILDER.items() if facts.get(key, "") is None}}
    milder["groups"] = [
        {**g, "subjects_count": 1} if g.get("subjects_count") is None else g
        for g in facts.get("groups") or []
    ]
    return milder


def _said(key: str, value: Any) -> str:
    if key == "risk":
        return explanations.risk_label(value)
    return _("yes") if value else _("no")


def _changes(decision: Mapping[str, Any], facts: Mapping[str, Any]) -> list[Change]:
    """The verdicts that the milder readings of the facts to be determined would change."""
    try:
        milder = assess(_milder(facts)).to_dict()
    except (FactsError, TypeError, KeyError):
        return []
    return [
        Change(str(explanations.VERDICT_LABELS[key]), _said(key, decision[key]), _said(key, milder[key]))
        for key in VERDICT_KEYS
        if milder[key] != decision.get(key)
    ]
