"""The audit trail's notice events in the reader's language: the stored codes (a notice's kind, phase and status,
a delivery stage, a reminder's key, what a written instruction allows) as labels — the event keeps the codes, so
its hash never depends on a language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from notifications.models import Notice
from people.models import AffectedSubject
from processors.models import WrittenInstruction

register = template.Library()


def _label(choices, value: Any) -> str:
    return str(dict(choices).get(value, value or ""))


@register.filter
def notice_title(data: dict[str, Any]) -> str:
    """ "Notice to AP", or the kind of notice ("Affected people (Art. 34)")."""
    if not isinstance(data, dict):
        return ""
    if data.get("kind") == Notice.Kind.AUTHORITY and data.get("authority"):
        return _("Notice to %(code)s") % {"code": data["authority"]}
    return _label(Notice.Kind.choices, data.get("kind"))


@register.filter
def notice_phase(value: Any) -> str:
    return _label(Notice.Phase.choices, value)


@register.filter
def notice_status(value: Any) -> str:
    return _label(Notice.Status.choices, value)


@register.filter
def delivery_stage(value: Any) -> str:
    """The moment of a deliveries event: when sending started, or when the last delivery was done."""
    stages = {
        "queued": pgettext("deliveries of a notice", "Sending started"),
        "finished": pgettext("deliveries of a notice", "Sending finished"),
    }
    return stages.get(value, str(value or ""))


@register.filter
def allows_labels(codes: Any) -> str:
    """What a client's written instruction allows us to do on its behalf, as labels."""
    return ", ".join(_label(WrittenInstruction.Allows.choices, code) for code in codes or [])


@register.filter
def reminder_label(key: Any) -> str:
    """A reminder's key ("authority:48h", "follow_up:12:1d", "alert:5:half") as what it reminded of and when."""
    parts = str(key or "").split(":")
    kind, threshold = parts[0], parts[-1]
    what = {
        "authority": _("notice to the supervisory authority"),
        "follow_up": _("follow-up notice due"),
        "alert": pgettext("reminder", "alert to a controller client"),
    }.get(kind)
    if what is None:
        return str(key or "")
    return _("%(what)s: %(when)s") % {"what": what, "when": _threshold(kind, threshold)}


def _threshold(kind: str, threshold: str) -> str:
    if threshold == "overdue":
        return pgettext("reminder", "overdue")
    if threshold == "half":
        return pgettext("reminder", "half the term has passed")
    number = threshold[:-1]
    if not number.isdigit():
        return threshold
    n = int(number)
    if kind == "authority":
        return ngettext("%(n)s hour after awareness", "%(n)s hours after awareness", n) % {"n": n}
    if threshold.endswith("d"):
        return ngettext("due in %(n)s day", "due in %(n)s days", n) % {"n": n}
    return ngettext("%(n)s hour left", "%(n)s hours left", n) % {"n": n}


@register.filter
def subject_fields(names: Any) -> str:
    """The fields of a person a DPO corrected, by their labels ("postal address", not ``postal_address``)."""
    if not isinstance(names, list):
        return ""
    return ", ".join(str(AffectedSubject._meta.get_field(name).verbose_name) for name in names if name)
