"""Figure set-up, text measurement and deterministic PNG output shared by every chart kind."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter

from bot.charts import glyphs, png, theme
from bot.charts.plain_axes import PlainAxes, TextAxes


@dataclass(frozen=True)
class Box:
    """A rectangle on the canvas in pixels, origin bottom-left (matplotlib's display space)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


# A text's height as laid out depends only on the text, size and weight (one font, one dpi, one
# hinting setting), so it is kept from one chart to the next: names, years and ticks recur.
# Widths come from the renderer, which keeps them itself (glyphs.KeepingRenderer).
_FONTS: dict[tuple[float, str], FontProperties] = {}
_HEIGHTS: dict[tuple[str, float, str], float] = {}
_MAX_MEASURED = 50_000


class Measure:
    """Text extents in pixels from the figure's own renderer, so the layout places every label
    where it fits instead of leaving it to a layout engine (which drew everything twice)."""

    def __init__(self, fig: Figure):
        self.fig = fig
        canvas = fig.canvas
        assert isinstance(canvas, FigureCanvasAgg)
        self.renderer: RendererAgg = canvas.get_renderer()

    def font(self, size: float, weight: str = "normal") -> FontProperties:
        key = (size, weight)
        if key not in _FONTS:
            _FONTS[key] = FontProperties(family="DejaVu Sans", size=size, weight=weight)
        return _FONTS[key]

    def width(self, text: str, size: float, weight: str = "normal") -> float:
        """Width of the widest line of `text`."""
        font = self.font(size, weight)
        extent = self.renderer.get_text_width_height_descent
        return max((extent(line, font, ismath=False)[0] for line in text.split("\n")), default=0.0)

    def height(self, text: str, size: float, weight: str = "normal") -> float:
        """Height of `text` as matplotlib lays it out, measured on a probe text (the layout
        rules differ between matplotlib versions, and a tall glyph such as Å adds height)."""

        def measured() -> float:
            probe = Text(0, 0, text, fontproperties=self.font(size, weight))
            probe.set_figure(self.fig)
            return probe.get_window_extent(self.renderer).height

        return glyphs.kept(_HEIGHTS, _MAX_MEASURED, (text, size, weight), measured)

    def wrap(self, text: str, width: float, size: float, weight: str = "normal") -> str:
        """`text` broken at spaces into lines no wider than `width` (a word longer than the
        line keeps a line of its own): each line takes words while the line fits."""
        # Measuring every trial line rasterises ever longer strings (a footer's wrap was a
        # quarter of a first chart). A trial's width is the line's plus a space and the word's,
        # give or take the side bearings where they meet; only a trial that close to `width`
        # is measured whole, so the breaks are those measuring every trial gives.
        space = self.width("x x", size, weight) - 2 * self.width("x", size, weight)
        slack = _JOIN_SLACK_EM * size * theme.DPI / 72
        lines: list[str] = []
        for paragraph in text.split("\n"):
            # A paragraph that fits is one line: every trial line is narrower than the whole.
            # (Leading spaces are dropped by the word-by-word rule, so those go that way.)
            if not paragraph.startswith(" ") and self.width(paragraph, size, weight) <= width:
                lines.append(paragraph)
                continue
            line, guess, joins = "", 0.0, 0
            for word in paragraph.split(" "):
                trial = f"{line} {word}" if line else word
                word_px = self.width(word, size, weight)
                trial_guess = guess + space + word_px if line else word_px
                trial_joins = joins + 1 if line else 0
                if line and self._too_wide(
                    trial, trial_guess, trial_joins * slack, width, size, weight
                ):
                    lines.append(line)
                    line, guess, joins = word, word_px, 0
                else:
                    line, guess, joins = trial, trial_guess, trial_joins
            lines.append(line)
        return "\n".join(lines)

    def _too_wide(
        self, text: str, guess: float, error: float, width: float, size: float, weight: str
    ) -> bool:
        if guess + error < width:
            return False
        if guess - error > width:
            return True
        return self.width(text, size, weight) > width


# How far a line's width may be from its words' widths and spaces added up, per space: the
# side bearings and kerning of the glyphs either side. Measured on 20,000 lines of catalogue
# names, years and signs in both weights: no difference at all; a tenth of an em is margin.
_JOIN_SLACK_EM = 0.1


def new_figure(height_px: float | None = None) -> Figure:
    """A figure 1200 px wide (taller when a long list needs it), with no layout engine: the
    charts place their axes from measured text."""
    width_in, height_in = theme.FIGSIZE
    if height_px is not None:
        height_in = max(height_in, height_px / theme.DPI)
    fig = Figure(figsize=(width_in, height_in), dpi=theme.DPI)
    glyphs.KeepingCanvas(fig)
    return fig


def size_px(fig: Figure) -> tuple[float, float]:
    w, h = fig.get_size_inches()
    return w * theme.DPI, h * theme.DPI


def add_axes(fig: Figure, box: Box, *, matplotlib_ticks: bool = False):  # -> Axes
    """Axes filling `box` (pixels). The charts write their own tick labels (`axes.ticks`);
    an axes that shows matplotlib's ticks (the heatmap's) asks for `matplotlib_ticks`."""
    w, h = size_px(fig)
    rect = (box.x0 / w, box.y0 / h, box.width / w, box.height / h)
    return fig.add_axes(rect, axes_class=TextAxes if matplotlib_ticks else PlainAxes)


def thousands(decimals: int = 0) -> FuncFormatter:
    """Axis ticks with thousands separators."""
    return FuncFormatter(lambda x, _pos: f"{x:,.{decimals}f}")


def to_png(fig: Figure) -> bytes:
    """PNG bytes of the drawn figure, opaque RGB (the background is white, so an alpha channel
    only costs time), with no software or date metadata: equal figures give equal bytes."""
    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    canvas.draw()
    return png.encode_rgb(np.asarray(canvas.buffer_rgba())[..., :3])


def forget_text() -> None:
    """Drop every text extent and image kept between charts (the benchmark's cold renders)."""
    glyphs.clear()
    _HEIGHTS.clear()
