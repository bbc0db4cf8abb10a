"""How a chart writes its figures and marks: decimals, units, changes, † and small bases."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

from bot.render import numbers, parts, wording
from queries.chartspec import INCOMPLETE_MARK
from queries.model import Answer, ChartSpec

Formatter = Callable[[float | None], str]

SMALL_BASE = "(small base)"


def formatter_for(spec: ChartSpec) -> Formatter:
    """Figures on the chart read exactly as in the message."""
    decimals = spec.decimals if spec.decimals is not None else 2
    if spec.style == "change_pct":
        return numbers.pct

    def fmt(v: float | None) -> str:
        if v is None:
            return wording.MISSING
        if spec.style == "change_abs":
            return f"{v:+,.{decimals}f}"
        text = f"{v:,.{decimals}f}"
        return text + "%" if spec.style == "percent" else text

    return fmt


def formatter(answer: Answer) -> Formatter:
    """The formatter of the answer's chart as drawn (after `plan.complete`)."""
    from bot.charts.plan import complete

    spec = complete(answer)
    return formatter_for(spec) if spec is not None else (lambda v: numbers.value(answer, v))


def tick_texts(spec: ChartSpec, ticks: Sequence[float]) -> list[str]:
    """Axis tick labels: as few decimals as the step between ticks needs."""
    step = min((b - a for a, b in zip(ticks, ticks[1:], strict=False)), default=1.0)
    decimals = max(0, -math.floor(math.log10(step))) if 0 < step < 1 else 0
    suffix = "%" if spec.style in ("percent", "change_pct") else ""
    return [f"{t:,.{decimals}f}".replace("-", "−") + suffix for t in ticks]


def change_words(spec: ChartSpec, values: Sequence[float | None]) -> str | None:
    """“2015 → 2023*: +1,185%” for one figure at two years (percentage points for a share)."""
    if len(values) != 2 or len(spec.categories) != 2:
        return None
    start, end = values
    if start is None or end is None:
        return None
    if spec.style == "percent":
        change = numbers.points(end - start)
    elif start:
        change = numbers.pct((end - start) / start * 100)
    else:
        return None
    return wording.CHART_CHANGE.format(
        start=mark(spec, spec.categories[0]), end=mark(spec, spec.categories[1]), change=change
    )


def mark(spec: ChartSpec, label: str) -> str:
    """A year label with the mark of a year that may still grow."""
    if label in spec.incomplete and not label.endswith(INCOMPLETE_MARK):
        return label + INCOMPLETE_MARK
    return label


def mark_text(spec: ChartSpec, text: str) -> str:
    """Every year label in a sentence (title, reading) that may still grow, marked."""
    for label in spec.incomplete:
        if label.endswith(INCOMPLETE_MARK):
            continue  # the dataset's label already carries the mark ("2023†")
        text = re.sub(rf"(?<![\w*]){re.escape(label)}(?![\w*†])", label + INCOMPLETE_MARK, text)
    return text


def flag(spec: ChartSpec, name: str, text: str) -> str:
    """A figure's label, flagged when its change starts from a very small base."""
    return f"{text} {SMALL_BASE}" if name in spec.flagged else text


# --- what an Answer says that older specs do not carry -------------------------------------


def style(answer: Answer) -> str:
    q = answer.question
    if q is None:
        return ""
    if q.kind in ("rising", "falling"):
        return "change_pct" if q.order == "pct" else "change_abs"
    return "percent" if q.kind == "share" else ""


def note(answer: Answer) -> str:
    """The spec's note, or one built from the datasets; synthetic data is always said so."""
    spec = answer.chart
    text = spec.note if spec is not None and spec.note else " · ".join(parts.footer_lines(answer))
    synthetic = any(info.synthetic for info in answer.datasets)
    if synthetic and "synthetic" not in text.lower():
        text = f"{text} · {wording.SYNTHETIC}" if text else wording.SYNTHETIC
    return text


def highlight(answer: Answer) -> str | None:
    """The category to pick out: the partner a rank question asked about."""
    q = answer.question
    if q is None or q.kind != "rank" or not q.partners:
        return None
    return answer.name(q.partners[0])
