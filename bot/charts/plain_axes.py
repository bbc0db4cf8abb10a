"""Axes whose texts keep their layouts and that make Tick objects only when one is drawn."""

from __future__ import annotations

import contextlib

from matplotlib.axes import Axes
from matplotlib.axis import Axis, XAxis, YAxis
from matplotlib.text import Text

from bot.charts.glyphs import KeptText


class _OnDemandTicks(Axis):
    """An axis whose tick lists start empty. matplotlib starts each with one Tick (two lines,
    two texts) and restyles it whenever the axes is cleared or its grid set: about a third of
    an Axes' set-up, for ticks our charts never draw (they write their own, `axes.ticks`).
    A tick asked for later (a locator with positions) is made then, with the same parameters
    and clipping as matplotlib's first tick."""

    def reset_ticks(self) -> None:
        self.majorTicks = []
        self.minorTicks = []
        with contextlib.suppress(AttributeError):  # as matplotlib: before the axes has a patch
            self.set_clip_path(self.axes.patch)

    def _get_tick(self, major):
        tick = super()._get_tick(major)  # type: ignore[misc]  # private in the stubs
        tick.set_clip_path(self.axes.patch)
        return tick


class _XAxis(_OnDemandTicks, XAxis):
    pass


class _YAxis(_OnDemandTicks, YAxis):
    pass


class TextAxes(Axes):
    """matplotlib's Axes, its texts KeptText (layouts kept between charts)."""

    def text(self, x, y, s, fontdict=None, **kwargs) -> Text:
        # As Axes.text, with its defaults: baseline, left, data coordinates, not clipped.
        t = KeptText(
            x,
            y,
            text=s,
            **{
                "verticalalignment": "baseline",
                "horizontalalignment": "left",
                "transform": self.transData,
                "clip_on": False,
                **(fontdict or {}),
                **kwargs,
            },
        )
        self.add_artist(t)  # and, as Axes.text, the axes' patch as the clip path
        return t


class PlainAxes(TextAxes):
    """Axes with on-demand ticks and kept text layouts; otherwise matplotlib's Axes."""

    def _init_axis(self) -> None:
        self.xaxis = _XAxis(self, clear=False)
        self.spines.bottom.register_axis(self.xaxis)
        self.spines.top.register_axis(self.xaxis)
        self.yaxis = _YAxis(self, clear=False)
        self.spines.left.register_axis(self.yaxis)
        self.spines.right.register_axis(self.yaxis)

    def clear(self) -> None:
        super().clear()
        # matplotlib sets a spine's position (and with it its transform: until then, data
        # coordinates) when the first tick is made; with no tick made, it is set here.
        for spine in self.spines.values():
            spine.get_position()
