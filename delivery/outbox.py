"""The outbox: deliveries are claimed by compare-and-set, sent over one SMTP connection per batch, and their
outcomes recorded a chunk at a time, one statement for up to ``MARKS_PER_STATEMENT`` messages.

Once to everyone, twice to a few at most, and why: a batch claims its rows (``queued`` → ``sending`` with a
claim token); a row is only sent by the holder of its token, and its outcome is recorded by that holder once its
chunk is full (or ``MARK_SECONDS`` have passed, or the batch ends or stops on an error). A worker killed mid-batch
leaves its unsent and its sent-but-unrecorded rows in ``sending``; when their lease runs out the sweep gives them
back to ``queued`` and they are sent by the next batch — none lost. So a killed worker makes at most
``DUPLICATE_WINDOW`` people of its batch get the message twice: those of the chunk it had not recorded (the one on
the wire when it died counts, as the server may have taken it). Each message carries a stable Message-ID
(``message_id``), the same on the re-send, so the receiving side can recognise the copy. A committed statement
per message narrowed the window to one message, and held the fan-out under half of the wire's speed.
"""

from __future__ import annotations

import contextlib
import functools
import re
import smtplib
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import sanitize_address
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, TextField, Value, When
from django.db.models.functions import Cast, Concat
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape

from delivery import events
from delivery.models import Delivery
from incidents import lock_objects, workflow
from notifications.models import Notice
from people import recipients
from people import selectors as people_selectors
from people.groups import EVERYONE, Audience, texts_for

# Placeholders of the prototype message, filled in per person. The middle dot makes the body 8bit-encoded, so that
# the placeholder survives as plain bytes; where it does not (very long lines get quoted-printable), each message
# is built on its own instead.
NAME_TEXT, NAME_HTML = "DATALEK\u00b7NAME\u00b7TEXT", "DATALEK\u00b7NAME\u00b7HTML"
RECIPIENT = "recipient@datalek.invalid"
MESSAGE_ID = "<message-id@datalek.invalid>"

# The outcomes of this many messages are recorded by one statement (fewer when the batch ends, an error stops it,
# or MARK_SECONDS have passed since the last record, so that a slow server still shows progress). It is also the
# duplicate window: a worker killed mid-batch re-sends at most this many messages of the batch it held (its
# unrecorded chunk, the message on the wire included), each to its own person, once. docs/operations.md, "Fan-out".
MARKS_PER_STATEMENT = 100
DUPLICATE_WINDOW = MARKS_PER_STATEMENT
MARK_SECONDS = 2.0


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


def queue_for_people(*, notice_id: int, incident_id: int, audience: Audience = EVERYONE) -> int:
    """One outbox row per person on the incident's list, made by the database in one INSERT … SELECT: an e-mail
    for everyone with an address, a letter to print for the others. Only people the outbox can hold are queued
    (``people.recipients``; the others are the DPO's problems to correct or exclude, never a reason to
    tell nobody), not those a DPO excluded, nor those this notice already has a row for (so a retry after a
    correction adds just the corrected). A recipient already in the outbox of this notice is skipped (the same
    address twice on the list gets one message). A notice told by group (``people.groups``) queues the
    people of the groups it is for, each row with its group's label (which group's text it says)."""
    by_post = Q(email="")
    told = Delivery.objects.filter(notice_id=notice_id, subject_id=OuterRef("pk"))
    people = recipients.reachable(people_selectors.listed_for(incident_id, audience)).exclude(Exists(told))
    text = TextField()
    group = (
        Case(
            *(When(group__iexact=g.label.strip(), then=Value(g.label)) for g in audience.told),
            default=Value(""),
            output_field=text,
        )
        if audience.by_group
        else Value("", output_field=text)
    )
    rows = people.annotate(
        out_notice=Value(notice_id),
        out_channel=Case(
            When(by_post, then=Value(Delivery.Channel.POST.value)),
            default=Value(Delivery.Channel.EMAIL.value),
        ),
        out_recipient=Case(When(by_post, then=F("postal_address")), default=F("email"), output_field=text),
        out_status=Case(
            When(by_post, then=Value(Delivery.Status.TO_PRINT.value)),
            default=Value(Delivery.Status.QUEUED.value),
        ),
        out_attempts=Value(0),
        out_error=Value("", output_field=text),
        out_message=Value("", output_field=text),
        out_group=group,
    ).order_by("id")
    select, params = rows.values_list(
        "out_notice", "id", "out_channel", "out_recipient", "name", "language", "out_status", "out_attempts",
        "out_error", "out_message", "out_group",
    ).query.sql_with_params()  # fmt: skip
    query = f"""
        INSERT INTO {Delivery._meta.db_table}
            (notice_id, subject_id, channel, recipient, recipient_name, language, status, attempts, last_error,
             message_id, "group")
        {select}
        ON CONFLICT DO NOTHING
    """  # our own table name; the SELECT is the ORM's, every value in it a parameter
    with db_connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.rowcount


def claim(ids: list[int]) -> tuple[uuid.UUID, list[Delivery]]:
    """Compare-and-set: only rows still queued (or whose claim expired) become ours. They are read back by their
    ids (the primary key) as well as the token, which no index holds: by the token alone every batch would read the
    whole outbox."""
    token, now = uuid.uuid4(), timezone.now()
    Delivery.objects.filter(pk__in=ids, channel=Delivery.Channel.EMAIL).filter(
        Q(status=Delivery.Status.QUEUED) | Q(status=Delivery.Status.SENDING, claimed_at__lt=now - lease())
    ).update(status=Delivery.Status.SENDING, claim_token=token, claimed_at=now, attempts=F("attempts") + 1)
    return token, list(Delivery.objects.filter(pk__in=ids, claim_token=token).order_by("id"))


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def _render(notice: Notice, language: str, named: bool, group: str = "") -> Rendered:
    kind = "controller" if notice.kind == Notice.Kind.CONTROLLER else "subjects"
    context = {
        "notice": notice,
        "incident": notice.incident,
        "texts": texts_for(notice.content, language, group),
        "sections": notice.content.get("sections", {}),
        "organisation": notice.incident.organisation,
        "language": language,
    }
    with translation.override(language):
        subject = render_to_string(f"delivery/email/{kind}_subject.txt", context).strip()
        text = render_to_string(
            f"delivery/email/{kind}_body.txt", context | {"name": NAME_TEXT if named else ""}
        )
        html = render_to_string(
            f"delivery/email/{kind}_body.html", context | {"name": NAME_HTML if named else ""}
        )
    return Rendered(" ".join(subject.split()), text, html)


def preview(notice: Notice, language: str, group: str = "") -> Rendered:
    """The message a person of ``group`` reading ``language`` gets, without a name: what the notice page previews."""
    return _render(notice, language, False, group)


def sender(notice: Notice) -> str:
    """Who a notice's e-mails come from: the sender name and address the organisation keeps (its profile), the
    installation's address with the organisation's sender name, or the installation's sender as it is. A notice
    sent on a client controller's behalf comes from that controller's sender, when it keeps one."""
    organisation = notice.on_behalf_of or notice.incident.organisation
    name, address = organisation.sender_name.strip(), organisation.sender_email.strip()
    if not address:
        if not name:
            return settings.DEFAULT_FROM_EMAIL
        address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return formataddr((name, address), charset="utf-8") if name else address


class Renderer:
    """Templates rendered once per language and group (with or without a name) into a prototype message, whose
    bytes are then filled in per person: the recipient, the Message-ID and the name."""

    def __init__(self, notice: Notice) -> None:
        self.notice, self.cache = notice, {}
        self.sender = sender(notice)

    def _rendered(self, delivery: Delivery) -> Rendered:
        key = (delivery.language, bool(delivery.recipient_name), delivery.group)
        if key not in self.cache:
            self.cache[key] = _render(self.notice, *key)
        return self.cache[key]

    def message(self, delivery: Delivery, connection=None) -> EmailMultiAlternatives:
        """The message for one person, built on its own (the reference the prototype path must equal)."""
        rendered, name = self._rendered(delivery), delivery.recipient_name
        message = EmailMultiAlternatives(
            subject=rendered.subject,
            body=rendered.text.replace(NAME_TEXT, name),
            from_email=self.sender,
            to=[formataddr((name, delivery.recipient)) if name else delivery.recipient],
            connection=connection,
            headers={"Message-ID": message_id(delivery), "X-Datalek-Notice": str(self.notice.pk)},
        )
        message.attach_alternative(rendered.html.replace(NAME_HTML, escape(name)), "text/html")
        return message

    def payload(self, delivery: Delivery) -> tuple[str, bytes]:
        """(sender, message bytes) for one person."""
        prototype = self._prototype(delivery)
        if prototype is None:
            message = self.message(delivery)
            return message.from_email, message.message().as_bytes(linesep="\r\n")
        sender, data = prototype
        name = delivery.recipient_name
        address = formataddr((name, delivery.recipient), charset="utf-8") if name else delivery.recipient
        data = data.replace(f"To: {RECIPIENT}".encode(), f"To: {address}".encode(), 1)
        data = data.replace(MESSAGE_ID.encode(), message_id(delivery).encode(), 1)
        if name:
            data = data.replace(NAME_TEXT.encode(), name.encode()).replace(
                NAME_HTML.encode(), escape(name).encode()
            )
        return sender, data

    def _prototype(self, delivery: Delivery) -> tuple[str, bytes] | None:
        key = ("prototype", delivery.language, bool(delivery.recipient_name), delivery.group)
        if key not in self.cache:
            rendered = self._rendered(delivery)
            message = EmailMultiAlternatives(
                subject=rendered.subject,
                body=rendered.text,
                from_email=self.sender,
                to=[RECIPIENT],
                headers={"Message-ID": MESSAGE_ID, "X-Datalek-Notice": str(self.notice.pk)},
            )
            message.attach_alternative(rendered.html, "text/html")
            data = message.message().as_bytes(linesep="\r\n")
            usable = (
                f"To: {RECIPIENT}".encode() in data
                and MESSAGE_ID.encode() in data
                and (
                    not delivery.recipient_name or (NAME_TEXT.encode() in data and NAME_HTML.encode() in data)
                )
            )
            self.cache[key] = (message.from_email, data) if usable else None
        return self.cache[key]


def message_id(delivery: Delivery) -> str:
    """The message's Message-ID: the same every time this delivery is sent, so a re-send can be recognised."""
    return f"<datalek.delivery.{delivery.pk}.{delivery.notice_id}@{_message_id_domain()}>"


def _message_id_domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">").strip() or "datalek.local"


def _message_id_expression():
    """``message_id`` as the database writes it for many rows in one statement (a test holds both equal)."""
    return Concat(
        Value("<datalek.delivery."),
        Cast("id", CharField()),
        Value("."),
        Cast("notice_id", CharField()),
        Value(f"@{_message_id_domain()}>"),
        output_field=CharField(),
    )


def send_batch(notice_id: int, ids: list[int]) -> dict[str, int]:
    """Send the deliveries of one batch that we can claim; return what happened to them."""
    token, claimed = claim(ids)
    outcome = {"sent": 0, "failed": 0, "claimed": len(claimed)}
    if not claimed:
        return outcome
    notice = Notice.objects.select_related("incident__organisation").get(pk=notice_id)
    with _marks_without_waiting_for_disk():
        _send_claimed(notice, claimed, token, outcome)
    complete_if_done(notice_id)
    return outcome


@contextlib.contextmanager
def _marks_without_waiting_for_disk():
    """Each chunk's record is committed on its own, but need not wait for the WAL to reach the disk: PostgreSQL's
    asynchronous commit. Only a crash of the database server itself (not of a worker) could lose the last fraction
    of a second of records — and then those messages would be sent again, never lost."""
    postgres = db_connection.vendor == "postgresql"
    if postgres:
        with db_connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        if postgres:
            with db_connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")


def _send_claimed(notice: Notice, claimed: list[Delivery], token: uuid.UUID, outcome: dict[str, int]) -> None:
    renderer, journal = Renderer(notice), _Journal(token, outcome)
    connection = get_connection()
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as exc:
        release(claimed, token, error=str(exc) or exc.__class__.__name__)
        raise TemporaryDeliveryError(str(exc)) from exc
    try:
        for position, delivery in enumerate(claimed):
            try:
                _send_one(connection, renderer, delivery)
            except smtplib.SMTPRecipientsRefused as exc:
                journal.failed(delivery, _refusal(exc))
            except (smtplib.SMTPException, OSError) as exc:
                if _permanent(exc):
                    journal.failed(delivery, str(exc))
                    continue
                journal.record()  # what the server took before the error is recorded before the rest goes back
                release(claimed[position:], token, error=str(exc) or exc.__class__.__name__)
                raise TemporaryDeliveryError(str(exc)) from exc
            else:
                journal.sent(delivery)
    finally:
        # Whatever stopped the batch, what the server took is recorded (the journal is empty after a temporary
        # error); a broken connection at the end changes nothing.
        journal.record()
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.close()


def _send_one(connection, renderer: Renderer, delivery: Delivery) -> None:
    """Over SMTP the prototype's bytes go straight to the server; other backends (tests, the console in
    ``make run``) get the message built on its own."""
    smtp = getattr(connection, "connection", None)
    if isinstance(smtp, smtplib.SMTP):
        sender, data = renderer.payload(delivery)
        smtp.sendmail(envelope_address(sender), [envelope_address(delivery.recipient)], data)
    else:
        connection.send_messages([renderer.message(delivery, connection)])


# An address that is plain ASCII with nothing to quote or encode: what sanitize_address would give back unchanged.
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+")


def envelope_address(address: str) -> str:
    """The address for the SMTP envelope. Most are plain and pass as they are; the others (a display name,
    non-ASCII, a domain to IDNA-encode) go through Django's sanitize_address, whose parsing costs more than the
    sending of a message."""
    return address if _PLAIN_ADDRESS.fullmatch(address) else _sanitized(address)


@functools.lru_cache(maxsize=256)  # the sender's address with a display name is the same for every message
def _sanitized(address: str) -> str:
    return sanitize_address(address, "utf-8")


class _Journal:
    """The outcomes of a batch's messages, recorded a chunk at a time: the sent in one statement (their Message-IDs
    written by the database), the failed in one per error (usually none). A chunk is recorded when it holds
    ``MARKS_PER_STATEMENT`` messages or ``MARK_SECONDS`` have passed since the last record, and whenever the batch
    stops; only rows still held by our claim change (a test holds the Message-IDs the database writes equal to
    ``message_id``)."""

    def __init__(self, token: uuid.UUID, outcome: dict[str, int]) -> None:
        self.token, self.outcome = token, outcome
        self.sent_ids: list[int] = []
        self.failed_ids: dict[str, list[int]] = {}
        self.since = time.monotonic()

    def sent(self, delivery: Delivery) -> None:
        self.sent_ids.append(delivery.pk)
        self._maybe_record()

    def failed(self, delivery: Delivery, error: str) -> None:
        self.failed_ids.setdefault(error[:2000], []).append(delivery.pk)
        self._maybe_record()

    def __len__(self) -> int:
        return len(self.sent_ids) + sum(map(len, self.failed_ids.values()))

    def _maybe_record(self) -> None:
        if len(self) >= MARKS_PER_STATEMENT or time.monotonic() - self.since >= MARK_SECONDS:
            self.record()

    def record(self) -> None:
        """One statement for the sent, committed at once (two or more in one transaction when some failed)."""
        self.since = time.monotonic()
        if not len(self):
            return
        sent, failed = self.sent_ids, self.failed_ids
        self.sent_ids, self.failed_ids = [], {}
        held = Delivery.objects.filter(claim_token=self.token)
        with transaction.atomic() if failed else contextlib.nullcontext():
            if sent:
                held.filter(pk__in=sent).update(
                    status=Delivery.Status.SENT,
                    sent_at=timezone.now(),
                    message_id=_message_id_expression(),
                    last_error="",
                    claim_token=None,
                )
            for error, ids in failed.items():
                held.filter(pk__in=ids).update(
                    status=Delivery.Status.FAILED,
                    sent_at=None,
                    message_id="",
                    last_error=error,
                    claim_token=None,
                )
        self.outcome["sent"] += len(sent)
        self.outcome["failed"] += sum(map(len, failed.values()))


def _permanent(exc: Exception) -> bool:
    code = getattr(exc, "smtp_code", 0) or 0
    return 500 <= code < 600


def _refusal(exc: smtplib.SMTPRecipientsRefused) -> str:
    return "; ".join(
        f"{code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
        for code, msg in exc.recipients.values()
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


def orphaned(now=None) -> list[int]:
    """Notices being sent whose queued mail no task will take: the web process died between committing "send" and
    handing the batches to the task queue. Nothing of theirs is in flight, nothing was sent and nothing handed over
    for a lease; handing them over again is harmless (every claim is compare-and-set) and happens at most once a
    lease, so workers that are merely down do not get a pile of copies."""
    quiet_since = (now or timezone.now()) - lease()
    email = Delivery.objects.filter(notice=OuterRef("pk"), channel=Delivery.Channel.EMAIL)
    return list(
        Notice.objects.filter(status=Notice.Status.SENDING)
        .filter(Q(dispatched_at__isnull=True, released_at__lt=quiet_since) | Q(dispatched_at__lt=quiet_since))
        .filter(Exists(email.filter(status=Delivery.Status.QUEUED)))
        .exclude(Exists(email.filter(status=Delivery.Status.SENDING)))
        .exclude(Exists(email.filter(status=Delivery.Status.SENT, sent_at__gte=quiet_since)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def progress(notice_id: int) -> dict[str, int]:
    counts = dict(Delivery.objects.filter(notice_id=notice_id).values_list("status").annotate(n=Count("id")))
    return {status: counts.get(status, 0) for status in Delivery.Status.values} | {
        "total": sum(counts.values())
    }


def throughput(notice: Notice, sent: int, now=None) -> float | None:
    """Messages per second on average since the notice was released to its recipients — until now while it is
    being sent, until it was done once it is. None before anything was sent."""
    if not sent or notice.released_at is None:
        return None
    done = notice.status != Notice.Status.SENDING and notice.completed_at is not None
    seconds = ((notice.completed_at if done else now or timezone.now()) - notice.released_at).total_seconds()
    return sent / seconds if seconds > 0 else None


def complete_if_done(notice_id: int) -> None:
    """When no e-mail is queued or on its way any more, the notice is sent — or failed, if some failed or someone
    on the list could not be reached (a DPO corrects or excludes them, then retries).

    Every batch asks when it ends; with a million recipients that is a thousand times, so the question is first
    asked cheaply, without a lock (an index lookup that stops at the first row still pending): only the batch
    that finds nothing pending takes the locks and counts. Each batch has committed its own marks before asking,
    so the last one to finish always finds nothing pending."""
    pending = Delivery.objects.filter(
        notice_id=notice_id, status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING]
    )
    if pending.exists():
        return
    with transaction.atomic():
        incident_id = Notice.objects.filter(pk=notice_id).values_list("incident_id", flat=True).get()
        incident = lock_objects.incident_lock(incident_id)
        notice = lock_objects.row_lock(Notice, notice_id)
        notice.incident = incident
        if notice.status != Notice.Status.SENDING:
            return
        counts = progress(notice_id)
        if counts[Delivery.Status.QUEUED] or counts[Delivery.Status.SENDING]:
            return
        missed = notice.kind == Notice.Kind.SUBJECTS and people_selectors.untold(
            incident_id, Audience.from_content(notice.content)
        )
        workflow.take(
            notice, "mark_failed" if counts[Delivery.Status.FAILED] or missed else "mark_sent", None
        )
        events.deliveries_event(incident=incident, actor=None, notice=notice, counts=counts, what="finished")
