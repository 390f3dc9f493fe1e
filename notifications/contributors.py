"""What apps above the notices add to them, registered from their ``AppConfig.ready()`` — the notices never name
those apps (the outbox, ``delivery``, registers all of these):

- steps of the notice page and the API beyond the approval road (``send``, ``retry``), each a service taking
  ``actor`` and ``notice_id``, with the message the page shows once it is taken;
- parts of the notice page: a function of the request and the notice giving context for its template;
- counters of the people told, by channel: a notice's content says how many were told (Art. 33(3), 34).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from incidents.models import Incident

_STEPS: dict[str, tuple[Callable[..., Any], str]] = {}
_PAGE_PARTS: list[Callable[..., Mapping[str, Any]]] = []
_TOLD_COUNTERS: list[Callable[[Incident], Mapping[str, int]]] = []


def register_step(name: str, service: Callable[..., Any], message: str) -> None:
    _STEPS[name] = (service, message)


def steps() -> dict[str, tuple[Callable[..., Any], str]]:
    return dict(_STEPS)


def register_page_part(part: Callable[..., Mapping[str, Any]]) -> None:
    if part not in _PAGE_PARTS:
        _PAGE_PARTS.append(part)


def page_parts(request, notice) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for part in _PAGE_PARTS:
        context.update(part(request, notice))
    return context


def register_told_counter(counter: Callable[[Incident], Mapping[str, int]]) -> None:
    if counter not in _TOLD_COUNTERS:
        _TOLD_COUNTERS.append(counter)


def told_by_channel(incident: Incident) -> dict[str, int]:
    """The people told of this incident's breach, by channel (``Channel`` values), as the registered apps count."""
    total: Counter[str] = Counter()
    for counter in _TOLD_COUNTERS:
        total.update(counter(incident))
    return dict(total)
