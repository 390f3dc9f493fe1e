"""Domain checks on an incident's facts that no single field can make: the time line and the role."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from incidents.models import Incident, Organisation

# No moment of an incident lies before this: an earlier one is a typo in the year (and the local time of such dates
# has offsets in seconds that no ISO 8601 client reads).
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)


def timeline_errors(values: Mapping[str, Any], now: datetime | None = None) -> dict[str, list[str]]:
    """Errors by field for the occurrence, detection, awareness and containment moments."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    occurrence = values.get("occurrence")
    started, ended = values.get("occurred_from"), values.get("occurred_until")
    detected, aware = values.get("detected_at"), values.get("aware_at")
    contained = values.get("contained_at")

    if occurrence in (Incident.Occurrence.PERIOD, Incident.Occurrence.ONGOING) and started is None:
        add("occurred_from", _("Give the moment the breach started (an estimate is fine)."))
    if occurrence == Incident.Occurrence.PERIOD and ended is None:
        add("occurred_until", _("Give the moment the breach ended, or choose “still ongoing”."))
    if occurrence == Incident.Occurrence.ONGOING and ended is not None:
        add(
            "occurred_until",
            _("An ongoing breach has no end yet; leave this empty or choose “started and ended”."),
        )
    if occurrence == Incident.Occurrence.UNKNOWN and (started is not None or ended is not None):
        add("occurrence", _("You gave a start or end: choose “started and ended” or “still ongoing”."))
    if started and ended and ended < started:
        add("occurred_until", _("The breach cannot end before it started."))

    for field, moment, label in (
        ("occurred_from", started, _("start")),
        ("occurred_until", ended, _("end")),
        ("detected_at", detected, _("detection")),
        ("aware_at", aware, _("awareness")),
        ("contained_at", contained, _("containment")),
    ):
        if moment and moment > now:
            add(field, _("The %(label)s moment lies in the future.") % {"label": label})
        elif moment and moment < EARLIEST:
            add(field, _("The %(label)s moment lies before 1970: check the year.") % {"label": label})

    if detected and aware and aware < detected:
        add("aware_at", _("Awareness (T0) cannot come before the incident was detected."))
    if started and detected and detected < started:
        add("detected_at", _("The incident cannot be detected before the breach started."))
    if started and aware and aware < started:
        add("aware_at", _("Awareness (T0) cannot come before the breach started."))
    if (
        values.get("containment_status") == Incident.Containment.CONTAINED
        and started
        and contained
        and contained < started
    ):
        add("contained_at", _("The breach cannot be contained before it started."))
    return errors


def role_errors(
    *, organisation: Organisation, our_role: str, clients: Iterable[Organisation]
) -> dict[str, list[str]]:
    clients = list(clients)
    if our_role == Incident.OurRole.CONTROLLER and clients:
        return {"client_organisations": [_("Client organisations apply only when we act as processor.")]}
    foreign = [c.name for c in clients if c.processor_id != organisation.id]
    if foreign:
        return {
            "client_organisations": [
                _("Not a client of %(org)s: %(names)s.")
                % {"org": organisation.name, "names": ", ".join(foreign)}
            ]
        }
    return {}


def containment_errors(values: Mapping[str, Any]) -> dict[str, list[str]]:
    status = values.get("containment_status")
    if status == Incident.Containment.CONTAINED and not (values.get("containment_measures") or "").strip():
        return {"containment_measures": [_("Describe the measures that contained the breach.")]}
    if status == Incident.Containment.ONGOING and not (values.get("containment_plan") or "").strip():
        return {"containment_plan": [_("While containment is ongoing, describe the plan to close the leak.")]}
    return {}


def country_errors(values: Mapping[str, Any]) -> dict[str, list[str]]:
    unknown = [code for code in values.get("affected_countries") or [] if code not in countries]
    if unknown:
        return {"affected_countries": [_("Not a country code: %(codes)s.") % {"codes": ", ".join(unknown)}]}
    return {}
