"""Sending to the people and to controller clients: one outbox row per recipient, claimed by compare-and-set,
sent once, outcome recorded, temporary errors retried, permanent errors shown."""

import smtplib
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core.mail.backends import locmem
from django.utils import timezone

from datalek.errors import DomainError
from delivery import outbox, tasks
from delivery import services as delivery_services
from delivery.models import Delivery
from notifications import services
from notifications.models import Notice
from people.subjects import subjects_import_csv
from tests.notifications.conftest import decided

PEOPLE = (
    "name;email;postal_address;language\n"
    "Jan Jansen;jan@example.nl;;nl\n"
    "Marie Dupont;marie@example.fr;;fr\n"
    ";anon@example.org;;en\n"
    "Piet Post;;Kerkstraat 1, Dorp;nl\n"
)


@pytest.fixture
def approved_subjects_notice(notifiable, owner, dpo2):
    subjects_import_csv(actor=owner, incident_id=notifiable.pk, data=PEOPLE.encode())
    notice = services.notice_draft(actor=owner, incident_id=notifiable.pk, kind="subjects")
    assert sorted(notice.content["texts"]) == ["en", "fr", "nl"]
    services.notice_submit(actor=owner, notice_id=notice.pk)
    return services.notice_approve(actor=dpo2, notice_id=notice.pk)


def test_each_person_gets_one_message_in_their_language_with_their_name(
    approved_subjects_notice, owner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        delivery_services.notice_send(actor=owner, notice_id=approved_subjects_notice.pk)
    approved_subjects_notice.refresh_from_db()
    assert approved_subjects_notice.status == "sent"
    assert sorted(m.to[0] for m in mailoutbox) == [
        "Jan Jansen <jan@example.nl>",
        "Marie Dupont <marie@example.fr>",
        "anon@example.org",
    ]
    jan = next(m for m in mailoutbox if "jan@" in m.to[0])
    # the text composed for the people, never the team's own description (issue 15)
    assert "Jan Jansen" in jan.body and approved_subjects_notice.incident.description not in jan.body
    assert approved_subjects_notice.content["texts"]["nl"]["what_happened"] in jan.body
    html = jan.alternatives[0][0]
    assert "Jan Jansen" in html and "\x00" not in html
    anon = next(m for m in mailoutbox if "anon@" in m.to[0])
    assert "Dear Sir or Madam" in anon.body
    assert len({m.extra_headers["Message-ID"] for m in mailoutbox}) == 3
    letters = Delivery.objects.filter(channel="post")
    assert [(d.status, d.recipient_name) for d in letters] == [("to_print", "Piet Post")]
    assert outbox.progress(approved_subjects_notice.pk) | {} == {
        "queued": 0,
        "sending": 0,
        "sent": 3,
        "failed": 0,
        "to_print": 1,
        "total": 4,
    }


def test_running_a_batch_twice_sends_nothing_twice(
    approved_subjects_notice, owner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        delivery_services.notice_send(actor=owner, notice_id=approved_subjects_notice.pk)
    [ids] = outbox.batches(approved_subjects_notice.pk)
    first = outbox.send_batch(approved_subjects_notice.pk, ids)
    second = outbox.send_batch(approved_subjects_notice.pk, ids)
    assert (first["sent"], second["claimed"]) == (3, 0)
    assert len(mailoutbox) == 3


def test_deliveries_of_a_dead_worker_are_requeued_after_their_lease_and_sent_once(
    approved_subjects_notice, owner, mailoutbox, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=False):
        delivery_services.notice_send(actor=owner, notice_id=approved_subjects_notice.pk)
    [ids] = outbox.batches(approved_subjects_notice.pk)
    _token, claimed = outbox.claim(ids)  # a worker claims the batch ... and dies before sending
    assert len(claimed) == 3
    assert outbox.send_batch(approved_subjects_notice.pk, ids)["claimed"] == 0  # still leased
    later = timezone.now() + timedelta(seconds=settings.DELIVERY_LEASE_SECONDS + 1)
    assert outbox.requeue_stale(later) == [approved_subjects_notice.pk]
    assert outbox.send_batch(approved_subjects_notice.pk, ids)["sent"] == 3
    assert len(mailoutbox) == 3


def test_mail_whose_hand_over_was_lost_is_handed_over_again_once_a_lease_has_passed(
    approved_subjects_notice, owner, mailoutbox, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=False):  # the web process dies before queuing the batches
        delivery_services.notice_send(actor=owner, notice_id=approved_subjects_notice.pk)
    assert outbox.orphaned() == []  # just sent: its hand-over may still be on its way
    later = timezone.now() + timedelta(seconds=settings.DELIVERY_LEASE_SECONDS + 1)
    assert outbox.orphaned(later) == [approved_subjects_notice.pk]
    with time_machine.travel(later):
        tasks.notifications_sweep()  # Celery runs eagerly here: the batches are sent at once
        assert outbox.orphaned() == []
    assert len(mailoutbox) == 3
    approved_subjects_notice.refresh_from_db()
    assert approved_subjects_notice.status == Notice.Status.SENT


def test_mail_being_sent_or_handed_over_lately_is_not_handed_over_again(
    approved_subjects_notice, owner, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=False):
        delivery_services.notice_send(actor=owner, notice_id=approved_subjects_notice.pk)
    [ids] = outbox.batches(approved_subjects_notice.pk)
    later = timezone.now() + timedelta(seconds=settings.DELIVERY_LEASE_SECONDS + 1)
    with time_machine.travel(later):
        outbox.claim(ids[:1])  # a worker is on it
    assert outbox.orphaned(later) == []
    Delivery.objects.filter(pk__in=ids[:1]).update(status=Delivery.Status.QUEUED, claim_token=None)
    # handed over again just now (its workers are merely slow): not again before another lease has passed
    Notice.objects.filter(pk=approved_subjects_notice.pk).update(dispatched_at=later)
    assert outbox.orphaned(later) == []
    assert outbox.orphaned(later + timedelta(seconds=settings.DELIVERY_LEASE_SECONDS + 1)) == [
        approved_subjects_notice.pk
    ]


def test_a_temporary_smtp_error_queues_the_rest_again(
    approved_subjects_notice, owner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        delivery_services.notice_send(actor=owner, notice_id=approved_subjects_notice.pk)
    [ids] = outbox.batches(approved_subjects_notice.pk)
    calls = {"n": 0}
    original = locmem.EmailBackend.send_messages

    def flaky(self, messages):
        calls["n"] += 1
        if calls["n"] == 2:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return original(self, messages)

    with (
        mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", flaky),
        pytest.raises(outbox.TemporaryDeliveryError),
    ):
        outbox.send_batch(approved_subjects_notice.pk, ids)
    statuses = sorted(Delivery.objects.filter(channel="email").values_list("status", flat=True))
    assert statuses == ["queued", "queued", "sent"]
    assert outbox.send_batch(approved_subjects_notice.pk, ids)["sent"] == 2
    assert len(mailoutbox) == 3
    approved_subjects_notice.refresh_from_db()
    assert approved_subjects_notice.status == "sent"


def test_a_refused_recipient_is_failed_shown_and_can_be_retried(
    approved_subjects_notice, owner, mailoutbox, django_capture_on_commit_callbacks
):
    original = locmem.EmailBackend.send_messages

    def refuse_marie(self, messages):
        if "marie@" in messages[0].to[0]:
            raise smtplib.SMTPRecipientsRefused({"marie@example.fr": (550, b"No such user")})
        return original(self, messages)

    with (
        mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse_marie),
        django_capture_on_commit_callbacks(execute=True),
    ):
        delivery_services.notice_send(actor=owner, notice_id=approved_subjects_notice.pk)
    approved_subjects_notice.refresh_from_db()
    assert approved_subjects_notice.status == "failed"
    failed = Delivery.objects.get(status="failed")
    assert "550 No such user" in failed.last_error
    with django_capture_on_commit_callbacks(execute=True):
        delivery_services.notice_retry(actor=owner, notice_id=approved_subjects_notice.pk)
    approved_subjects_notice.refresh_from_db()
    assert approved_subjects_notice.status == "sent" and len(mailoutbox) == 3


def test_sending_needs_an_approved_notice_and_a_list(notifiable, owner, dpo2):
    notice = services.notice_draft(actor=owner, incident_id=notifiable.pk, kind="subjects")
    with pytest.raises(DomainError):
        delivery_services.notice_send(actor=owner, notice_id=notice.pk)
    services.notice_submit(actor=owner, notice_id=notice.pk)
    services.notice_approve(actor=dpo2, notice_id=notice.pk)
    with pytest.raises(DomainError) as refused:
        delivery_services.notice_send(actor=owner, notice_id=notice.pk)
    assert refused.value.code == "no_recipients"


def test_people_speaking_a_language_without_approved_text_block_sending(notifiable, owner, dpo2):
    notice = services.notice_draft(actor=owner, incident_id=notifiable.pk, kind="subjects")  # before the list
    services.notice_submit(actor=owner, notice_id=notice.pk)
    services.notice_approve(actor=dpo2, notice_id=notice.pk)
    # the list comes after the approval (before it, submitting and approving are refused: issue 15)
    subjects_import_csv(actor=owner, incident_id=notifiable.pk, data=PEOPLE.encode())
    with pytest.raises(DomainError) as refused:
        delivery_services.notice_send(actor=owner, notice_id=notice.pk)
    assert "en, fr" in refused.value.message


def test_the_controller_alert_goes_to_the_clients_contact_point(
    owner, dpo, dpo2, client_org, mailoutbox, django_capture_on_commit_callbacks
):
    client_org.dpo_email, client_org.dpo_name, client_org.language = "privacy@bakkerij.nl", "Els", "nl"
    client_org.save()
    incident = decided(owner, dpo, our_role="processor", clients=[client_org])
    alert = services.notice_draft(
        actor=owner, incident_id=incident.pk, kind="controller", client_id=client_org.pk
    )
    services.notice_submit(actor=owner, notice_id=alert.pk)
    services.notice_approve(actor=dpo2, notice_id=alert.pk)
    with django_capture_on_commit_callbacks(execute=True):
        delivery_services.notice_send(actor=owner, notice_id=alert.pk)
    [message] = mailoutbox
    assert message.to == ["Els <privacy@bakkerij.nl>"]
    # In the client's language (Dutch): its numbers and the article as the AP writes it.
    assert "5.000" in message.body and "art. 33 lid 2" in message.body.lower()


@pytest.mark.parametrize("name", ["Jan Jansen", "Jérôme Dupont-Ñúñez", "<b>Tom & Jerry</b>", ""])
def test_the_prototype_filled_in_per_person_equals_the_message_built_on_its_own(
    approved_subjects_notice, name
):
    import email
    import email.policy

    notice = approved_subjects_notice
    for language in ("nl", "fr"):
        person = Delivery(
            pk=4711, notice=notice, recipient="someone@example.nl", recipient_name=name, language=language
        )
        renderer = outbox.Renderer(notice)
        _sender, data = renderer.payload(person)
        fast = email.message_from_bytes(data, policy=email.policy.default)
        slow = email.message_from_bytes(
            renderer.message(person).message().as_bytes(linesep="\r\n"), policy=email.policy.default
        )
        assert renderer._prototype(person) is not None  # the fast path was taken
        for header in ("To", "Subject", "Message-ID", "X-Datalek-Notice"):
            assert str(fast[header]) == str(slow[header]), header
        assert fast.get_body(("plain",)).get_content() == slow.get_body(("plain",)).get_content()
        assert fast.get_body(("html",)).get_content() == slow.get_body(("html",)).get_content()
        if name:
            assert name in fast.get_body(("plain",)).get_content()
            assert "DATALEK" not in data.decode("utf-8", "replace")


@pytest.mark.parametrize(
    "address",
    [
        "jan@example.nl",
        "o'brien+breach@mail.example.co.uk",
        "Datalek <noreply@example.nl>",
        "jérôme@example.fr",
        "anne@bücher.example",
        '"Smith, John" <john@example.org>',
    ],
)
def test_the_envelope_address_is_what_djangos_sanitize_address_gives(address):
    from django.core.mail.message import sanitize_address

    assert outbox.envelope_address(address) == sanitize_address(address, "utf-8")


def test_the_journal_records_sent_and_failed_rows_held_by_its_claim_with_their_message_ids(
    approved_subjects_notice, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        delivery_services.notice_send(actor=owner, notice_id=approved_subjects_notice.pk)
    [ids] = outbox.batches(approved_subjects_notice.pk)
    token, (first, second, third) = outbox.claim(ids)
    Delivery.objects.filter(pk__in=ids).update(last_error="421 try later")
    outcome = {"sent": 0, "failed": 0}
    moment = timezone.now()
    with time_machine.travel(moment, tick=False):
        journal = outbox._Journal(token, outcome)
        journal.sent(first)
        journal.failed(second, "550 No such user")
        assert Delivery.objects.filter(pk__in=ids, status="sending").count() == 3  # not recorded yet
        journal.record()
    stranger = outbox._Journal(outbox.uuid.uuid4(), {"sent": 0, "failed": 0})
    stranger.sent(third)  # not the holder of the claim: nothing changes
    stranger.record()
    fields = ("status", "sent_at", "message_id", "last_error", "claim_token")
    rows = {d.pk: d for d in Delivery.objects.filter(pk__in=ids)}
    # The Message-ID the database writes is the one the message carried (message_id), stable for a re-send.
    assert [getattr(rows[first.pk], f) for f in fields] == [
        "sent",
        moment,
        outbox.message_id(first),
        "",
        None,
    ]
    assert [getattr(rows[second.pk], f) for f in fields] == ["failed", None, "", "550 No such user", None]
    assert (rows[third.pk].status, rows[third.pk].claim_token) == ("sending", token)
    assert outcome == {"sent": 1, "failed": 1}


def test_a_batch_records_its_outcomes_in_one_statement_per_chunk(
    approved_subjects_notice, owner, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(outbox, "MARKS_PER_STATEMENT", 2)
    with django_capture_on_commit_callbacks(execute=False):
        delivery_services.notice_send(actor=owner, notice_id=approved_subjects_notice.pk)
    [ids] = outbox.batches(approved_subjects_notice.pk)
    with CaptureQueriesContext(connection) as queries:
        assert outbox.send_batch(approved_subjects_notice.pk, ids)["sent"] == 3
    marks = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('UPDATE "notifications_delivery"') and "'sent'" in q["sql"]
    ]
    assert len(marks) == 2  # a full chunk of two, then the last one when the batch ends
    assert len(mailoutbox) == 3
    assert Delivery.objects.filter(pk__in=ids, status="sent").count() == 3
