"""Statistics of an organisation's incidents over a period, and their charts: incidents per month by nature and
cause, the share notified, the on-time rate of authority notices, the hours from awareness to the notice, the open
incidents by time left, and the reporting obligations beside the GDPR's (per regime, and the open reports by next
deadline). Counted in the database (grouped queries), not row by row in Python — except the hours to the
notice, read as two timestamps per notified incident to take the median and the 90th percentile."""

from __future__ import annotations

import statistics
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from incidents.models import ON_CLOCK, Incident, Organisation
from obligations import rules as R
from obligations.models import Obligation, ObligationReport
from reports import charts
from reports.register import Period, incidents_in, nature_labels
from risk.models import RiskAssessment
from vocabulary import codes as vocab

NATURES = ("confidentiality", "integrity", "availability")
CAUSES = tuple(code for code, _label in vocab.CAUSES)
HOUR_BUCKETS = ((0, 24), (24, 48), (48, 72), (72, 96), (96, None))


def _with_facts(queryset: QuerySet[Incident]) -> QuerySet[Incident]:
    finals = RiskAssessment.objects.filter(incident=OuterRef("pk"), finalised_at__isnull=False).order_by(
        "-version"
    )
    return queryset.annotate(
        nature_text=Subquery(finals.values(n=KT("facts__nature"))[:1]),
        cause_text=Subquery(finals.values(c=KT("facts__cause"))[:1]),
    )


def months_of(period: Period) -> list[date]:
    months, current = [], period.start.replace(day=1)
    while current <= period.end:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


def monthly(queryset: QuerySet[Incident]) -> dict[str, dict[str, int]]:
    """Per month (awareness, display time zone): the total, per nature and per cause."""
    counts: dict[str, Any] = {
        "total": Count("id"),
        "not_assessed": Count("id", filter=Q(cause_text__isnull=True)),
    }
    counts |= {n: Count("id", filter=Q(nature_text__contains=f'"{n}"')) for n in NATURES}
    counts |= {f"cause_{c}": Count("id", filter=Q(cause_text=c)) for c in CAUSES}
    grouped = (
        _with_facts(queryset)
        .annotate(month=TruncMonth("aware_at", tzinfo=ZoneInfo(settings.TIME_ZONE)))
        .order_by()
        .values("month")
        .annotate(**counts)
    )
    return {row["month"].strftime("%Y-%m"): {k: v for k, v in row.items() if k != "month"} for row in grouped}


def outcomes(queryset: QuerySet[Incident]) -> dict[str, int]:
    """Notified; to notify but not yet; decided not to notify; not a personal-data breach; not decided yet."""
    notified = Q(authority_notified_at__isnull=False)
    open_ = Q(authority_notified_at__isnull=True)
    not_breach = Q(is_personal_data_breach=False)
    return queryset.aggregate(
        total=Count("id"),
        notified=Count("id", filter=notified),
        pending=Count("id", filter=open_ & Q(notify_authority=True)),
        not_required=Count("id", filter=open_ & Q(notify_authority=False) & ~not_breach),
        not_a_breach=Count("id", filter=open_ & not_breach),
        undecided=Count("id", filter=open_ & Q(notify_authority__isnull=True) & ~not_breach),
    )


def notice_hours(queryset: QuerySet[Incident]) -> list[float]:
    pairs = queryset.filter(authority_notified_at__isnull=False).values_list(
        "aware_at", "authority_notified_at"
    )
    return [
        max((notified - aware).total_seconds() / 3600, 0.0)
        for aware, notified in pairs.iterator(chunk_size=5000)
    ]


def timing(hours: list[float]) -> dict[str, Any]:
    limit = settings.AUTHORITY_DEADLINE_HOURS
    on_time = sum(1 for h in hours if h <= limit)
    return {
        "notified": len(hours),
        "on_time": on_time,
        "late": len(hours) - on_time,
        "on_time_rate": round(100 * on_time / len(hours)) if hours else None,
        "median_hours": round(statistics.median(hours), 1) if hours else None,
        "p90_hours": round(_p90(hours), 1) if hours else None,
        "buckets": [
            sum(1 for h in hours if low <= h and (high is None or h < high)) for low, high in HOUR_BUCKETS
        ],
    }


def _p90(values: list[float]) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=10, method="inclusive")[8]


def open_by_time_left(organisation: Organisation, now: datetime) -> dict[str, int]:
    """The open incidents now: on the 72-hour clock by time left, and those whose clock has stopped."""
    hours = settings.AUTHORITY_DEADLINE_HOURS
    t = lambda left: now - timedelta(hours=hours - left)  # noqa: E731 - awareness at which `left` hours remain
    running = Incident.objects.filter(organisation=organisation).clock_running()
    counts = running.aggregate(
        overdue=Count("id", filter=Q(aware_at__lte=t(0))),
        under_12=Count("id", filter=Q(aware_at__gt=t(0), aware_at__lte=t(12))),
        under_24=Count("id", filter=Q(aware_at__gt=t(12), aware_at__lte=t(24))),
        under_48=Count("id", filter=Q(aware_at__gt=t(24), aware_at__lte=t(48))),
        under_72=Count("id", filter=Q(aware_at__gt=t(48))),
    )
    counts["clock_stopped"] = (
        Incident.objects.filter(organisation=organisation).open().exclude(ON_CLOCK).count()
    )
    return counts


OPEN_REPORTS_SHOWN = 20
NOT_APPLICABLE = Obligation.State.NOT_APPLICABLE


def other_obligations(queryset: QuerySet[Incident], now: datetime) -> dict[str, Any]:
    """The obligations beside the GDPR's of the period's incidents, per regime: arisen (owed at some point, whatever
    became of them) and ruled out (not applicable); their reports filed by the stored deadline, filed after it, and
    past it unfiled now (a report with no fixed term counts as on time when filed, and is never overdue). And the open
    reports with a stored deadline, the next first (the first ``OPEN_REPORTS_SHOWN`` of ``open_total``). Two
    grouped queries, the list and its count: four queries whatever the number of incidents."""
    obligations = Obligation.objects.filter(incident__in=queryset).exclude(regime="gdpr")
    found: dict[str, dict[str, Any]] = {}
    for row in (
        obligations.order_by()
        .values("regime")
        .annotate(
            arisen=Count("id", filter=~Q(state=NOT_APPLICABLE)),
            ruled_out=Count("id", filter=Q(state=NOT_APPLICABLE)),
        )
    ):
        found[row["regime"]] = {"arisen": row["arisen"], "ruled_out": row["ruled_out"]}
    filed = Q(filed_at__isnull=False)
    reports = ObligationReport.objects.filter(obligation__in=obligations).exclude(
        obligation__state=NOT_APPLICABLE
    )
    for row in (
        reports.order_by()
        .values(regime=F("obligation__regime"))
        .annotate(
            on_time=Count("id", filter=filed & (Q(due_at__isnull=True) | Q(filed_at__lte=F("due_at")))),
            late=Count("id", filter=filed & Q(filed_at__gt=F("due_at"))),
            overdue=Count("id", filter=Q(filed_at__isnull=True, due_at__lte=now)),
        )
    ):
        found.setdefault(row["regime"], {"arisen": 0, "ruled_out": 0}).update(
            on_time=row["on_time"], late=row["late"], overdue=row["overdue"]
        )
    regimes = [
        {"regime": code, "label": str(R.REGIMES[code].label), "on_time": 0, "late": 0, "overdue": 0}
        | found[code]
        for code in R.REGIME_CODES
        if code in found
    ]
    open_ = reports.filter(filed_at__isnull=True, due_at__isnull=False)
    first = open_.select_related("obligation__incident").order_by("due_at", "id")[:OPEN_REPORTS_SHOWN]
    return {
        "regimes": regimes,
        "open_reports": [
            {
                "incident_id": report.obligation.incident_id,
                "incident": report.obligation.incident.reference,
                "title": report.obligation.incident.title,
                "regime": report.obligation.regime,
                "regime_label": str(R.REGIMES[report.obligation.regime].label),
                "report": report.code,
                "report_label": report.label,
                "due_at": report.due_at,
                "overdue": report.due_at <= now,
            }
            for report in first
        ],
        "open_total": open_.count(),
    }


def insights(organisation: Organisation, period: Period, *, now: datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    queryset = incidents_in(organisation, period)
    by_month = monthly(queryset)
    result = {
        "period": period.as_params(),
        "months": [m.strftime("%Y-%m") for m in months_of(period)],
        "by_month": by_month,
        "outcomes": outcomes(queryset),
        "timing": timing(notice_hours(queryset)),
        "open": open_by_time_left(organisation, now),
        "obligations": other_obligations(queryset, now),
        "as_of": now,
    }
    result["charts"] = chart_set(result)
    return result


def _month_label(key: str) -> str:
    return date_format(date.fromisoformat(f"{key}-01"), "YEAR_MONTH_FORMAT")


def chart_set(data: dict[str, Any]) -> list[charts.Chart]:
    """The charts, with their words in the active language (the page's or the document's)."""
    months = data["months"]
    rows = [data["by_month"].get(m, {}) for m in months]
    labels = [_month_label(m) for m in months]
    nature_names = nature_labels()
    cause_names = dict(vocab.CAUSES)
    outcome, timing_, open_ = data["outcomes"], data["timing"], data["open"]
    return [
        charts.stacked_bars(
            _("Incidents per month by nature"),
            labels,
            [(str(nature_names[n]), [r.get(n, 0) for r in rows]) for n in NATURES]
            + [(_("not assessed"), [r.get("not_assessed", 0) for r in rows])],
        ),
        charts.stacked_bars(
            _("Incidents per month by cause"),
            labels,
            [(str(cause_names[c]), [r.get(f"cause_{c}", 0) for r in rows]) for c in CAUSES]
            + [(_("not assessed"), [r.get("not_assessed", 0) for r in rows])],
        ),
        charts.horizontal_bars(
            _("Notified or not"),
            [
                (_("authority notified"), outcome["notified"]),
                (_("to notify, not yet notified"), outcome["pending"]),
                (_("notification not required"), outcome["not_required"]),
                (_("not a personal-data breach"), outcome["not_a_breach"]),
                (_("not decided yet"), outcome["undecided"]),
            ],
        ),
        charts.horizontal_bars(
            _("Hours from awareness to the authority notice"),
            list(zip(_hour_labels(), timing_["buckets"], strict=True)),
        ),
        charts.horizontal_bars(
            _("Open incidents by time left"),
            [
                (_("overdue"), open_["overdue"]),
                (_("less than 12 hours"), open_["under_12"]),
                (_("12 to 24 hours"), open_["under_24"]),
                (_("24 to 48 hours"), open_["under_48"]),
                (_("48 to 72 hours"), open_["under_72"]),
                (_("clock stopped"), open_["clock_stopped"]),
            ],
        ),
        *_obligation_charts(data),
    ]


def _obligation_charts(data: dict[str, Any]) -> list[charts.Chart]:
    """The reports of the obligations beside the GDPR's per regime — none for an organisation that has none."""
    regimes = data.get("obligations", {}).get("regimes", [])
    if not regimes:
        return []
    return [
        charts.stacked_bars(
            _("Reports of the other reporting obligations"),
            [r["label"] for r in regimes],
            [
                (_("filed on time"), [r["on_time"] for r in regimes]),
                (_("filed late"), [r["late"] for r in regimes]),
                (_("overdue now"), [r["overdue"] for r in regimes]),
            ],
        )
    ]


def _hour_labels() -> list[str]:
    return [
        _("%(low)s–%(high)s hours") % {"low": low, "high": high}
        if high
        else _("%(low)s hours or more") % {"low": low}
        for low, high in HOUR_BUCKETS
    ]


def as_json(data: dict[str, Any]) -> dict[str, Any]:
    """The figures without the charts, for the API (moments as ISO 8601, the open reports' deadlines too)."""
    found = {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in data.items() if k != "charts"}
    if "obligations" in found:
        found["obligations"] = found["obligations"] | {
            "open_reports": [
                r | {"due_at": r["due_at"].isoformat()} for r in found["obligations"]["open_reports"]
            ]
        }
    return found
