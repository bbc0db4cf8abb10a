"""Value axes from zero with room for the labels drawn inside, and texts that never meet."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Affine2D, blended_transform_factory, offset_copy

from bot.charts import theme
from bot.charts.canvas import Box, Measure
from bot.charts.labels import Formatter
from queries.model import ChartSpec


@dataclass
class Pen:
    """What every drawer needs besides the spec: the figure, text measurement, the format of
    its figures."""

    fig: Figure
    m: Measure
    fmt: Formatter
    placed: list[Box] = field(default_factory=list)  # texts already on the canvas


def values(spec: ChartSpec) -> list[float]:
    return [v for _, vals in spec.series for v in vals if v is not None]


def value_range(spec: ChartSpec) -> tuple[float, float]:
    """The value axis always includes zero: a chart must not make a small change look large."""
    known = values(spec)
    lo = min([0.0, *known])
    hi = max([0.0, *known])
    if hi == lo:
        hi = lo + 1.0
    return lo, hi


def nice_ticks(lo: float, hi: float, target: int = 5) -> list[float]:
    """Round tick values covering [lo, hi], zero among them."""
    ticks = MaxNLocator(nbins=target, steps=[1, 2, 2.5, 5, 10]).tick_values(lo, hi)
    return [float(t) for t in ticks if lo - 1e-9 * abs(hi - lo) <= t <= hi + 1e-9 * abs(hi - lo)]


def limits(
    lo: float, hi: float, axis_px: float, room_lo_px: float, room_hi_px: float
) -> tuple[float, float]:
    """Axis limits for data in [lo, hi] that leave `room_*_px` pixels beyond each end for the
    labels drawn there (never below zero for data that starts at zero)."""
    usable = max(axis_px - room_lo_px - room_hi_px, axis_px * 0.25)
    per_px = (hi - lo) / usable
    return lo - room_lo_px * per_px, hi + room_hi_px * per_px


def style(ax: Axes) -> None:
    """No frame on the far sides."""
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)


# matplotlib's default tick mark: 3.5 points long, 0.8 wide.
MARK_PX = 3.5 * theme.DPI / 72
MARK_WIDTH = 0.8


def ticks(
    ax: Axes,
    axis: str,
    plot: Box,
    positions: Sequence[float],
    labels: Sequence[str],
    *,
    pad_px: float,
    marks: bool = True,
    grid: bool = False,
    shown: Sequence[bool] | None = None,
) -> None:
    """Tick labels as plain texts (gid "x-tick" / "y-tick"), marks and grid lines as one
    collection each. matplotlib's own ticks are an object of two lines and two texts per tick,
    set up and drawn one by one: on a 34-year series they took longer than the chart's data.
    `shown` hides labels (kept in the figure, so a reader can still name every position)."""
    getattr(ax, f"set_{axis}ticks")([])
    along_x = axis == "x"
    # Positions in data units along the axis, offsets in axes fractions across it.
    place = (
        blended_transform_factory(ax.transData, ax.transAxes)
        if along_x
        else blended_transform_factory(ax.transAxes, ax.transData)
    )
    across_px = plot.height if along_x else plot.width
    mark = (MARK_PX if marks else 0.0) / across_px
    gap = mark + pad_px / across_px
    for k, (pos, text) in enumerate(zip(positions, labels, strict=True)):
        xy = (pos, -gap) if along_x else (-gap, pos)
        t = ax.text(
            *xy,
            text,
            transform=place,
            ha="center" if along_x else "right",
            va="top" if along_x else "center_baseline",
            fontsize=theme.TICK_SIZE,
            color=theme.INK,
            gid=f"{axis}-tick",
            clip_on=False,
        )
        if shown is not None and not shown[k]:
            t.set_visible(False)

    def segments(a: float, b: float) -> list[list[tuple[float, float]]]:
        if along_x:
            return [[(pos, a), (pos, b)] for pos in positions]
        return [[(a, pos), (b, pos)] for pos in positions]

    if marks:
        ax.add_collection(
            LineCollection(
                segments(-mark, 0.0),
                colors=theme.MUTED,
                linewidths=MARK_WIDTH,
                transform=place,
                clip_on=False,
            ),
            autolim=False,
        )
    if grid:
        ax.add_collection(
            LineCollection(
                segments(0.0, 1.0), colors=theme.GRID, linewidths=0.6, transform=place, zorder=0.5
            ),
            autolim=False,
        )


def hbars(
    ax: Axes,
    bars: Sequence[tuple[float, float]],
    colours: Sequence[str],
    *,
    thickness: float,
    hatched: bool = False,
) -> None:
    """Horizontal bars from zero, (row, value) each, one Rectangle (gid "data") per bar.
    Added as they are: the value axis sets the limits, so matplotlib need not work out each
    bar's extent (`barh` did, a third of a 100-row list's drawing). An incomplete year's bars
    are hatched with one patch over all of them: matplotlib draws a hatch tile for every
    hatched path, and on a 100-row list the tiles took longer than everything else."""
    for (y, v), colour in zip(bars, colours, strict=True):
        rect = Rectangle((0.0, y - thickness / 2), v, thickness, facecolor=colour, linewidth=0)
        rect.set_gid("data")
        ax.add_artist(rect)
    if hatched and bars:
        outlines = [
            Path.unit_rectangle().transformed(
                Affine2D().scale(v, thickness).translate(0.0, y - thickness / 2)
            )
            for y, v in bars
        ]
        ax.add_artist(
            PathPatch(
                Path.make_compound_path(*outlines),
                facecolor="none",
                edgecolor="white",
                linewidth=0,
                hatch=theme.INCOMPLETE_HATCH,
                gid="incomplete-hatch",
            )
        )


def label(ax: Axes, x: float, y: float, text: str, dx: float = 0, dy: float = 0, **kw) -> Text:
    """A figure's label at a data point, `dx`, `dy` points away (a plain text: cheaper to draw
    than an annotation)."""
    scale = theme.DPI / 72  # points to pixels of the canvas
    shifted = offset_copy(ax.transData, x=dx * scale, y=dy * scale, units="dots")
    return ax.text(x, y, text, transform=shifted, gid="value-label", **kw)


def px(ax: Axes, x: float, y: float) -> tuple[float, float]:
    """Data coordinates → canvas pixels (valid once the axes' position and limits are set)."""
    out = ax.transData.transform((x, y))
    return float(out[0]), float(out[1])


def text_box(
    m: Measure, text: str, size: float, x: float, y: float, ha: str, va: str, weight: str = "normal"
) -> Box:
    """The pixel box a text will occupy when anchored at (x, y) with this alignment."""
    w, h = m.width(text, size, weight), m.height(text, size, weight)
    x0 = {"left": x, "center": x - w / 2, "right": x - w}[ha]
    y0 = {"bottom": y, "center": y - h / 2, "top": y - h, "baseline": y - h * 0.2}[va]
    return Box(x0, y0, x0 + w, y0 + h)


def overlaps(a: Box, b: Box, pad: float = 1.0) -> bool:
    return a.x0 < b.x1 + pad and b.x0 < a.x1 + pad and a.y0 < b.y1 + pad and b.y0 < a.y1 + pad


def inside(a: Box, b: Box) -> bool:
    return a.x0 >= b.x0 and a.x1 <= b.x1 and a.y0 >= b.y0 and a.y1 <= b.y1


def free(box: Box, placed: Iterable[Box], within: Box) -> bool:
    return inside(box, within) and not any(overlaps(box, p) for p in placed)
