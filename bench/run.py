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
import sys
from collections.abc import Callable

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/datalek_bench")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "datalek.settings")
for _name in ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "SENTRY_DSN", "EMAIL_HOST"):
    os.environ.pop(_name, None)

import django  # noqa: E402

django.setup()

from bench import suites  # noqa: E402

SIZES = {"full": suites.Sizes(), "smoke": suites.Sizes.smoke()}


def _ensure_database() -> None:
    import psycopg
    from django.conf import settings

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
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    sizes = SIZES["smoke" if args.smoke else "full"]
    if args.fanout:
        sizes = dataclasses.replace(sizes, fanout=args.fanout)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()] or list(suites.SUITES)
    unknown = set(chosen) - set(suites.SUITES)
    if unknown:
        parser.error(f"unknown suite(s): {', '.join(sorted(unknown))}")
    for name in chosen:
        suite: Callable[[suites.Sizes], list[str]] = suites.SUITES[name]
        suite(sizes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
