"""Figure set-up and deterministic PNG output shared by every chart kind."""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from bot.charts import theme


def new_figure() -> Figure:
    """A figure laid out by constrained layout, so titles, legends and notes never collide."""
    fig = Figure(figsize=theme.FIGSIZE, dpi=theme.DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def frame(fig: Figure, title: str, note: str) -> None:
    """Title top-left, note bottom-left, both inside the space constrained layout reserves."""
    fig.suptitle(title, x=0.01, ha="left", fontsize=theme.TITLE_SIZE, fontweight="bold")
    if note:
        fig.supxlabel(note, x=0.01, ha="left", fontsize=theme.NOTE_SIZE, color=theme.MUTED)


def thousands(decimals: int = 0) -> FuncFormatter:
    """Axis ticks with thousands separators."""
    return FuncFormatter(lambda x, _pos: f"{x:,.{decimals}f}")


def to_png(fig: Figure) -> bytes:
    """PNG bytes with no software or date metadata, so equal figures give equal bytes."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=theme.DPI, metadata={"Software": None})
    return buf.getvalue()
