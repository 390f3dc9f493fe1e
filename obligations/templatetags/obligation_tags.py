"""The obligations' audit events in the reader's language: the stored codes (a regime, a report of its chain, a
state, a step, a question of a regime's test) as labels. The events keep the codes, so their hashes never depend on a
language; an event written before a key was added (a report step without its ``rule_set``) is still read: the
report's label is then the first one the regime's rule sets give its code."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from obligations import rules as R
from obligations.forms import QUESTION_LABELS
from obligations.models import Obligation

register = template.Library()

VARIANTS = {
    "processor": gettext_lazy("as processor (alert to the controller)"),
    "trust_service_provider": gettext_lazy("as trust service provider"),
    "vulnerability": gettext_lazy("actively exploited vulnerability"),
    "incident": gettext_lazy("severe incident"),
}  # "controller" and NIS2's "entity" are the usual case: not named
# Each step as a whole sentence: a step's word alone ("drafted") is another word in French for a notice's field.
STEPS = {
    "drafted": (gettext_lazy("%(report)s drafted by %(who)s"), gettext_lazy("%(report)s drafted")),
    "approved": (gettext_lazy("%(report)s approved by %(who)s"), gettext_lazy("%(report)s approved")),
    "filed": (gettext_lazy("%(report)s filed by %(who)s"), gettext_lazy("%(report)s filed")),
}


@register.filter
def regime_label(code: Any) -> str:
    """ "NIS2" for "nis2"; the code itself for a regime Datalek no longer knows."""
    regime = R.REGIMES.get(str(code or ""))
    return str(regime.label) if regime else str(code or "")


@register.filter
def obligation_title(data: Any) -> str:
    """The regime of an event's obligation, and its variant where it matters."""
    if not isinstance(data, dict):
        return ""
    label = regime_label(data.get("regime"))
    variant = VARIANTS.get(data.get("variant") or "")
    return f"{label} ({variant})" if variant else label


@register.filter
def report_label(data: Any) -> str:
    """The report an event names, as the obligation's rule set calls it ("Early warning")."""
    if not isinstance(data, dict):
        return ""
    code, variant = str(data.get("report") or ""), data.get("variant") or None
    candidates = list(R.rule_sets(data.get("regime") or ""))  # none for a regime no longer known
    stored = data.get("rule_set")
    if stored:
        candidates = [r for r in candidates if r.id == stored] + [r for r in candidates if r.id != stored]
    for rule_set in candidates:
        for variant_tried in (variant, None):
            try:
                return str(rule_set.report(code, variant=variant_tried if rule_set.variants else None).label)
            except (LookupError, ValueError):
                continue
    return code.replace("_", " ").capitalize()


@register.filter
def obligation_state(value: Any) -> str:
    return str(dict(Obligation.State.choices).get(value, value or ""))


@register.filter
def change_summary(change: Any) -> str:
    """What an evaluation did to one obligation: "ruled out", "created: owed", "owed → not applicable"…"""
    if not isinstance(change, dict):
        return ""
    state, before = change.get("state"), change.get("from")
    if state == Obligation.State.NOT_APPLICABLE:
        if change.get("what") == "changed" and before:
            return _("ruled out (was %(state)s)") % {"state": obligation_state(before).lower()}
        return _("ruled out")
    if change.get("what") == "changed" and before:
        return _("%(before)s → %(state)s") % {
            "before": obligation_state(before),
            "state": obligation_state(state),
        }
    return _("arises: %(state)s") % {"state": obligation_state(state).lower()}


@register.filter
def report_step(event: Any) -> str:
    """ "Early warning filed by Daan Jansen": the report, the step and who took it (no one: Datalek itself, e.g. the
    GDPR's report filed with the notice's filing by the listener without an actor)."""
    data = getattr(event, "data", None)
    if not isinstance(data, dict):
        return ""
    report = report_label(data)
    sentences = STEPS.get(data.get("step"))
    if sentences is None:
        return f"{report}: {data.get('step') or ''}".strip()
    with_who, alone = sentences
    if getattr(event, "actor_id", None) and event.actor_label:
        return str(with_who) % {"report": report, "who": event.actor_label}
    return str(alone) % {"report": report}


@register.filter
def question_label(name: Any) -> str:
    if name == "classified_at":
        return _("Moment of the classification")
    return str(QUESTION_LABELS.get(name, str(name or "").replace("_", " ")))


@register.filter
def answer_label(value: Any) -> str:
    """Yes, no, not known yet — or a moment (DORA's classification), in the reader's format."""
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if value in (None, ""):
        return _("Not known yet")
    return moment(value) or str(value)


@register.filter
def moment(value: Any) -> str:
    """A stored ISO moment in the site's time zone and the reader's format; "" when it is none."""
    when = value if isinstance(value, datetime) else parse_datetime(str(value or ""))
    if when is None:
        return ""
    if timezone.is_naive(when):
        return str(value)
    return formats.date_format(timezone.localtime(when), "DATETIME_FORMAT")


@register.filter
def deadlines(data: Any) -> list[tuple[str, str]]:
    """The deadlines an event stored, as (report label, moment), in the order of their moments."""
    if not isinstance(data, dict) or not isinstance(data.get("deadlines_stored"), dict):
        return []
    stored = sorted(data["deadlines_stored"].items(), key=lambda item: str(item[1]))
    return [(report_label(data | {"report": code}), moment(when)) for code, when in stored]
