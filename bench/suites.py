"""The benchmark suites. Each builds what it needs (once per database), measures, and prints its BENCH lines."""

from __future__ import annotations

import base64
import email.policy
import json
import os
import smtplib
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.files import File
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from bench import data
from bench.cleanup import last_id, new_folders_removed, signed_in
from bench.measure import median, p95, report, timed
from bench.workers import bench_workers
from delivery import outbox
from delivery.models import Delivery
from incidents.anchor import anchor_write
from incidents.models import Incident, Membership, Organisation, User
from incidents.roles import Role
from incidents.services import incident_update
from incidents.verification import verify
from notifications.models import Notice
from people.models import AffectedSubject, SubjectImport
from people.subjects import subjects_import_run
from reports.models import Document
from risk.models import RiskAssessment


@dataclass(frozen=True)
class Sizes:
    incidents: int = 1_000_000
    subjects: int = 1_000_000
    fanout: int = 100_000
    requests: int = 60
    runs: int = 5
    events: int = 500  # audit events in the incident report
    chains: int = (
        100_000  # incidents with an audit trail of ten events in the audit suite (the others have none)
    )

    @classmethod
    def smoke(cls) -> Sizes:
        return cls(incidents=2_000, subjects=2_000, fanout=200, requests=5, runs=2, events=20, chains=200)


@dataclass(frozen=True)
class World:
    organisation: Organisation
    dpo: User


def world(sizes: Sizes) -> World:
    """One organisation with ``sizes.incidents`` incidents and a DPO, the closed ones with what a real register
    holds (``data.copy_outcomes``: a finalised assessment, the authority's notice, the people's notice with its
    deliveries); rebuilt only when the size differs or the outcomes are missing (a database built before them)."""
    organisation, _ = Organisation.objects.get_or_create(slug="bench", defaults={"name": "Bench B.V."})
    dpo, created = User.objects.get_or_create(username="bench-dpo", defaults={"email": "dpo@bench.example"})
    if created:
        dpo.set_password("bench-password-not-secret")
        dpo.save()
    Membership.objects.get_or_create(user=dpo, organisation=organisation, defaults={"role": Role.DPO})
    incidents = Incident.objects.filter(organisation=organisation)
    if (
        incidents.count() != sizes.incidents
        or not RiskAssessment.objects.filter(incident__organisation=organisation).exists()
    ):
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE incidents_incident RESTART IDENTITY CASCADE")
        data.copy_incidents(sizes.incidents, organisation_id=organisation.id, user_id=dpo.id)
        data.copy_outcomes(organisation_id=organisation.id, user_id=dpo.id)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does soon after such a load in production
    return World(organisation, dpo)


def api(sizes: Sizes) -> list[str]:
    """The incident list at a million incidents — the API's first page of 50, filtered pages and a deep page (a
    cursor 90 % down the list) — with its p95 and the most queries any of them needs; the same for the web list
    and the dashboard. It writes nothing but its sign-in (removed at the end)."""
    w = world(sizes)
    deep_id = (
        Incident.objects.filter(organisation=w.organisation)
        .order_by("id")
        .values_list("id", flat=True)[max(0, sizes.incidents // 10)]
    )
    deep = f"/api/incidents/?page_size=50&cursor={_cursor(deep_id)}"
    urls = [
        "/api/incidents/?page_size=50",
        deep,
        "/api/incidents/?page_size=50&status=triage",
        "/api/incidents/?page_size=50&overdue=true",
    ]
    with signed_in(w.dpo) as client:
        lines = _pages("api_incident_list", client, urls, sizes)
        deep_samples = timed(_fetch(client, deep), runs=max(1, sizes.requests // 4))
        lines.append(report("api_incident_list_deep_p95_ms", p95(deep_samples) * 1000, "ms"))
        lines += _pages("web_incident_list", client, ["/incidents/", f"/incidents/?after={deep_id}"], sizes)
        lines += _pages("dashboard", client, ["/"], sizes)
    return lines


def _fetch(client: Client, url: str) -> Callable[[], None]:
    def fetch() -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])

    return fetch


def _pages(name: str, client: Client, urls: list[str], sizes: Sizes) -> list[str]:
    """``<name>_p95_ms`` over requests spread evenly on ``urls``, and ``<name>_queries``: the most any of them
    needed."""
    samples = [
        s for url in urls for s in timed(_fetch(client, url), runs=max(1, sizes.requests // len(urls)))
    ]
    queries = 0
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            _fetch(client, url)()
        queries = max(queries, len(captured.captured_queries))
    return [
        report(f"{name}_p95_ms", p95(samples) * 1000, "ms"),
        report(f"{name}_queries", queries, "queries", digits=0),
    ]


def _cursor(position: int) -> str:
    """An API cursor (URL-quoted) that starts just past the row with id ``position`` in the list's own order: below
    it for the incidents (by -id), above it for the people (by id)."""
    return quote(base64.b64encode(f"p={position}".encode()).decode())


def sweep(sizes: Sizes) -> list[str]:
    """The deadline sweep over a million incidents, a few thousand of them open (steady state: reminders of
    earlier sweeps exist — made here before the timing; every reminder above the last id there was is removed at
    the end)."""
    from delivery import clock, tasks
    from delivery.models import Reminder

    world(sizes)
    now = timezone.now()
    before = last_id(Reminder)
    try:
        clock.plan(now)  # the first sweep after the data came in creates the reminders due
        Reminder.objects.filter(sent_at__isnull=True).update(sent_at=now)  # ... and sends them
        samples = timed(lambda: clock.sweep(now + timedelta(seconds=30)), runs=sizes.runs)
        # The whole task beat runs every minute: the clock, claims of dead workers, lists past their retention.
        beat = timed(lambda: tasks.notifications_sweep.run(), runs=sizes.runs)
    finally:
        Reminder.objects.filter(pk__gt=before).delete()
    return [
        report("deadline_sweep_ms", median(samples) * 1000, "ms"),
        report("beat_sweep_ms", median(beat) * 1000, "ms"),
    ]


SUITES = {"api": api, "sweep": sweep}
# What each suite measures on and keeps between runs, built by its first run (bench/README.md, "What a run leaves
# behind"): the world, and for two suites audit trails that cannot be removed by design. Anything else a suite makes
# it removes when it ends, also when it fails half-way (bench/cleanup.py).
KEPT: dict[str, Callable[[Sizes], object]] = {"api": world, "sweep": world}


# --- fan-out: a notice to many people, through real Celery workers, to a real SMTP server ---------------------


def _fanout_notice(w: World, people: int, undo: ExitStack):
    """An incident with ``people`` affected people and an approved notice to them, its outbox filled set-based;
    each removed by ``undo`` (the notice with its outbox, then the list)."""
    from delivery import outbox
    from delivery.models import Delivery
    from notifications import content
    from notifications.models import Notice

    incident = Incident.objects.filter(organisation=w.organisation).order_by("-id").first()
    # What a run killed half-way left there (no cleanup ran), or a bench from before issue 19.
    _list_removed(incident.id)
    undo.callback(_list_removed, incident.id)
    data.copy_subjects(people, incident_id=incident.id, postal_every=0)  # every one of them an e-mail
    notice = Notice.objects.create(
        incident=incident,
        kind="subjects",
        language="nl",
        drafted_by=w.dpo,
        drafted_at=timezone.now(),
        content={"texts": {lang: content.subject_texts(incident, lang) for lang in ("nl", "fr", "en")}},
    )
    undo.callback(_notice_removed, notice.pk)
    Notice.objects.filter(pk=notice.pk).update(status="sending", released_at=timezone.now())
    outbox.queue_for_people(notice_id=notice.pk, incident_id=incident.id)  # what notice_send does
    return notice, Delivery.objects.filter(notice=notice, channel="email").count()


def _list_removed(incident_id: int) -> None:
    """The incident's list of people and the outbox rows that name them. The world lists nobody (its notices' outbox
    rows name no listed person): a list on the world's incident is a suite's."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM notifications_delivery WHERE subject_id IN "
            "(SELECT id FROM notifications_affectedsubject WHERE incident_id = %s)",
            [incident_id],
        )
        cursor.execute("DELETE FROM notifications_affectedsubject WHERE incident_id = %s", [incident_id])


def _notice_removed(notice_id: int) -> None:
    """A notice the fan-out made, with its outbox. Its audit events stay: the trail is append-only (README)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM notifications_delivery WHERE notice_id = %s", [notice_id])
    Notice.objects.filter(pk=notice_id).delete()


def fanout(sizes: Sizes) -> list[str]:
    """E-mails per second through two Celery workers to a local SMTP server (from the first batch queued to the
    notice marked sent), against a plain loop sending the same pre-rendered messages over one connection. Each
    round's notice, outbox and list of people are removed when the round ends."""
    from bench.smtp import sink

    w = world(sizes)
    rates, raw_rates = [], []
    with sink() as server:
        raw_rates = [_raw_smtp_rate(server, min(sizes.fanout, 20_000)) for _ in range(3)]
        with bench_workers(2, {"EMAIL_HOST": server.host, "EMAIL_PORT": str(server.port)}) as workers:
            for _ in range(max(1, sizes.runs // 2)):
                rates.append(_fanout_once(w, sizes.fanout, workers, server))
    rate = median(rates)
    return [
        report("fanout_notices_per_s", rate, "msg/s", digits=0),
        report("fanout_vs_raw_smtp", rate / median(raw_rates), "ratio", digits=2),
    ]


def _fanout_once(w: World, people: int, workers, server) -> float:
    with ExitStack() as undo:
        notice, total = _fanout_notice(w, people, undo)
        received = server.count
        start = time.perf_counter()
        for ids in outbox.batches(notice.pk):
            workers.send("notifications.tasks.deliveries_send_batch", notice_id=notice.pk, ids=ids)
        deadline = start + max(600, people / 50)
        while Notice.objects.filter(pk=notice.pk, status="sending").exists():
            assert time.perf_counter() < deadline, "the fan-out did not finish in time"
            time.sleep(0.1)
        elapsed = time.perf_counter() - start
        sent = Delivery.objects.filter(notice=notice, status="sent").count()
        assert sent == total, f"{sent} of {total} sent"
        assert server.count - received == total, f"the sink received {server.count - received} of {total}"
        assert Notice.objects.get(pk=notice.pk).status == "sent"
        return total / elapsed


def _raw_smtp_rate(server, n: int) -> float:
    """The same kind of message, rendered beforehand, sent in a plain loop over one connection."""
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
    start = time.perf_counter()
    with smtplib.SMTP(server.host, server.port) as connection_:
        for recipient, payload in messages:
            connection_.sendmail("datalek@bench.example", [recipient], payload)
    return n / (time.perf_counter() - start)


SUITES["fanout"] = fanout
KEPT["fanout"] = world


# --- the affected-people import: a million rows --------------------------------------------------------------


def subjects(sizes: Sizes) -> list[str]:
    """A CSV of ``sizes.subjects`` people loaded through the import job (streamed, checked row by row, COPY into a
    staging table, one set-based insert), against a raw COPY of the same file into a bare table. The import jobs,
    their files and the list are removed at the end."""

    w = world(sizes)
    incident = (
        Incident.objects.filter(organisation=w.organisation).order_by("id").first()
    )  # not the fan-out one
    jobs: list[int] = []
    with ExitStack() as undo:
        undo.enter_context(new_folders_removed(Path(settings.MEDIA_ROOT)))  # imports/ for the uploads
        undo.callback(_imports_removed, jobs)
        undo.callback(_list_emptied, incident.id)
        lines = _subjects_imports(w, incident, sizes, jobs)
        # The list of a million people, in the page and the API: the first page and one near the end (keyset).
        late = (
            AffectedSubject.objects.filter(incident=incident)
            .order_by("-id")
            .values_list("id", flat=True)[100]
        )
        base = f"/incidents/{incident.pk}/subjects/"
        api = f"/api/incidents/{incident.pk}/subjects/?page_size=100"
        with signed_in(w.dpo) as client:
            lines += _pages("subjects_list", client, [base, f"{base}?after={late}"], sizes)
            lines += _pages("api_subjects_list", client, [api, f"{api}&cursor={_cursor(late)}"], sizes)
    return lines


def _subjects_imports(w: World, incident: Incident, sizes: Sizes, jobs: list[int]) -> list[str]:
    """The timed imports (each job's id added to ``jobs``) and the raw COPY, on a CSV in a temporary folder."""
    with tempfile.TemporaryDirectory() as folder:
        path = data.subjects_csv(Path(folder) / "people.csv", sizes.subjects)

        def load() -> None:
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
            jobs.append(job.pk)
            done = subjects_import_run(job.pk)
            assert done.status == "done" and done.created == sizes.subjects, (done.status, done.message)

        imports = []
        for _ in range(max(1, sizes.runs // 2)):
            _list_emptied(incident.id)
            imports += timed(load, runs=1, warmup=0)
        raw = timed(lambda: _raw_copy(path), runs=max(1, sizes.runs // 2), warmup=0)
    assert AffectedSubject.objects.filter(incident=incident).count() == sizes.subjects
    return [
        report("subjects_import_1m_s", median(imports), "s"),
        report("subjects_import_vs_raw_copy", median(raw) / median(imports), "ratio", digits=2),
    ]


def _list_emptied(incident_id: int) -> None:
    """Not timed: the list emptied, and the dead rows swept from the table and its indexes, as autovacuum would
    have done in the hours between two imports (here they are seconds apart, and a million dead entries under the
    very same keys would slow the next run's every key check). Before each import, and at the end: the next suite
    finds the table as the world left it."""
    _list_removed(incident_id)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM notifications_affectedsubject")


def _imports_removed(ids: list[int]) -> None:
    """The suite's import jobs and their files: a job deletes its upload once it has ended, but one that stopped
    before that keeps it, and an error report stays with its job."""
    for job in SubjectImport.objects.filter(pk__in=ids):
        for stored in (job.upload, job.error_report):
            if stored:
                stored.delete(save=False)
    SubjectImport.objects.filter(pk__in=ids).delete()


def _raw_copy(path) -> None:
    """The same file, straight into a bare table with PostgreSQL's CSV COPY: the speed of the hardware. The table
    is dropped again, whatever happens."""
    connection.ensure_connection()
    raw = connection.connection
    raw.execute("DROP TABLE IF EXISTS bench_raw_people")
    try:
        raw.execute(
            "CREATE TABLE bench_raw_people (name text, email text, postal_address text, "
            "language text, external_id text)"
        )
        with (
            raw.cursor() as cursor,
            cursor.copy(
                "COPY bench_raw_people FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true)"
            ) as copy,
            path.open("rb") as source,
        ):
            while chunk := source.read(1 << 20):
                copy.write(chunk)
    finally:
        raw.execute("DROP TABLE IF EXISTS bench_raw_people")


SUITES["subjects"] = subjects
KEPT["subjects"] = world


# --- the register: a CSV of a million incidents, streamed in flat memory --------------------------------------


def register(sizes: Sizes) -> list[str]:
    """The register CSV of every incident (a million), through the web view, read chunk by chunk in a child process
    (``bench.register_export``): rows per second, and the child's peak resident memory as the kernel counts it
    (``VmHWM``), with how much the export added to it once the process was loaded and warm."""
    w = world(sizes)
    expected = Incident.objects.filter(organisation=w.organisation).count()
    rates, peaks, growths = [], [], []
    for _ in range(max(1, sizes.runs // 2 + 1)):
        outcome, usage_kb = _child("bench.register_export", "--user", w.dpo.username)
        peak_kb = outcome["peak_kb"] or usage_kb  # the child's own peak (Linux), else what wait4 says
        assert outcome["rows"] == expected, f"{outcome['rows']} rows, {expected} expected"
        rates.append(outcome["rows"] / outcome["seconds"])
        peaks.append(peak_kb / 1024)
        growths.append(max(0, peak_kb - outcome["ready_kb"]) / 1024)
    return [
        report("register_csv_1m_rows_per_s", median(rates), "rows/s", digits=0),
        report("register_csv_peak_rss_mb", max(peaks), "MB"),
        # how much of that the export itself added to the process, loaded and warm: flat memory means ~0
        report("register_csv_rss_growth_mb", max(growths), "MB"),
    ]


def _child(module: str, *args: str) -> tuple[dict, int]:
    """Run ``python -m module args`` on this database; its JSON answer (the last line of its output) and its peak
    resident set size in KiB (``wait4``'s rusage of that one child, not of every child so far)."""
    from tests.celery_worker import ROOT, database_url  # as the fan-out's workers get it

    env = {**os.environ, "DATABASE_URL": database_url(), "PYTHONUNBUFFERED": "1"}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(
            [sys.executable, "-m", module, *args], cwd=ROOT, env=env, stdout=out, stderr=err
        )
        _pid, status, usage = os.wait4(child.pid, 0)
        child.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        answer, log = out.read(), err.read()
    assert code == 0, f"{module} exited with {code}: {log[-3000:]}"
    return json.loads(answer.strip().splitlines()[-1]), usage.ru_maxrss


SUITES["register"] = register
KEPT["register"] = world


# --- documents: WeasyPrint PDFs -------------------------------------------------------------------------------


def documents(sizes: Sizes) -> list[str]:
    """The notice to the Autoriteit Persoonsgegevens as its PDF, and the internal incident report of an incident
    with ``sizes.events`` audit events (the whole time line and trail are in it). It renders, and writes nothing."""
    from reports.rendering import render_document, render_notice_pdf

    notice, incident = documents_world(sizes)
    assert render_notice_pdf(notice).startswith(b"%PDF")
    notices = timed(lambda: render_notice_pdf(notice), runs=sizes.runs)
    report_ = Document(  # not saved: only its PDF is rendered, as the report's task renders it before storing
        kind=Document.Kind.INCIDENT_REPORT,
        organisation=incident.organisation,
        incident=incident,
        language="nl",
        params={"audit_sequence": incident.audit_event_count},
        version=1,
        requested_at=timezone.now(),
    )
    assert render_document(report_).pages > 1
    reports_ = timed(lambda: render_document(report_), runs=sizes.runs)
    return [
        report("authority_notice_pdf_s", median(notices), "s", digits=2),
        report(f"incident_report_{sizes.events}_events_pdf_s", median(reports_), "s", digits=2),
    ]


def documents_world(sizes: Sizes) -> tuple[Notice, Incident]:
    """What the documents suite renders, in an organisation of its own (not the million-incident one): an incident
    with its drafted notice to the AP, and one with ``sizes.events`` audit events. Made through the services the
    first time and kept, like the world: their audit events cannot be deleted (the trail is append-only), so they
    are found again rather than made anew each run."""
    owner, dpo = _document_people()
    return _authority_notice(owner, dpo), _incident_with_events(owner, dpo, sizes.events)


def _authority_notice(owner: User, dpo: User) -> Notice:
    """A decided incident and its drafted initial notice to the AP (reused when it exists)."""
    from tests.reports.conftest import authority_notice

    title = "Bench: ransomware on the file server"
    notice = Notice.objects.filter(kind=Notice.Kind.AUTHORITY, incident__title=title).order_by("pk").first()
    return notice or authority_notice(owner, dpo, title=title)


def _document_people() -> tuple[User, User]:
    """A security-team member and a DPO of an organisation of their own (not the million-incident one)."""
    organisation, _ = Organisation.objects.get_or_create(
        slug="bench-documents", defaults={"name": "Bench Documenten B.V."}
    )
    people = []
    for username, role in (("bench-docs-team", Role.SECURITY), ("bench-docs-dpo", Role.DPO)):
        user, _ = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@bench.example", "first_name": "Bench"}
        )
        Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": role})
        people.append(user)
    return people[0], people[1]


def _incident_with_events(owner: User, dpo: User, events: int) -> Incident:
    """A decided incident whose audit trail has ``events`` events: the road through the workflow, then edits of
    its description, each one an audited change (reused when a big enough one exists)."""
    from tests.notifications.conftest import decided

    title = f"Bench: incident report with {events} events"
    incident = Incident.objects.filter(title=title, audit_event_count__gte=events).first()
    if incident is not None:
        return incident
    incident = decided(owner, dpo, title=title)
    for n in range(events - incident.audit_event_count):
        incident_update(
            actor=owner,
            incident_id=incident.pk,
            changes={"description": f"Update {n}: what the team learned, in a sentence of ordinary length."},
        )
    incident.refresh_from_db()
    assert incident.audit_event_count >= events
    return incident


SUITES["documents"] = documents
KEPT["documents"] = documents_world


# --- the audit trail: verifying every chain, anchoring them -----------------------------------------------------


def audit(sizes: Sizes) -> list[str]:
    """``verify_audit`` over a million incidents, ``sizes.chains`` of them with a keyed audit trail of ten events
    (the others were loaded without one), each chain held against the anchor; and the anchor runs: the first, which
    writes every chain, and one a beat later with nothing changed (a file in a temporary directory)."""
    w = audit_world(sizes)
    incidents = Incident.objects.filter(organisation=w.organisation)
    with tempfile.TemporaryDirectory() as directory, override_settings(AUDIT_ANCHOR_DIR=directory):
        first = timed(anchor_write, runs=1, warmup=0)
        steady = timed(anchor_write, runs=sizes.runs)
        result = verify(incidents)
        assert result.problems == [] and result.checked == sizes.incidents, result.problems[:3]
        assert result.anchor_run["chains"] >= sizes.chains
        verifies = timed(lambda: verify(incidents), runs=max(1, sizes.runs // 2), warmup=0)
    return [
        report("audit_verify_1m_s", median(verifies), "s", digits=1),
        report("audit_anchor_first_s", first[0], "s", digits=1),
        report("audit_anchor_steady_s", median(steady), "s", digits=1),
    ]


def audit_world(sizes: Sizes) -> World:
    """The world with ``sizes.chains`` of its incidents given a keyed audit trail of ten events (with ``COPY``):
    laid by the first audit run and kept with the world — the trail is append-only, so they could not be removed,
    and laying them again each run would add a second trail's worth of events."""
    w = world(sizes)
    incidents = Incident.objects.filter(organisation=w.organisation)
    missing = sizes.chains - incidents.filter(audit_event_count__gt=0).count()  # other suites add a few
    if missing > 0:
        fresh = incidents.filter(audit_event_count=0).order_by("?").values_list("id", flat=True)
        data.copy_chains(list(fresh[:missing]), events=10)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE incidents_incidentevent")
    return w


SUITES["audit"] = audit
KEPT["audit"] = audit_world
