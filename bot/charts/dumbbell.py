"""Dumbbells: several partners at two years, a dot per year joined by a line (the article's figure)."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.ticker import Formatter as TickFormatter

from bot.charts import theme
from bot.charts.labels import Formatter
from queries.model import ChartSpec


def draw(fig: Figure, spec: ChartSpec, fmt: Formatter, ticks: TickFormatter) -> None:
    ax = fig.add_subplot()
    (first_name, first), (last_name, last) = spec.series[0], spec.series[-1]
    n = len(spec.categories)
    top = max((v for v in (*first, *last) if v is not None), default=1.0)
    pad = top * 0.012
    for i, (a, b) in enumerate(zip(first, last, strict=True)):
        y = n - 1 - i  # first category at the top
        if a is not None and b is not None:
            ax.plot([a, b], [y, y], color=theme.GRID, linewidth=4, solid_capstyle="round", zorder=1)
        for v, color in ((a, theme.EARLY), (b, theme.LATE)):
            if v is not None:
                ax.scatter(
                    [v], [y], s=90, color=color, zorder=3, edgecolors="white", linewidths=0.8
                )
        # Labels sit outside the pair: the smaller figure to the left, the larger to the right.
        known = sorted((v, c) for v, c in ((a, theme.EARLY), (b, theme.LATE)) if v is not None)
        if known:
            lo, hi = known[0], known[-1]
            ax.annotate(
                fmt(hi[0]),
                (hi[0] + pad, y),
                xytext=(7, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=theme.ANNOTATION_SIZE,
                color=theme.INK,
            )
            if len(known) > 1:
                ax.annotate(
                    fmt(lo[0]),
                    (lo[0] - pad, y),
                    xytext=(-7, 0),
                    textcoords="offset points",
                    ha="right",
                    va="center",
                    fontsize=theme.ANNOTATION_SIZE,
                    color=theme.MUTED,
                )
    ax.set_yticks(range(n), list(reversed(spec.categories)))
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0, top * 1.18)
    ax.set_xlabel(spec.value_label)
    ax.xaxis.set_major_formatter(ticks)
    ax.xaxis.grid(True, color=theme.GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0, labelsize=theme.LABEL_SIZE)
    ax.spines["left"].set_visible(False)
    # Legend handles drawn off the data, above the axes.
    ax.scatter([], [], s=90, color=theme.EARLY, label=first_name)
    ax.scatter([], [], s=90, color=theme.LATE, label=last_name)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2, handletextpad=0.2)
