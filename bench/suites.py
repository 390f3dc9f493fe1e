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
