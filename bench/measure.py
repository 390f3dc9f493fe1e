"""Timing helpers: every figure is the median of several runs, printed as ``BENCH <name> <value> <unit>``."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(fn: Callable[[], object], runs: int = 5, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def report(name: str, value: float, unit: str, *, digits: int = 1) -> str:
    line = f"BENCH {name} {value:.{digits}f} {unit}"
    print(line, flush=True)
    return line
