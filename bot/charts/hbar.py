"""Horizontal bars: a list of countries at one year, or their changes, largest first, every bar
labelled with its figure, one category optionally picked out."""

from __future__ import annotations

from bot.charts import axes, rows, theme
from bot.charts.axes import Pen
from bot.charts.canvas import Box, Measure, add_axes
from bot.render import wording
from queries.model import ChartSpec


def height(spec: ChartSpec, m: Measure, width: float) -> float:
    return rows.height(spec, m, width)


def draw(pen: Pen, spec: ChartSpec, box: Box) -> None:
    m, fmt = pen.m, pen.fmt
    name, values = spec.series[0]
    r = rows.rows(spec, m, box.width)
    plot = rows.plot_box(spec, m, box, r)
    ax = add_axes(pen.fig, plot)
    texts = rows.labels_for(spec, fmt, values)
    lo, hi = axes.value_range(spec)
    room_hi = rows.label_room(
        m, [t for t, v in zip(texts, values, strict=True) if v is None or v >= 0]
    )
    negatives = [t for t, v in zip(texts, values, strict=True) if v is not None and v < 0]
    room_lo = rows.label_room(m, negatives) if negatives else 0.0
    lo, hi = axes.limits(lo, hi, plot.width, room_lo, room_hi)
    incomplete = name in spec.incomplete
    n = len(spec.categories)
    for i, (category, v, text) in enumerate(zip(spec.categories, values, texts, strict=True)):
        y = n - 1 - i
        picked = category == spec.highlight
        if v is not None:
            color = (
                theme.LATE
                if spec.highlight is None
                else (theme.HIGHLIGHT if picked else theme.BASE)
            )
            bar = ax.barh(y, v, height=0.72, color=color, gid="data", label=category)[0]
            if incomplete:
                bar.set_hatch(theme.INCOMPLETE_HATCH)
                bar.set_edgecolor("white")
                bar.set_linewidth(0)
        at = v if v is not None else 0.0
        ax.annotate(
            text if v is not None else wording.MISSING,
            (at, y),
            xytext=(3 if at >= 0 else -3, 0),
            textcoords="offset points",
            ha="left" if at >= 0 else "right",
            va="center",
            fontsize=theme.ANNOTATION_SIZE,
            color=theme.INK,
            fontweight="bold" if picked else "normal",
            gid="value-label",
        )
    rows.category_axis(ax, spec, r)
    rows.value_axis(ax, spec, m, plot, lo, hi)
    if lo < 0:
        ax.axvline(0, color=theme.MUTED, linewidth=0.8)
