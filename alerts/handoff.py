"""E-mail at each hand-off to the people who can take the next step.

The moment of a hand-off is read from the audit event that records it (``incidents.event_listeners``): the
event and the outbox rows are written in one transaction, so each person gets one e-mail exactly once if and only
if the change is committed. The rows are sent after the commit, each claimed by compare-and-set first (as the
reminders of ``delivery.clock``), and retried by the sweep when the mail server refused them.

| audit event | hand-off | to |
|---|---|---|
| ``assessment_finalised`` | the assessment waits for a decision | the organisation's DPOs |
| ``notice_status`` to ``awaiting_approval`` | a notice waits for approval | the DPOs but the submitter and the drafter |
| ``notice_approved`` of a notice to an authority | it waits to be filed | the DPOs |
| ``alert_question`` | a client asked about our alert (portal) | the processor's security team and DPOs |

Never the person who made the hand-off, never a person who switched that kind off; in the person's language
(their choice, else their organisation's).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from alerts.models import AlertPreference, Handoff, HandoffMail
from datalek.task_queue import enqueue
from incidents.models import IncidentEvent, User
from incidents.roles import TEAM_ROLES, Role
from notifications.models import Notice

LEASE = timedelta(minutes=10)
MAX_ATTEMPTS = 5


def handoff_of(event: IncidentEvent) -> Handoff | None:
    """Which hand-off, if any, this audit event records."""
    kind, data = str(event.kind), event.data or {}
    if kind == "assessment_finalised":
        return Handoff.ASSESSMENT_FINALISED
    if kind == "notice_status" and data.get("to") == "awaiting_approval":
        return Handoff.NOTICE_SUBMITTED
    if kind == "notice_approved" and data.get("kind") == "authority":
        return Handoff.NOTICE_APPROVED
    if kind == "alert_question":
        return Handoff.CLIENT_QUESTION
    return None


def recipients(handoff: Handoff, event: IncidentEvent) -> list[User]:
    """The active people of the incident's organisation who take the next step, with an address, who want it."""
    roles = TEAM_ROLES if handoff == Handoff.CLIENT_QUESTION else (Role.DPO,)
    people = (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=event.incident.organisation_id,
            memberships__role__in=roles,
        )
        .exclude(email="")
        .select_related("alert_preference")
        .order_by("pk")
        .distinct()
    )
    if event.actor_id:
        people = people.exclude(pk=event.actor_id)
    if handoff == Handoff.NOTICE_SUBMITTED:  # four eyes: the drafter may not approve it, so is not asked to
        people = people.exclude(
            pk__in=Notice.objects.filter(pk=event.data.get("notice")).values("drafted_by_id")
        )
    return [person for person in people if _preference(person).wants(handoff)]


def _preference(user: User) -> AlertPreference:
    try:
        return user.alert_preference
    except AlertPreference.DoesNotExist:
        return AlertPreference(user=user)


def plan(event: IncidentEvent) -> int:
    """Called with the event, inside its transaction: one outbox row per person; sent after the commit."""
    handoff = handoff_of(event)
    if handoff is None:
        return 0
    now = timezone.now()
    language = event.incident.organisation.language
    rows = [
        HandoffMail(
            event=event,
            handoff=handoff,
            recipient=person,
            email=person.email,
            language=_preference(person).language or language,
            created_at=now,
        )
        for person in recipients(handoff, event)
    ]
    if rows:
        HandoffMail.objects.bulk_create(rows, ignore_conflicts=True)
        transaction.on_commit(lambda: _queue(event.pk))
    return len(rows)


SEND_TASK = "alerts.tasks.handoff_mails_send"  # the task that calls back this module (alerts/tasks.py)


def _queue(event_id: int) -> None:
    enqueue(SEND_TASK, event_id=event_id)


def _claimable(now: datetime) -> Q:
    return Q(sent_at__isnull=True, failed_at__isnull=True) & (
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - LEASE)
    )


def send_due(*, event_id: int | None = None, now: datetime | None = None) -> int:
    """Send the hand-off e-mails not sent yet (of one event, or all): each claimed first, so only one worker
    sends it."""
    now = now or timezone.now()
    pending = HandoffMail.objects.filter(_claimable(now))
    if event_id is not None:
        pending = pending.filter(event_id=event_id)
    sent = 0
    for mail_id in list(pending.order_by("pk").values_list("pk", flat=True)[:500]):
        token = uuid.uuid4()
        if HandoffMail.objects.filter(Q(pk=mail_id) & _claimable(now)).update(
            claim_token=token, claimed_at=now
        ):
            mail = HandoffMail.objects.select_related("event__incident").filter(pk=mail_id).first()
            if mail is None:  # its audit event is gone (the trail's checks report that): nothing to say
                HandoffMail.objects.filter(pk=mail_id).update(
                    failed_at=now, last_error="the audit event is gone"
                )
                continue
            sent += _send(mail, token)
    return sent


def _send(mail: HandoffMail, token: uuid.UUID) -> int:
    try:
        subject, body = render(mail)
        EmailMessage(subject, body, None, [mail.email], headers={"Content-Language": mail.language}).send()
    except Exception as exc:
        attempts = mail.attempts + 1
        HandoffMail.objects.filter(pk=mail.pk, claim_token=token).update(
            attempts=attempts,
            last_error=f"{exc.__class__.__name__}: {exc}"[:1000],
            claimed_at=None,
            failed_at=timezone.now() if attempts >= MAX_ATTEMPTS else None,
        )
        return 0
    HandoffMail.objects.filter(pk=mail.pk, claim_token=token).update(
        sent_at=timezone.now(), attempts=mail.attempts + 1
    )
    return 1


def link(mail: HandoffMail) -> str:
    """The page where the next step is taken."""
    event = mail.event
    if mail.handoff == Handoff.ASSESSMENT_FINALISED:
        path = reverse("risk:panel", args=[event.incident_id])
    elif event.data.get("notice"):
        path = reverse("notifications:notice", args=[event.data["notice"]])
    else:
        path = event.incident.get_absolute_url()
    return f"{settings.SITE_URL}{path}"


def render(mail: HandoffMail) -> tuple[str, str]:
    """Subject and plain body, in the recipient's language."""
    event = mail.event
    context = {
        "handoff": mail.handoff,
        "incident": event.incident,
        "actor": event.actor_label,
        "data": event.data,
        "link": link(mail),
    }
    with translation.override(mail.language):
        subject = " ".join(render_to_string("alerts/email/handoff_subject.txt", context).split())
        body = render_to_string("alerts/email/handoff_body.txt", context)
    return subject, body
