"""Horizontal bars: ranks and fastest risers, largest first, one category optionally picked out."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.ticker import Formatter as TickFormatter

from bot.charts import theme
from bot.charts.labels import Formatter
from queries.model import ChartSpec


def draw(
    fig: Figure,
    spec: ChartSpec,
    fmt: Formatter,
    ticks: TickFormatter,
    highlight: str | None = None,
) -> None:
    ax = fig.add_subplot()
    _, values = spec.series[0]
    n = len(spec.categories)
    known = [v for v in values if v is not None]
    top = max(known + [0.0])
    bottom = min(known + [0.0])
    span = (top - bottom) or 1.0
    for i, (name, v) in enumerate(zip(spec.categories, values, strict=True)):
        y = n - 1 - i
        if v is None:
            continue
        if highlight is None:
            color = theme.LATE
        else:
            color = theme.HIGHLIGHT if name == highlight else theme.BASE
        ax.barh(y, v, height=0.72, color=color)
        ax.annotate(
            fmt(v),
            (v, y),
            xytext=(4 if v >= 0 else -4, 0),
            textcoords="offset points",
            ha="left" if v >= 0 else "right",
            va="center",
            fontsize=theme.ANNOTATION_SIZE,
            color=theme.INK,
            fontweight="bold" if name == highlight else "normal",
        )
    ax.set_yticks(range(n), list(reversed(spec.categories)))
    if highlight is not None:
        for label in ax.get_yticklabels():
            if label.get_text() == highlight:
                label.set_fontweight("bold")
                label.set_color(theme.HIGHLIGHT)
    ax.set_ylim(-0.6, n - 0.4)
    # Headroom on the side the labels sit, so no figure runs off the axes.
    ax.set_xlim(bottom - (span * 0.16 if bottom < 0 else 0), top + span * 0.16)
    ax.set_xlabel(spec.value_label)
    ax.xaxis.set_major_formatter(ticks)
    ax.xaxis.grid(True, color=theme.GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    if bottom < 0:
        ax.axvline(0, color=theme.MUTED, linewidth=0.8)
