"""The benchmark suites. Each builds what it needs (once per database), measures, and prints its BENCH lines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench import data
from bench.measure import median, p95, report, timed
from bench.workers import bench_workers
from incidents.models import Incident, Membership, Organisation, User
from incidents.roles import Role


@dataclass(frozen=True)
class Sizes:
    incidents: int = 1_000_000
    subjects: int = 1_000_000
    fanout: int = 100_000
    requests: int = 60
    runs: int = 5

    @classmethod
    def smoke(cls) -> Sizes:
        return cls(incidents=2_000, subjects=2_000, fanout=200, requests=5, runs=2)


@dataclass(frozen=True)
class World:
    organisation: Organisation
    dpo: User


def world(sizes: Sizes) -> World:
    """One organisation with ``sizes.incidents`` incidents and a DPO; rebuilt only when the size differs."""
    organisation, _ = Organisation.objects.get_or_create(slug="bench", defaults={"name": "Bench B.V."})
    dpo, created = User.objects.get_or_create(username="bench-dpo", defaults={"email": "dpo@bench.example"})
    if created:
        dpo.set_password("bench-password-not-secret")
        dpo.save()
    Membership.objects.get_or_create(user=dpo, organisation=organisation, defaults={"role": Role.DPO})
    if Incident.objects.filter(organisation=organisation).count() != sizes.incidents:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE incidents_incident RESTART IDENTITY CASCADE")
        data.copy_incidents(sizes.incidents, organisation_id=organisation.id, user_id=dpo.id)
    return World(organisation, dpo)


def _api_client(w: World) -> Client:
    client = Client()
    client.force_login(w.dpo)
    return client


def api(sizes: Sizes) -> list[str]:
    """The incident list of the API at a million incidents: the first page and a deep one (cursor), p95."""
    w = world(sizes)
    client = _api_client(w)
    deep_id = (
        Incident.objects.filter(organisation=w.organisation)
        .order_by("id")
        .values_list("id", flat=True)[max(0, sizes.incidents // 10)]
    )
    first = client.get("/api/incidents/?page_size=50")
    assert first.status_code == 200, first.content[:300]
    deep_cursor = _cursor_before(client, deep_id)

    def page(url: str) -> Callable:
        def fetch():
            response = client.get(url)
            assert response.status_code == 200

        return fetch

    urls = [
        "/api/incidents/?page_size=50",
        deep_cursor,
        "/api/incidents/?page_size=50&status=triage",
        "/api/incidents/?page_size=50&overdue=true",
    ]
    samples = [s for url in urls for s in timed(page(url), runs=sizes.requests // len(urls) or 1)]
    queries = 0
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries = max(queries, len(captured.captured_queries))
    return [
        report("api_incident_list_p95_ms", p95(samples) * 1000, "ms"),
        report("api_incident_list_queries", queries, "queries", digits=0),
    ]


def _cursor_before(client: Client, incident_id: int) -> str:
    """A cursor URL that starts just below ``incident_id`` (the API orders by -id)."""
    import base64
    from urllib.parse import quote

    token = base64.b64encode(f"p={incident_id}".encode()).decode()
    return f"/api/incidents/?page_size=50&cursor={quote(token)}"


def sweep(sizes: Sizes) -> list[str]:
    """The deadline sweep over a million incidents, a few thousand of them open (steady state: reminders of
    earlier sweeps exist)."""
    from notifications import clock
    from notifications.models import Reminder

    world(sizes)
    now = timezone.now()
    clock.plan(now)  # the first sweep after the data came in creates the reminders due
    Reminder.objects.update(sent_at=now)  # ... and sends them
    samples = timed(lambda: clock.sweep(now + timedelta(seconds=30)), runs=sizes.runs)
    return [report("deadline_sweep_ms", median(samples) * 1000, "ms")]


SUITES = {"api": api, "sweep": sweep}


# --- fan-out: a notice to many people, through real Celery workers, to a real SMTP server ---------------------


def _fanout_notice(w: World, people: int):
    """An incident with ``people`` affected people and an approved notice to them, its outbox filled set-based."""
    from notifications import content
    from notifications.models import Delivery, Notice

    incident = Incident.objects.filter(organisation=w.organisation).order_by("-id").first()
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM notifications_delivery WHERE notice_id IN "
            "(SELECT id FROM notifications_notice WHERE incident_id = %s)",
            [incident.id],
        )
        cursor.execute("DELETE FROM notifications_affectedsubject WHERE incident_id = %s", [incident.id])
    data.copy_subjects(people, incident_id=incident.id)
    notice = Notice.objects.create(
        incident=incident,
        kind="subjects",
        language="nl",
        drafted_by=w.dpo,
        drafted_at=timezone.now(),
        content={"texts": {lang: content.subject_texts(incident, lang) for lang in ("nl", "fr", "en")}},
    )
    Notice.objects.filter(pk=notice.pk).update(status="sending")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO notifications_delivery (notice_id, subject_id, channel, recipient, recipient_name, language, "
            "status, attempts, last_error, message_id) SELECT %s, id, 'email', email, name, language, 'queued', 0, '', '' "
            "FROM notifications_affectedsubject WHERE incident_id = %s AND email <> ''",
            [notice.pk, incident.id],
        )
    return notice, Delivery.objects.filter(notice=notice).count()


def fanout(sizes: Sizes) -> list[str]:
    """E-mails per second through two Celery workers to a local SMTP server, against a plain loop sending the
    same pre-rendered messages over one connection."""
    import smtplib

    from bench.smtp import sink
    from notifications import delivery
    from notifications.models import Delivery, Notice

    w = world(sizes)
    with sink() as server:
        raw_rate = _raw_smtp_rate(server, min(sizes.fanout, 20_000), smtplib)
        notice, total = _fanout_notice(w, sizes.fanout)
        with bench_workers(2, {"EMAIL_HOST": server.host, "EMAIL_PORT": str(server.port)}) as workers:
            import time as _time

            start = _time.perf_counter()
            for ids in delivery.batches(notice.pk):
                workers.send("notifications.tasks.deliveries_send_batch", notice_id=notice.pk, ids=ids)
            while Delivery.objects.filter(notice=notice, status__in=["queued", "sending"]).exists():
                _time.sleep(0.2)
            elapsed = _time.perf_counter() - start
        sent = Delivery.objects.filter(notice=notice, status="sent").count()
        assert sent == total, f"{sent} of {total} sent"
        assert Notice.objects.get(pk=notice.pk).status == "sent"
    rate = total / elapsed
    return [
        report("fanout_notices_per_s", rate, "msg/s", digits=0),
        report("fanout_vs_raw_smtp", rate / raw_rate, "ratio", digits=2),
    ]


def _raw_smtp_rate(server, n: int, smtplib) -> float:
    """The same kind of message, rendered beforehand, sent in a plain loop over one connection."""
    import email.policy
    import time as _time
    from email.message import EmailMessage

    messages = []
    for i in range(n):
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = (
            "datalek@bench.example",
            f"p{i}@example.nl",
            "Bench",
        )
        message.set_content("Dear Person,\n\n" + "A line of text about the breach.\n" * 20)
        message.add_alternative(
            "<p>Dear Person,</p>\n" + "<p>A line of text about the breach.</p>\n" * 20, subtype="html"
        )
        messages.append((f"p{i}@example.nl", message.as_bytes(policy=email.policy.SMTP)))
    start = _time.perf_counter()
    with smtplib.SMTP(server.host, server.port) as connection_:
        for recipient, payload in messages:
            connection_.sendmail("datalek@bench.example", [recipient], payload)
    return n / (_time.perf_counter() - start)


SUITES["fanout"] = fanout


# --- the affected-people import: a million rows --------------------------------------------------------------


def subjects(sizes: Sizes) -> list[str]:
    """A CSV of ``sizes.subjects`` people loaded through the import job (streamed, checked row by row, COPY into a
    staging table, one set-based insert), against a raw COPY of the same file into a bare table."""
    import tempfile
    from pathlib import Path

    from django.core.files import File

    from notifications.models import AffectedSubject, SubjectImport
    from notifications.subjects import subjects_import_run

    w = world(sizes)
    incident = (
        Incident.objects.filter(organisation=w.organisation).order_by("id").first()
    )  # not the fan-out one
    with tempfile.TemporaryDirectory() as folder:
        path = data.subjects_csv(Path(folder) / "people.csv", sizes.subjects)

        def load() -> None:
            with connection.cursor() as cursor:
                cursor.execute(
                    "DELETE FROM notifications_affectedsubject WHERE incident_id = %s", [incident.id]
                )
            job = SubjectImport(
                incident=incident,
                file_name="people.csv",
                size=path.stat().st_size,
                requested_by=w.dpo,
                requested_at=timezone.now(),
            )
            with path.open("rb") as upload:
                job.upload.save("bench-people.csv", File(upload), save=False)
            job.save()
            done = subjects_import_run(job.pk)
            assert done.status == "done" and done.created == sizes.subjects, (done.status, done.message)

        imports = timed(load, runs=max(1, sizes.runs // 2), warmup=0)
        raw = timed(lambda: _raw_copy(path), runs=max(1, sizes.runs // 2), warmup=0)
    assert AffectedSubject.objects.filter(incident=incident).count() == sizes.subjects
    return [
        report("subjects_import_1m_s", median(imports), "s"),
        report("subjects_import_vs_raw_copy", median(raw) / median(imports), "ratio", digits=2),
    ]


def _raw_copy(path) -> None:
    """The same file, straight into a bare table with PostgreSQL's CSV COPY: the speed of the hardware."""
    connection.ensure_connection()
    raw = connection.connection
    raw.execute("DROP TABLE IF EXISTS bench_raw_people")
    raw.execute(
        "CREATE TABLE bench_raw_people (name text, email text, postal_address text, "
        "language text, external_id text)"
    )
    with (
        raw.cursor() as cursor,
        cursor.copy("COPY bench_raw_people FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true)") as copy,
        path.open("rb") as source,
    ):
        while chunk := source.read(1 << 20):
            copy.write(chunk)
    raw.execute("DROP TABLE bench_raw_people")


SUITES["subjects"] = subjects
