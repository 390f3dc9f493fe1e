"""The breach register (Art. 33(5)): every incident of an organisation whose awareness falls in a period — notified
or not, closed as "no breach" too — with the facts, the decision and its reasons, and what was notified when.

One row builder feeds the streamed CSV (any size, constant memory: a server-side cursor read in chunks, one CSV line
at a time) and the PDF (for periods up to ``PDF_MAX_ROWS`` incidents; larger periods are for the CSV).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.fields.json import KT
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from psycopg import pq
from psycopg.types.json import Jsonb

from datalek.csv_files import BOM, csv_chunks, csv_line, safe_cell
from incidents.deadlines import authority_deadline
from incidents.models import Incident, Organisation
from notifications.models import Notice
from obligations import rules as R
from obligations.models import Obligation, ObligationReport
from risk import explanations
from risk.models import RiskAssessment
from vocabulary import codes as vocab

CHUNK_SIZE = 1000
REGISTER_WORK_MEM = "64MB"  # PostgreSQL's memory for the export's sort (its default is 4 MB)
PDF_MAX_ROWS = 2000

COLUMNS: tuple[tuple[str, Any], ...] = (
    ("reference", gettext_lazy("Reference")),
    ("title", gettext_lazy("Title")),
    ("status", gettext_lazy("Status")),
    ("our_role", gettext_lazy("Our role")),
    ("personal_data_breach", gettext_lazy("Personal-data breach")),
    ("occurred_from", gettext_lazy("Started")),
    ("occurred_until", gettext_lazy("Ended")),
    ("detected_at", gettext_lazy("Detected")),
    ("aware_at", gettext_lazy("Aware (T0)")),
    ("nature", gettext_lazy("Nature")),
    ("cause", gettext_lazy("Cause")),
    ("data_categories", gettext_lazy("Categories of personal data")),
    ("subject_categories", gettext_lazy("Categories of people")),
    ("subjects_count", gettext_lazy("Number of people")),
    ("risk", gettext_lazy("Risk")),
    ("severity", gettext_lazy("ENISA severity")),
    ("notify_authority", gettext_lazy("Notify the authority")),
    ("notify_subjects", gettext_lazy("Tell the people")),
    ("public_communication", gettext_lazy("Public communication")),
    ("notify_controllers", gettext_lazy("Alert the controllers")),
    ("decision_reasons", gettext_lazy("Reasons for the decision")),
    ("dpo_justification", gettext_lazy("DPO's justification")),
    ("deadline", gettext_lazy("Deadline (T0 + 72 h)")),
    ("authority_notified_at", gettext_lazy("Authority notified")),
    ("on_time", gettext_lazy("Within 72 hours")),
    ("authority", gettext_lazy("Authority")),
    ("authority_reference", gettext_lazy("Authority's reference")),
    ("late_reason", gettext_lazy("Reasons for the delay")),
    ("people_informed_at", gettext_lazy("People informed")),
    ("other_obligations", gettext_lazy("Other reporting obligations")),
    ("containment", gettext_lazy("Containment")),
    ("measures", gettext_lazy("Measures")),
    ("closure", gettext_lazy("Closed as")),
    ("closure_reason", gettext_lazy("Closure reason")),
    ("closed_at", pgettext_lazy("the moment it happened", "Closed")),
    ("audit_head_hash", gettext_lazy("Audit chain head")),
)
# The register PDF is landscape-free A4: it shows these; the CSV has them all.
PDF_COLUMNS = (
    "reference",
    "title",
    "aware_at",
    "nature",
    "risk",
    "notify_authority",
    "decision_reasons",
    "authority_notified_at",
    "on_time",
    "authority_reference",
    "other_obligations",
    "closure",
)
FIELDS = (
    "id",
    "reference",
    "title",
    "status",
    "our_role",
    "is_personal_data_breach",
    "occurred_from",
    "occurred_until",
    "detected_at",
    "aware_at",
    "risk_level",
    "risk_rationale",
    "notify_authority",
    "notify_subjects",
    "public_communication",
    "notify_controllers",
    "authority_notified_at",
    "containment_status",
    "containment_measures",
    "containment_plan",
    "closure_kind",
    "closure_reason",
    "closed_at",
    "audit_head_hash",
)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """The period's days in the display time zone, as aware moments: [start 00:00, day after end 00:00)."""
        zone = ZoneInfo(settings.TIME_ZONE)
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )

    def as_params(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}

    @classmethod
    def from_params(cls, params: dict[str, str]) -> Period:
        return cls(date.fromisoformat(params["from"]), date.fromisoformat(params["to"]))

    @classmethod
    def default(cls, today: date | None = None) -> Period:
        """The last twelve months up to today."""
        today = today or timezone.localdate()
        return cls(today.replace(year=today.year - 1) + timedelta(days=1), today)


def incidents_in(organisation: Organisation, period: Period) -> QuerySet[Incident]:
    start, end = period.bounds
    return Incident.objects.filter(organisation=organisation, aware_at__gte=start, aware_at__lt=end)


def register_queryset(organisation: Organisation, period: Period) -> QuerySet:
    return incidents_in(organisation, period).order_by("aware_at", "id").values(*FIELDS)


def _decisions(ids: list[int]) -> dict[int, dict[str, Any]]:
    """The latest finalised assessment of each incident: only the facts the register shows, as small values."""
    found: dict[int, dict[str, Any]] = {}
    finals = (
        RiskAssessment.objects.filter(incident_id__in=ids, finalised_at__isnull=False)
        .order_by("incident_id", "-version")
        .values_list(
            "incident_id",
            KT("facts__nature"),
            KT("facts__cause"),
            KT("facts__data_categories"),
            KT("facts__subject_categories"),
            KT("facts__subjects_count"),
            KT("facts__groups"),
            "severity_level",
            "dpo_justification",
        )
    )
    for incident_id, nature, cause, data, subjects, count, groups, level, justification in finals:
        found.setdefault(
            incident_id,
            {
                "nature": _list(nature),
                "cause": cause or "",
                "data_categories": _list(data),
                "subject_categories": _list(subjects),
                "subjects_count": "" if count is None else count,
                "groups": _list(groups),  # breach facts v2: the people by group
                "severity": level or "",
                "dpo_justification": justification,
            },
        )
    return found


def _list(value: str | None) -> list[str]:
    return json.loads(value) if value else []


def _filings(ids: list[int]) -> dict[int, dict[str, Any]]:
    """The first filing of an initial notice to an authority, and when the people were first informed."""
    found: dict[int, dict[str, Any]] = {}
    filed = (
        Notice.objects.filter(
            incident_id__in=ids,
            kind=Notice.Kind.AUTHORITY,
            phase=Notice.Phase.INITIAL,
            filed_at__isnull=False,
        )
        .order_by("incident_id", "filed_at", "id")
        .values_list("incident_id", "authority", "reference", "late_reason")
    )
    for incident_id, authority, reference, late_reason in filed:
        found.setdefault(
            incident_id, {"authority": authority, "reference": reference, "late_reason": late_reason}
        )
    told = (
        Notice.objects.filter(
            incident_id__in=ids,
            kind__in=(Notice.Kind.SUBJECTS, Notice.Kind.PUBLIC),
            phase=Notice.Phase.INITIAL,
            completed_at__isnull=False,
        )
        .order_by("incident_id", "completed_at")
        .values_list("incident_id", "completed_at")
    )
    for incident_id, completed_at in told:
        found.setdefault(incident_id, {}).setdefault("informed_at", completed_at)
    return found


# The register's cell of the obligations beside the GDPR's (issue 18): each obligation with its regime, country and
# state — with the reason when it was ruled out — and the reports of its chain that are under way: those with a
# stored deadline or past "owed" (a report on request, or one counting from a filing still to come, is left out
# until it is). The GDPR's own obligation is the register's other columns already. Written alike by ``_obligations``
# and ``_obligations_cell`` here and by ``REPORT_TEXT_SQL`` and ``OBLIGATION_TEXT_SQL`` on PostgreSQL; a test holds
# them equal.
NOT_APPLICABLE = Obligation.State.NOT_APPLICABLE.value
UNDER_WAY = Q(due_at__isnull=False) | ~Q(state=ObligationReport.State.OWED)


def _obligations(ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The obligations beside the GDPR's of these incidents with their reports under way: two queries a batch."""
    found: dict[int, list[dict[str, Any]]] = {}
    by_id: dict[int, dict[str, Any]] = {}
    obligations = (
        Obligation.objects.filter(incident_id__in=ids)
        .exclude(regime="gdpr")
        .values("id", "incident_id", "regime", "variant", "rule_set", "country", "state", "reason")
    )
    order = {code: n for n, code in enumerate(R.REGIME_CODES)}
    for obligation in sorted(obligations, key=lambda o: (order.get(o["regime"], 99), o["variant"], o["id"])):
        by_id[obligation["id"]] = obligation | {"reports": []}
        found.setdefault(obligation["incident_id"], []).append(by_id[obligation["id"]])
    reports = (
        ObligationReport.objects.filter(UNDER_WAY, obligation_id__in=list(by_id))
        .exclude(obligation__state=NOT_APPLICABLE)
        .order_by("obligation_id", "position", "id")
        .values("obligation_id", "code", "state", "due_at", "filed_at", "reference")
    )
    for report in reports:
        by_id[report["obligation_id"]]["reports"].append(report)
    return found


def _obligations_cell(
    obligations: list[dict[str, Any]],
    labels: Labels,
    moment: Callable[[datetime | None, tzinfo], str],
) -> str:
    """E.g. "NIS2 (BE): Owed — Early warning: Filed, due …, filed …, ref. CCB-123; Incident notification: Owed, due
    … | DORA: Not applicable (not a major ICT-related incident)"."""
    parts = []
    for o in obligations:
        text = labels.regime.get(o["regime"], o["regime"])
        text += f" ({o['country']})" if o["country"] else ""
        text += ": " + labels.obligation_state.get(o["state"], o["state"])
        if o["state"] == NOT_APPLICABLE:
            text += f" ({o['reason']})" if o["reason"] else ""
        elif o["reports"]:
            key = f"{o['rule_set']}:{o['variant']}:"
            text += " — " + "; ".join(_report_text(r, key, labels, moment) for r in o["reports"])
        parts.append(text)
    return " | ".join(parts)


def _report_text(
    report: dict[str, Any], key: str, labels: Labels, moment: Callable[[datetime | None, tzinfo], str]
) -> str:
    text = labels.report.get(key + report["code"], report["code"])
    text += ": " + labels.report_state.get(report["state"], report["state"])
    if report["due_at"]:
        text += f", {labels.due} {moment(report['due_at'], labels.zone)}"
    if report["filed_at"]:
        text += f", {labels.filed} {moment(report['filed_at'], labels.zone)}"
    if report["reference"]:
        text += f", {labels.ref} {report['reference']}"
    return text


def report_labels() -> dict[str, str]:
    """Every report's name in the active language by "rule set:variant:code" — the variant "" too, for the rule
    set's default — as ``ObligationReport.label`` gives it: one map for the Python and the SQL register alike."""
    found = {}
    for rule_set in R.rule_sets():
        variants = rule_set.variants or ("",)
        for variant in variants:
            for report in rule_set.reports:
                if report.variants is None or variant in report.variants:
                    found[f"{rule_set.id}:{variant}:{report.code}"] = str(report.label)
                    if variant == rule_set.default_variant:
                        found.setdefault(f"{rule_set.id}::{report.code}", str(report.label))
    return found


def _said_reasons(ids: list[int], records: list[dict[str, Any]]) -> dict[int, str]:
    """The reasons for the decision in the active language, said again from the latest finalised assessment of
    each incident (``explanations.rationale_text``: the stored English text where they cannot be)."""
    latest: dict[int, tuple[Any, str, int]] = {}
    finals = (
        RiskAssessment.objects.filter(incident_id__in=ids, finalised_at__isnull=False)
        .order_by("incident_id", "-version")
        .values_list("incident_id", "decision", "engine_version", "version")
    )
    for incident_id, decision, engine_version, version in finals:
        latest.setdefault(incident_id, (decision, engine_version, version))
    said = {}
    for record in records:
        if record["id"] in latest and record["is_personal_data_breach"] is not False:
            decision, engine_version, version = latest[record["id"]]
            said[record["id"]] = explanations.rationale_text(
                record["risk_rationale"], decision, engine_version=engine_version, version=version
            )
    return said


def rows(
    organisation: Organisation,
    period: Period,
    *,
    limit: int | None = None,
    said_reasons: bool = False,
    moment: Callable[[datetime | None, tzinfo], str] | None = None,
) -> Iterator[dict[str, str]]:
    """The register's rows as text, in the active language, one at a time: the incidents are read from a
    server-side cursor in chunks, and each chunk's assessments and notices with one query each (constant memory,
    a few queries per thousand incidents).

    The reasons for the decision are the text the incident stores — English when the engine wrote them — unless
    `said_reasons` (the PDF and its preview): then they are said in the active language from the assessment.
    The CSV keeps the stored text, as its PostgreSQL path (``_sql``) does: the same bytes either way. ``moment``
    writes the moments inside the obligations' cell (the PDF's short format); ISO 8601 (``stamp``) by default."""
    labels = Labels()
    queryset = register_queryset(organisation, period)
    if limit is not None:
        queryset = queryset[:limit]
    records = queryset.iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(islice(records, CHUNK_SIZE)):
        ids = [record["id"] for record in chunk]
        decisions, filings, obligations = _decisions(ids), _filings(ids), _obligations(ids)
        said = _said_reasons(ids, chunk) if said_reasons else {}
        for record in chunk:
            values = row(record, decisions.get(record["id"], {}), filings.get(record["id"], {}), labels)
            values["other_obligations"] = _obligations_cell(
                obligations.get(record["id"], []), labels, moment or stamp
            )
            if record["id"] in said:
                values["decision_reasons"] = said[record["id"]]
            yield values


def nature_labels() -> dict[str, str]:
    """The natures of a breach by their short names, in the active language (the register and the insights)."""
    return {
        "confidentiality": _("confidentiality"),
        "integrity": _("integrity"),
        "availability": _("availability"),
    }


class Labels:
    """Choice labels in the active language, looked up once per export rather than once per row."""

    def __init__(self) -> None:
        self.status = {k: str(v) for k, v in Incident.Status.choices}
        self.role = {k: str(v) for k, v in Incident.OurRole.choices}
        self.risk = {k: str(v) for k, v in Incident.RiskLevel.choices}
        self.containment = {k: str(v) for k, v in Incident.Containment.choices}
        self.closure = {k: str(v) for k, v in Incident.Closure.choices}
        self.cause = {k: str(v) for k, v in vocab.CAUSES}
        self.data = {k: str(v) for k, v in vocab.DATA_CATEGORIES}
        self.subjects = {k: str(v) for k, v in vocab.SUBJECT_CATEGORIES}
        self.nature = nature_labels()
        self.yes, self.no, self.undecided = _("yes"), _("no"), _("not decided")
        self.to_be_determined = _("to be determined")  # a group's number of people not known yet
        self.zone = timezone.get_current_timezone()
        self.regime = {code: str(regime.label) for code, regime in R.REGIMES.items()}
        self.obligation_state = {k: str(v) for k, v in Obligation.State.choices}
        self.report_state = {k: str(v) for k, v in ObligationReport.State.choices}
        self.report = report_labels()
        self.due, self.filed, self.ref = _("due"), _("filed"), _("ref.")

    def yes_no(self, value: bool | None) -> str:
        return self.undecided if value is None else (self.yes if value else self.no)


def row(
    record: dict[str, Any], facts: dict[str, Any], filing: dict[str, Any], labels: Labels
) -> dict[str, str]:
    deadline = authority_deadline(record["aware_at"])
    notified = record["authority_notified_at"]
    return {
        "reference": record["reference"],
        "title": record["title"],
        "status": labels.status.get(record["status"], record["status"]),
        "our_role": labels.role.get(record["our_role"], record["our_role"]),
        "personal_data_breach": labels.yes_no(record["is_personal_data_breach"]),
        "occurred_from": stamp(record["occurred_from"], labels.zone),
        "occurred_until": stamp(record["occurred_until"], labels.zone),
        "detected_at": stamp(record["detected_at"], labels.zone),
        "aware_at": stamp(record["aware_at"], labels.zone),
        "nature": _join(facts.get("nature"), labels.nature),
        "cause": labels.cause.get(facts.get("cause"), facts.get("cause") or ""),
        "data_categories": _people_cell(facts, "data_categories", labels.data),
        "subject_categories": _people_cell(facts, "subject_categories", labels.subjects),
        "subjects_count": _count_cell(facts, labels),
        "risk": labels.risk.get(record["risk_level"], record["risk_level"]),
        "severity": facts.get("severity", ""),
        "notify_authority": labels.yes_no(record["notify_authority"]),
        "notify_subjects": labels.yes_no(record["notify_subjects"]),
        "public_communication": labels.yes_no(record["public_communication"]),
        "notify_controllers": labels.yes_no(record["notify_controllers"]),
        # Art. 33(5): why it was (not) notified — the verdict's reasons, or why it was no personal-data breach.
        "decision_reasons": record["closure_reason"]
        if record["is_personal_data_breach"] is False
        else record["risk_rationale"],
        "dpo_justification": facts.get("dpo_justification", ""),
        "deadline": stamp(deadline, labels.zone),
        "authority_notified_at": stamp(notified, labels.zone),
        "on_time": (labels.yes if notified <= deadline else labels.no) if notified else "",
        "authority": filing.get("authority", ""),
        "authority_reference": filing.get("reference", ""),
        "late_reason": filing.get("late_reason", ""),
        "people_informed_at": stamp(filing.get("informed_at"), labels.zone),
        "other_obligations": "",  # by ``rows``, from the batch's obligations
        "containment": labels.containment.get(record["containment_status"], ""),
        "measures": " ".join(filter(None, [record["containment_measures"], record["containment_plan"]])),
        "closure": labels.closure.get(record["closure_kind"], ""),
        "closure_reason": record["closure_reason"],
        "closed_at": stamp(record["closed_at"], labels.zone),
        "audit_head_hash": record["audit_head_hash"],
    }


def _join(codes: list[str] | None, labels: dict[str, str]) -> str:
    return ", ".join(labels.get(c, c) for c in codes or [])


# Art. 33(5) documents the categories and the numbers of people concerned: for a breach of several groups (breach
# facts v2) the register's line says them per group — "customers: Contact details; medical note: Contact details,
# Health" and "customers: 1200; medical note: 1" — never the health data of all 1,201. A breach of one group (v1, or
# v2 with one group) keeps the cells it always had.


def _people_cell(facts: dict[str, Any], key: str, labels: dict[str, str]) -> str:
    groups = facts.get("groups") or []
    if len(groups) > 1:
        return "; ".join(f"{g.get('label')}: {_join(g.get(key), labels)}" for g in groups)
    return _join((groups[0] if groups else facts).get(key), labels)


def _count_cell(facts: dict[str, Any], labels: Labels) -> str:
    groups = facts.get("groups") or []
    if len(groups) > 1:
        return "; ".join(f"{g.get('label')}: {_count(g.get('subjects_count'), labels)}" for g in groups)
    if groups:
        return _count(groups[0].get("subjects_count"), labels, unknown="")
    return str(facts.get("subjects_count", ""))


def _count(value: Any, labels: Labels, unknown: str | None = None) -> str:
    if value is None:
        return labels.to_be_determined if unknown is None else unknown
    return str(value)


def stamp(moment: datetime | None, zone: tzinfo) -> str:
    """ISO 8601 in the display time zone (``zone``), with its offset: unambiguous in every language."""
    if not moment:
        return ""
    return moment.astimezone(zone).isoformat(timespec="minutes")


def csv_lines(organisation: Organisation, period: Period) -> Iterator[str]:
    """The register as CSV (RFC 4180, UTF-8 with a byte-order mark for spreadsheets), in chunks of many lines.

    On PostgreSQL the database writes every line (``_sql``) and a server-side cursor hands them over in batches:
    a million incidents at the speed of the database rather than of a Python loop over 35 cells a row. Elsewhere
    (SQLite for ``make run``) the lines come from ``rows`` and ``csv.writer``; a test checks that both give the
    same bytes."""
    if connection.vendor == "postgresql":
        return _sql_lines(organisation, period)
    return _python_lines(organisation, period)


def _header() -> str:
    return BOM + csv_line(label for _key, label in COLUMNS)


def _python_lines(organisation: Organisation, period: Period) -> Iterator[str]:
    keys = [key for key, _label in COLUMNS]
    records = rows(organisation, period)
    return csv_chunks(
        (label for _key, label in COLUMNS),
        ([values[key] for key in keys] for values in records),
        chunk_rows=CHUNK_SIZE,
    )


def _sql_lines(organisation: Organisation, period: Period) -> Iterator[str]:
    """The lines of the register, written by PostgreSQL exactly as ``row``, ``safe_cell`` and ``csv.writer`` do,
    streamed in chunks. Inside one transaction: the time zone the moments are written in lasts until its end
    (``set_config(…, true)``).

    Streamed rather than fetched from a server-side cursor: with a cursor the database waits, idle, while this
    process writes out each batch, and this process waits while the database makes the next — their times add up.
    Streamed, the database goes on writing lines into the connection while this process writes out the ones it
    has (two cores busy at once; a third less time on a million incidents). Leaving early (a client that
    disconnects) cancels the query."""
    yield _header()
    query, params = _sql(organisation, period)
    with transaction.atomic():
        connection.ensure_connection()
        raw = connection.connection
        # JIT compiling this wide expression costs seconds and wins nothing on a scan that is output-bound. The
        # lines are sorted by awareness: with the server's default 4 MB the sort of a few hundred thousand lines
        # went to disk in many runs; 64 MB for this one export (a quarter less time at 200,000 incidents). No
        # parallel workers: each made the filings' and the tellings' joins whole again for itself, and the core
        # they take is the one this process writes the lines on (a million incidents: 23 s with them, 17.5 without).
        raw.execute(
            "SELECT set_config('TimeZone', %s, true), set_config('jit', 'off', true), "
            "set_config('work_mem', %s, true), set_config('max_parallel_workers_per_gather', '0', true)",
            [timezone.get_current_timezone_name(), REGISTER_WORK_MEM],
        )
        # chunks of rows need libpq 17 (psycopg's binary wheels bring it); before that, row by row. Closed before
        # anything else is asked of the connection: an open stream holds it (a client gone half-way cancels it).
        with (
            raw.cursor() as cursor,
            closing(cursor.stream(query, params, size=CHUNK_SIZE if pq.version() >= 170000 else 1)) as rows,
        ):
            lists = _ListCells(Labels())
            nature, people = lists.nature, lists.people
            while batch := list(islice(rows, CHUNK_SIZE)):
                yield "".join(
                    [
                        part
                        for head, nature_key, middle, people_key, tail in batch
                        for part in (head, nature(nature_key), middle, people(people_key), tail)
                    ]
                )


# isoformat(timespec="minutes") of a moment, in the session's time zone
STAMP_SQL = """to_char({0}, 'YYYY-MM-DD"T"HH24:MITZH:TZM')"""
FORMULA_SQL = "'=', '+', '-', '@', chr(9), chr(13)"  # FORMULA_START
# Cells that are never empty strings, formulas or in need of quotes: the moments and the chain head (hex).
PLAIN_CELLS = {
    "occurred_from",
    "occurred_until",
    "detected_at",
    "aware_at",
    "deadline",
    "authority_notified_at",
    "people_informed_at",
    "closed_at",
    "audit_head_hash",
}
LABEL_MAPS = (
    "status",
    "role",
    "risk",
    "containment",
    "closure",
    "cause",
    "regime",
    "obligation_state",
    "report_state",
    "report",
)


# Cells that show only a label (or, for a code without one, the code itself): with labels that need no quotes
# and are no formulas — as in every language we have — the database need not check them row by row.
LABEL_CELLS = {
    "status": ("status",),
    "our_role": ("role",),
    "risk": ("risk",),
    "containment": ("containment",),
    "closure": ("closure",),
    "personal_data_breach": ("yes", "no", "undecided"),
    "notify_authority": ("yes", "no", "undecided"),
    "notify_subjects": ("yes", "no", "undecided"),
    "public_communication": ("yes", "no", "undecided"),
    "notify_controllers": ("yes", "no", "undecided"),
    "on_time": ("yes", "no"),
}


def _plain_label_cells(labels: Labels) -> set[str]:
    def texts(name: str) -> list[str]:
        value = getattr(labels, name)
        return [*value, *value.values()] if isinstance(value, dict) else [value]

    def plain(text: str) -> bool:
        return bool(text) and safe_cell(text) == text and not any(c in text for c in ',"\r\n')

    return {key for key, names in LABEL_CELLS.items() if all(plain(t) for n in names for t in texts(n))}


def _quoted(text: str) -> str:
    """What csv.writer quotes: a cell with the delimiter, the quote or a line break. Four ``strpos`` rather than one
    regular expression: a third of the time on a long cell (the verdict's reasons), and they stop at the first
    comma, which most reasons have early."""
    needs = " OR ".join(f"strpos({text}, {char}) > 0" for char in ("','", "'\"'", "chr(10)", "chr(13)"))
    return f"""CASE WHEN {needs} THEN '"' || replace({text}, '"', '""') || '"' ELSE {text} END"""


def _csv_cell(value: str) -> str:
    """A cell as ``csv.writer`` writes ``safe_cell(value)``: empty for nothing; a leading quote before a formula;
    in double quotes (doubled inside) when it holds a comma, a double quote or a line break."""
    guarded = "'''' || " + value
    return (
        f"CASE WHEN {value} IS NULL THEN '' WHEN left({value}, 1) IN ({FORMULA_SQL}) "
        f"THEN {_quoted(guarded)} ELSE {_quoted(value)} END"
    )


def _choice(column: str, name: str, *, keep_unknown: bool = True) -> str:
    return f"coalesce(%({name})s::jsonb ->> ({column}){', ' + column if keep_unknown else ''})"


def _yes_no(column: str) -> str:
    return f"CASE WHEN {column} IS NULL THEN %(undecided)s WHEN {column} THEN %(yes)s ELSE %(no)s END"


# The cells of lists of codes — the nature, and the people's three (their categories of data and of people, their
# number: per group for a breach of several) — are written by Python from a short key the database gives, with the
# very functions of the Python path (``_join``, ``_people_cell``, ``_count_cell``) and a cache per export: label
# lists repeat from one incident to the next, and unnesting each list into labels in the database cost half the
# register's time on a million incidents with assessments. The key of the people's cells: null without an
# assessment; [1, groups] for a breach of several groups; else [2 (one group) or 0 (facts v1), data categories,
# subject categories, number] of the one group or the facts.
ONE_GROUP_SQL = "coalesce(a.facts -> 'groups' -> 0, a.facts)"
PEOPLE_KEY_SQL = (
    "CASE WHEN a.facts IS NULL THEN NULL "
    "WHEN jsonb_typeof(a.facts -> 'groups') = 'array' AND jsonb_array_length(a.facts -> 'groups') > 1 "
    "THEN jsonb_build_array(1, a.facts -> 'groups')::text "
    "ELSE jsonb_build_array(CASE WHEN a.facts -> 'groups' -> 0 IS NULL THEN 0 ELSE 2 END, "
    f"{ONE_GROUP_SQL} -> 'data_categories', {ONE_GROUP_SQL} -> 'subject_categories', "
    f"{ONE_GROUP_SQL} -> 'subjects_count')::text END"
)
PYTHON_CELLS = ("nature", "data_categories", "subject_categories", "subjects_count")


class _ListCells:
    """The cells of lists written in Python for the PostgreSQL path, from the keys the query gives, cached."""

    def __init__(self, labels: Labels) -> None:
        self.labels = labels
        self.nature = lru_cache(maxsize=4096)(self._nature)
        self.people = lru_cache(maxsize=65536)(self._people)

    def _nature(self, key: str | None) -> str:
        return _csv_cells([_join(json.loads(key) if key else None, self.labels.nature)])

    def _people(self, key: str | None) -> str:
        facts: dict[str, Any] = {}
        if key is not None:
            kind, *values = json.loads(key)
            if kind == 1:
                facts = {"groups": values[0]}
            else:
                data, subjects, count = values
                one = {"data_categories": data, "subject_categories": subjects, "subjects_count": count}
                # as ``_decisions`` reads them: a number the facts leave out is "" (v1)
                facts = (
                    {"groups": [one]}
                    if kind == 2
                    else one | {"subjects_count": "" if count is None else count}
                )
        return _csv_cells(
            [
                _people_cell(facts, "data_categories", self.labels.data),
                _people_cell(facts, "subject_categories", self.labels.subjects),
                _count_cell(facts, self.labels),
            ]
        )


def _csv_cells(cells: list[str]) -> str:
    """Cells as ``csv.writer`` writes them inside a line (a line of one empty cell alone would be ``""``)."""
    return csv_line([*cells, ""])[: -len(",\r\n")]


# The obligations' cell as ``_obligations_cell`` writes it: each report's text, then each obligation's, joined.
REPORT_TEXT_SQL = (
    "coalesce(%(report)s::jsonb ->> (ro.rule_set || ':' || ro.variant || ':' || r.code), r.code) || ': ' || "
    "coalesce(%(report_state)s::jsonb ->> r.state, r.state) || "
    "CASE WHEN r.due_at IS NOT NULL THEN ', ' || %(due)s || ' ' || "
    + STAMP_SQL.format("r.due_at")
    + " ELSE '' END || "
    "CASE WHEN r.filed_at IS NOT NULL THEN ', ' || %(filed)s || ' ' || "
    + STAMP_SQL.format("r.filed_at")
    + " ELSE '' END || "
    "CASE WHEN r.reference <> '' THEN ', ' || %(ref)s || ' ' || r.reference ELSE '' END"
)
OBLIGATION_TEXT_SQL = (
    "coalesce(%(regime)s::jsonb ->> o.regime, o.regime) || "
    "CASE WHEN o.country <> '' THEN ' (' || o.country || ')' ELSE '' END || ': ' || "
    "coalesce(%(obligation_state)s::jsonb ->> o.state, o.state) || "
    "CASE WHEN o.state = %(not_applicable)s THEN CASE WHEN o.reason <> '' THEN ' (' || o.reason || ')' ELSE '' END "
    "ELSE coalesce(' — ' || rt.text, '') END"
)

DEADLINE_SQL = "(i.aware_at + make_interval(hours => %(hours)s))"
CELLS_SQL = {
    "reference": "i.reference",
    "title": "i.title",
    "status": _choice("i.status", "status"),
    "our_role": _choice("i.our_role", "role"),
    "personal_data_breach": _yes_no("i.is_personal_data_breach"),
    "occurred_from": STAMP_SQL.format("i.occurred_from"),
    "occurred_until": STAMP_SQL.format("i.occurred_until"),
    "detected_at": STAMP_SQL.format("i.detected_at"),
    "aware_at": STAMP_SQL.format("i.aware_at"),
    "nature": "(a.facts -> 'nature')::text",  # a key: the cell is written in Python (PYTHON_CELLS)
    "cause": _choice("a.facts ->> 'cause'", "cause"),
    "data_categories": PEOPLE_KEY_SQL,  # the key of the three people's cells, written in Python
    "subject_categories": "NULL",
    "subjects_count": "NULL",
    "risk": _choice("i.risk_level", "risk"),
    "severity": "nullif(a.severity_level, '')",
    "notify_authority": _yes_no("i.notify_authority"),
    "notify_subjects": _yes_no("i.notify_subjects"),
    "public_communication": _yes_no("i.public_communication"),
    "notify_controllers": _yes_no("i.notify_controllers"),
    # Art. 33(5): why it was (not) notified — the verdict's reasons, or why it was no personal-data breach.
    "decision_reasons": "CASE WHEN i.is_personal_data_breach IS FALSE THEN i.closure_reason ELSE i.risk_rationale END",
    "dpo_justification": "a.dpo_justification",
    "deadline": STAMP_SQL.format(DEADLINE_SQL),
    "authority_notified_at": STAMP_SQL.format("i.authority_notified_at"),
    "on_time": f"CASE WHEN i.authority_notified_at <= {DEADLINE_SQL} THEN %(yes)s "
    "WHEN i.authority_notified_at IS NOT NULL THEN %(no)s END",
    "authority": "f.authority",
    "authority_reference": "f.reference",
    "late_reason": "f.late_reason",
    "people_informed_at": STAMP_SQL.format("t.completed_at"),
    "other_obligations": "ob.text",
    "containment": _choice("i.containment_status", "containment", keep_unknown=False),
    "measures": "concat_ws(' ', nullif(i.containment_measures, ''), nullif(i.containment_plan, ''))",
    "closure": _choice("i.closure_kind", "closure", keep_unknown=False),
    "closure_reason": "i.closure_reason",
    "closed_at": STAMP_SQL.format("i.closed_at"),
    "audit_head_hash": "i.audit_head_hash",
}
assert list(CELLS_SQL) == [key for key, _label in COLUMNS]


def _line_sql(keys: list[str], plain: set[str]) -> str:
    """The cells ``keys`` as CSV text, each as ``_csv_cell`` writes it, put together by one ``concat`` (a null is
    empty there) rather than a chain of ``||``, each of which copied the line so far once more. (A test of the whole
    line first — any cell to quote or guard? — paid only where most lines need none; a register's reasons are
    prose with commas, so with assessments it cost a pass over every line for nothing.)"""
    cells = (f"c.{key}" if key in plain else _csv_cell(f"c.{key}") for key in keys)
    return "concat(" + ", ',', ".join(cells) + ")"


def _sql(organisation: Organisation, period: Period) -> tuple[str, dict[str, Any]]:
    """One query for the whole register: each incident with its latest finalised assessment, its first filing and
    when the people were first told, and its obligations beside the GDPR's, every cell already text but those of
    lists (``PYTHON_CELLS``): each line comes as its text before the nature, the nature's key, the text up to the
    people's cells, their key, and the rest."""
    labels = Labels()
    start, end = period.bounds
    plain = PLAIN_CELLS | _plain_label_cells(labels)
    keys = list(CELLS_SQL)
    head, middle, tail = keys[: keys.index("nature")], ["cause"], keys[keys.index("subjects_count") + 1 :]
    line = (
        f"{_line_sql(head, plain)} || ',', c.nature, ',' || {_line_sql(middle, plain)} || ',', c.data_categories, "
        f"',' || {_line_sql(tail, plain)} || E'\\r\\n'"
    )
    cells = ", ".join(f"{expression} AS {key}" for key, expression in CELLS_SQL.items())
    incidents, assessments, notices, obligations, reports = (
        Incident._meta.db_table,
        RiskAssessment._meta.db_table,
        Notice._meta.db_table,
        Obligation._meta.db_table,
        ObligationReport._meta.db_table,
    )
    # The incidents of the register with their latest finalised assessment (the one no later finalised version
    # follows) and their first filing and first telling of the people, each written as a join the planner may
    # make by index or by hash as the tables' sizes say — not as a lookup per incident, which costs the same
    # whether an incident has notices or not (most have none).
    in_period = (
        "{0}.organisation_id = %(organisation)s AND {0}.aware_at >= %(start)s AND {0}.aware_at < %(end)s"
    )
    query = f"""
        SELECT {line} FROM (
            SELECT {cells}
            FROM {incidents} i
            LEFT JOIN (
                SELECT r.incident_id, r.facts, r.severity_level, r.dpo_justification FROM {assessments} r
                WHERE r.finalised_at IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM {assessments} later WHERE later.incident_id = r.incident_id
                      AND later.finalised_at IS NOT NULL AND later.version > r.version
                )
            ) a ON a.incident_id = i.id
            LEFT JOIN (
                SELECT DISTINCT ON (n.incident_id) n.incident_id, n.authority, n.reference, n.late_reason
                FROM {notices} n JOIN {incidents} ni ON ni.id = n.incident_id
                WHERE {in_period.format("ni")} AND n.kind = %(authority_kind)s AND n.phase = %(initial)s
                  AND n.filed_at IS NOT NULL
                ORDER BY n.incident_id, n.filed_at, n.id
            ) f ON f.incident_id = i.id
            LEFT JOIN (
                SELECT n.incident_id, min(n.completed_at) AS completed_at
                FROM {notices} n JOIN {incidents} ti ON ti.id = n.incident_id
                WHERE {in_period.format("ti")} AND n.kind IN (%(subjects_kind)s, %(public_kind)s)
                  AND n.phase = %(initial)s AND n.completed_at IS NOT NULL
                GROUP BY n.incident_id
            ) t ON t.incident_id = i.id
            LEFT JOIN (
                SELECT o.incident_id, string_agg({OBLIGATION_TEXT_SQL}, ' | '
                    ORDER BY array_position(%(regimes)s::text[], o.regime::text), o.variant COLLATE "C", o.id) AS text
                FROM {obligations} o JOIN {incidents} oi ON oi.id = o.incident_id
                LEFT JOIN (
                    SELECT r.obligation_id, string_agg({REPORT_TEXT_SQL}, '; ' ORDER BY r.position, r.id) AS text
                    FROM {reports} r JOIN {obligations} ro ON ro.id = r.obligation_id
                    JOIN {incidents} ri ON ri.id = ro.incident_id
                    WHERE {in_period.format("ri")} AND ro.regime <> 'gdpr' AND ro.state <> %(not_applicable)s
                      AND (r.due_at IS NOT NULL OR r.state <> %(report_owed)s)
                    GROUP BY r.obligation_id
                ) rt ON rt.obligation_id = o.id
                WHERE {in_period.format("oi")} AND o.regime <> 'gdpr'
                GROUP BY o.incident_id
            ) ob ON ob.incident_id = i.id
            WHERE {in_period.format("i")}
            ORDER BY i.aware_at, i.id
            OFFSET 0  -- each cell computed once here, not copied into every place the line above uses it
        ) c
    """  # noqa: S608 - every name is ours; every value is a parameter
    params = {
        "organisation": organisation.pk,
        "start": start,
        "end": end,
        "hours": settings.AUTHORITY_DEADLINE_HOURS,
        "authority_kind": Notice.Kind.AUTHORITY.value,
        "subjects_kind": Notice.Kind.SUBJECTS.value,
        "public_kind": Notice.Kind.PUBLIC.value,
        "initial": Notice.Phase.INITIAL.value,
        "yes": labels.yes,
        "no": labels.no,
        "undecided": labels.undecided,
        "due": labels.due,
        "filed": labels.filed,
        "ref": labels.ref,
        "not_applicable": NOT_APPLICABLE,
        "report_owed": ObligationReport.State.OWED.value,
        "regimes": list(R.REGIME_CODES),
        **{name: Jsonb(getattr(labels, name)) for name in LABEL_MAPS},
    }
    return query, params
