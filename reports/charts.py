"""Charts as SVG, drawn on the server: the same markup in the browser and in the PDF.

Our own small geometry rather than a chart library: pygal, the maintained SVG library that would fit, writes inline
``<script>`` and ``<style>`` elements (which the coming Content-Security-Policy forbids) and random element ids (which
would break byte-for-byte reproducible PDFs). These charts use SVG presentation attributes only, have no script and no
ids, and every coordinate is a plain string with a dot, whatever the locale. Labels are our own vocabulary.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

PALETTE = ("#1d3557", "#e07a5f", "#3d9970", "#f2cc8f", "#6c757d", "#8e6bbf", "#2a9d8f")
GRID = "#d5d9e0"
TEXT = "#3b4250"


@dataclass(frozen=True)
class Rect:
    x: str
    y: str
    width: str
    height: str
    fill: str
    title: str = ""


@dataclass(frozen=True)
class Text:
    x: str
    y: str
    text: str
    anchor: str = "start"
    size: str = "10"


@dataclass(frozen=True)
class Line:
    x1: str
    y1: str
    x2: str
    y2: str


@dataclass
class Chart:
    title: str
    width: int
    height: int
    rects: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    empty: bool = False

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def _f(value: float) -> str:
    return f"{value:.1f}"


def nice_max(value: float) -> int:
    """A round axis maximum at or above ``value`` (1, 2, 5 × a power of ten)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return int(step * power) if step * power >= 1 else 1
    return int(10 * power)


CHAR = 6.0  # the width of a character at font size 9.5, about, for laying out the legend


def _legend_rows(names: list[str], width: int) -> list[list[tuple[int, str]]]:
    rows: list[list[tuple[int, str]]] = [[]]
    x = 48.0
    for index, name in enumerate(names):
        item = 22 + CHAR * len(name)
        if rows[-1] and x + item > width - 10:
            rows.append([])
            x = 48.0
        rows[-1].append((index, name))
        x += item
    return rows


def _legend(chart: Chart, rows: list[list[tuple[int, str]]], y: float) -> None:
    for row in rows:
        x = 48.0
        for index, name in row:
            chart.rects.append(Rect(_f(x), _f(y - 8), "10", "10", PALETTE[index % len(PALETTE)]))
            chart.texts.append(Text(_f(x + 14), _f(y + 1), name, size="9.5"))
            x += 22 + CHAR * len(name)
        y += 15


def _y_axis(chart: Chart, top: float, bottom: float, maximum: int, left: float, right: float) -> None:
    for step in range(5):
        value = maximum * step / 4
        y = bottom - (bottom - top) * step / 4
        chart.lines.append(Line(_f(left), _f(y), _f(right), _f(y)))
        label = f"{value:g}" if value == int(value) else f"{value:.1f}"
        chart.texts.append(Text(_f(left - 6), _f(y + 3), label, "end", "9"))


def stacked_bars(
    title: str, categories: list[str], series: list[tuple[str, list[int]]], *, width: int = 680
) -> Chart:
    """Vertical bars per category (e.g. a month), stacked by series (e.g. the nature of the breach)."""
    legend = _legend_rows([name for name, _ in series], width)
    height = int(215 + 15 * len(legend))
    chart = Chart(title, width, height)
    totals = [sum(values[i] for _, values in series) for i in range(len(categories))]
    if not categories or not any(totals):
        chart.empty = True
    left, right, top, bottom = 48.0, width - 10.0, 12.0, 180.0
    maximum = 4 * nice_max(max(totals, default=0) / 4)  # four grid lines at round counts
    _y_axis(chart, top, bottom, maximum, left, right)
    slot = (right - left) / max(len(categories), 1)
    bar = min(slot * 0.7, 46)
    for i, category in enumerate(categories):
        x = left + slot * i + (slot - bar) / 2
        y = bottom
        for index, (name, values) in enumerate(series):
            value = values[i]
            if value:
                h = (bottom - top) * value / maximum
                y -= h
                chart.rects.append(
                    Rect(
                        _f(x),
                        _f(y),
                        _f(bar),
                        _f(h),
                        PALETTE[index % len(PALETTE)],
                        f"{category} · {name}: {value}",
                    )
                )
        if len(categories) <= 12 or i % 2 == 0:
            chart.texts.append(Text(_f(x + bar / 2), _f(bottom + 14), category, "middle", "9"))
    _legend(chart, legend, bottom + 36)
    return chart


def horizontal_bars(title: str, items: list[tuple[str, int]], *, width: int = 680, unit: str = "") -> Chart:
    """One bar per item with its value: shares, buckets of time left."""
    height = 16 + 24 * max(len(items), 1)
    chart = Chart(title, width, height)
    if not any(value for _, value in items):
        chart.empty = True
    label_width, right = 210.0, width - 60.0
    maximum = max((value for _, value in items), default=0) or 1
    for index, (label, value) in enumerate(items):
        y = 8 + 24 * index
        w = (right - label_width) * value / maximum
        chart.texts.append(Text(_f(label_width - 8), _f(y + 13), label, "end", "10"))
        chart.rects.append(
            Rect(
                _f(label_width),
                _f(y + 2),
                _f(max(w, 1 if value else 0)),
                "16",
                PALETTE[index % len(PALETTE)],
                f"{label}: {value}",
            )
        )
        chart.texts.append(Text(_f(label_width + w + 6), _f(y + 14), f"{value}{unit}", "start", "10"))
    return chart
