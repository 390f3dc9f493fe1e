"""Values in a document: in the document's language (active while it renders), dates in the display time zone."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from notifications.labels import choice_label
from reports.regulators.common import moment, number, show

register = template.Library()


@register.filter
def doc_answer(value: Any, path: str = "") -> str:
    """A stored answer as a reader reads it: choice codes as their labels, dates and numbers in the locale."""
    if path:
        value = choice_label(path, value)
    lines = show(value, {True: _("yes"), False: _("no")})
    return "; ".join(lines) if lines else "—"


@register.filter
def doc_moment(value: Any) -> str:
    return moment(value) or "—"


@register.filter
def doc_number(value: Any) -> str:
    return number(value) if isinstance(value, int | float) else "—"


@register.filter
def short_hash(value: str, length: int = 16) -> str:
    return (value or "")[: int(length)]
