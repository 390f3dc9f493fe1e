"""Labels and timeline templates of audit-event kinds. Each app registers its own kinds in its AppConfig.ready(),
and may ship ``templates/incidents/events/<kind>.html`` to show an event's details on the incident page."""

from __future__ import annotations

from collections.abc import Iterable

_LABELS: dict[str, str] = {}


def register_event_kinds(choices: Iterable[tuple[str, str]]) -> None:
    for value, label in choices:
        _LABELS[value] = label


def event_kind_label(kind: str) -> str:
    return str(_LABELS.get(kind, kind.replace("_", " ").capitalize()))


def event_templates(kind: str) -> list[str]:
    return [f"incidents/events/{kind}.html", "incidents/events/_generic.html"]
