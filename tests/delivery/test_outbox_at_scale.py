"""The outbox at the size of a big breach: filled by the database in one statement however long the list, batches
that finish while others still run neither lock nor count, and the throughput is shown while it sends."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from delivery import outbox
from delivery import services as delivery_services
from delivery.models import Delivery
from notifications import services
from notifications.models import Notice
from people.models import AffectedSubject
from tests.incidents.test_api import client_for


def _people(incident, count: int) -> None:
    """``count`` people in bulk; every tenth has only a postal address, languages as the notice has them."""
    now = timezone.now()
    AffectedSubject.objects.bulk_create(
        AffectedSubject(
            incident=incident,
            name=f"Person {n}",
            email="" if n % 10 == 0 else f"person{n}@example.nl",
            postal_address=f"Straat {n}, Dorp" if n % 10 == 0 else "",
            language=("nl", "fr", "en")[n % 3],
            external_id=f"P{n}",
            dedupe_key=f"id:P{n}",
            created_at=now,
        )
        for n in range(count)
    )


@pytest.fixture
def approved_notice(notifiable, owner, dpo2):
    _people(notifiable, 2_500)
    notice = services.notice_draft(actor=owner, incident_id=notifiable.pk, kind="subjects")
    services.notice_submit(actor=owner, notice_id=notice.pk)
    return services.notice_approve(actor=dpo2, notice_id=notice.pk)


def test_sending_to_the_people_fills_the_outbox_in_one_statement(approved_notice, owner):
    with CaptureQueriesContext(connection) as captured:
        delivery_services.notice_send(
            actor=owner, notice_id=approved_notice.pk
        )  # the batches go out after commit
    inserts = [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().startswith("INSERT INTO")]
    assert sum(Delivery._meta.db_table in sql for sql in inserts) == 1  # not one per row, nor per 2,000
    deliveries = Delivery.objects.filter(notice=approved_notice)
    assert deliveries.filter(channel="email", status="queued").count() == 2_250
    assert deliveries.filter(channel="post", status="to_print").count() == 250
    letter = deliveries.get(recipient="Straat 10, Dorp")
    assert (letter.recipient_name, letter.language, letter.subject.external_id) == ("Person 10", "fr", "P10")
    mail = deliveries.get(recipient="person11@example.nl")
    assert (mail.recipient_name, mail.language, mail.attempts, mail.last_error) == ("Person 11", "en", 0, "")


def test_a_batch_that_finds_mail_still_pending_takes_no_lock_and_counts_nothing(approved_notice, owner):
    delivery_services.notice_send(actor=owner, notice_id=approved_notice.pk)
    with CaptureQueriesContext(connection) as captured:
        outbox.complete_if_done(approved_notice.pk)
    assert len(captured.captured_queries) == 1
    assert "FOR UPDATE" not in captured.captured_queries[0]["sql"]
    assert Notice.objects.get(pk=approved_notice.pk).status == "sending"
    Delivery.objects.filter(notice=approved_notice, channel="email").update(
        status="sent", sent_at=timezone.now()
    )
    outbox.complete_if_done(approved_notice.pk)  # the last batch: nothing pending, so the notice is sent
    assert Notice.objects.get(pk=approved_notice.pk).status == "sent"


def test_the_notice_page_shows_messages_per_second_while_sending_and_after(approved_notice, owner, client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        delivery_services.notice_send(actor=owner, notice_id=approved_notice.pk)
    emails = Delivery.objects.filter(notice=approved_notice, channel="email").order_by("id")
    Delivery.objects.filter(pk__in=list(emails.values_list("id", flat=True)[:1000])).update(status="sent")
    client.force_login(owner)
    with time_machine.travel(start + timedelta(seconds=10), tick=False):
        page = client.get(f"/notices/{approved_notice.pk}/").content.decode()
        assert 'data-throughput="100"' in page and "100 messages per second on average" in page
        assert f"?sent=1000&amp;at={(start + timedelta(seconds=10)).timestamp():.3f}" in page
        assert (
            client_for(owner).get(f"/api/notices/{approved_notice.pk}/deliveries/").json()["per_second"]
            == 100
        )
    Delivery.objects.filter(pk__in=list(emails.values_list("id", flat=True)[1000:1500])).update(status="sent")
    at = (start + timedelta(seconds=10)).timestamp()
    with time_machine.travel(start + timedelta(seconds=15), tick=False):
        poll = client.get(f"/notices/{approved_notice.pk}/progress/?sent=1000&at={at:.3f}").content.decode()
    assert 'data-throughput-recent="100"' in poll and 'data-throughput="100"' in poll
    assert "100 messages per second now (100 on average since sending started)" in poll
    with time_machine.travel(start + timedelta(seconds=16), tick=False):
        bad = client.get(f"/notices/{approved_notice.pk}/progress/?sent=x&at=y")
    assert bad.status_code == 200 and "data-throughput-recent" not in bad.content.decode()
    emails.update(status="sent")
    with time_machine.travel(start + timedelta(seconds=25), tick=False):
        outbox.complete_if_done(approved_notice.pk)
    with time_machine.travel(start + timedelta(hours=2), tick=False):
        done = client.get(f"/notices/{approved_notice.pk}/progress/").content.decode()
    assert 'data-throughput="90"' in done and "90 messages per second on average" in done  # 2,250 in 25 s
