"""Delivery through real components: a Celery worker process on Redis, PostgreSQL, and an SMTP server.
Killing the worker in the middle of a batch and starting a new one sends no message twice and loses none."""

import os
import signal
import time
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


def test_killing_the_worker_mid_batch_loses_nothing_and_duplicates_nothing(
    smtp_worker, smtp_sink, owner, dpo, dpo2, settings
):
    settings.DELIVERY_LEASE_SECONDS = LEASE_SECONDS
    # The sink stops answering at the 10th recipient: the worker is killed while it waits, in the middle of the
    # (single) batch. (A kill between the server's "250 OK" and our update is the one window SMTP leaves open.)
    smtp_sink.hold_at = 10
    notice = _sending_notice(owner, dpo, dpo2, people=60)
    assert _dispatch_to(smtp_worker, notice) == 1
    assert smtp_sink.held.wait(60)
    os.kill(smtp_worker.process.pid, signal.SIGKILL)
    smtp_worker.process.wait()
    smtp_sink.released.set()
    assert smtp_sink.count() == 9
    assert (
        Delivery.objects.filter(notice=notice, status="sending").count() == 51
    )  # its claims are left behind

    smtp_worker.restart(_worker_env(smtp_sink))
    time.sleep(LEASE_SECONDS + 0.5)
    # Beat's sweep, run in the new worker: the dead worker's claims go back to the queue once their lease has
    # passed, and the sweep dispatches them again from there.
    assert smtp_worker.run("notifications.tasks.notifications_sweep")["requeued_notices"] == 1
    assert wait_until(lambda: Notice.objects.get(pk=notice.pk).status == "sent")
    ids = smtp_sink.message_ids()
    assert len(ids) == 60, f"{len(ids)} messages for 60 people"
    assert len(set(ids)) == 60, "a message was sent twice"
