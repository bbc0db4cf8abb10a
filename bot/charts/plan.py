"""Answer → the complete ChartSpec a render draws (the render depends on the spec alone)."""

from __future__ import annotations

from dataclasses import replace

from bot.charts import labels
from queries.model import Answer, ChartSpec


def complete(answer: Answer) -> ChartSpec | None:
    """The answer's chart with the reading, footer, units and highlight filled in from the
    answer where the spec leaves them out; None when there is nothing to draw."""
    spec = answer.chart
    if spec is None or not (spec.series or spec.panels):
        return None
    return replace(
        _fill(spec, answer),
        subtitle=spec.subtitle or answer.receipt,
        note=labels.note(answer),
        panels=tuple(_fill(p, answer) for p in spec.panels),
    )


def _fill(spec: ChartSpec, answer: Answer) -> ChartSpec:
    return replace(
        spec,
        decimals=answer.precision if spec.decimals is None else spec.decimals,
        style=spec.style or labels.style(answer),
        highlight=spec.highlight if spec.highlight is not None else labels.highlight(answer),
    )
