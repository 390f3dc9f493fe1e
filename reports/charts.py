"""Charts drawn on the server with matplotlib as SVG: the same image on the insights page and in the register PDF.

Each chart is a stand-alone SVG document shown as an ``<img>`` with a ``data:`` URL — which the documents' URL
fetcher allows and the pages' Content-Security-Policy allows (``img-src data:``): matplotlib's SVG carries a
``<style>`` element and element ids of its own, which are harmless inside an image but would not be in the page.
The output is reproducible (a fixed ``svg.hashsalt`` for the clip-path ids, no date in the metadata), so a register
PDF renders to the same bytes again. Text stays text (``svg.fonttype: none``, DejaVu Sans as in the documents) and
is never read as mathtext; the words come from our own vocabulary in the active language. ``summary`` says the
numbers in words: the image's alternative text.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

# matplotlib is imported when a chart is drawn, not with the module: it adds some 45 MB to a process, and every
# web and worker process imports this module (through the reports' views) while few ever draw a chart.
if TYPE_CHECKING:
    from matplotlib.figure import Figure

PALETTE = ("#1d3557", "#e07a5f", "#3d9970", "#f2cc8f", "#6c757d", "#8e6bbf", "#2a9d8f")
GRID = "#d5d9e0"
TEXT = "#3b4250"
WIDTH_INCHES = 7.0
LINE_CHARACTERS = 100  # about, at the font size below, across the chart's width
STYLE = {
    "svg.hashsalt": "datalek-charts",  # the same ids on every run: reproducible documents
    "svg.fonttype": "none",  # text as text, in the documents' font
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "text.parse_math": False,  # a "$" in a label is a dollar sign
    "text.color": TEXT,
    "axes.edgecolor": GRID,
    "axes.labelcolor": TEXT,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
}


@dataclass(frozen=True)
class Chart:
    title: str
    summary: str  # the numbers in words: the image's alternative text
    svg: str = ""
    empty: bool = False

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode("ascii")


def _svg(figure: Figure) -> str:
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": "Datalek"})
    return out.getvalue()


def _axes(height: float):
    """One chart of the common width (every chart on the same scale), laid out to fit its labels and legend."""
    from matplotlib.figure import Figure  # the object API: no pyplot state, no display backend

    figure = Figure(figsize=(WIDTH_INCHES, height), layout="constrained")
    axes = figure.subplots()
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.set_axisbelow(True)
    return figure, axes


def stacked_bars(title: str, categories: list[str], series: list[tuple[str, list[int]]]) -> Chart:
    """Vertical bars per category (e.g. a month), stacked by series (e.g. the nature of the breach)."""
    totals = [sum(values[i] for _name, values in series) for i in range(len(categories))]
    summary = "; ".join(
        f"{category}: {total}"
        + (
            " (" + ", ".join(f"{name} {values[i]}" for name, values in series if values[i]) + ")"
            if total
            else ""
        )
        for i, (category, total) in enumerate(zip(categories, totals, strict=True))
    )
    if not categories or not any(totals):
        return Chart(title, summary, empty=True)
    from matplotlib import rc_context
    from matplotlib.ticker import MaxNLocator

    with rc_context(STYLE):
        figure, axes = _axes(2.9)
        positions = list(range(len(categories)))
        bottom = [0] * len(categories)
        for index, (name, values) in enumerate(series):
            axes.bar(positions, values, 0.7, bottom=bottom, color=PALETTE[index % len(PALETTE)], label=name)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        axes.set_xticks(
            positions,
            categories,
            rotation=45 if len(categories) > 8 else 0,
            ha="right" if len(categories) > 8 else "center",
        )
        axes.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
        axes.yaxis.grid(True, color=GRID, linewidth=0.6)
        longest = max(len(name) for name, _values in series)
        columns = max(1, min(len(series), LINE_CHARACTERS // (longest + 5)))  # as many as fit on a line
        figure.legend(loc="outside lower center", ncol=columns, frameon=False)
        return Chart(title, summary, _svg(figure))


def horizontal_bars(title: str, items: list[tuple[str, int]]) -> Chart:
    """One bar per item with its value written beside it: shares, buckets of time left."""
    summary = "; ".join(f"{label}: {value}" for label, value in items)
    if not any(value for _label, value in items):
        return Chart(title, summary, empty=True)
    from matplotlib import rc_context

    with rc_context(STYLE):
        figure, axes = _axes(0.3 + 0.32 * len(items))
        positions = list(range(len(items)))
        colours = [PALETTE[i % len(PALETTE)] for i in positions]
        bars = axes.barh(positions, [value for _label, value in items], 0.62, color=colours)
        axes.set_yticks(positions, [label for label, _value in items])
        axes.invert_yaxis()  # the first item on top, as listed
        axes.bar_label(bars, labels=[str(value) for _label, value in items], padding=3)
        axes.xaxis.set_visible(False)
        axes.spines["bottom"].set_visible(False)
        axes.margins(x=0.08)
        return Chart(title, summary, _svg(figure))
