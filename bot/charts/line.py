"""Lines: a figure over the years from a zero baseline, labelled where no other text is."""

# Lines: a figure over a run of years from a zero baseline, one line per country; one line
# labels its first, highest and last points, several lines carry their name and last figure at
# the right end. Years that may still grow are hollow points reached by a dashed segment.

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.collections import LineCollection

from bot.charts import axes, frame, theme
from bot.charts.axes import Pen
from bot.charts.canvas import Box, Measure, add_axes
from bot.charts.labels import Formatter, flag, mark, tick_texts
from queries.model import ChartSpec

LABEL_OFFSET = 7  # pixels between a point and its label


def height(spec: ChartSpec, m: Measure, width: float) -> float | None:
    return None


def _end_labels(
    spec: ChartSpec, fmt: Formatter, m: Measure, width: float
) -> list[tuple[int, str, float, int]]:
    """Per series with a figure: (series index, "Name 1,234", last value, its index); a label
    wider than `width` is wrapped."""
    out: list[tuple[int, str, float, int]] = []
    for s, (name, values) in enumerate(spec.series):
        known = [(i, v) for i, v in enumerate(values) if v is not None]
        if not known:
            continue
        i, v = known[-1]
        text = flag(spec, name, f"{name} {fmt(v)}")
        if m.width(text, theme.ANNOTATION_SIZE, "bold") > width:
            text = m.wrap(text, width, theme.ANNOTATION_SIZE, "bold")
        out.append((s, text, v, i))
    return out


def draw(pen: Pen, spec: ChartSpec, box: Box) -> None:
    m, fmt, fig = pen.m, pen.fmt, pen.fig
    several = len(spec.series) > 1
    top = frame.caption(fig, m, spec.value_label, box.x0, box.y1, box.width)
    # Names at the line ends take at most a third of the width, wrapped beyond that.
    ends = _end_labels(spec, fmt, m, box.width / 3) if several else []
    right = max((m.width(e[1], theme.ANNOTATION_SIZE, "bold") for e in ends), default=0.0) + 12
    cats = [mark(spec, c) for c in spec.categories]
    cat_h = max((m.height(c, theme.TICK_SIZE) for c in cats), default=0.0)
    lo, hi = axes.value_range(spec)
    label_px = m.height("0", theme.ANNOTATION_SIZE) + LABEL_OFFSET + 2
    bottom = box.y0 + cat_h + theme.TICK_PAD + 2
    lo, hi = axes.limits(lo, hi, top - bottom, 0.0, theme.MARKER_PX + 2 if several else label_px)
    ticks = axes.nice_ticks(lo, hi)
    tick_labels = tick_texts(spec, ticks)
    x0 = box.x0 + max(m.width(t, theme.TICK_SIZE) for t in tick_labels) + theme.TICK_PAD + 2
    plot = Box(x0, bottom, box.x1 - (right if several else theme.GAP), top)
    ax = add_axes(fig, plot)
    n = len(spec.categories)
    ax.set_xlim(-0.5, n - 0.5)
    ax.set_ylim(lo, hi)
    axes.ticks(ax, "y", plot, ticks, tick_labels, pad_px=2, grid=True)
    _year_ticks(ax, cats, m, plot)
    axes.style(ax)
    # Dots shrink on long series so that neighbouring years stay apart.
    dot = max(2.0, min(5.0, plot.width / n / 4 * 72 / theme.DPI * 2))
    for s, (_, values) in enumerate(spec.series):
        _series(ax, spec, s, values, dot)
    if several:
        _place_end_labels(ax, spec, ends, m, plot)
    else:
        _point_labels(ax, spec, fmt, m, plot, pen.placed)


def _series(ax: Axes, spec: ChartSpec, s: int, values, dot: float) -> None:
    name = spec.series[s][0]
    color = theme.SERIES[s % len(theme.SERIES)]
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if not points:
        return
    # Segments: solid between complete years, dashed into or out of one that may still grow.
    # The solid ones are one collection (a Line2D each cost more than a 34-year line's data),
    # each segment still drawn on its own with round ends, as before.
    solid = []
    for (xa, ya), (xb, yb) in zip(points, points[1:], strict=False):
        if xb != xa + 1:
            continue  # a missing year is a gap, not a slope
        if spec.categories[xa] in spec.incomplete or spec.categories[xb] in spec.incomplete:
            ax.plot(
                [xa, xb],
                [ya, yb],
                color=color,
                linewidth=2.2,
                linestyle=(0, (3, 2)),
                gid="connector",
            )
        else:
            solid.append([(xa, ya), (xb, yb)])
    if solid:
        ax.add_collection(
            LineCollection(solid, colors=color, linewidths=2.2, capstyle="round", gid="connector"),
            autolim=False,
        )
    ax.plot(
        [p[0] for p in points],
        [p[1] for p in points],
        linestyle="none",
        marker="o",
        markersize=dot,
        color=color,
        gid="data",
        label=name,
    )
    hollow = [p for p in points if spec.categories[p[0]] in spec.incomplete]
    if hollow:
        ax.plot(
            [p[0] for p in hollow],
            [p[1] for p in hollow],
            linestyle="none",
            marker="o",
            markersize=dot + 0.5,
            markerfacecolor="white",
            markeredgecolor=color,
            markeredgewidth=1.6,
            gid="incomplete-mark",
        )


def _year_ticks(ax: Axes, cats: list[str], m: Measure, plot: Box) -> None:
    """Every year has a tick; labels are thinned so that neighbours never meet, always keeping
    the last year (the one a reader looks for)."""
    n = len(cats)
    widest = max((m.width(c, theme.TICK_SIZE) for c in cats), default=0.0) + 10
    step = 1
    while step < n and plot.width / n * step < widest:
        step += 1
    shown = [(n - 1 - i) % step == 0 for i in range(n)]
    axes.ticks(ax, "x", plot, list(range(n)), cats, pad_px=theme.TICK_PAD, shown=shown)


def _point_labels(ax: Axes, spec: ChartSpec, fmt, m: Measure, plot: Box, placed) -> None:
    """One line: its first, highest and last figures, each where it meets no other text."""
    values = spec.series[0][1]
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if not points:
        return
    peak = max(points, key=lambda p: p[1])
    taken = list(placed)
    size = theme.ANNOTATION_SIZE
    color = theme.SERIES[0]
    for i, v in dict.fromkeys([points[-1], points[0], peak]):
        text = fmt(v)
        x, y = axes.px(ax, i, v)
        w = m.width(text, size, "bold")
        ha = "center"
        if x - w / 2 < plot.x0:
            ha = "left"
        elif x + w / 2 > plot.x1:
            ha = "right"
        # Above a point higher than its neighbours, below a lower one: clear of its own line.
        neighbours = [u for j, u in points if abs(j - i) == 1]
        sides = [(LABEL_OFFSET, "bottom"), (-LABEL_OFFSET, "top")]
        if neighbours and all(v < u for u in neighbours):
            sides.reverse()
        for dy, va in sides:
            where = axes.text_box(m, text, size, x, y + dy, ha, va, "bold")
            if axes.free(where, taken, plot):
                taken.append(where)
                axes.label(
                    ax,
                    i,
                    v,
                    text,
                    0,
                    dy * 72 / theme.DPI,
                    ha=ha,
                    va=va,
                    fontsize=size,
                    color=color,
                    fontweight="bold",
                )
                break


def _place_end_labels(ax: Axes, spec: ChartSpec, ends, m: Measure, plot: Box) -> None:
    """Name and last figure right of each line's end, spread apart so that none overlap."""
    items = sorted(((axes.px(ax, e[3], e[2])[1], e) for e in ends), key=lambda t: t[0])
    heights = [m.height(e[1], theme.ANNOTATION_SIZE, "bold") + 2 for _, e in items]
    ys = [max(y, plot.y0 + h / 2) for (y, _), h in zip(items, heights, strict=True)]
    # Push labels up from the lowest so that each clears the one below ...
    for k in range(1, len(ys)):
        ys[k] = max(ys[k], ys[k - 1] + (heights[k - 1] + heights[k]) / 2)
    # ... then down from the top if the highest went past the plot.
    if ys and ys[-1] > plot.y1 - heights[-1] / 2:
        ys[-1] = plot.y1 - heights[-1] / 2
        for k in range(len(ys) - 2, -1, -1):
            ys[k] = min(ys[k], ys[k + 1] - (heights[k] + heights[k + 1]) / 2)
    inv = ax.transData.inverted()
    for y_px, (_, (s, text, v, i)) in zip(ys, items, strict=True):
        tx, ty = inv.transform((plot.x1 + 8, y_px))
        ax.annotate(
            text,
            (i, v),
            xytext=(tx, ty),
            textcoords="data",
            ha="left",
            va="center",
            fontsize=theme.ANNOTATION_SIZE,
            color=theme.SERIES[s % len(theme.SERIES)],
            fontweight="bold",
            annotation_clip=False,
            arrowprops={
                "arrowstyle": "-",
                "color": theme.GRID,
                "linewidth": 0.8,
                "shrinkA": 0,
                "shrinkB": 4,
            },
            gid="value-label",
        )
