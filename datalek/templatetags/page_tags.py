"""``{% cards_of "slot" name=value … as cards %}``: the cards apps above have registered for this slot of the page
(datalek.page_cards), to include in a loop: ``{% for card in cards %}{% include card.template with card=card.context %}``."""

from django import template
from django.conf import settings
from django.shortcuts import resolve_url

from datalek.page_cards import Card, cards_for

register = template.Library()


@register.simple_tag(takes_context=True)
def cards_of(context, slot: str, **values) -> list[Card]:
    return cards_for(slot, context.get("request"), **values)


@register.simple_tag
def home_url() -> str:
    """Where the brand and "to the dashboard" lead: the page a user lands on after logging in (settings)."""
    return resolve_url(settings.LOGIN_REDIRECT_URL)
