"""One row per category (horizontal bars, dumbbells, heatmaps): names left, value axis below."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.transforms import blended_transform_factory

from bot.charts import axes, theme
from bot.charts.canvas import Box, Measure
from bot.charts.labels import Formatter, tick_texts
from queries.model import ChartSpec


@dataclass(frozen=True)
class Rows:
    names: tuple[str, ...]  # as drawn: wrapped onto two lines when long
    row_px: float  # the least height a row needs
    label_px: float  # width of the widest name


def rows(spec: ChartSpec, m: Measure, width: float) -> Rows:
    """Names as drawn: a name wider than its share of the width goes on two balanced lines."""
    limit = width * theme.MAX_LABEL_SHARE
    names = []
    widths = []
    for name in spec.categories:
        weight = "bold" if name == spec.highlight else "normal"
        text = (
            name if m.width(name, theme.TICK_SIZE, weight) <= limit else _two_lines(m, name, weight)
        )
        names.append(text)
        widths.append(m.width(text, theme.TICK_SIZE, weight))
    wrapped = any("\n" in n for n in names)
    row_px = theme.ROW_PX_WRAPPED if wrapped else theme.ROW_PX
    return Rows(tuple(names), row_px, max(widths, default=0.0))


def _two_lines(m: Measure, name: str, weight: str) -> str:
    """The split between words that makes the wider of the two lines narrowest."""
    words = name.split(" ")
    splits = [(" ".join(words[:k]), " ".join(words[k:])) for k in range(1, len(words))]
    if not splits:
        return name
    a, b = min(splits, key=lambda ab: max(m.width(t, theme.TICK_SIZE, weight) for t in ab))
    return f"{a}\n{b}"


def value_caption(spec: ChartSpec, m: Measure, width: float) -> str:
    return m.wrap(spec.value_label, width, theme.LABEL_SIZE)


def _caption_below_px(m: Measure) -> float:
    """From the plot's bottom edge to the value caption's top: tick marks and labels, a gap."""
    return axes.MARK_PX + theme.TICK_PAD + m.height("0", theme.TICK_SIZE) + theme.GAP


def bottom_px(spec: ChartSpec, m: Measure, width: float) -> float:
    """Tick labels and the value caption under the plot."""
    return _caption_below_px(m) + m.height(value_caption(spec, m, width), theme.LABEL_SIZE)


def height(spec: ChartSpec, m: Measure, width: float, above: float = 0.0) -> float:
    """The body height `spec` needs: every row, what sits above and the value axis below."""
    r = rows(spec, m, width)
    plot_w = width - r.label_px - theme.TICK_PAD
    return above + len(spec.categories) * r.row_px + bottom_px(spec, m, plot_w) + theme.GAP


def plot_box(spec: ChartSpec, m: Measure, box: Box, r: Rows, above: float = 0.0) -> Box:
    """The axes' box: right of the names, above the value axis, under whatever sits above."""
    x0 = box.x0 + r.label_px + theme.TICK_PAD
    bottom = box.y0 + bottom_px(spec, m, box.x1 - x0)
    top = min(box.y1 - above, bottom + len(spec.categories) * theme.ROW_PX * 2.2)
    return Box(x0, bottom, box.x1, top)


def category_axis(ax: Axes, spec: ChartSpec, r: Rows, top_down: bool = False) -> None:
    """Names left of the rows, first category at the top. Plain texts rather than tick labels:
    a list of 100 would otherwise cost 100 tick objects to build and draw."""
    n = len(spec.categories)
    if not top_down:
        ax.set_ylim(-0.5, n - 0.5)
    ax.set_yticks([])
    place = blended_transform_factory(ax.transAxes, ax.transData)
    pad = -theme.TICK_PAD / ax.bbox.width
    for i, (name, text) in enumerate(zip(spec.categories, r.names, strict=True)):
        picked = name == spec.highlight
        ax.text(
            pad,
            i if top_down else n - 1 - i,
            text,
            transform=place,
            ha="right",
            va="center",
            fontsize=theme.TICK_SIZE,
            fontweight="bold" if picked else "normal",
            color=theme.HIGHLIGHT if picked else theme.INK,
            gid="category-label",
        )
    ax.spines["left"].set_visible(False)


def value_axis(ax: Axes, spec: ChartSpec, m: Measure, plot: Box, lo: float, hi: float) -> None:
    """Ticks on the value axis, as many as fit side by side, and the caption under them."""
    target = 6
    while True:
        ticks = axes.nice_ticks(lo, hi, target)
        texts = tick_texts(spec, ticks)
        widest = max((m.width(t, theme.TICK_SIZE) for t in texts), default=0.0)
        if len(ticks) < 2 or target <= 2 or plot.width / max(len(ticks), 1) > widest + 14:
            break
        target -= 1
    ax.set_xlim(lo, hi)
    # A tick whose label would run past the box's right edge goes (the grid still has it).
    right = plot.x1 + theme.PAD - 2
    keep = [
        (t, s)
        for t, s in zip(ticks, texts, strict=True)
        if plot.x0 + (t - lo) / (hi - lo) * plot.width + m.width(s, theme.TICK_SIZE) / 2 <= right
    ]
    ticks, texts = [t for t, _ in keep], [s for _, s in keep]
    axes.ticks(ax, "x", plot, ticks, texts, pad_px=theme.TICK_PAD, grid=True)
    # The caption under the tick labels, centred on the plot (where matplotlib's axis label
    # would stand: its tick labels are not matplotlib's ticks any more).
    ax.text(
        0.5,
        -_caption_below_px(m) / plot.height,
        value_caption(spec, m, plot.width),
        transform=ax.transAxes,
        ha="center",
        va="top",
        fontsize=theme.LABEL_SIZE,
        color=theme.INK,
        gid="value-caption",
        clip_on=False,
    )
    axes.style(ax)


def label_room(m: Measure, texts: Sequence[str], size: float = theme.ANNOTATION_SIZE) -> float:
    """Pixels the widest of `texts` needs beside its bar or dot."""
    return max((m.width(t, size) for t in texts), default=0.0) + theme.MARKER_PX + 4


def labels_for(spec: ChartSpec, fmt: Formatter, values: Sequence[float | None]) -> list[str]:
    from bot.charts.labels import flag

    return [flag(spec, name, fmt(v)) for name, v in zip(spec.categories, values, strict=True)]
