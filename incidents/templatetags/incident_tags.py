from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from incidents.event_kinds import event_templates as templates_for
from incidents.models import Incident

register = template.Library()

_STATUS_STYLE = {
    Incident.Status.DETECTION: "text-bg-secondary",
    Incident.Status.TRIAGE: "text-bg-info",
    Incident.Status.CONTAINMENT: "text-bg-warning",
    Incident.Status.ASSESSMENT: "text-bg-primary",
    Incident.Status.APPROVAL: "text-bg-primary",
    Incident.Status.NOTIFICATION: "text-bg-success",
    Incident.Status.CLOSED: "text-bg-light border",
}


@register.filter
def status_style(status: str) -> str:
    return _STATUS_STYLE.get(status, "text-bg-secondary")


@register.filter
def field_label(name: str) -> str:
    if name == "client_organisations":
        return _("Affected client organisations")
    try:
        return str(Incident._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


@register.inclusion_tag("incidents/_clock.html")
def clock(incident: Incident, compact: bool = False) -> dict:
    now = timezone.now()
    left = incident.authority_deadline - now
    # A processor never notifies the authority itself (Art. 33(2)): its clocks are the alerts owed to each client.
    processor = incident.our_role == Incident.OurRole.PROCESSOR
    running = incident.clock_running and not processor
    return {
        "incident": incident,
        "compact": compact,
        "processor": processor,
        "running": running,
        "overdue": running and left.total_seconds() <= 0,
        "urgent": running and 0 < left.total_seconds() <= 24 * 3600,
        "deadline": incident.authority_deadline,
    }


@register.simple_tag
def audit_value(field: str, value):
    """An audited value as a person reads it: choice labels, local times, organisation names."""
    try:
        model_field = Incident._meta.get_field(field)
    except FieldDoesNotExist:
        model_field = None
    if model_field is not None and model_field.choices and value not in (None, ""):
        return dict(model_field.flatchoices).get(value, value)
    if model_field is not None and model_field.get_internal_type() == "DateTimeField" and value:
        moment = parse_datetime(value)
        return date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else value
    return display_value(value)


@register.filter
def display_value(value):
    """Audit values are JSON: organisation lists come as [{id, name}], moments as ISO strings."""
    if isinstance(value, list):
        return ", ".join(str(v.get("name", v)) if isinstance(v, dict) else str(v) for v in value) or "—"
    if value in (None, ""):
        return "—"
    return value


@register.filter
def status_label(value: str) -> str:
    try:
        return Incident.Status(value).label
    except ValueError:
        return value


@register.simple_tag
def workflow_steps(incident: Incident) -> list[dict]:
    """The main road of the state machine, with where this incident is on it."""
    order = list(Incident.Status)
    current = order.index(Incident.Status(incident.status))
    return [
        {"label": status.label, "done": i < current, "current": i == current}
        for i, status in enumerate(order)
    ]


@register.filter
def event_templates(kind: str) -> list[str]:
    return templates_for(kind)
