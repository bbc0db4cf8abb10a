"""Reading a drawn chart back from the figure: text extents, and the figures the artists draw."""

# Reading a drawn chart back from the figure itself, for the chart tests: where every text sits
# on the canvas, and which figures the data artists draw (bar extents, point positions, circle
# areas, heatmap cells), each named by the labels a reader would use (tick labels, legend, the
# name under a bubble) — never by the spec the chart was drawn from.

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from data.catalogue import country_name
from queries.model import Answer

MARK = "†"


def clean(label: str) -> str:
    """A label as a name: marks dropped, wrapped lines joined."""
    return label.replace(MARK, "").replace("\n", " ").strip()


# --- texts on the canvas -------------------------------------------------------------------


def texts(fig: Figure) -> list[Text]:
    """Every text a reader can see (visible, not empty, in a visible axes or legend)."""
    out = []
    for t in fig.findobj(Text):
        if not t.get_visible() or not t.get_text().strip():
            continue
        ax = t.axes
        if ax is not None and not ax.get_visible():
            continue
        out.append(t)
    return out


def boxes(fig: Figure) -> list[tuple[Text, Bbox]]:
    """Each visible text with its extent on the canvas (call after fig.canvas.draw())."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    # Text's own extent: an annotation's would include its leader line.
    return [(t, Text.get_window_extent(t, renderer)) for t in texts(fig)]


def clipped(fig: Figure, pad: float = 0.5) -> list[str]:
    """Texts that run off the canvas, or out of the clip box they are drawn in."""
    canvas = fig.bbox
    problems = []
    for t, b in boxes(fig):
        if (
            b.x0 < canvas.x0 - pad
            or b.y0 < canvas.y0 - pad
            or b.x1 > canvas.x1 + pad
            or b.y1 > canvas.y1 + pad
        ):
            problems.append(f"{t.get_text()!r} runs off the canvas at {b}")
        elif t.get_clip_on() and t.get_clip_box() is not None:
            c = t.get_clip_box()
            if b.x0 < c.x0 - pad or b.x1 > c.x1 + pad or b.y0 < c.y0 - pad or b.y1 > c.y1 + pad:
                problems.append(f"{t.get_text()!r} is clipped by its axes at {b}")
    return problems


def collisions(fig: Figure, pad: float = 0.5) -> list[str]:
    """Pairs of texts whose extents overlap by more than `pad` pixels both ways."""
    placed = boxes(fig)
    problems = []
    for i, (a, ba) in enumerate(placed):
        for b, bb in placed[i + 1 :]:
            dx = min(ba.x1, bb.x1) - max(ba.x0, bb.x0)
            dy = min(ba.y1, bb.y1) - max(ba.y0, bb.y0)
            if dx > pad and dy > pad:
                problems.append(f"{a.get_text()!r} meets {b.get_text()!r}")
    return problems


# --- figures drawn ---------------------------------------------------------------------------


@dataclass
class Panel:
    ax: Axes
    kind: str
    figures: list[tuple[frozenset[str], float]] = field(default_factory=list)
    value_labels: list[str] = field(default_factory=list)
    title: str = ""


def _data(ax: Axes) -> list:
    return [a for a in ax.get_children() if a.get_gid() == "data"]


def _kind(ax: Axes) -> str | None:
    found = _data(ax)
    if not found:
        return None
    first = found[0]
    if isinstance(first, AxesImage):
        return "heatmap"
    if isinstance(first, Circle):
        return "bubble"
    if isinstance(first, PathCollection):
        return "dumbbell"
    if isinstance(first, Line2D):
        return "line"
    assert isinstance(first, Rectangle)
    return "hbar" if _names_on_y(ax) else "bars"


def _names_on_y(ax: Axes) -> bool:
    """Categories are rows when their names stand left of the plot."""
    return any(t.get_gid() == "category-label" for t in ax.texts)


def _rows(ax: Axes) -> dict[int, str]:
    """Row position → the name written left of it."""
    return {
        round(float(t.get_position()[1])): clean(t.get_text())
        for t in ax.texts
        if t.get_gid() == "category-label"
    }


def _drawn_ticks(ax: Axes, axis: str) -> list[Text]:
    """The tick labels the charts write as texts (gid "x-tick" / "y-tick")."""
    return [t for t in ax.texts if t.get_gid() == f"{axis}-tick"]


def tick_labels(ax: Axes, axis: str) -> list[Text]:
    """The axis' tick labels in order along it, hidden ones included: the charts write them
    as texts; a heatmap's years are matplotlib ticks."""
    drawn = _drawn_ticks(ax, axis)
    if drawn:
        return sorted(drawn, key=lambda t: t.get_position()[0 if axis == "x" else 1])
    return list((ax.xaxis if axis == "x" else ax.yaxis).get_ticklabels())


def _ticks(ax: Axes, axis: str) -> dict[int, str]:
    """Tick position (category index) → its label, the labels thinned out of sight included."""
    drawn = _drawn_ticks(ax, axis)
    if drawn:
        at = 0 if axis == "x" else 1
        return {round(float(t.get_position()[at])): clean(t.get_text()) for t in drawn}
    which = ax.xaxis if axis == "x" else ax.yaxis
    locs = which.get_majorticklocs()
    return {
        round(float(p)): clean(tick.label1.get_text())
        for p, tick in zip(locs, which.get_major_ticks(), strict=True)
    }


def _legend(ax: Axes) -> dict[tuple[float, ...], str]:
    """Legend colour → its label (marker edge or face, whichever carries the colour)."""
    out = {}
    legends = [ax.get_legend(), *ax.figure.legends]
    for legend in legends:
        if legend is None:
            continue
        for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True):
            if isinstance(handle, Line2D):
                colour = handle.get_markeredgecolor()
            else:
                colour = handle.get_facecolor()
            out[tuple(round(c, 3) for c in to_rgba(colour))] = clean(text.get_text())
    return out


def _colour(c) -> tuple[float, ...]:
    return tuple(round(x, 3) for x in to_rgba(c))


def read(fig: Figure) -> list[Panel]:
    """Every panel's drawn figures (call after fig.canvas.draw())."""
    panels = []
    for ax in fig.axes:
        kind = _kind(ax)
        if kind is None:
            continue
        p = Panel(ax, kind)
        p.value_labels = [t.get_text() for t in ax.texts if t.get_gid() == "value-label"]
        legend = _legend(ax)
        if kind in ("hbar", "bars"):
            names = _rows(ax) if kind == "hbar" else _ticks(ax, "x")
            several = len({_colour(r.get_facecolor()) for r in _data(ax)}) > 2
            for r in _data(ax):
                if kind == "hbar":
                    where, value = r.get_y() + r.get_height() / 2, r.get_width()
                else:
                    where, value = r.get_x() + r.get_width() / 2, r.get_height()
                key = {names[round(where)]}
                if several:
                    key.add(legend[_colour(r.get_facecolor())])
                p.figures.append((frozenset(key), float(value)))
        elif kind == "dumbbell":
            names = _rows(ax)
            for coll in _data(ax):
                faces = coll.get_facecolors()
                colour = (
                    coll.get_edgecolors()[0] if _colour(faces[0]) == _colour("white") else faces[0]
                )
                year = legend[_colour(colour)]
                for x, y in coll.get_offsets():
                    p.figures.append((frozenset({names[round(float(y))], year}), float(x)))
        elif kind == "line":
            names = _ticks(ax, "x")
            ends = {
                _colour(t.get_color()): t.get_text()
                for t in ax.texts
                if t.get_gid() == "value-label"
            }
            lines = _data(ax)
            for line in lines:
                key_extra = set()
                if len(lines) > 1:
                    label = ends[_colour(line.get_color())]
                    key_extra.add(clean(re.sub(r"\s+\S+( \(small base\))?$", "", label)))
                for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True):
                    p.figures.append((frozenset({names[round(float(x))], *key_extra}), float(y)))
        elif kind == "heatmap":
            rows, cols = _rows(ax), _ticks(ax, "x")
            grid = _data(ax)[0].get_array()
            missing = np.ma.getmaskarray(grid)
            for i in range(grid.shape[0]):
                for j in range(grid.shape[1]):
                    if not missing[i, j]:
                        p.figures.append((frozenset({rows[i], cols[j]}), float(grid[i, j])))
        elif kind == "bubble":
            p.figures = _bubbles(ax)
        panels.append(p)
    return panels


def _bubbles(ax: Axes) -> list[tuple[frozenset[str], float]]:
    """Circle areas, scaled by the figure written under the largest circle."""
    names = [t for t in ax.texts if t.get_gid() == "category-label"]
    values = [t for t in ax.texts if t.get_gid() == "value-label"]

    def under(x: float, pool: list[Text]) -> Text:
        return min(pool, key=lambda t: abs(t.get_position()[0] - x) + t.get_position()[1] * 0)

    circles = _data(ax)
    largest = max(circles, key=lambda c: c.radius)
    cx = largest.center[0]
    same_column = [t for t in values if abs(t.get_position()[0] - cx) < 1e-6]
    top = max(same_column, key=lambda t: t.get_position()[1])
    scale = parse_number(top.get_text()) / largest.radius**2
    out = []
    for c in circles:
        x, y = c.center
        name = min(
            (t for t in names if abs(t.get_position()[0] - x) < 1e-6 and t.get_position()[1] < y),
            key=lambda t: y - t.get_position()[1],
        )
        out.append((frozenset({clean(name.get_text())}), c.radius**2 * scale))
    return out


NUMBER = re.compile(r"[+\-−]?\d[\d,]*(?:\.\d+)?%?")


def parse_number(text: str) -> float:
    token = NUMBER.search(text)
    assert token is not None, text
    return float(token.group().replace(",", "").replace("%", "").replace("−", "-"))


# --- what the answer states ------------------------------------------------------------------


def stated(answer: Answer, dataset: str | None) -> list[tuple[frozenset[str], float]]:
    """The figures the answer states for one dataset (its table), each named by country and
    year label — independently of how any chart was specified."""
    q = answer.question
    assert q is not None
    info = next((d for d in answer.datasets if d.name == dataset), answer.datasets[0])
    rows = [r for r in answer.rows if r.dataset == dataset]
    if q.kind in ("rising", "falling"):
        ranked = {r.country for r in rows if r.rank is not None}
        key = "pct_change" if q.order == "pct" else "abs_change"
        return [
            (frozenset({country_name(c.country)}), getattr(c, key))
            for c in answer.changes
            if c.dataset == dataset and c.country in ranked and getattr(c, key) is not None
        ]
    if q.kind == "rank":
        last = max(r.year for r in rows)
        rows = [r for r in rows if r.year == last]
    return [
        (frozenset({country_name(r.country), clean(info.label(r.year))}), r.value)
        for r in rows
        if r.value is not None
    ]


def distinguishing(
    figures: list[tuple[frozenset[str], float]],
) -> list[tuple[tuple[str, ...], float]]:
    """The figures keyed only by the names that tell them apart (a name on every figure — the
    one pair, the one year — says nothing about which figure is which), in order."""
    common = frozenset.intersection(*(k for k, _ in figures)) if figures else frozenset()
    return sorted((tuple(sorted(k - common)), float(v)) for k, v in figures)


def same_figures(
    drawn: list[tuple[frozenset[str], float]],
    stated: list[tuple[frozenset[str], float]],
    rel: float = 1e-9,
) -> list[str]:
    """Differences between the figures drawn and the figures stated (empty when they are the
    same figures under the same names, no more and no fewer)."""
    a, b = distinguishing(drawn), distinguishing(stated)
    if [k for k, _ in a] != [k for k, _ in b]:
        extra = sorted(set(a) - set(b))[:3]
        missing = sorted(set(b) - set(a))[:3]
        return [f"{len(a)} drawn, {len(b)} stated; drawn only: {extra}; stated only: {missing}"]
    return [
        f"{ka}: drawn {va!r}, stated {vb!r}"
        for (ka, va), (_, vb) in zip(a, b, strict=True)
        if not math.isclose(va, vb, rel_tol=rel, abs_tol=1e-12)
    ]


def stated_numbers(answer: Answer) -> list[float]:
    """Every number the answer states: figures, starts and ends, changes (absolute, percent)."""
    out = [r.value for r in answer.rows]
    for c in answer.changes:
        out += [c.start, c.end, c.abs_change, c.pct_change]
    return [v for v in out if v is not None]


def written_as_stated(token: str, stated: list[float]) -> bool:
    """A number written on the chart is one the answer states, rounded to the decimals written."""
    decimals = len(token.split(".")[1].rstrip("%")) if "." in token else 0
    x = float(token.replace(",", "").replace("%", ""))
    return any(abs(round(v, decimals) - x) < 10 ** (-decimals) / 2 + 1e-9 for v in stated)


def label_numbers(text: str) -> list[str]:
    return [m.group().replace("−", "-") for m in NUMBER.finditer(text)]


def isclose(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)
