"""PNG charts for an Answer: one consistent, colour-blind-safe look, byte-identical on every render."""

from __future__ import annotations

from dataclasses import replace

import matplotlib
from matplotlib.ticker import FuncFormatter

from bot.charts import bars, bubble, canvas, dumbbell, hbar, labels, line, theme
from bot.charts.alt import alt_text
from queries.model import Answer, ChartSpec

__all__ = ["alt_text", "render_png"]

_LIMITS = {
    "bars": theme.MAX_BARS,
    "hbar": theme.MAX_BARS,
    "bubble": theme.MAX_BUBBLES,
    "dumbbell": theme.MAX_DUMBBELLS,
}


def _trimmed(spec: ChartSpec) -> ChartSpec:
    """At most a readable number of categories; the title says how many are shown."""
    limit = _LIMITS.get(spec.kind)
    total = len(spec.categories)
    if limit is None or total <= limit:
        return spec
    return replace(
        spec,
        title=labels.shown_title(spec.title, limit, total),
        categories=spec.categories[:limit],
        series=tuple((name, values[:limit]) for name, values in spec.series),
    )


def _ticks(answer: Answer) -> FuncFormatter:
    if labels.is_percent_change(answer) or (answer.question and answer.question.kind == "share"):
        return FuncFormatter(lambda x, _pos: f"{x:,.0f}%")
    return canvas.thousands()


def render_png(answer: Answer) -> bytes | None:
    """The answer's chart as PNG bytes (1200 × 675 px), or None when the answer has no chart."""
    if answer.chart is None or not answer.chart.series:
        return None
    spec = _trimmed(answer.chart)
    fmt = labels.formatter(answer)
    with matplotlib.rc_context(theme.RC):
        fig = canvas.new_figure()
        if spec.kind == "dumbbell" and len(spec.series) >= 2:
            dumbbell.draw(fig, spec, fmt, _ticks(answer))
        elif spec.kind == "line":
            line.draw(fig, spec, fmt, _ticks(answer))
        elif spec.kind == "bubble":
            bubble.draw(fig, spec, fmt)
        elif spec.kind == "hbar":
            hbar.draw(fig, spec, fmt, _ticks(answer), labels.highlight(answer))
        else:
            # Bars are the fallback: any spec can be drawn as bars.
            bars.draw(fig, spec, fmt, _ticks(answer), labels.change(answer))
        canvas.fixed_margins(fig, spec.kind, spec.categories)
        canvas.frame(fig, spec.title, labels.note(answer))
        return canvas.to_png(fig)
