"""Alt text for a chart that states its figures, for screen readers and Slack's image description."""

from __future__ import annotations

from bot.charts import labels
from bot.charts.plan import complete
from bot.render import limits, wording
from queries.model import Answer, ChartSpec

# Slack keeps 1,000 characters of a file's alt text: the figures come first, as many as fit.
MAX_CHARS = 1000
ZERO = "Values are drawn from zero."


def alt_text(answer: Answer) -> str:
    """ "Bar chart: <title>. <reading>. <unit>. 2015: 3.10; 2023*: 39.83. … <footer>" """
    spec = complete(answer)
    if spec is None:
        return ""
    from bot.charts import drawable

    panels = [drawable(p) for p in spec.panels] or [drawable(spec)]
    kind = wording.CHART_ALT_KINDS.get(panels[0].kind, panels[0].kind)
    head = [wording.CHART_ALT.format(kind=kind, title=labels.mark_text(spec, spec.title))]
    if spec.subtitle:
        head.append(labels.mark_text(spec, spec.subtitle) + ".")
    tail = [ZERO]
    for p in panels:
        words = _change(p)
        if words:
            tail.append(words + ".")
    if spec.highlight or panels[0].highlight:
        tail.append(wording.CHART_ALT_HIGHLIGHT.format(name=spec.highlight or panels[0].highlight))
    tail.append(spec.note)
    fixed = len(" ".join(head + tail)) + 2
    budget = MAX_CHARS - fixed
    body = _figures(panels, max(budget, 200))
    return limits.clip(" ".join(p for p in (*head, body, *tail) if p), MAX_CHARS)


def _figures(panels: list[ChartSpec], budget: int) -> str:
    """Every figure drawn, category by category, until the budget; then how many are left."""
    items: list[str] = []
    for p in panels:
        fmt = labels.formatter_for(p)
        prefix = f"{p.title}: " if len(panels) > 1 else ""
        items.append(f"{prefix}{p.value_label}")
        for i, category in enumerate(p.categories):
            figures = [(name, values[i] if i < len(values) else None) for name, values in p.series]
            if len(figures) == 1:
                text = f"{labels.mark(p, category)}: {labels.flag(p, category, fmt(figures[0][1]))}"
            else:
                text = f"{labels.mark(p, category)}: " + ", ".join(
                    f"{labels.mark(p, n)} {fmt(v)}" for n, v in figures
                )
                text = labels.flag(p, category, text)
            items.append(text)
    out, used = [], 0
    for k, item in enumerate(items):
        more = wording.CHART_ALT_MORE.format(count=len(items) - k)
        if used + len(item) + 2 + len(more) > budget and k < len(items) - 1:
            out.append(more)
            break
        out.append(item)
        used += len(item) + 2
    return "; ".join(out) + "."


def _change(spec: ChartSpec) -> str | None:
    if spec.kind != "bars" or len(spec.series) != 1:
        return None
    name, values = spec.series[0]
    words = labels.change_words(spec, values)
    return labels.flag(spec, name, words) if words else None
