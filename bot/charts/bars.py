"""Vertical bars: a figure at two or a few years, for one series or a few side by side."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.ticker import Formatter as TickFormatter

from bot.charts import theme
from bot.charts.labels import Formatter
from bot.render import wording
from queries.model import ChartSpec


def draw(
    fig: Figure,
    spec: ChartSpec,
    fmt: Formatter,
    ticks: TickFormatter,
    change: str | None = None,
) -> None:
    ax = fig.add_subplot()
    n_series = max(1, len(spec.series))
    width = 0.7 / n_series
    xs = range(len(spec.categories))
    top = max((v for _, vals in spec.series for v in vals if v is not None), default=1.0)
    for s, (name, values) in enumerate(spec.series):
        if n_series == 1 and len(spec.categories) == 2:
            # One quantity at two years: light then dark, as in every two-year chart.
            colors = [theme.EARLY, theme.LATE]
        else:
            colors = [theme.SERIES[s % len(theme.SERIES)]] * len(spec.categories)
        offset = (s - (n_series - 1) / 2) * width
        for x, v, color in zip(xs, values, colors, strict=False):
            if v is None:
                continue
            ax.bar(x + offset, v, width=width * 0.92, color=color, label=name if x == 0 else None)
            ax.annotate(
                fmt(v),
                (x + offset, v),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=theme.ANNOTATION_SIZE + 0.5,
                fontweight="bold",
            )
    if change and n_series == 1 and len(spec.categories) == 2:
        # Top-left, inside the headroom the y-limit leaves, so it never meets a bar label.
        words = wording.CHART_CHANGE.format(
            start=spec.categories[0], end=spec.categories[1], change=change
        )
        ax.text(
            0.02,
            0.97,
            words,
            transform=ax.transAxes,
            ha="left",
            va="top",
            fontsize=theme.LABEL_SIZE + 1,
            fontweight="bold",
            color=theme.INK,
        )
    ax.set_xticks(list(xs), list(spec.categories))
    ax.set_xlim(-0.6, len(spec.categories) - 0.4)
    ax.set_ylim(0, top * 1.3)
    ax.set_ylabel(spec.value_label)
    ax.yaxis.set_major_formatter(ticks)
    ax.yaxis.grid(True, color=theme.GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="x", length=0, labelsize=theme.LABEL_SIZE)
    if n_series > 1:
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=n_series)
