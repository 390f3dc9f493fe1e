"""The register export as a person gets it, in a process of its own so that its memory can be measured: the CSV of
every incident of the user's organisation, streamed by the web view and read chunk by chunk, as a client would
write it to disk. Prints one JSON line: ``{"rows": …, "bytes": …, "seconds": …}``.

    python -m bench.register_export --user bench-dpo
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import timedelta

from bench.environment import configure


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--user", required=True)
    parser.add_argument("--years", type=int, default=9, help="the period: this many years up to today")
    args = parser.parse_args(argv)
    configure()
    from django.test import Client
    from django.utils import timezone

    from incidents.models import User

    client = Client()
    client.force_login(User.objects.get(username=args.user))
    today = timezone.localdate()
    params = {
        "date_from": (today - timedelta(days=365 * args.years)).isoformat(),
        "date_to": today.isoformat(),
        "language": "en",
    }
    # A first request loads what every later one finds loaded (URL resolver, templates, catalogues): not timed.
    warm = client.get("/register/csv/", params | {"date_from": params["date_to"]})
    assert warm.status_code == 200 and b"".join(warm.streaming_content)
    start = time.perf_counter()
    response = client.get("/register/csv/", params)
    if response.status_code != 200 or not response.streaming:
        sys.exit(f"the register answered {response.status_code}")
    lines = size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    seconds = time.perf_counter() - start
    print(json.dumps({"rows": lines - 1, "bytes": size, "seconds": seconds}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
