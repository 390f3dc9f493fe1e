"""``make bench``: build the data, run each measurement several times, print ``BENCH <name> <value> <unit>``.

    python -m bench.run                 # the full sizes (a million incidents, a million people)
    python -m bench.run --smoke         # tiny sizes: proves every benchmark still runs (make test does this)
    python -m bench.run --only api,sweep

The figures are medians (latencies: the 95th percentile of the requests). A figure that misses its target is
printed anyway. The database is DATABASE_URL (default: a `datalek_bench` database on the local PostgreSQL).

One run at a time per database: a run holds a PostgreSQL advisory lock for its whole length, and a second run
refuses with a message naming the first (``--wait`` makes it wait instead). Two runs at once measure each other and
one's purge meets the other's fan-out.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.management import call_command

from bench.environment import configure

configure()

from bench import suites  # noqa: E402
from bench.measure import FIGURES, table  # noqa: E402

SIZES = {"full": suites.Sizes(), "smoke": suites.Sizes.smoke()}


def _ensure_database() -> None:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("The benchmarks run on PostgreSQL: set DATABASE_URL.")
    with _connect("postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{db["NAME"]}"')


LOCK_KEY = 0x64617461_6C656B  # "datalek": the advisory lock of a bench run on its database


def _connect(dbname: str | None = None, **kwargs) -> psycopg.Connection:
    db = settings.DATABASES["default"]
    return psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=dbname or db["NAME"],
        **kwargs,
    )


class BenchBusy(SystemExit):
    """Another run holds the database's bench lock."""


def hold_lock(*, wait: bool) -> psycopg.Connection:
    """Take the bench lock on its own connection, kept open (and so the lock held) until the run ends; refuse, or
    wait when asked, while another run holds it."""
    conn = _connect(autocommit=True)
    if conn.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY]).fetchone()[0]:
        return conn
    holder = conn.execute(
        "SELECT a.pid, a.client_addr, a.backend_start FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
        "WHERE l.locktype = 'advisory' AND l.granted AND (l.classid::bigint << 32 | l.objid::bigint) = %s",
        [LOCK_KEY],
    ).fetchone()
    who = (
        f"backend pid {holder[0]}, connected {holder[2]:%Y-%m-%d %H:%M:%S %Z}"
        if holder
        else "another session"
    )
    name = settings.DATABASES["default"]["NAME"]
    if not wait:
        conn.close()
        raise BenchBusy(
            f"Another benchmark run is using the database {name!r} ({who}). Two runs at once measure each "
            "other and can break each other's data: wait for it to end, or run with --wait."
        )
    print(f"# waiting for the other benchmark run on {name!r} ({who}) to end …", flush=True)
    conn.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
    return conn


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, to check that every benchmark runs")
    parser.add_argument("--fanout", type=int, default=0, help="number of e-mails in the fan-out suite")
    parser.add_argument("--only", default="", help="comma-separated suite names: " + ", ".join(suites.SUITES))
    parser.add_argument("--wait", action="store_true", help="wait for another run on the database to end")
    args = parser.parse_args(argv)
    _ensure_database()
    lock = hold_lock(wait=args.wait)
    try:
        return _run(parser, args)
    finally:
        lock.close()


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    call_command("migrate", interactive=False, verbosity=0)
    sizes = SIZES["smoke" if args.smoke else "full"]
    if args.fanout:
        sizes = dataclasses.replace(sizes, fanout=args.fanout)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()] or list(suites.SUITES)
    unknown = set(chosen) - set(suites.SUITES)
    if unknown:
        parser.error(f"unknown suite(s): {', '.join(sorted(unknown))}")
    print(f"# {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {machine()}; sizes: {sizes}", flush=True)
    for name in chosen:
        suite: Callable[[suites.Sizes], list[str]] = suites.SUITES[name]
        suite(sizes)
    print("\n" + table(FIGURES), flush=True)
    return 0


def machine() -> str:
    """What the figures were measured on: cores, memory and processor (Linux), and the load when we started."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read("/proc/cpuinfo").splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory = next(
        (int(line.split()[1]) for line in _read("/proc/meminfo").splitlines() if line.startswith("MemTotal")),
        0,
    )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return f"{os.cpu_count()} cores, {memory / 2**20:.1f} GiB RAM, {cpu}, load {load:.2f}"


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


if __name__ == "__main__":
    sys.exit(main())
