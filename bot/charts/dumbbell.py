"""Dumbbells: countries at two years, each row stating both figures (a fall as plain as a rise)."""

from __future__ import annotations

from matplotlib.lines import Line2D

from bot.charts import axes, rows, theme
from bot.charts.axes import Pen
from bot.charts.canvas import Box, Measure, add_axes
from bot.charts.labels import flag, mark
from queries.model import ChartSpec

DOT = 80  # scatter marker area, points²


def legend_px(m: Measure) -> float:
    return m.height("2015", theme.TICK_SIZE) + theme.TICK_SIZE * theme.DPI / 72 + theme.GAP


def height(spec: ChartSpec, m: Measure, width: float) -> float:
    return rows.height(spec, m, width, legend_px(m))


def row_label(spec: ChartSpec, fmt, name: str, a: float | None, b: float | None) -> str:
    return flag(spec, name, f"{fmt(a)} → {fmt(b)}")


def draw(pen: Pen, spec: ChartSpec, box: Box) -> None:
    m, fmt = pen.m, pen.fmt
    (first_name, first), (last_name, last) = spec.series[0], spec.series[-1]
    r = rows.rows(spec, m, box.width)
    plot = rows.plot_box(spec, m, box, r, legend_px(m))
    ax = add_axes(pen.fig, plot)
    texts = [
        row_label(spec, fmt, name, a, b)
        for name, a, b in zip(spec.categories, first, last, strict=True)
    ]
    lo, hi = axes.value_range(spec)
    lo, hi = axes.limits(lo, hi, plot.width, theme.MARKER_PX + 2, rows.label_room(m, texts))
    n = len(spec.categories)
    both = [
        (n - 1 - i, a, b)
        for i, (a, b) in enumerate(zip(first, last, strict=True))
        if a is not None and b is not None
    ]
    if both:  # the bars joining each pair of dots, drawn as one collection
        ax.hlines(
            [y for y, _, _ in both],
            [min(a, b) for _, a, b in both],
            [max(a, b) for _, a, b in both],
            color=theme.GRID,
            linewidth=4,
            capstyle="round",
            zorder=1,
        )
    for i, (a, b, text) in enumerate(zip(first, last, texts, strict=True)):
        known = [v for v in (a, b) if v is not None]
        axes.label(
            ax,
            max(known, default=0.0),
            n - 1 - i,
            text,
            theme.MARKER_PX * 72 / theme.DPI + 3,
            ha="left",
            va="center",
            fontsize=theme.ANNOTATION_SIZE,
            color=theme.INK,
        )
    handles = []
    for label, values, color in ((first_name, first, theme.EARLY), (last_name, last, theme.LATE)):
        hollow = label in spec.incomplete
        points = [(v, n - 1 - i) for i, v in enumerate(values) if v is not None]
        ax.scatter(
            [p[0] for p in points],
            [p[1] for p in points],
            s=DOT,
            facecolors="white" if hollow else color,
            edgecolors=color if hollow else "white",
            linewidths=1.6 if hollow else 0.8,
            zorder=3,
            gid="data",
            label=label,
        )
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=8,
                markerfacecolor="white" if hollow else color,
                markeredgecolor=color,
                label=mark(spec, label),
            )
        )
    rows.category_axis(ax, spec, r)
    rows.value_axis(ax, spec, m, plot, lo, hi)
    ax.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        ncols=2,
        handletextpad=0.3,
        borderaxespad=0.2,
        fontsize=theme.TICK_SIZE,
    )
