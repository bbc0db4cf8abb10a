"""Alt text for a chart that states its figures, for screen readers and Slack's image description."""

from __future__ import annotations

from bot.charts import labels
from bot.render import limits, wording
from queries.model import Answer

# Slack accepts 2,000 characters of alt text; figures for this many categories fit well within it.
_MAX_CATEGORIES = 25


def alt_text(answer: Answer) -> str:
    """ "Bar chart: <title>. 2015: 3.10; 2023*: 39.83. <note>" — every figure drawn, in words."""
    spec = answer.chart
    if spec is None:
        return ""
    fmt = labels.formatter(answer)
    kind = wording.CHART_ALT_KINDS.get(spec.kind, spec.kind)
    parts = [wording.CHART_ALT.format(kind=kind, title=spec.title), spec.value_label + "."]
    shown = spec.categories[:_MAX_CATEGORIES]
    items = []
    for i, category in enumerate(shown):
        figures = [(name, values[i] if i < len(values) else None) for name, values in spec.series]
        if len(figures) == 1:
            items.append(f"{category}: {fmt(figures[0][1])}")
        else:
            items.append(f"{category}: " + ", ".join(f"{n} {fmt(v)}" for n, v in figures))
    parts.append("; ".join(items) + ".")
    if len(spec.categories) > len(shown):
        parts.append(wording.CHART_ALT_MORE.format(count=len(spec.categories) - len(shown)))
    moved = labels.change(answer)
    if moved and len(spec.categories) == 2:
        parts.append(
            wording.CHART_CHANGE.format(
                start=spec.categories[0], end=spec.categories[1], change=moved
            )
            + "."
        )
    pick = labels.highlight(answer)
    if pick:
        parts.append(wording.CHART_ALT_HIGHLIGHT.format(name=pick))
    parts.append(labels.note(answer))
    return limits.clip(" ".join(p for p in parts if p), limits.MAX_BUTTON_VALUE)
