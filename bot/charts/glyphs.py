"""Text work kept from one chart to the next: extents, rasterised text (the canvas) and layouts."""

from __future__ import annotations

from collections.abc import Callable
from math import cos, radians, sin
from typing import Any

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.text import Text

# matplotlib measures every text twice (to lay it out, then to draw it) and rasterises it again
# for every chart; its own extent cache is tied to one renderer, and every chart has a new one.
# Names, years, tick labels and footers recur from chart to chart, so extents, images and
# texts' layouts are kept here for the process, keyed by everything that changes the pixels.
# Each kind is cleared whole when full. A distinct text costs about 2 KB of image and 2.5 KB
# of layout (measured on 2,000 value labels), so the bounds hold all three under ~60 MB,
# the text of some hundreds of charts.
_EXTENTS: dict[tuple[Any, ...], tuple[float, float, float]] = {}
_IMAGES: dict[tuple[Any, ...], tuple[np.ndarray, float, float, float]] = {}
_LAYOUTS: dict[tuple[Any, ...], Any] = {}
MAX_EXTENTS = 20_000
MAX_LAYOUTS = 10_000
MAX_IMAGE_BYTES = 32 * 1024 * 1024
_image_bytes = 0


def kept(store: dict[Any, Any], limit: int, key: Any, make: Callable[[], Any]) -> Any:
    """`store[key]`, made by `make()` the first time; the store is emptied whole when it
    holds `limit` entries (what recurs is made again at once; nothing needs an order kept)."""
    found = store.get(key)
    if found is None:
        if len(store) >= limit:
            store.clear()
        found = store[key] = make()
    return found


def _font_key(prop: Any, dpi: float) -> tuple[Any, ...]:
    # FontProperties hashes every field that picks the face and its size; the hinting and
    # hinting factor change glyph shapes and advances, so they are part of the key too.
    rc = matplotlib.rcParams
    return (hash(prop), dpi, rc["text.hinting"], rc["text.hinting_factor"])


def clear() -> None:
    """Forget every kept extent, image and layout (the benchmark's cold renders, tests)."""
    global _image_bytes
    _EXTENTS.clear()
    _IMAGES.clear()
    _LAYOUTS.clear()
    _image_bytes = 0


class KeepingRenderer(RendererAgg):
    """RendererAgg with text extents and text images kept between renderers. Drawing a kept
    image is what `RendererAgg.draw_text` does after rasterising, so the pixels are the same."""

    def get_text_width_height_descent(self, s, prop, ismath):
        if ismath:
            return super().get_text_width_height_descent(s, prop, ismath)
        key = (s, *_font_key(prop, self.dpi))
        measure = super().get_text_width_height_descent
        return kept(_EXTENTS, MAX_EXTENTS, key, lambda: measure(s, prop, ismath))

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        antialiased = gc.get_antialiased()
        key = (s, antialiased, *_font_key(prop, self.dpi))
        found = _IMAGES.get(key)
        if found is None:
            found = self._rasterise(s, prop, antialiased)
            _keep_image(key, found)
        image, descent, xo, yo = found
        # As RendererAgg.draw_text: the image is rotated in raster space, so the descent is
        # turned by the angle and the position rounded to whole pixels.
        x = round(x + xo + descent * sin(radians(angle)))
        y = round(y + yo + descent * cos(radians(angle)))
        self._renderer.draw_text_image(image, x, y + 1, angle, gc)

    def _rasterise(self, s, prop, antialiased) -> tuple[np.ndarray, float, float, float]:
        font = self._prepare_font(prop)
        font.set_text(s, 0, flags=get_hinting_flag())
        font.draw_glyphs_to_bitmap(antialiased=antialiased)
        image = np.array(font.get_image(), dtype=np.uint8)  # a copy: the font's buffer is reused
        xo, yo = font.get_bitmap_offset()
        return image, font.get_descent() / 64.0, xo / 64.0, yo / 64.0


def _keep_image(key: tuple[Any, ...], found: tuple[np.ndarray, float, float, float]) -> None:
    global _image_bytes
    size = found[0].nbytes
    if size > MAX_IMAGE_BYTES:
        return  # drawn, not kept
    if _image_bytes + size > MAX_IMAGE_BYTES:
        _IMAGES.clear()
        _image_bytes = 0
    _IMAGES[key] = found
    _image_bytes += size


class KeepingCanvas(FigureCanvasAgg):
    """FigureCanvasAgg drawing with a KeepingRenderer."""

    def get_renderer(self):
        w, h = self.figure.bbox.size
        key = w, h, self.figure.dpi
        if self._lastKey != key:
            self.renderer = KeepingRenderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer


class KeptText(Text):
    """A Text whose layout (its lines' offsets and extent around its anchor, which matplotlib
    works out again at every draw and measure) is kept for the process, keyed by everything
    the layout reads. A layout does not depend on where the text stands."""

    def _get_layout(self, renderer):
        # matplotlib's layout and the attributes it reads are private (not in its type stubs);
        # the tests draw every chart both ways to catch a version that reads something else.
        text: Any = self
        layout = super()._get_layout  # type: ignore[misc]
        if self.get_wrap() or self.get_usetex() or not isinstance(renderer, KeepingRenderer):
            return layout(renderer)
        key = (
            self.get_text(),
            *_font_key(self.get_fontproperties(), renderer.dpi),
            self.get_parse_math(),
            text._linespacing,
            self.get_rotation(),
            self.get_rotation_mode(),
            self.get_horizontalalignment(),
            self.get_verticalalignment(),
            text._multialignment,
        )
        return kept(_LAYOUTS, MAX_LAYOUTS, key, lambda: layout(renderer))
