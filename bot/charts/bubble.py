"""Bubbles: a top N as circles whose area is proportional to the figure (the article's graphic)."""

from __future__ import annotations

import math

from matplotlib.figure import Figure
from matplotlib.patches import Circle

from bot.charts import theme
from bot.charts.labels import Formatter
from bot.render import wording
from queries.model import ChartSpec

# Largest radius as a share of a grid cell; the rest of the cell holds the two label lines.
_R_MAX = 0.34
_ASPECT = 2.0  # columns per row the grid aims for (the figure is wider than tall)


def _grid(n: int) -> tuple[int, int]:
    rows = max(1, round(math.sqrt(n / _ASPECT)))
    return rows, math.ceil(n / rows)


def draw(fig: Figure, spec: ChartSpec, fmt: Formatter) -> None:
    ax = fig.add_subplot()
    n = len(spec.categories)
    rows, cols = _grid(n)
    values = [v for _, vals in spec.series for v in vals if v is not None and v > 0]
    vmax = max(values, default=1.0)
    latest_name, latest = spec.series[-1]
    earlier = spec.series[0] if len(spec.series) > 1 else None
    for i, name in enumerate(spec.categories):
        row, col = divmod(i, cols)
        cx, cy = col + 0.5, rows - row - 0.38
        circles: list[tuple[float, str]] = []
        first_value = earlier[1][i] if earlier is not None else None
        if first_value is not None:
            circles.append((first_value, theme.EARLY))
        last_value = latest[i]
        if last_value is not None:
            circles.append((last_value, theme.LATE))
        # Larger circle first so the smaller one stays visible on top of it.
        for v, color in sorted(circles, key=lambda c: -c[0]):
            radius = _R_MAX * math.sqrt(max(v, 0.0) / vmax)
            ax.add_patch(
                Circle(
                    (cx, cy), radius, facecolor=color, edgecolor="white", linewidth=0.8, alpha=0.9
                )
            )
        ax.text(
            cx,
            cy - _R_MAX - 0.06,
            name,
            ha="center",
            va="top",
            fontsize=theme.ANNOTATION_SIZE,
            fontweight="bold",
        )
        ax.text(
            cx,
            cy - _R_MAX - 0.22,
            fmt(latest[i]),
            ha="center",
            va="top",
            fontsize=theme.ANNOTATION_SIZE,
            color=theme.MUTED,
        )
    ax.set_xlim(0, cols)
    ax.set_ylim(0, rows)
    ax.set_aspect("equal")
    ax.set_axis_off()
    handles = [Circle((0, 0), 1, facecolor=theme.LATE, label=f"{latest_name}: {spec.value_label}")]
    if earlier is not None:
        handles.insert(0, Circle((0, 0), 1, facecolor=theme.EARLY, label=earlier[0]))
    handles.append(
        Circle((0, 0), 1, facecolor="none", edgecolor=theme.MUTED, label=wording.CHART_LEGEND_AREA)
    )
    # The equal-aspect grid is centred, so the legend hangs from the figure's left edge, under
    # the title, where it cannot run off the side.
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.005, 0.92), ncols=len(handles))
