"""A reminder of an obligation's report on the audit trail, in the reader's language: the event keeps the codes
(regime, rule set, report, the key's threshold), so its hash never depends on a language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from delivery.clock import report_title
from obligations import rules as R

register = template.Library()


@register.filter
def obligation_reminder_label(data: Any) -> str:
    """e.g. "NIS2: Early warning: 2 hours left" from a reminder event's data; "" when it was not about a report."""
    report = (data or {}).get("obligation_report") if isinstance(data, dict) else None
    if not report:
        return ""
    try:
        rule = R.rule_set(report.get("rule_set") or "").report(
            report.get("report") or "", variant=report.get("variant") or None
        )
    except (LookupError, ValueError):
        rule = None
    threshold = str(data.get("key") or "").rsplit(":", 1)[-1]
    when = {
        "half": pgettext("reminder", "half the term has passed"),
        "2h": ngettext("%(n)s hour left", "%(n)s hours left", 2) % {"n": 2},
        "overdue": pgettext("reminder", "overdue"),
    }.get(threshold, threshold)
    what = report_title(
        str(report.get("regime") or ""),
        rule,
        str(report.get("report") or ""),
        str(report.get("country") or ""),
    )
    return _("%(what)s: %(when)s") % {"what": what, "when": when}
