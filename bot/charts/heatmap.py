"""Heatmaps: many countries over many years, cells coloured from zero, figures where they fit."""

from __future__ import annotations

import numpy as np
from matplotlib import colormaps

from bot.charts import axes, frame, rows, theme
from bot.charts.axes import Pen
from bot.charts.canvas import Box, Measure, add_axes
from bot.charts.labels import mark, tick_texts
from bot.render import wording
from queries.model import ChartSpec

BAR_PX = 10  # colour-bar thickness
BAR_SHARE = 0.45  # of the plot width


def _above(m: Measure) -> float:
    """Caption, colour bar and its ticks above the cells."""
    return (
        m.height("A", theme.LABEL_SIZE)
        + theme.GAP
        + BAR_PX
        + theme.TICK_PAD
        + m.height("0", theme.TICK_SIZE)
        + 2 * theme.GAP
    )


def height(spec: ChartSpec, m: Measure, width: float) -> float:
    return rows.height(spec, m, width, _above(m))


def draw(pen: Pen, spec: ChartSpec, box: Box) -> None:
    m, fmt, fig = pen.m, pen.fmt, pen.fig
    r = rows.rows(spec, m, box.width)
    years = [mark(spec, name) for name, _ in spec.series]
    year_h = m.height("0", theme.TICK_SIZE) + theme.TICK_PAD
    x0 = box.x0 + r.label_px + theme.TICK_PAD
    # The last year's label is centred on the last column: room for its right half.
    x1 = box.x1 - m.width(years[-1], theme.TICK_SIZE) / 2
    plot = Box(x0, box.y0 + year_h + 2, x1, box.y1 - _above(m))
    ax = add_axes(fig, plot, matplotlib_ticks=True)
    grid = np.array(
        [[np.nan if v is None else v for v in values] for _, values in spec.series], dtype=float
    ).T  # rows = categories, columns = years
    lo, hi = axes.value_range(spec)
    cmap = colormaps[theme.HEATMAP].with_extremes(bad=theme.GRID)
    image = ax.imshow(
        np.ma.masked_invalid(grid),
        cmap=cmap,
        vmin=lo,
        vmax=hi,
        aspect="auto",
        interpolation="nearest",
        extent=(-0.5, len(years) - 0.5, len(spec.categories) - 0.5, -0.5),
    )
    image.set_gid("data")
    n_rows, n_cols = grid.shape
    cell_w, cell_h = plot.width / max(n_cols, 1), plot.height / max(n_rows, 1)
    texts = [
        [fmt(v) if v is not None else wording.MISSING for v in values] for _, values in spec.series
    ]
    widest = max((m.width(t, theme.ANNOTATION_SIZE) for col in texts for t in col), default=0.0)
    if widest + 4 <= cell_w and m.height("0", theme.ANNOTATION_SIZE) + 2 <= cell_h:
        for c, column in enumerate(texts):
            for k, text in enumerate(column):
                v = grid[k, c]
                dark = not np.isnan(v) and (v - lo) / (hi - lo) < 0.55
                ax.text(
                    c,
                    k,
                    text,
                    ha="center",
                    va="center",
                    fontsize=theme.ANNOTATION_SIZE,
                    color="white" if dark else theme.INK,
                    gid="value-label",
                )
    # Names on the left, first category at the top (the image's row 0).
    rows.category_axis(ax, spec, r, top_down=True)
    ax.set_xticks(range(n_cols), years)
    ax.tick_params(
        axis="x", length=0, pad=theme.TICK_PAD * 72 / theme.DPI, labelsize=theme.TICK_SIZE
    )
    widest_year = max((m.width(y, theme.TICK_SIZE) for y in years), default=0.0) + 10
    step = 1
    while step < n_cols and cell_w * step < widest_year:
        step += 1
    for i, label in enumerate(ax.get_xticklabels()):
        label.set_visible((n_cols - 1 - i) % step == 0)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    _colour_bar(pen, spec, image, box, plot)


def _colour_bar(pen: Pen, spec: ChartSpec, image, box: Box, plot: Box) -> None:
    m, fig = pen.m, pen.fig
    y1 = frame.caption(fig, m, spec.value_label, box.x0, box.y1, box.width)
    bar = Box(plot.x0, y1 - BAR_PX, plot.x0 + plot.width * BAR_SHARE, y1)
    cax = add_axes(fig, bar, matplotlib_ticks=True)
    colorbar = fig.colorbar(image, cax=cax, orientation="horizontal")
    lo, hi = image.get_clim()
    target = 5
    while True:
        ticks = axes.nice_ticks(lo, hi, target)
        texts = tick_texts(spec, ticks)
        widest = max(m.width(t, theme.TICK_SIZE) for t in texts)
        if target <= 2 or bar.width / len(ticks) > widest + 10:
            break
        target -= 1
    colorbar.set_ticks(ticks, labels=texts)
    cax.tick_params(labelsize=theme.TICK_SIZE, length=2, pad=2)
    cax.spines["outline"].set_visible(False)  # the colour bar's frame
