"""The deadline clock: reminders to the security team and the DPO at T0 + 24, 48, 60 and 70 hours while the
authority notice is not filed, an escalation once overdue, and the same for the GBA/APD part-2 deadline. For a
processor, the same for each affected client's alert deadline (T0 + the hours of its DPA, Art. 33(2)): a reminder
half-way, one two hours before, and an escalation once overdue, while the client's initial alert is not out. And
the same for each report owed under the regimes beside the GDPR (NIS2, DORA, eIDAS, ePrivacy, CRA), by the deadline
its obligation stored: half the report's term gone, two hours left, overdue.

Each reminder is a row with a unique key per incident: creating it twice is impossible, so a sweep running
twice (or two sweeps at once) creates it once; it is then claimed and marked sent like a delivery, so it goes out
exactly once even when a worker dies in between. The query only looks at incidents on the clock that are at
least 24 hours old, through the index on the awareness moment.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Value, When
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from delivery import events
from delivery.models import Reminder
from delivery.outbox import lease
from incidents.lock_objects import incident_lock
from incidents.models import Incident, Membership
from incidents.roles import TEAM_ROLES
from notifications.models import Notice
from obligations import rules as R
from obligations.models import Obligation, ObligationReport
from obligations.services import chain_inputs, zone_of
from processors.models import DEFAULT_ALERT_HOURS, alert_deadline

AUTHORITY_THRESHOLDS = [(24, "24h"), (48, "48h"), (60, "60h"), (70, "70h"), (72, "overdue")]
FOLLOW_UP_THRESHOLDS = [(timedelta(days=-3), "3d"), (timedelta(days=-1), "1d"), (timedelta(0), "overdue")]
ALERT_FIRST_REMINDER = timedelta(
    minutes=30
)  # half-way through the shortest term (1 hour) the DPA terms allow
# How far ahead of its deadline a report of an obligation can have its first reminder: half the longest term of any
# rule set (one calendar month: at most 31 days and the hour summer time gives back). A report due later is not read.
OBLIGATION_REACH = timedelta(days=16)
OPEN_OBLIGATION = (Obligation.State.OWED, Obligation.State.DRAFTED, Obligation.State.APPROVED)


def _due_key(elapsed: timedelta, thresholds) -> str | None:
    passed = [
        key
        for limit, key in thresholds
        if elapsed >= (timedelta(hours=limit) if isinstance(limit, int) else limit)
    ]
    return passed[-1] if passed else None


def plan(now: datetime | None = None) -> int:
    """Create the reminder rows that are due: only the newest threshold passed (a late-logged incident gets one
    reminder, not four). The database finds the incidents on the clock (partial index) whose newest due reminder
    does not exist yet, so a sweep costs the same whether the register holds a thousand incidents or a million."""
    now = now or timezone.now()
    due: dict[tuple[int, str], dict[str, int]] = {}
    for incident_id, key in _authority_reminders_missing(now):
        due[(incident_id, key)] = {}
    for notice in _follow_ups_due(now):
        key = _due_key(now - notice.due_at, FOLLOW_UP_THRESHOLDS)
        if key:
            due[(notice.incident_id, f"follow_up:{notice.pk}:{key}")] = {"notice_id": notice.pk}
    for incident_id, client_id, key in _alert_reminders_due(now):
        due[(incident_id, f"alert:{client_id}:{key}")] = {"client_id": client_id}
    for incident_id, report_id, key in _obligation_reminders_due(now):
        due[(incident_id, f"obligation:{report_id}:{key}")] = {"obligation_report_id": report_id}
    return _create_missing(due, now)


def _authority_reminders_missing(now: datetime) -> list[tuple[int, str]]:
    """(incident, key) of the newest authority reminder due, for incidents that do not have it yet."""
    whens = [
        When(aware_at__lte=now - timedelta(hours=hours), then=Value(f"authority:{key}"))
        for hours, key in reversed(AUTHORITY_THRESHOLDS)
    ]
    candidates = (
        Incident.objects.clock_running()
        .filter(aware_at__lte=now - timedelta(hours=24))
        # a processor alerts its clients (Art. 33(2)), never the authority
        .exclude(our_role=Incident.OurRole.PROCESSOR)
        .order_by()
        .annotate(due_key=Case(*whens, output_field=CharField()))
        .exclude(Exists(Reminder.objects.filter(incident=OuterRef("pk"), key=OuterRef("due_key"))))
    )
    return list(candidates.values_list("id", "due_key"))


def term_threshold(start: datetime, deadline: datetime, now: datetime) -> str | None:
    """The newest threshold of a term from ``start`` to ``deadline`` that has passed: "half" (half the term gone),
    "2h" (two hours left, for terms of six hours or more: in a shorter one "half" is already close) or "overdue"."""
    term = deadline - start
    thresholds = [(start + term / 2, "half")]
    if term >= timedelta(hours=6):
        thresholds.append((deadline - timedelta(hours=2), "2h"))
    thresholds.append((deadline, "overdue"))
    passed = [key for moment, key in thresholds if now >= moment]
    return passed[-1] if passed else None


def alert_threshold(aware_at: datetime, hours: int, now: datetime) -> str | None:
    """The newest threshold of a client's alert deadline that has passed (``term_threshold``)."""
    return term_threshold(aware_at, alert_deadline(aware_at, hours), now)


def _alert_reminders_due(now: datetime) -> list[tuple[int, int, str]]:
    """(incident, client, threshold) for each affected client of an open processor incident whose initial alert
    is not out yet. The DPO's decision that the controllers need not be alerted, or triage finding no
    personal-data breach, stops this clock as well."""
    links = Incident.client_organisations.through.objects
    released = Notice.objects.filter(
        incident_id=OuterRef("incident_id"),
        client_id=OuterRef("organisation_id"),
        kind=Notice.Kind.CONTROLLER,
        phase=Notice.Phase.INITIAL,
        released_at__isnull=False,
    )
    candidates = (
        links.filter(
            incident__our_role=Incident.OurRole.PROCESSOR, incident__aware_at__lte=now - ALERT_FIRST_REMINDER
        )
        .exclude(incident__status=Incident.Status.CLOSED)
        .exclude(incident__notify_controllers=False)
        .exclude(incident__is_personal_data_breach=False)
        .exclude(Exists(released))
        .values_list(
            "incident_id", "organisation_id", "incident__aware_at", "organisation__dpa_terms__alert_hours"
        )
    )
    due = []
    for incident_id, client_id, aware_at, hours in candidates:
        key = alert_threshold(aware_at, hours or DEFAULT_ALERT_HOURS, now)
        if key:
            due.append((incident_id, client_id, key))
    return due


def _obligation_reminders_due(now: datetime) -> list[tuple[int, int, str]]:
    """(incident, report, threshold) for each report of an open obligation beside the GDPR's, not filed, with a
    stored deadline, on an incident not closed. The GDPR's reports are the authority notices and the clients'
    alerts, reminded above: not twice. The database keeps to the reports whose first reminder may be due (deadline
    within ``OBLIGATION_REACH``) and not yet escalated as overdue; one more query reads the filings their terms may
    count from."""
    escalated = Reminder.objects.filter(obligation_report=OuterRef("pk"), key__endswith=":overdue")
    reports = list(
        ObligationReport.objects.filter(
            due_at__isnull=False,
            due_at__lte=now + OBLIGATION_REACH,
            obligation__state__in=OPEN_OBLIGATION,
        )
        .exclude(state=ObligationReport.State.FILED)
        .exclude(obligation__regime="gdpr")
        .exclude(obligation__incident__status=Incident.Status.CLOSED)
        .exclude(Exists(escalated))
        .select_related("obligation")
        .annotate(aware_at=F("obligation__incident__aware_at"))
        .order_by()
    )
    filed: dict[int, dict[str, datetime]] = {}
    for obligation_id, code, filed_at in ObligationReport.objects.filter(
        obligation_id__in={r.obligation_id for r in reports}, filed_at__isnull=False
    ).values_list("obligation_id", "code", "filed_at"):
        filed.setdefault(obligation_id, {})[code] = filed_at
    due = []
    for report in reports:
        rule = _rule(report)
        if rule is not None and rule.condition is not None:
            # Owed only in a situation the team confirms (NIS2's progress report, due with the final report):
            # the final report's reminders stand for that deadline, not two mails for one moment.
            continue
        start = term_start(report, filed=filed.get(report.obligation_id, {}), aware_at=report.aware_at)
        key = term_threshold(start, report.due_at, now)
        if key:
            due.append((report.obligation.incident_id, report.pk, key))
    return due


def _rule(report: ObligationReport) -> R.ReportRule | None:
    try:
        return report.rule()
    except (LookupError, ValueError):  # a rule set that no longer names the report
        return None


def term_start(report: ObligationReport, *, filed: Mapping[str, datetime], aware_at: datetime) -> datetime:
    """The moment the report's stored deadline counts from, for "half the time gone": the start of the limit of its
    rule that yields that deadline (``obligations.rules.term_start``), from what its obligation's chain counts from
    (``chain_inputs``: ``filed`` is code → filing of its reports, ``aware_at`` the incident's awareness). When no
    limit yields the stored deadline, 24 hours before it: the shortest term but DORA's."""
    rule, start = _rule(report), None
    if rule is not None:
        start = R.term_start(rule, report.due_at, **chain_inputs(report.obligation, filed, aware_at=aware_at))
    return start if start is not None else report.due_at - timedelta(hours=24)


def report_title(regime: str, rule: R.ReportRule | None, code: str, country: str = "") -> str:
    """The report named with its regime, e.g. "NIS2: Early warning" — "NIS2 (BE): Early warning" for a regime owed
    to each country —, in the active language (by its codes when the rule sets no longer name it)."""
    known = R.REGIMES.get(regime)
    name = str(known.label) if known else regime
    if country and R.per_country(regime):
        name = f"{name} ({country})"
    return _("%(regime)s: %(report)s") % {"regime": name, "report": rule.label if rule else code}


def _create_missing(due: dict[tuple[int, str], dict[str, int]], now: datetime) -> int:
    if not due:
        return 0
    incident_ids = {incident_id for incident_id, _key in due}
    existing = set(
        Reminder.objects.filter(incident_id__in=incident_ids, key__in={key for _id, key in due}).values_list(
            "incident_id", "key"
        )
    )
    missing = [
        Reminder(incident_id=incident_id, key=key, created_at=now, **extra)
        for (incident_id, key), extra in due.items()
        if (incident_id, key) not in existing
    ]
    # A sweep running at the same moment may insert the same row: the unique key keeps one, the other is skipped.
    return len(Reminder.objects.bulk_create(missing, ignore_conflicts=True))


def _follow_ups_due(now: datetime):
    """Filed initial authority notices with a follow-up deadline (GBA/APD part 2), not followed up yet."""
    return (
        Notice.objects.filter(
            kind=Notice.Kind.AUTHORITY,
            phase=Notice.Phase.INITIAL,
            status=Notice.Status.FILED,
            due_at__isnull=False,
            due_at__lte=now + timedelta(days=3),
        )
        .exclude(phases__status=Notice.Status.FILED)
        .exclude(incident__status=Incident.Status.CLOSED)
    )


def send_due(now: datetime | None = None) -> int:
    """Send the reminders not sent yet, each claimed first so that only one sweep sends it."""
    now = now or timezone.now()
    sent = 0
    pending = Reminder.objects.filter(sent_at__isnull=True).filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - lease())
    )
    for reminder_id in list(pending.values_list("id", flat=True)[:500]):
        token = uuid.uuid4()
        claimed = (
            Reminder.objects.filter(pk=reminder_id, sent_at__isnull=True)
            .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - lease()))
            .update(claim_token=token, claimed_at=now)
        )
        if claimed:
            sent += _send(
                Reminder.objects.select_related(
                    "incident__organisation", "notice", "client__dpa_terms", "obligation_report__obligation"
                ).get(pk=reminder_id),
                token,
            )
    return sent


def _recipients(incident: Incident) -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(organisation_id=incident.organisation_id, role__in=TEAM_ROLES)
            .exclude(user__email="")
            .filter(user__is_active=True)
            .values_list("user__email", flat=True)
        )
    )


def _send(reminder: Reminder, token: uuid.UUID) -> int:
    incident = reminder.incident
    recipients = _recipients(incident)
    context = {
        "incident": incident,
        "reminder": reminder,
        "kind": reminder.key.split(":")[0],
        "threshold": reminder.key.rsplit(":", 1)[-1],
        "site_url": settings.SITE_URL,
    }
    if reminder.client_id:
        hours = getattr(getattr(reminder.client, "dpa_terms", None), "alert_hours", DEFAULT_ALERT_HOURS)
        context |= {"client": reminder.client, "deadline": alert_deadline(incident.aware_at, hours)}
    if reminder.obligation_report_id:
        context |= _obligation_context(reminder.obligation_report)
    subject = " ".join(render_to_string("delivery/email/reminder_subject.txt", context).split())
    if recipients:
        send_mail(
            subject,
            render_to_string("delivery/email/reminder_body.txt", context),
            None,
            recipients,
            html_message=render_to_string("delivery/email/reminder_body.html", context),
        )
    with transaction.atomic():
        locked = incident_lock(incident.pk)
        Reminder.objects.filter(pk=reminder.pk, claim_token=token).update(
            sent_at=timezone.now(), recipients=recipients
        )
        events.reminder_event(
            incident=locked,
            key=reminder.key,
            recipients=recipients,
            obligation_report=reminder.obligation_report,
        )
    return 1


def _obligation_context(report: ObligationReport) -> dict[str, object]:
    """What a reminder of an obligation's report names: the regime and the report ("NIS2: Early warning"), its
    recipient for the obligation's country, and the stored deadline in the organisation's zone."""
    obligation = report.obligation
    rule_set = obligation.rules()
    rule = _rule(report)
    recipient = (rule.recipient if rule else None) or (
        rule_set.recipient(obligation.country) if rule_set else None
    )
    return {
        "obligation_title": report_title(obligation.regime, rule, report.code, obligation.country),
        "obligation_recipient": str(recipient.name) if recipient else "",
        "deadline": report.due_at,
        "zone": zone_of(obligation.country),
    }


def sweep(now: datetime | None = None) -> dict[str, int]:
    return {"planned": plan(now), "sent": send_due(now)}
