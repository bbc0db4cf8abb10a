"""Vertical bars: one figure at two or three years, each bar labelled, the change stated above."""

from __future__ import annotations

from matplotlib.patches import Patch

from bot.charts import axes, frame, theme
from bot.charts.axes import Pen
from bot.charts.canvas import Box, Measure, add_axes
from bot.charts.labels import change_words, flag, mark, tick_texts
from queries.model import ChartSpec


def height(spec: ChartSpec, m: Measure, width: float) -> float | None:
    return None  # the standard canvas


def draw(pen: Pen, spec: ChartSpec, box: Box) -> None:
    m, fmt, fig = pen.m, pen.fmt, pen.fig
    top = frame.caption(fig, m, spec.value_label, box.x0, box.y1, box.width)
    if len(spec.series) == 1:
        name, values = spec.series[0]
        words = change_words(spec, values)
        if words:
            top = frame.caption(fig, m, flag(spec, name, words), box.x0, top, box.width, "bold")
    n_series = len(spec.series)
    legend_px = (m.height("A", theme.TICK_SIZE) + 2 * theme.GAP) if n_series > 1 else 0.0
    top -= legend_px
    lo, hi = axes.value_range(spec)
    ticks = axes.nice_ticks(lo, hi)
    tick_w = max(m.width(t, theme.TICK_SIZE) for t in tick_texts(spec, ticks))
    n = len(spec.categories)
    x0 = box.x0 + tick_w + theme.TICK_PAD + 2
    slot = (box.x1 - x0) / max(n, 1)
    cats = [m.wrap(mark(spec, c), slot - 8, theme.TICK_SIZE) for c in spec.categories]
    cat_h = max(m.height(c, theme.TICK_SIZE) for c in cats) if cats else 0.0
    plot = Box(x0, box.y0 + cat_h + theme.TICK_PAD + 2, box.x1, top - theme.GAP)
    ax = add_axes(fig, plot)
    width = 0.7 / n_series
    size = theme.ANNOTATION_SIZE + 0.5
    texts = [[fmt(v) for v in values] for _, values in spec.series]
    widest = max((m.width(t, size, "bold") for row in texts for t in row), default=0.0)
    while size > 6.5 and widest > slot * width - 2:
        size -= 0.5
        widest = max(m.width(t, size, "bold") for row in texts for t in row)
    label_px = m.height("0", size) + 4
    lo, hi = axes.limits(lo, hi, plot.height, label_px if lo < 0 else 0.0, label_px)
    for s, (name, values) in enumerate(spec.series):
        offset = (s - (n_series - 1) / 2) * width
        for x, (category, v, text) in enumerate(
            zip(spec.categories, values, texts[s], strict=True)
        ):
            if v is None:
                continue
            if n_series == 1 and n == 2:
                # One quantity at two years: light then dark, as in every two-year chart.
                color = (theme.EARLY, theme.LATE)[x]
            else:
                color = theme.SERIES[s % len(theme.SERIES)]
            bar = ax.bar(x + offset, v, width=width * 0.92, color=color, gid="data", label=name)[0]
            if category in spec.incomplete:
                bar.set_hatch(theme.INCOMPLETE_HATCH)
                bar.set_edgecolor("white")
                bar.set_linewidth(0)
            axes.label(
                ax,
                x + offset,
                v,
                text,
                0,
                2 if v >= 0 else -2,
                ha="center",
                va="bottom" if v >= 0 else "top",
                fontsize=size,
                fontweight="bold",
            )
    ax.set_xlim(-0.6, n - 0.4)
    axes.ticks(ax, "x", plot, list(range(n)), cats, pad_px=theme.TICK_PAD, marks=False)
    ax.set_ylim(lo, hi)
    ticks = axes.nice_ticks(lo, hi)
    axes.ticks(ax, "y", plot, ticks, tick_texts(spec, ticks), pad_px=2, grid=True)
    axes.style(ax)
    if lo < 0:
        ax.axhline(0, color=theme.MUTED, linewidth=0.8)
    if n_series > 1:
        handles = [
            Patch(facecolor=theme.SERIES[s % len(theme.SERIES)], label=name)
            for s, (name, _) in enumerate(spec.series)
        ]
        ax.legend(
            handles=handles,
            loc="lower left",
            bbox_to_anchor=(0, 1.0),
            ncols=n_series,
            borderaxespad=0.2,
        )
