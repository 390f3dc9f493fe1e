"""``{% error_summary form %}``: at the top of a long form, "N fields need attention" with a link to each field.

Takes a form, a formset, or the assessment form (its breach-wide form and its groups); several may be given."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils.translation import gettext as _

register = template.Library()


def _anchor(field: forms.BoundField) -> str:
    """The id the link goes to: the input's own, or the first option's for a list of radios or checkboxes (which
    incidents/_field.html renders one by one, each ``<id>_<n>``)."""
    if isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{field.auto_id}_0" if field.auto_id else ""
    return field.id_for_label or field.auto_id or ""


def _forms(item: Any) -> list[tuple[forms.Form, int | None]]:
    """(form, group number or None) for a form, a formset or the assessment form."""
    if item is None or item == "":
        return []
    if hasattr(item, "breach") and hasattr(item, "people"):  # risk.forms.AssessmentForm
        return [(item.breach, None), *((f, n) for n, f in enumerate(item.people.forms, start=1))]
    if isinstance(item, forms.BaseFormSet):
        return [(f, n) for n, f in enumerate(item.forms, start=1)]
    return [(item, None)]


def summary_items(*items: Any) -> list[dict[str, str]]:
    """Each field with an error, in the order of the form: its label, its first message and its anchor."""
    found = []
    for item in items:
        for form, group in _forms(item):
            if not form.is_bound or not form.errors:
                continue
            for field in form:
                if not field.errors or field.is_hidden:
                    continue
                label = str(field.label or field.name)
                if group is not None:
                    label = _("%(field)s (group %(number)s)") % {"field": label, "number": group}
                found.append({"label": label, "message": str(field.errors[0]), "anchor": _anchor(field)})
    return found


@register.inclusion_tag("incidents/_error_summary.html")
def error_summary(*items: Any) -> dict[str, Any]:
    fields = summary_items(*items)
    return {"fields": fields, "count": len(fields)}
