"""The outbox: deliveries are claimed by compare-and-set, sent over one SMTP connection per batch, and marked
sent one by one as soon as the server accepted each message.

Exactly once, and why: a batch claims its rows (``queued`` → ``sending`` with a claim token); a row is only
sent by the holder of its token, and marked ``sent`` right after the server's 250. A worker killed mid-batch
leaves its unsent rows in ``sending``; when their lease runs out the sweep gives them back to ``queued`` and they
are sent by the next batch — none lost. The only window for a duplicate is between the server's 250 and the
``UPDATE`` that follows it (microseconds); each message carries a stable Message-ID so even that one could be
recognised by the receiving side.
"""

from __future__ import annotations

import contextlib
import smtplib
import uuid
from dataclasses import dataclass
from datetime import timedelta
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape

from incidents.models import Incident
from notifications import events
from notifications.models import Delivery, Notice

NAME = "\x00recipient\x00"  # rendered once per language, filled in per person


class TemporaryDeliveryError(Exception):
    """The SMTP server could not take messages now; the rest of the batch is queued again for a retry."""


def lease() -> timedelta:
    return timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)


def batches(notice_id: int) -> list[list[int]]:
    ids = list(
        Delivery.objects.filter(
            notice_id=notice_id, channel=Delivery.Channel.EMAIL, status=Delivery.Status.QUEUED
        )
        .order_by("id")
        .values_list("id", flat=True)
    )
    size = settings.DELIVERY_BATCH_SIZE
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def dispatch(notice_id: int) -> int:
    """Queue a Celery task per batch of delivery ids (ids, not objects, go to workers)."""
    from notifications.tasks import deliveries_send_batch

    parts = batches(notice_id)
    for ids in parts:
        deliveries_send_batch.delay(notice_id=notice_id, ids=ids)
    return len(parts)


def claim(ids: list[int]) -> tuple[uuid.UUID, list[Delivery]]:
    """Compare-and-set: only rows still queued (or whose claim expired) become ours."""
    token, now = uuid.uuid4(), timezone.now()
    Delivery.objects.filter(pk__in=ids, channel=Delivery.Channel.EMAIL).filter(
        Q(status=Delivery.Status.QUEUED) | Q(status=Delivery.Status.SENDING, claimed_at__lt=now - lease())
    ).update(status=Delivery.Status.SENDING, claim_token=token, claimed_at=now, attempts=F("attempts") + 1)
    return token, list(Delivery.objects.filter(claim_token=token).order_by("id"))


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def _render(notice: Notice, language: str, named: bool) -> Rendered:
    kind = "controller" if notice.kind == Notice.Kind.CONTROLLER else "subjects"
    texts = notice.content.get("texts", {}).get(language, {})
    context = {
        "notice": notice,
        "incident": notice.incident,
        "texts": texts,
        "name": NAME if named else "",
        "sections": notice.content.get("sections", {}),
        "organisation": notice.incident.organisation,
        "language": language,
    }
    with translation.override(language):
        subject = render_to_string(f"notifications/email/{kind}_subject.txt", context).strip()
        return Rendered(
            " ".join(subject.split()),
            render_to_string(f"notifications/email/{kind}_body.txt", context),
            render_to_string(f"notifications/email/{kind}_body.html", context),
        )


class Renderer:
    """Templates rendered once per language (and with or without a name), then filled per person."""

    def __init__(self, notice: Notice) -> None:
        self.notice, self.cache = notice, {}

    def message(self, delivery: Delivery, connection) -> EmailMultiAlternatives:
        key = (delivery.language, bool(delivery.recipient_name))
        if key not in self.cache:
            self.cache[key] = _render(self.notice, *key)
        rendered = self.cache[key]
        name = delivery.recipient_name
        message = EmailMultiAlternatives(
            subject=rendered.subject,
            body=rendered.text.replace(NAME, name),
            to=[formataddr((name, delivery.recipient)) if name else delivery.recipient],
            connection=connection,
            headers={"Message-ID": message_id(delivery), "X-Datalek-Notice": str(self.notice.pk)},
        )
        message.attach_alternative(rendered.html.replace(NAME, escape(name)), "text/html")
        return message


def message_id(delivery: Delivery) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">").strip() or "datalek.local"
    return f"<datalek.delivery.{delivery.pk}.{delivery.notice_id}@{domain}>"


def send_batch(notice_id: int, ids: list[int]) -> dict[str, int]:
    """Send the deliveries of one batch that we can claim; return what happened to them."""
    token, claimed = claim(ids)
    outcome = {"sent": 0, "failed": 0, "claimed": len(claimed)}
    if not claimed:
        return outcome
    notice = Notice.objects.select_related("incident__organisation").get(pk=notice_id)
    renderer = Renderer(notice)
    connection = get_connection()
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as exc:
        release(claimed, token, error=str(exc) or exc.__class__.__name__)
        raise TemporaryDeliveryError(str(exc)) from exc
    try:
        for position, delivery in enumerate(claimed):
            try:
                connection.send_messages([renderer.message(delivery, connection)])
            except smtplib.SMTPRecipientsRefused as exc:
                _finish(delivery, token, Delivery.Status.FAILED, error=_refusal(exc))
                outcome["failed"] += 1
            except (smtplib.SMTPException, OSError) as exc:
                if _permanent(exc):
                    _finish(delivery, token, Delivery.Status.FAILED, error=str(exc))
                    outcome["failed"] += 1
                    continue
                release(claimed[position:], token, error=str(exc) or exc.__class__.__name__)
                raise TemporaryDeliveryError(str(exc)) from exc
            else:
                _finish(delivery, token, Delivery.Status.SENT, message=message_id(delivery))
                outcome["sent"] += 1
    finally:
        with contextlib.suppress(
            smtplib.SMTPException, OSError
        ):  # a broken connection at the end changes nothing
            connection.close()
    complete_if_done(notice_id)
    return outcome


def _permanent(exc: Exception) -> bool:
    code = getattr(exc, "smtp_code", 0) or 0
    return 500 <= code < 600


def _refusal(exc: smtplib.SMTPRecipientsRefused) -> str:
    return "; ".join(
        f"{code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
        for code, msg in exc.recipients.values()
    )


def _finish(delivery: Delivery, token: uuid.UUID, status: str, *, message: str = "", error: str = "") -> None:
    Delivery.objects.filter(pk=delivery.pk, claim_token=token).update(
        status=status,
        sent_at=timezone.now() if status == Delivery.Status.SENT else None,
        message_id=message,
        last_error=error[:2000],
        claim_token=None,
    )


def release(deliveries: list[Delivery], token: uuid.UUID, *, error: str) -> None:
    """Give claimed, unsent deliveries back to the queue (a temporary error: they will be retried)."""
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries], claim_token=token).update(
        status=Delivery.Status.QUEUED, claim_token=None, claimed_at=None, last_error=error[:2000]
    )


def give_up(ids: list[int], error: str) -> None:
    """Retries exhausted: what is still queued is failed, and shown as such."""
    Delivery.objects.filter(pk__in=ids, status=Delivery.Status.QUEUED).update(
        status=Delivery.Status.FAILED, last_error=error[:2000]
    )


def requeue_stale(now=None) -> list[int]:
    """Deliveries claimed by a worker that died: back to the queue once their lease ran out."""
    now = now or timezone.now()
    stale = Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_at__lt=now - lease())
    notice_ids = sorted(set(stale.values_list("notice_id", flat=True)))
    stale.update(status=Delivery.Status.QUEUED, claim_token=None, claimed_at=None)
    return notice_ids


def progress(notice_id: int) -> dict[str, int]:
    counts = dict(Delivery.objects.filter(notice_id=notice_id).values_list("status").annotate(n=Count("id")))
    return {status: counts.get(status, 0) for status in Delivery.Status.values} | {
        "total": sum(counts.values())
    }


def complete_if_done(notice_id: int) -> None:
    """When no e-mail is queued or on its way any more, the notice is sent — or failed, if some failed."""
    with transaction.atomic():
        incident_id = Notice.objects.filter(pk=notice_id).values_list("incident_id", flat=True).get()
        incident = Incident.objects.select_for_update().get(pk=incident_id)
        notice = Notice.objects.select_for_update(of=("self",)).get(pk=notice_id)
        if notice.status != Notice.Status.SENDING:
            return
        counts = progress(notice_id)
        if counts[Delivery.Status.QUEUED] or counts[Delivery.Status.SENDING]:
            return
        source = notice.status
        (notice.mark_failed if counts[Delivery.Status.FAILED] else notice.mark_sent)(at=timezone.now())
        notice.save()
        events.notice_status_event(incident=incident, actor=None, notice=notice, source=source)
        events.deliveries_event(incident=incident, actor=None, notice=notice, counts=counts, what="finished")
