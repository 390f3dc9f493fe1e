"""``make bench`` is not part of ``make test`` (it builds a million incidents), but every one of its suites runs here
at a tiny size — real Celery workers, a real SMTP sink, the register exported in a child process — so that none of
them can rot, and each prints its figures in the one format the README's table is made from."""

import re

import pytest
from django.db import connection

from bench import suites
from bench.measure import FIGURES, TARGETS, table

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

LINE = re.compile(r"BENCH (?P<name>[a-z0-9_]+) (?P<value>\d+(\.\d+)?) (?P<unit>\S+)")


def test_every_benchmark_runs_at_smoke_size_and_prints_its_figures(capsys):
    if connection.vendor != "postgresql":
        pytest.skip("the benchmarks run on PostgreSQL")
    sizes = suites.Sizes.smoke()
    first = len(FIGURES)
    for suite in suites.SUITES.values():
        suite(sizes)
    out = capsys.readouterr().out
    printed = {m["name"]: m for m in map(LINE.fullmatch, out.splitlines()) if m}
    bench_lines = [line for line in out.splitlines() if line.startswith("BENCH")]
    assert (
        len(bench_lines) == len(printed) == len(FIGURES) - first
    )  # every BENCH line well-formed, none twice
    assert set(TARGETS) <= set(printed)  # every figure the issue sets a target for
    assert {"incident_report_20_events_pdf_s", "dashboard_p95_ms", "subjects_list_queries"} <= set(printed)
    for name, target in TARGETS.items():  # each target stated beside its figure, met or not
        assert re.search(rf"^  target {name} {re.escape(str(target))} \S+: (met|MISSED)$", out, re.M)
    assert int(printed["api_incident_list_queries"]["value"]) <= 10
    assert float(printed["register_csv_peak_rss_mb"]["value"]) > 20  # a real process was measured
    assert "| `fanout_notices_per_s` |" in table(FIGURES[first:])
