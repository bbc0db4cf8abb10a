"""Horizontal bars: countries at one year, or their changes, each bar labelled with its figure."""

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
    n = len(spec.categories)
    drawn = [
        (n - 1 - i, v, c) for i, (c, v) in enumerate(zip(spec.categories, values, strict=True))
    ]
    bars = [(y, v, c) for y, v, c in drawn if v is not None]
    if spec.highlight is None:
        colours = [theme.LATE] * len(bars)
    else:
        colours = [theme.HIGHLIGHT if c == spec.highlight else theme.BASE for _, _, c in bars]
    axes.hbars(
        ax,
        [(y, v) for y, v, _ in bars],
        colours,
        thickness=0.72,
        hatched=name in spec.incomplete,
    )
    for (y, v, category), text in zip(drawn, texts, strict=True):
        at = v if v is not None else 0.0
        axes.label(
            ax,
            at,
            y,
            text if v is not None else wording.MISSING,
            3 if at >= 0 else -3,
            ha="left" if at >= 0 else "right",
            va="center",
            fontsize=theme.ANNOTATION_SIZE,
            color=theme.INK,
            fontweight="bold" if category == spec.highlight else "normal",
        )
    rows.category_axis(ax, spec, r)
    rows.value_axis(ax, spec, m, plot, lo, hi)
    if lo < 0:
        ax.axvline(0, color=theme.MUTED, linewidth=0.8)
