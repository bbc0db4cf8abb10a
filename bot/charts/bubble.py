"""Bubbles: a one-year top list as circles with area proportional to the figure, all named."""

from __future__ import annotations

import math

from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from bot.charts import theme
from bot.charts.axes import Pen
from bot.charts.canvas import Box, Measure, add_axes
from bot.charts.labels import flag, mark
from bot.render import wording
from queries.model import ChartSpec

MAX_DIAMETER = 240.0  # pixels: a short list gets large circles, not a few dots in white space
MIN_SIZE = 6.5  # smallest font a name may shrink to


def height(spec: ChartSpec, m: Measure, width: float) -> float | None:
    return None


def _label_px(m: Measure, size: float) -> float:
    return m.height("A\nA", size) + m.height("0", theme.ANNOTATION_SIZE) + 2 * theme.GAP


def _grid(n: int, w: float, h: float, label_px: float, widest: float) -> tuple[int, int, float]:
    """Rows, columns and circle diameter of the grid that fits the largest circles, among the
    grids whose cells are wider than the widest figure written under a circle."""
    best = (1, n, -1.0)
    for rows in range(1, min(n, theme.MAX_BUBBLE_ROWS) + 1):
        cols = math.ceil(n / rows)
        d = min(w / cols * 0.86, h / rows - label_px, MAX_DIAMETER)
        fits = w / cols >= widest + 8
        if fits and d > best[2] + 0.5 or best[2] < 0 and rows == min(n, theme.MAX_BUBBLE_ROWS):
            best = (rows, cols, d)
    return best


def _name(m: Measure, name: str, width: float) -> tuple[str, float]:
    """The name on at most two lines within the cell, shrinking the type if it must."""
    size = theme.ANNOTATION_SIZE
    while True:
        text = m.wrap(name, width, size, "bold")
        lines = text.count("\n") + 1
        fits = lines <= 2 and m.width(text, size, "bold") <= width
        if fits or size <= MIN_SIZE:
            return text, size
        size -= 0.5


def draw(pen: Pen, spec: ChartSpec, box: Box) -> None:
    m, fmt = pen.m, pen.fmt
    year, values = spec.series[-1]
    legend_texts = [f"{mark(spec, year)}: {spec.value_label}", wording.CHART_LEGEND_AREA]
    # One legend row if both entries fit side by side, else one entry a row.
    side_by_side = sum(m.width(t, theme.TICK_SIZE) + 40 for t in legend_texts) <= box.width
    legend_px = (m.height("A", theme.TICK_SIZE) + 4) * (1 if side_by_side else 2) + 2 * theme.GAP
    area = Box(box.x0, box.y0, box.x1, box.y1 - legend_px)
    ax = add_axes(pen.fig, area)
    ax.set_xlim(0, area.width)
    ax.set_ylim(0, area.height)
    ax.set_axis_off()
    n = len(spec.categories)
    figures = [flag(spec, name, fmt(v)) for name, v in zip(spec.categories, values, strict=True)]
    widest = max(m.width(t, theme.ANNOTATION_SIZE) for t in figures)
    label_px = _label_px(m, theme.ANNOTATION_SIZE)
    rows, cols, _ = _grid(n, area.width, area.height, label_px, widest)
    cell_w, cell_h = area.width / cols, area.height / rows
    names = [_name(m, name, cell_w - 6) for name in spec.categories]
    # The tallest name decides how much of a cell the circle may take.
    label_px = (
        max(m.height(text, size, "bold") for text, size in names)
        + m.height("0", theme.ANNOTATION_SIZE)
        + 2 * theme.GAP
        + 2
    )
    diameter = max(4.0, min(cell_w * 0.86, cell_h - label_px, MAX_DIAMETER))
    known = [v for v in values if v is not None and v > 0]
    vmax = max(known, default=1.0)
    hollow = year in spec.incomplete
    for i, (name, v) in enumerate(zip(spec.categories, values, strict=True)):
        row, col = divmod(i, cols)
        # A last, short row is centred under the full ones.
        in_row = min(cols, n - row * cols)
        x = (col + 0.5 + (cols - in_row) / 2) * cell_w
        top = area.height - row * cell_h
        cy = top - theme.GAP - diameter / 2
        if v is not None and v > 0:
            circle = Circle(
                (x, cy),
                diameter / 2 * math.sqrt(v / vmax),
                facecolor=theme.LATE,
                edgecolor="white",
                linewidth=0.8,
                gid="data",
                label=name,
            )
            if hollow:
                circle.set_hatch(theme.INCOMPLETE_HATCH)
            # add_artist, not add_patch: the limits are set above, and working out a
            # circle's data limits took longer than drawing it.
            ax.add_artist(circle)
        text, size = names[i]
        y = top - theme.GAP - diameter - theme.GAP
        ax.text(
            x,
            y,
            text,
            ha="center",
            va="top",
            fontsize=size,
            fontweight="bold",
            gid="category-label",
        )
        y -= m.height(text, size, "bold") + 2
        ax.text(
            x,
            y,
            figures[i] if v is not None else wording.MISSING,
            ha="center",
            va="top",
            fontsize=theme.ANNOTATION_SIZE,
            color=theme.MUTED,
            gid="value-label",
        )
    handles = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=9,
            color=theme.LATE,
            label=legend_texts[0],
        ),
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=9,
            markerfacecolor="none",
            markeredgecolor=theme.MUTED,
            label=wording.CHART_LEGEND_AREA,
        ),
    ]
    pen.fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(box.x0 / pen.fig.bbox.width, box.y1 / pen.fig.bbox.height),
        ncols=2 if side_by_side else 1,
        handletextpad=0.3,
        borderaxespad=0,
        borderpad=0.2,
        fontsize=theme.TICK_SIZE,
    )
