"""Delivery through real components: a Celery worker process on Redis, PostgreSQL, and an SMTP server.
Killing the worker in the middle of a batch and starting a new one loses no message, and sends a message twice to
at most ``outbox.DUPLICATE_WINDOW`` people: those whose messages the server had taken and the killed worker had
not yet recorded."""

import os
import signal
import time
from collections import Counter
from unittest import mock

import pytest

from delivery import outbox
from delivery import services as delivery_services
from delivery.models import Delivery
from notifications import services
from notifications.models import Notice
from tests.celery_worker import wait_until, worker_fixture
from tests.notifications.conftest import subjects_notice

pytestmark = pytest.mark.celery_worker
LEASE_SECONDS = 3


def _worker_env(smtp_sink) -> dict[str, str]:
    return {
        "EMAIL_HOST": smtp_sink.host,
        "EMAIL_PORT": str(smtp_sink.port),
        "DELIVERY_LEASE_SECONDS": str(LEASE_SECONDS),
        # What the worker queues itself (the sweep's dispatches) goes to its own queue, so it runs them too.
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
    }


@pytest.fixture
def smtp_worker(transactional_db, smtp_sink):
    yield from worker_fixture(_worker_env(smtp_sink))


def _sending_notice(owner, dpo, dpo2, people: int) -> Notice:
    notice = subjects_notice(owner, dpo, people)
    services.notice_submit(actor=owner, notice_id=notice.pk)
    services.notice_approve(actor=dpo2, notice_id=notice.pk)
    with mock.patch("delivery.tasks.dispatch"):  # the batches go to the real worker below
        return delivery_services.notice_send(actor=owner, notice_id=notice.pk)


def _dispatch_to(worker, notice: Notice) -> int:
    parts = outbox.batches(notice.pk)
    for ids in parts:
        worker.send("notifications.tasks.deliveries_send_batch", notice_id=notice.pk, ids=ids)
    return len(parts)


def test_a_worker_delivers_every_message_once_over_smtp(smtp_worker, smtp_sink, owner, dpo, dpo2, settings):
    settings.DELIVERY_BATCH_SIZE = 10
    notice = _sending_notice(owner, dpo, dpo2, people=30)
    assert _dispatch_to(smtp_worker, notice) == 3
    assert wait_until(lambda: Notice.objects.get(pk=notice.pk).status == "sent")
    assert smtp_sink.count() == 30
    assert len(set(smtp_sink.message_ids())) == 30
    assert Delivery.objects.filter(notice=notice, status="sent").count() == 30


@pytest.mark.parametrize(
    ("taken", "killed"),
    [
        # inside the first chunk: 39 messages taken, none recorded
        (40, "waiting for the server to take a recipient"),
        # the chunk full and all of it taken, the last message without its "250": the whole window re-sent
        (outbox.DUPLICATE_WINDOW, "after the server took the message, before it said so"),
        # past the first chunk's record: only the second chunk's messages taken so far are re-sent
        (outbox.DUPLICATE_WINDOW + 30, "waiting for the server to take a recipient"),
    ],
)
def test_a_worker_killed_mid_batch_sends_to_everyone_and_twice_to_at_most_the_duplicate_window(
    smtp_worker, smtp_sink, owner, dpo, dpo2, settings, taken, killed
):
    settings.DELIVERY_LEASE_SECONDS = LEASE_SECONDS
    people = 2 * outbox.DUPLICATE_WINDOW + 50  # one batch of several chunks
    if killed.startswith("after"):
        smtp_sink.hold_after_data_at = taken
    else:
        smtp_sink.hold_at = taken  # the sink stops answering at this recipient; the ones before it were taken
    notice = _sending_notice(owner, dpo, dpo2, people=people)
    assert _dispatch_to(smtp_worker, notice) == 1
    assert smtp_sink.held.wait(90)
    os.kill(smtp_worker.process.pid, signal.SIGKILL)
    smtp_worker.process.wait()
    smtp_sink.released.set()
    before_kill = smtp_sink.count()
    assert before_kill == (taken if killed.startswith("after") else taken - 1)
    recorded = Delivery.objects.filter(notice=notice, status="sent").count()
    assert recorded + Delivery.objects.filter(notice=notice, status="sending").count() == people  # none lost

    smtp_worker.restart(_worker_env(smtp_sink))
    time.sleep(LEASE_SECONDS + 0.5)
    # Beat's sweep, run in the new worker: the dead worker's claims go back to the queue once their lease has
    # passed, and the sweep dispatches them again from there.
    assert smtp_worker.run("notifications.tasks.notifications_sweep")["requeued_notices"] == 1
    assert wait_until(lambda: Notice.objects.get(pk=notice.pk).status == "sent")

    received = Counter(smtp_sink.recipients())
    everyone = {f"person{i}@example.nl" for i in range(people)}
    assert set(received) == everyone, "someone got no message"
    twice = [address for address, n in received.items() if n == 2]
    assert max(received.values()) <= 2, "someone got the message three times"
    assert len(twice) <= outbox.DUPLICATE_WINDOW
    # Exactly the messages the server had taken and the dead worker had not recorded were sent again ...
    assert len(twice) == before_kill - recorded
    # ... with the Message-ID of the first copy, so the receiving side can recognise the second.
    ids = Counter(smtp_sink.message_ids())
    assert len(ids) == people and sum(n == 2 for n in ids.values()) == len(twice)
