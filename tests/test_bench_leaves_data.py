"""Each benchmark suite leaves the data as it found it (issue 19): what it adds on top of the world — rows in any
table, files under MEDIA_ROOT, keys on Redis — is gone when it ends, also when it fails half-way. Left behind, it
changed what the next suite and the next run measured.

Each suite runs at the smoke size on its world (and what it keeps by design, ``suites.KEPT``), between two counts of
every table. So that the sameness cannot be that of a suite which wrote nothing, PostgreSQL's own count of inserted
rows per table (``pg_stat_user_tables``, every process's: the fan-out's workers, the register's child) must show
that the suite did write where it is known to. The one exception is the audit trail, append-only by design: the
events the measured services append stay, and they must be exactly those (bench/README.md)."""

from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection
from psycopg import sql

from bench import suites
from incidents.models import IncidentEvent
from tests.celery_worker import REDIS_URL, wait_until

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

EVENTS_TABLE = IncidentEvent._meta.db_table
SIGN_IN = {"django_session", "axes_accesslog"}
# The tables each suite writes to while it runs, and empties of its rows again.
WRITES = {
    "api": SIGN_IN,
    "sweep": {"notifications_reminder"},
    "fanout": {"notifications_notice", "notifications_delivery", "notifications_affectedsubject"},
    "subjects": {"notifications_subjectimport", "notifications_affectedsubject"} | SIGN_IN,
    "register": SIGN_IN,  # in its child process
    "documents": set(),  # renders what its first run made
    "audit": set(),  # verifies and anchors the trails its first run laid; the anchor file is in a temporary folder
}
# The audit events the measured services append to the world's incidents, kept by design.
EVENTS = {"fanout": {"notice_status", "deliveries"}, "subjects": {"subjects_imported"}}


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the benchmarks run on PostgreSQL")


@pytest.mark.parametrize("name", list(suites.SUITES))
def test_a_suite_leaves_every_table_the_media_files_and_redis_as_it_found_them(name, capsys):
    sizes = suites.Sizes.smoke()
    suites.KEPT[name](sizes)
    before, inserted, events = _state(), _inserted(), _last_event()
    assert before.counts["incidents_incident"] > 0  # the counts are of the suite's world

    suites.SUITES[name](sizes)

    assert "BENCH " in capsys.readouterr().out  # it measured
    made = {"incidents_incidentevent"} if name in EVENTS else set()
    assert wait_until(lambda: _written_since(inserted) == WRITES[name] | made, timeout=15), (
        f"{name} wrote to {sorted(_written_since(inserted))}, expected {sorted(WRITES[name] | made)}"
    )
    appended = list(IncidentEvent.objects.filter(pk__gt=events).values_list("kind", flat=True))
    assert set(appended) == EVENTS.get(name, set())
    after = _state()
    assert after.counts == before.counts | {EVENTS_TABLE: before.counts[EVENTS_TABLE] + len(appended)}
    assert after.files == before.files
    assert after.keys == before.keys


# A step of a suite made to fail once the suite has written, and the tables it has written to by then.
FAILURES = {
    "sweep": ("delivery.clock.sweep", {"notifications_reminder"}),
    "fanout": ("delivery.outbox.batches", WRITES["fanout"]),
    "subjects": (
        "bench.suites.subjects_import_run",
        {"notifications_subjectimport"},
    ),  # and the upload, stored
}


@pytest.mark.parametrize("name", list(FAILURES))
def test_a_suite_that_fails_half_way_still_leaves_the_data_as_it_found_it(name, monkeypatch):
    sizes = suites.Sizes.smoke()
    suites.KEPT[name](sizes)
    before = _state()
    step, written = FAILURES[name]
    midway = []

    def fail(*args, **kwargs):
        midway.append(_state())
        raise RuntimeError("half-way")

    monkeypatch.setattr(step, fail)
    with pytest.raises(RuntimeError, match="half-way"):
        suites.SUITES[name](sizes)

    assert {table for table, rows in midway[0].counts.items() if rows > before.counts[table]} == written
    if name == "subjects":
        assert "imports" in midway[0].files[1] and "imports" not in before.files[1]
    after = _state()
    assert after.counts == before.counts
    assert after.files == before.files
    assert after.keys == before.keys


@dataclass
class State:
    counts: dict[str, int]  # rows of every table
    files: tuple[bool, list[str]]  # whether MEDIA_ROOT exists, and every file and folder in it
    keys: set[bytes]  # on the Redis of the workers


def _state() -> State:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
            counts[table] = cursor.fetchone()[0]
    media = Path(settings.MEDIA_ROOT)
    files = (media.exists(), sorted(str(path.relative_to(media)) for path in media.rglob("*")))
    # kombu's own table of the control channel's bindings (ping, shutdown) is shared by every Celery process on
    # this Redis, and pruned by kombu: not the suite's
    keys = {
        key
        for key in redis.Redis.from_url(REDIS_URL).scan_iter()
        if key != b"_kombu.binding_deadlines" and b"pidbox" not in key
    }
    return State(counts, files, keys)


def _inserted() -> dict[str, int]:
    """Rows inserted into each table so far, by any process (what this one has not reported yet is flushed)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT relname, n_tup_ins FROM pg_stat_user_tables WHERE schemaname = 'public'")
        return dict(cursor.fetchall())


def _written_since(inserted: dict[str, int]) -> set[str]:
    return {table for table, rows in _inserted().items() if rows > inserted.get(table, 0)}


def _last_event() -> int:
    return IncidentEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
