"""The frame of every chart: title and reading above, dataset and marks below, wrapped to fit."""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.figure import Figure

from bot.charts import theme
from bot.charts.canvas import Box, Measure, size_px
from bot.charts.labels import mark_text
from queries.model import ChartSpec


@dataclass(frozen=True)
class Frame:
    title: str
    subtitle: str
    note: str
    top: float  # pixels taken above the body
    bottom: float  # pixels taken below it


def measure(spec: ChartSpec, m: Measure, width: float) -> Frame:
    inner = width - 2 * theme.PAD
    title = m.wrap(mark_text(spec, spec.title), inner, theme.TITLE_SIZE, "bold")
    subtitle = m.wrap(mark_text(spec, spec.subtitle), inner, theme.SUBTITLE_SIZE)
    note = m.wrap(spec.note, inner, theme.NOTE_SIZE)
    top = theme.PAD + m.height(title, theme.TITLE_SIZE) + theme.GAP
    if subtitle:
        top += m.height(subtitle, theme.SUBTITLE_SIZE) + theme.GAP
    bottom = theme.PAD + (m.height(note, theme.NOTE_SIZE) + theme.GAP if note else 0)
    return Frame(title, subtitle, note, top + theme.GAP, bottom + 2 * theme.GAP)


def place(fig: Figure, frame: Frame, m: Measure) -> Box:
    """Draws the frame's texts; returns the box left for the chart."""
    w, h = size_px(fig)
    y = h - theme.PAD
    _text(fig, frame.title, theme.PAD, y, theme.TITLE_SIZE, theme.INK, "bold", "top")
    y -= m.height(frame.title, theme.TITLE_SIZE) + theme.GAP
    if frame.subtitle:
        _text(fig, frame.subtitle, theme.PAD, y, theme.SUBTITLE_SIZE, theme.INK, "normal", "top")
    if frame.note:
        _text(
            fig, frame.note, theme.PAD, theme.PAD, theme.NOTE_SIZE, theme.MUTED, "normal", "bottom"
        )
    return Box(theme.PAD, frame.bottom, w - theme.PAD, h - frame.top)


def panel_title(fig: Figure, box: Box, title: str) -> None:
    """A panel's title (its dataset, already wrapped to the panel) at the top of its box."""
    _text(fig, title, box.x0, box.y1, theme.LABEL_SIZE, theme.INK, "bold", "top")


def caption(
    fig: Figure, m: Measure, text: str, x: float, top: float, width: float, weight: str = "normal"
) -> float:
    """A line above a plot (its unit, its change) wrapped to `width`, hanging from `top`;
    returns where the next thing down may start."""
    wrapped = m.wrap(text, width, theme.LABEL_SIZE, weight)
    _text(fig, wrapped, x, top, theme.LABEL_SIZE, theme.INK, weight, "top")
    return top - m.height(wrapped, theme.LABEL_SIZE, weight) - theme.GAP


def _text(
    fig: Figure, text: str, x: float, y: float, size: float, color: str, weight: str, va: str
) -> None:
    w, h = size_px(fig)
    fig.text(
        x / w,
        y / h,
        text,
        ha="left",
        va=va,
        fontsize=size,
        color=color,
        fontweight=weight,
    )
