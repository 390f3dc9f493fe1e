"""How inventory values read on a page: category labels, protection levels, processors with their country."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from inventory.provenance import PATH_LABELS
from inventory.sources import source_text
from inventory.vocabulary import (
    DATA_CATEGORIES,
    EEA_COUNTRY_CODES,
    PROTECTION_CHOICES,
    SUBJECT_CATEGORIES,
    LegalBasis,
    label_of,
)

register = template.Library()


@register.filter
def fact_label(path: str) -> str:
    return str(PATH_LABELS.get(path, path))


@register.filter
def fact_source(row: Any) -> str:
    """Where a fact of an incident (``IncidentFactProvenance``) comes from, in the reader's language."""
    return source_text(row.source_message, row.source)


def _party(item: dict[str, Any]) -> str:
    country = item.get("country")
    if not country:
        return item.get("name", "?")
    outside = "" if country in EEA_COUNTRY_CODES else f", {_('outside the EEA')}"
    return f"{item.get('name', '?')} ({country}{outside})"


@register.filter
def fact_value(value: Any, path: str) -> str:
    """A proposed or recorded fact as a person reads it."""
    if value is None or value == []:
        return "—"
    if path == "data_categories":
        return ", ".join(label_of(code, DATA_CATEGORIES) for code in value)
    if path == "subject_categories":
        return ", ".join(label_of(code, SUBJECT_CATEGORIES) for code in value)
    if path == "subjects_count":
        return number_format(value, force_grouping=True)  # 20,000 · 20.000 · 20 000
    if path in PROTECTION_CHOICES:
        return label_of(value, tuple(PROTECTION_CHOICES[path]))
    if path in ("processors", "client_organisations"):
        return "; ".join(_party(item) for item in value)
    return str(value)


@register.filter
def category_labels(codes: list[str], kind: str = "data") -> str:
    choices = DATA_CATEGORIES if kind == "data" else SUBJECT_CATEGORIES
    return ", ".join(label_of(code, choices) for code in codes) or "—"


@register.filter
def legal_basis_label(code: str) -> str:
    return label_of(code, tuple(LegalBasis.choices)) if code else _("set by the client (controller)")


@register.filter
def outside_eea(country: str) -> bool:
    return bool(country) and country not in EEA_COUNTRY_CODES
