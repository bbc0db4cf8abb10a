"""How a chart writes its figures, the note it carries and which category it highlights."""

from __future__ import annotations

from collections.abc import Callable

from bot.render import numbers, parts, wording
from queries.model import Answer

Formatter = Callable[[float | None], str]


def is_percent_change(answer: Answer) -> bool:
    """Rising answers chart the percentage change, not the metric."""
    q = answer.question
    return q is not None and q.kind in ("rising", "falling") and q.order == "pct"


def formatter(answer: Answer) -> Formatter:
    """Figures on the chart read exactly as in the message."""
    if is_percent_change(answer):
        return numbers.pct
    return lambda v: numbers.value(answer, v)


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


def shown_title(title: str, shown: int, total: int) -> str:
    if shown >= total:
        return title
    return f"{title} ({wording.CHART_SHOWN_OF.format(shown=shown, total=total)})"


def change(answer: Answer) -> str | None:
    """The one change a two-year answer announces, in the message's words."""
    if len(answer.changes) != 1:
        return None
    moved = answer.changes[0]
    if answer.question is not None and answer.question.kind == "share":
        return numbers.points(moved.abs_change)
    return numbers.pct(moved.pct_change) if moved.pct_change is not None else None
