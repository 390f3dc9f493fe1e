"""``make bench``: build the data, run each measurement several times, print ``BENCH <name> <value> <unit>``.

    python -m bench.run                 # the full sizes (a million incidents, a million people)
    python -m bench.run --smoke         # tiny sizes: proves every benchmark still runs (make test does this)
    python -m bench.run --only api,sweep

The figures are medians (latencies: the 95th percentile of the requests). A figure that misses its target is
printed anyway. The database is DATABASE_URL (default: a `datalek_bench` database on the local PostgreSQL).
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
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{db["NAME"]}"')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, to check that every benchmark runs")
    parser.add_argument("--fanout", type=int, default=0, help="number of e-mails in the fan-out suite")
    parser.add_argument("--only", default="", help="comma-separated suite names: " + ", ".join(suites.SUITES))
    args = parser.parse_args(argv)
    _ensure_database()
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
