"""The register export as a person gets it, in a process of its own so that its memory can be measured: the CSV of
every incident of the user's organisation, streamed by the web view and read chunk by chunk, as a client would
write it to disk. Prints one JSON line: ``{"rows": …, "bytes": …, "seconds": …, "ready_kb": …, "peak_kb": …}`` (the
resident memory once Django is loaded and warm, before the export; and the process's peak).

    python -m bench.register_export --user bench-dpo
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from bench.environment import configure

if TYPE_CHECKING:
    from django.test import Client


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--user", required=True)
    parser.add_argument("--years", type=int, default=9, help="the period: this many years up to today")
    args = parser.parse_args(argv)
    configure()
    from django.utils import timezone

    from bench.cleanup import signed_in
    from incidents.models import User

    with signed_in(User.objects.get(username=args.user)) as client:  # its traces go when the export is read
        answer = _export(client, args.years, timezone.localdate())
    print(json.dumps(answer))
    return 0


def _export(client: Client, years: int, today: date) -> dict:
    """The export read chunk by chunk; what ``main`` prints."""
    params = {
        "date_from": (today - timedelta(days=365 * years)).isoformat(),
        "date_to": today.isoformat(),
        "language": "en",
    }
    # A first request loads what every later one finds loaded (URL resolver, templates, catalogues): not timed.
    warm = client.get("/register/csv/", params | {"date_from": params["date_to"]})
    assert warm.status_code == 200 and b"".join(warm.streaming_content)
    ready_kb = _resident_kb()
    start = time.perf_counter()
    response = client.get("/register/csv/", params)
    if response.status_code != 200 or not response.streaming:
        sys.exit(f"the register answered {response.status_code}")
    lines = size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    seconds = time.perf_counter() - start
    answer = {"rows": lines - 1, "bytes": size, "seconds": seconds, "ready_kb": ready_kb}
    return answer | {"peak_kb": _resident_kb("VmHWM")}


def _resident_kb(field: str = "VmRSS") -> int:
    """This process's resident memory (Linux): now (VmRSS), or its peak (VmHWM). The peak is read here rather than
    from the parent's ``wait4``, whose figure also counts the parent's own memory, shared by the child between its
    fork and its exec."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in status.splitlines() if line.startswith(f"{field}:")), 0)


if __name__ == "__main__":
    sys.exit(main())
