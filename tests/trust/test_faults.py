"""Faults: PostgreSQL restarting under a burst of requests, and Redis (the task queue and the cache) going away.

The real servers are shared and never stopped: a TCP proxy the test controls (tests/faults_proxy.py) stands
between the app and the server, and cutting it is the restart. The app runs as its own gunicorn process
(tests/web_process.py) configured through the environment like production, with persistent database connections.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from unittest import mock
from urllib.parse import urlparse

import pytest
import requests
from celery import Celery
from django.conf import settings
from django.db import connection
from django.test import Client

from datalek.models import DeferredTask
from delivery.models import Delivery
from incidents.models import Incident
from incidents.verification import verify_all
from notifications import services as notice_services
from notifications.models import Notice
from tests.api_tokens import token_for
from tests.celery_worker import REDIS_URL, database_url, start_worker, wait_until
from tests.faults_proxy import TcpProxy
from tests.incidents.test_api import incident_payload
from tests.notifications.conftest import subjects_notice
from tests.web_process import start_web

REQUEST_TIMEOUT = 15
CSRF = r'name="csrfmiddlewaretoken" value="([^"]+)"'


@pytest.fixture
def postgres_only(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("the fault tests run against PostgreSQL")


def _token(user) -> dict[str, str]:
    return {"Authorization": f"Token {token_for(user)}"}


def _incident_payload(n: int) -> dict:
    return incident_payload(
        title=f"Burst incident {n}",
        description="Logged during a burst of requests.",
        aware_justification="The monitoring alerted on an export.",
    )


def _assert_clean_503(response: requests.Response) -> None:
    assert response.headers["Content-Type"].startswith("application/json"), response.text[:500]
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == "database_unavailable" and body["error"]["message"]
    assert response.headers.get("Retry-After")


def _browser_session(user) -> requests.Session:
    """A logged-in browser: the session is made in the test database, which the web process shares."""
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set("sessionid", client.cookies["sessionid"].value, domain="127.0.0.1")
    return session


def _timed(call, *args, **kwargs) -> tuple[requests.Response, float]:
    started = time.monotonic()
    response = call(*args, timeout=REQUEST_TIMEOUT, **kwargs)
    return response, time.monotonic() - started


# --- PostgreSQL restarts during a burst -----------------------------------------------------------------------


class Burst:
    """Client threads that log incidents and move each along (triage, confirm) until told to stop; a step that
    fails leaves that incident where it is and the thread logs the next one."""

    def __init__(self, web_url: str, headers: dict[str, str]) -> None:
        self.url, self.headers = web_url, headers
        self.results: list[tuple[str, int, requests.Response]] = []  # (step, status, response)
        self.lock = threading.Lock()
        self.counter = 0

    def _record(self, step: str, response: requests.Response) -> requests.Response:
        with self.lock:
            self.results.append((step, response.status_code, response))
        return response

    def one_incident(self) -> bool:
        """Log one incident and take it two steps; True when every request succeeded."""
        with self.lock:
            self.counter += 1
            n = self.counter
        created = self._record(
            "create",
            requests.post(
                f"{self.url}/api/incidents/",
                json=_incident_payload(n),
                headers=self.headers,
                timeout=REQUEST_TIMEOUT,
            ),
        )
        if created.status_code != 201:
            return False
        incident_id = created.json()["id"]
        for name, expected in (("start_triage", "detection"), ("confirm_breach", "triage")):
            moved = self._record(
                name,
                requests.post(
                    f"{self.url}/api/incidents/{incident_id}/transitions/",
                    json={"transition": name, "expected_status": expected},
                    headers=self.headers,
                    timeout=REQUEST_TIMEOUT,
                ),
            )
            if moved.status_code != 200:
                return False
        return True

    def run_until(self, stop: threading.Event) -> None:
        while not stop.is_set():
            if not self.one_incident():
                time.sleep(0.05)  # a client backs off a little after an error


def test_a_postgresql_restart_during_a_burst_fails_requests_cleanly_and_the_app_recovers(
    postgres_only, owner, tmp_path
):
    db = settings.DATABASES["default"]
    proxy = TcpProxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)).start()
    web = start_web(tmp_path, {"DATABASE_URL": database_url(port=proxy.port), "CONN_MAX_AGE": "60"})
    try:
        burst = Burst(web.url, _token(owner))
        browser = _browser_session(owner)
        stop = threading.Event()
        with ThreadPoolExecutor(max_workers=6) as pool:
            workers = [pool.submit(burst.run_until, stop) for _ in range(6)]
            time.sleep(1.5)
            assert proxy.open_connections, "the app holds its database connections through the proxy"
            proxy.stop()  # the server goes down: every connection is cut, new ones are refused ...
            down_at = time.monotonic()
            page = browser.get(f"{web.url}/", timeout=REQUEST_TIMEOUT)
            time.sleep(max(0.0, 1.0 - (time.monotonic() - down_at)))
            proxy.start()  # ... and it is back
            time.sleep(1.5)
            stop.set()
            for worker in workers:
                worker.result(timeout=60)
        during = list(burst.results)

        # After the restart every request succeeds: dead pooled connections are noticed and replaced.
        burst.results.clear()
        with ThreadPoolExecutor(max_workers=6) as pool:
            assert all(pool.map(lambda _: burst.one_incident(), range(12)))
        after = list(burst.results)
        assert browser.get(f"{web.url}/", timeout=REQUEST_TIMEOUT).status_code == 200
    finally:
        web.stop()
        proxy.stop()

    statuses = [status for _step, status, _response in during]
    assert set(statuses) <= {200, 201, 503}, [(s, r.text[:300]) for _step, s, r in during if s >= 500][:3]
    assert statuses.count(503) >= 1, "the restart hit no request"
    assert statuses.count(201) >= 2 and statuses.count(200) >= 2  # work got done around the restart
    for _step, status, response in during:
        if status == 503:
            _assert_clean_503(response)
    assert {status for _step, status, _response in after} <= {200, 201}
    # A person in the browser gets a page saying what is going on, not a traceback or a bare error.
    assert page.status_code == 503 and page.headers["Content-Type"].startswith("text/html")
    assert "Back in a moment" in page.text and "Traceback" not in page.text

    # Nothing half-written: every incident has its creation event, every move its transition event, and the
    # chains are intact. A request cut at its commit may have been saved although it answered 503 (the commit
    # reached the server, the answer did not): such an incident is complete too.
    incidents = Incident.objects.filter(reported_by=owner)
    created_ok = sum(1 for step, status, _r in during + after if step == "create" and status == 201)
    created_maybe = sum(1 for step, status, _r in during if step == "create" and status == 503)
    assert created_ok <= incidents.count() <= created_ok + created_maybe
    for incident in incidents:
        events = list(incident.events.order_by("sequence"))
        assert events[0].kind == "created"
        transitions = [e for e in events if e.kind == "transition"]
        expected = {0: "detection", 1: "triage", 2: "containment"}[len(transitions)]
        assert incident.status == expected, (incident.reference, incident.status, len(transitions))
    checked, problems = verify_all(Incident.objects.all())
    assert checked == incidents.count() and problems == []


# --- Redis unavailable ------------------------------------------------------------------------------------------

SINK_PEOPLE = 12
# Seconds a request may take while Redis is down. Without giving up fast, queuing a task waits ~20 s for the broker.
NO_HANG = 8


def _redis_target() -> tuple[str, int, int]:
    url = urlparse(REDIS_URL)
    return url.hostname or "127.0.0.1", url.port or 6379, int((url.path or "/0").lstrip("/") or 0)


def _notice_ready_to_approve(owner, dpo) -> Notice:
    notice = subjects_notice(owner, dpo, SINK_PEOPLE)
    return notice_services.notice_submit(actor=owner, notice_id=notice.pk)


@pytest.mark.celery_worker
def test_with_redis_down_the_web_app_keeps_working_and_the_mails_go_out_once_when_it_is_back(
    postgres_only, smtp_sink, owner, dpo, dpo2, tmp_path
):
    host, port, db_number = _redis_target()
    proxy = TcpProxy(host, port).start()
    queue = f"datalek-faults-{uuid.uuid4().hex[:8]}"
    processes_env = {"DJANGO_SETTINGS_MODULE": "tests.worker_settings", "DATALEK_TEST_QUEUE": queue}
    client_app = Celery("datalek-faults-client", broker=REDIS_URL, backend=REDIS_URL, set_as_current=False)
    starting = ThreadPoolExecutor(max_workers=2)  # both processes start while the data is arranged
    web_started = starting.submit(
        start_web, tmp_path, {**processes_env, "REDIS_URL": f"redis://127.0.0.1:{proxy.port}/{db_number}"}
    )
    # The worker reaches Redis directly: what goes down is the web app's way to it.
    worker_started = starting.submit(
        start_worker,
        queue,
        client_app,
        {**processes_env, "EMAIL_HOST": smtp_sink.host, "EMAIL_PORT": str(smtp_sink.port)},
    )
    try:
        notice = _notice_ready_to_approve(owner, dpo)
        web = web_started.result()
        worker_started.result()  # ready
        proxy.stop()

        # Logging an incident, moving it on, approving a notice and pressing "send" all work, without hanging.
        api = {"headers": _token(owner)}
        created, took = _timed(requests.post, f"{web.url}/api/incidents/", json=_incident_payload(1), **api)
        assert created.status_code == 201 and took < NO_HANG, (created.status_code, took, created.text[:300])
        moved, took = _timed(
            requests.post,
            f"{web.url}/api/incidents/{created.json()['id']}/transitions/",
            json={"transition": "start_triage"},
            **api,
        )
        assert moved.status_code == 200 and took < NO_HANG, (moved.status_code, took)
        approved, took = _timed(
            requests.post, f"{web.url}/api/notices/{notice.pk}/approve/", headers=_token(dpo2)
        )
        assert approved.status_code == 200 and took < NO_HANG, (
            approved.status_code,
            took,
            approved.text[:300],
        )

        browser = _browser_session(owner)
        page = browser.get(f"{web.url}/notices/{notice.pk}/", timeout=REQUEST_TIMEOUT)
        assert page.status_code == 200
        token = re.search(CSRF, page.text).group(1)
        sent, took = _timed(
            browser.post,
            f"{web.url}/notices/{notice.pk}/send/",
            data={"csrfmiddlewaretoken": token},
            allow_redirects=False,
        )
        assert sent.status_code == 302 and took < NO_HANG, (sent.status_code, took, sent.text[:300])
        assert (
            "Sending started" in browser.get(web.url + sent.headers["Location"], timeout=REQUEST_TIMEOUT).text
        )

        # The e-mails wait in the outbox; the task that would send them is kept in the database.
        notice.refresh_from_db()
        assert notice.status == "sending"
        assert Delivery.objects.filter(notice=notice, status="queued").count() == SINK_PEOPLE
        assert DeferredTask.objects.filter(name="notifications.tasks.deliveries_send_batch").count() == 1
        assert "is unreachable" in web.output() and "kept in the database" in web.output()

        # The pages say so; the health probe agrees and the app stays healthy.
        banner = f"The task queue is unreachable: {SINK_PEOPLE} messages are waiting"
        assert banner in browser.get(f"{web.url}/", timeout=REQUEST_TIMEOUT).text
        assert banner in browser.get(f"{web.url}/notices/{notice.pk}/", timeout=REQUEST_TIMEOUT).text
        health = requests.get(f"{web.url}/healthz", timeout=REQUEST_TIMEOUT)
        assert health.status_code == 200 and health.json() == {"database": "ok", "broker": "unavailable"}
        time.sleep(0.5)  # the worker is up and listening: still nothing may go out
        assert smtp_sink.count() == 0

        # Redis is back: the probe sees it, the banner goes, and beat's hand-over sends every e-mail once.
        proxy.start()
        health = requests.get(f"{web.url}/healthz", timeout=REQUEST_TIMEOUT)
        assert health.json() == {"database": "ok", "broker": "ok"}
        assert "task queue is unreachable" not in browser.get(f"{web.url}/", timeout=REQUEST_TIMEOUT).text
        flushed = client_app.send_task("datalek.tasks.deferred_tasks_flush", queue=queue).get(timeout=30)
        assert flushed == {"handed_over": 1, "still_kept": 0}
        assert wait_until(lambda: Notice.objects.get(pk=notice.pk).status == "sent", timeout=30)
        assert smtp_sink.count() == SINK_PEOPLE and len(set(smtp_sink.message_ids())) == SINK_PEOPLE
        assert DeferredTask.objects.count() == 0

        # A second hand-over finds nothing to do, and the web app queues straight to the broker again.
        assert client_app.send_task("datalek.tasks.deferred_tasks_flush", queue=queue).get(timeout=30) == {
            "handed_over": 0,
            "still_kept": 0,
        }
    finally:
        starting.shutdown(wait=True)
        if worker_started.exception() is None:
            worker_started.result().kill()  # its work is done: no need to wait for a warm shutdown
            worker_started.result().wait()
        if web_started.exception() is None:
            web_started.result().stop()
        proxy.stop()
        client_app.close()
    assert smtp_sink.count() == SINK_PEOPLE
    checked, problems = verify_all(Incident.objects.all())
    assert checked >= 2 and problems == []


def test_the_cache_carries_on_without_redis_and_works_again_when_it_is_back():
    from datalek.cache import FailSoftRedisCache

    host, port, db_number = _redis_target()
    proxy = TcpProxy(host, port).start()
    cache = FailSoftRedisCache(
        f"redis://127.0.0.1:{proxy.port}/{db_number}",
        {
            "KEY_PREFIX": f"faults-{uuid.uuid4().hex[:8]}",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        },
    )
    try:
        cache.set("progress", 41)
        assert cache.get("progress") == 41
        proxy.stop()
        started = time.monotonic()
        assert cache.get("progress", "unknown") == "unknown"  # a miss, not an error
        cache.set("progress", 42)
        assert cache.add("other", 1) is False and cache.get_many(["progress"]) == {}
        assert cache.delete("progress") is False and cache.has_key("progress") is False
        assert time.monotonic() - started < 5
        proxy.start()
        assert cache.get("progress") == 41  # the write made while Redis was away was dropped
        cache.set("progress", 43)
        assert cache.get("progress") == 43
        cache.delete("progress")
    finally:
        proxy.stop()


# --- the hand-over of kept tasks, on its own ---------------------------------------------------------------------


def test_tasks_the_broker_refuses_are_kept_and_a_hand_over_stops_where_the_broker_fails_again(db, settings):
    from kombu.exceptions import OperationalError as BrokerDown

    from datalek import task_queue
    from datalek.celery import app
    from delivery.tasks import deliveries_send_batch

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    batches = [{"notice_id": 1, "ids": [1, 2]}, {"notice_id": 1, "ids": [3]}, {"notice_id": 1, "ids": [4]}]
    with (
        mock.patch.dict(task_queue._status),  # this process's last look at the broker is put back afterwards
        mock.patch.object(task_queue, "_eager", return_value=False),
        mock.patch.object(
            deliveries_send_batch, "apply_async", side_effect=[None, BrokerDown("refused")]
        ) as publish,
    ):
        # The first batch goes out; the broker fails at the second, and the rest is kept without trying each.
        assert task_queue.enqueue_many(deliveries_send_batch, batches) == 1
        assert publish.call_count == 2
        # Right after, the next request does not wait for the broker at all.
        assert task_queue.enqueue(deliveries_send_batch, notice_id=2, ids=[5]) is False
        assert publish.call_count == 2
        assert task_queue.broker_status() == "unavailable"  # what the banner shows, without asking again
    kept = list(DeferredTask.objects.order_by("id").values_list("name", "kwargs"))
    assert kept == [
        ("notifications.tasks.deliveries_send_batch", {"notice_id": 1, "ids": [3]}),
        ("notifications.tasks.deliveries_send_batch", {"notice_id": 1, "ids": [4]}),
        ("notifications.tasks.deliveries_send_batch", {"notice_id": 2, "ids": [5]}),
    ]

    sent = []

    def broker_fails_on_the_second(name, kwargs, **options):
        if len(sent) == 1:
            raise BrokerDown("gone again")
        sent.append((name, kwargs, options))

    with mock.patch.object(app, "send_task", side_effect=broker_fails_on_the_second):
        assert task_queue.flush() == {"handed_over": 1, "still_kept": 2}
    assert sent == [
        ("notifications.tasks.deliveries_send_batch", {"notice_id": 1, "ids": [3]}, {"ignore_result": True})
    ]
    left = DeferredTask.objects.order_by("id")
    assert [row.kwargs["ids"] for row in left] == [[4], [5]]
    assert all(row.attempts == 1 and "gone again" in row.last_error for row in left)

    with mock.patch.object(app, "send_task", side_effect=lambda name, kwargs, **options: sent.append(name)):
        assert task_queue.flush() == {"handed_over": 2, "still_kept": 0}
    assert DeferredTask.objects.count() == 0
