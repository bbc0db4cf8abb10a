"""Lines: a figure over a run of years, one line per series, first and last points labelled."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.ticker import Formatter as TickFormatter

from bot.charts import theme
from bot.charts.labels import Formatter
from queries.model import ChartSpec


def draw(fig: Figure, spec: ChartSpec, fmt: Formatter, ticks: TickFormatter) -> None:
    ax = fig.add_subplot()
    xs = list(range(len(spec.categories)))
    for s, (name, values) in enumerate(spec.series):
        color = theme.SERIES[s % len(theme.SERIES)]
        points = [(x, v) for x, v in zip(xs, values, strict=True) if v is not None]
        if not points:
            continue
        px, py = zip(*points, strict=True)
        ax.plot(px, py, color=color, linewidth=2.2, marker="o", markersize=5, label=name)
        # Peak and end points carry their figure; the rest is read from the axis.
        peak = max(points, key=lambda p: p[1])
        marked = dict.fromkeys([points[0], peak, points[-1]])
        for x, v in marked:
            # Above a local high, below a local low: the label stays clear of its own line.
            neighbours = [p[1] for p in points if abs(p[0] - x) == 1]
            above = all(v >= n for n in neighbours)
            ax.annotate(
                fmt(v),
                (x, v),
                xytext=(0, 8 if above else -9),
                textcoords="offset points",
                ha="center",
                va="bottom" if above else "top",
                fontsize=theme.ANNOTATION_SIZE,
                color=color,
                fontweight="bold",
            )
    ax.set_xticks(xs, list(spec.categories))
    ax.set_xlim(-0.4, len(xs) - 0.6)
    low, high = ax.get_ylim()
    ax.set_ylim(low - (high - low) * 0.1, high + (high - low) * 0.12)  # room for point labels
    ax.set_ylabel(spec.value_label)
    ax.yaxis.set_major_formatter(ticks)
    ax.yaxis.grid(True, color=theme.GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    if len(spec.series) > 1:
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=min(4, len(spec.series)))
