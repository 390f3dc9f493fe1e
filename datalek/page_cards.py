"""Cards an app above adds to a page of an app below, so that the page's own app (and its templates) need not name
it: the panels of the incident page and the dashboard, the webhooks card on the organisation page, the e-mail choices
on the account page, the links of the navigation. Each app registers its builders in its ``AppConfig.ready()``; a
builder returns a card, or None when it has nothing to show this request. The page includes the cards of a slot
in their order (``{% page_cards "slot" %}`` from ``page_tags``, or ``cards_for`` in the view)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class Card:
    """A template included on the page with its context (under the name ``card``), at its place in the slot
    (lower ``order`` first; equal orders keep the order of registration)."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


CardBuilder = Callable[..., "Card | None"]
_BUILDERS: dict[str, list[CardBuilder]] = {}


def register_card(page: str, builder: CardBuilder) -> None:
    builders = _BUILDERS.setdefault(page, [])
    if builder not in builders:
        builders.append(builder)


def cards_for(page: str, request: Any, **context: Any) -> list[Card]:
    """The registered cards of ``page`` that have something to show, in their order."""
    cards = [card for builder in _BUILDERS.get(page, []) if (card := builder(request, **context)) is not None]
    return sorted(cards, key=lambda card: card.order)


PANEL_TEMPLATE = "datalek/_panel.html"


def panel(
    anchor: str,
    title: Any,
    url_name: str,
    *args: Any,
    link_text: Any = "",
    nav: Any = "",
    badge_template: str = "",
    order: int = 100,
) -> Card:
    """A card whose body another app's view fills when the page has loaded (htmx), with a plain link to that view
    until then: ``anchor`` is its id on the page, ``nav`` its label in the page's list of sections (none when
    empty), ``badge_template`` an optional template shown after the title with the page's context."""
    url = reverse(url_name, args=args)
    return Card(
        PANEL_TEMPLATE,
        {
            "anchor": anchor,
            "title": title,
            "url": url,
            "link_text": link_text,
            "nav": nav,
            "badge_template": badge_template,
        },
        order=order,
    )
