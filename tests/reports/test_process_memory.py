"""Every web and worker process imports the reports' views; matplotlib (some 45 MB resident) is imported only by
a process that draws a chart. The register export of a million incidents is measured by its peak memory, and
this is most of what it was."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import django, sys; django.setup(); import datalek.urls, reports.views, reports.insights; "
    "print('matplotlib' in sys.modules)"
)


def test_serving_the_pages_does_not_import_matplotlib_until_a_chart_is_drawn():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "datalek.settings"}
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "False"
    drawn = PROBE.replace(
        "print(", "from reports import charts; charts.horizontal_bars('t', [('a', 1)]); print("
    )
    out = subprocess.run([sys.executable, "-c", drawn], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "True"
