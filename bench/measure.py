"""Timing helpers: every figure is the median of several runs, printed as ``BENCH <name> <value> <unit>``, followed
by a line (not a BENCH line) with the issue's target for it and whether it is met. A figure that misses its target
is printed all the same."""

from __future__ import annotations

import operator
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    op: str  # "<", "<=", ">=" or ">"
    value: float

    def met(self, figure: float) -> bool:
        return {"<": operator.lt, "<=": operator.le, ">=": operator.ge, ">": operator.gt}[self.op](
            figure, self.value
        )

    def __str__(self) -> str:
        return f"{self.op} {self.value:g}"


# The targets of issue 8 on the 2-core machine. Figures without a target here are printed for information.
TARGETS: dict[str, Target] = {
    "subjects_import_1m_s": Target("<", 30),
    "subjects_import_vs_raw_copy": Target(">=", 0.3),
    "fanout_notices_per_s": Target(">=", 1000),
    "fanout_vs_raw_smtp": Target(">=", 0.5),
    "api_incident_list_p95_ms": Target("<", 50),
    "api_incident_list_queries": Target("<=", 10),
    "deadline_sweep_ms": Target("<", 50),
    "register_csv_1m_rows_per_s": Target(">=", 50_000),
    "register_csv_peak_rss_mb": Target("<", 150),
    "authority_notice_pdf_s": Target("<", 1),
}


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    text: str  # the value as printed

    @property
    def target(self) -> Target | None:
        return TARGETS.get(self.name)

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.target.met(self.value)


FIGURES: list[Figure] = []  # every figure printed in this process, in order


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
    text = f"{value:.{digits}f}"
    line = f"BENCH {name} {text} {unit}"
    figure = Figure(name, float(text), unit, text)
    FIGURES.append(figure)
    print(line, flush=True)
    if figure.target is not None:
        verdict = "met" if figure.met else "MISSED"
        print(f"  target {name} {figure.target} {unit}: {verdict}", flush=True)
    return line


def table(figures: list[Figure]) -> str:
    """The figures as the README's Markdown table: figure | value | target | met?"""
    lines = ["| figure | value | target | met? |", "|---|---|---|---|"]
    for f in figures:
        target = f"{f.target} {f.unit}" if f.target else "—"
        met = "—" if f.met is None else ("yes" if f.met else "**no**")
        lines.append(f"| `{f.name}` | {f.text} {f.unit} | {target} | {met} |")
    return "\n".join(lines)
