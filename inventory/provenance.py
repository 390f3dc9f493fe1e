"""Provenance of breach facts, as plain data: which facts the inventory can propose, and — when an assessment
is run — whether each fact it used was *recorded* by a person, *derived* from the inventory, or *missing*.

Pure functions (no ORM), so the rule "an unchanged derived value stays derived; a changed one is recorded;
nothing is ever silently promoted" can be tested on its own.

The marks concern the breach as a whole, as the inventory proposes its facts: they are kept by v1's paths
(``data_categories``, ``subjects_count``, ``protection.encryption`` …), and for a breach of several groups of people
(breach facts v2) they are taken on its breach view — the groups' categories joined, their people added — which the
risk app hands in (``risk.selectors.marked_facts``). So the documents, which show a mark beside each fact of the
breach, read them as before, and a one-group breach has exactly the marks it had in v1. When a form is prefilled,
the proposals fill its first group.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

RECORDED, DERIVED, MISSING = "recorded", "derived", "missing"

# The breach facts (docs/breach-facts.md) that the inventory proposes, by dotted path.
BREACH_FACT_PATHS: tuple[str, ...] = (
    "data_categories",
    "subject_categories",
    "subjects_count",
    "protection.encryption",
    "protection.hashing",
    "protection.backup",
)
# Facts beyond the engine's input: who else was involved (AP form 3.3) and, for a processor, whose data it is.
PROPOSED_PATHS: tuple[str, ...] = (*BREACH_FACT_PATHS, "processors", "client_organisations")

PATH_LABELS = {
    "data_categories": _("Data categories"),
    "subject_categories": _("Subject categories"),
    "subjects_count": _("Number of people (upper bound)"),
    "protection.encryption": _("Encryption at rest"),
    "protection.hashing": _("Hashing of credentials"),
    "protection.backup": _("Backup"),
    "processors": _("Processors involved"),
    "client_organisations": _("Affected client organisations"),
}
# Objects that are one fact as a whole, not a group of facts.
_WHOLE = ("dpc_adjustment",)
# Facts whose empty value is a real answer, not a gap: no adjustment of the ENISA data score.
_NULL_IS_AN_ANSWER = ("dpc_adjustment",)


def flatten(facts: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"protection": {"encryption": "none"}}`` → ``{"protection.encryption": "none"}``."""
    flat: dict[str, Any] = {}
    for key, value in facts.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping) and path not in _WHOLE:
            flat.update(flatten(value, f"{path}."))
        else:
            flat[path] = value
    return flat


def set_path(facts: dict[str, Any], path: str, value: Any) -> None:
    *groups, key = path.split(".")
    target = facts
    for group in groups:
        target = target.setdefault(group, {})
    target[key] = value


def same_value(a: Any, b: Any) -> bool:
    """Equal as facts: lists compare as sets (the order a form returns them in means nothing), objects by
    content (the database may return their keys in another order)."""
    if isinstance(a, list) and isinstance(b, list):
        return sorted(map(_canonical, a)) == sorted(map(_canonical, b))
    return _canonical(a) == _canonical(b)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def is_missing(path: str, value: Any) -> bool:
    if path in _NULL_IS_AN_ANSWER:
        return False
    return value is None or value == "" or value == []


def assessment_marks(
    facts: Mapping[str, Any],
    *,
    derived: Mapping[str, Any],
    recorded: Mapping[str, Any],
    previous_facts: Mapping[str, Any] | None = None,
    previous_marks: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Each fact of an assessment run, by path: ``recorded``, ``derived`` or ``missing``.

    ``derived``/``recorded``: the incident's inventory provenance by path. A value equal to a derived
    proposal stays derived — also when it was derived in the version this run starts from — because a
    person left it as the inventory said, and that is no confirmation. Any other value is the person's.
    """
    previous_flat = flatten(previous_facts or {})
    previous_marks = previous_marks or {}
    marks = {}
    for path, value in flatten(facts).items():
        derived_now = path in derived and same_value(derived[path], value)
        derived_before = previous_marks.get(path) == DERIVED and same_value(previous_flat.get(path), value)
        if is_missing(path, value):
            marks[path] = MISSING
        elif path in recorded and same_value(recorded[path], value):
            marks[path] = RECORDED
        else:
            marks[path] = DERIVED if derived_now or derived_before else RECORDED
    return marks


def corrections(
    facts: Mapping[str, Any], marks: Mapping[str, str], provenance: Mapping[str, Any]
) -> dict[str, Any]:
    """Facts a person changed in the assessment form away from what the incident's provenance holds: they
    become the recorded value there too (``provenance``: the current value by path)."""
    flat = flatten(facts)
    return {
        path: flat[path]
        for path in BREACH_FACT_PATHS
        if marks.get(path) == RECORDED and path in provenance and not same_value(provenance[path], flat[path])
    }
