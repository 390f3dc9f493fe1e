"""Cards an app above adds to a page of an app below (the alerts app: the webhooks card on the organisation page,
the e-mail choices on the account page), so the page's own app need not name it. A builder returns a card, or
None when it has nothing to show this request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Card:
    """A template included on the page with its context (under the name ``card``)."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


CardBuilder = Callable[..., "Card | None"]
_BUILDERS: dict[str, list[CardBuilder]] = {}


def register_card(page: str, builder: CardBuilder) -> None:
    builders = _BUILDERS.setdefault(page, [])
    if builder not in builders:
        builders.append(builder)


def cards_for(page: str, request: Any, **context: Any) -> list[Card]:
    """The registered cards of ``page`` that have something to show, in the order they were registered."""
    return [card for builder in _BUILDERS.get(page, []) if (card := builder(request, **context)) is not None]
