"""PNG charts for an Answer: one colour-blind-safe look, every label measured into place."""

from __future__ import annotations

import contextlib
import threading
from dataclasses import replace
from types import ModuleType

import matplotlib
from matplotlib.figure import Figure

from bot.charts import bars, bubble, canvas, dumbbell, frame, hbar, heatmap, line, theme
from bot.charts.alt import alt_text
from bot.charts.axes import Pen
from bot.charts.cache import CACHE, cached_png, front_end
from bot.charts.canvas import Box, Measure, forget_text
from bot.charts.labels import formatter_for
from bot.charts.plan import complete
from queries.model import Answer, ChartSpec

__all__ = [
    "CACHE",
    "alt_text",
    "cached_png",
    "draw",
    "forget_text",
    "front_end",
    "png_of_spec",
    "render_png",
    "style",
]

DRAWERS: dict[str, ModuleType] = {
    "bars": bars,
    "line": line,
    "dumbbell": dumbbell,
    "hbar": hbar,
    "bubble": bubble,
    "heatmap": heatmap,
}
PANEL_GAP = 28  # pixels between datasets drawn side by side


def drawable(spec: ChartSpec) -> ChartSpec:
    """The spec in a shape its drawer can show whole: bubbles and horizontal bars show one
    year, a dumbbell two; more years than that become a heatmap, never a dropped series."""
    kind, n = spec.kind, len(spec.series)
    if kind in ("bubble", "hbar") and n == 2:
        return replace(spec, kind="dumbbell")
    if kind in ("bubble", "hbar", "dumbbell") and n > 2:
        return replace(spec, kind="heatmap")
    if kind == "dumbbell" and n == 1:
        return replace(spec, kind="hbar")
    if kind not in DRAWERS:
        return replace(spec, kind="bars")  # any spec can be drawn as bars
    return spec


def style() -> contextlib.AbstractContextManager:
    """The chart look, for the time a figure is built and drawn (global style is left alone)."""
    return matplotlib.rc_context(theme.RC)


def draw(answer: Answer) -> Figure | None:
    """The answer's chart as a Figure ready to draw (inside `style()`), or None."""
    spec = complete(answer)
    return render_spec(spec) if spec is not None else None


def render_spec(spec: ChartSpec) -> Figure:
    """Call inside `style()`."""
    panels = tuple(drawable(p) for p in spec.panels) or (drawable(spec),)
    fig = canvas.new_figure()
    m = Measure(fig)
    width, _ = canvas.size_px(fig)
    framed = frame.measure(spec, m, width)
    inner = width - 2 * theme.PAD
    cell = (inner - PANEL_GAP * (len(panels) - 1)) / len(panels)
    titled = len(panels) > 1
    titles = [m.wrap(p.title, cell, theme.LABEL_SIZE, "bold") for p in panels] if titled else []
    # Every panel's plot starts under the tallest title, so that the panels line up.
    title_px = max((m.height(t, theme.LABEL_SIZE, "bold") + theme.GAP for t in titles), default=0)
    needs = [DRAWERS[p.kind].height(p, m, cell) for p in panels]
    # Lists take the height their rows need (short ones less than the standard canvas); the
    # other kinds fill the standard canvas.
    if all(n is not None for n in needs):
        body = max(n for n in needs if n is not None) + title_px
        height = max(theme.MIN_HEIGHT_PX, framed.top + body + framed.bottom)
    else:
        height = theme.FIGSIZE[1] * theme.DPI
    fig.set_size_inches(theme.FIGSIZE[0], height / theme.DPI)
    box = frame.place(fig, framed, m)
    for k, p in enumerate(panels):
        x0 = box.x0 + k * (cell + PANEL_GAP)
        sub = Box(x0, box.y0, x0 + cell, box.y1)
        if titled:
            frame.panel_title(fig, sub, titles[k])
            sub = Box(sub.x0, sub.y0, sub.x1, sub.y1 - title_px)
        pen = Pen(fig, m, formatter_for(p))
        DRAWERS[p.kind].draw(pen, p, sub)
    return fig


# matplotlib's style (rcParams) is global to the process: two charts drawn at once in two
# threads (Slack answers in a pool) would mix their styles and bytes. One draws at a time.
_DRAWING = threading.Lock()


def png_of_spec(spec: ChartSpec) -> bytes:
    with _DRAWING, style():
        return canvas.to_png(render_spec(spec))


def render_png(answer: Answer) -> bytes | None:
    """The answer's chart as PNG bytes (1200 px wide, 675 px tall or more for long lists), or
    None when the answer has no chart. Not cached: the front ends call `cached_png`."""
    spec = complete(answer)
    return png_of_spec(spec) if spec is not None else None
