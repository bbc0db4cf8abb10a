"""Number and year formatting shared by messages, tables, the terminal and the charts."""

from __future__ import annotations

from bot.render import wording
from queries.model import Answer, DatasetInfo


def _is_percent_metric(answer: Answer) -> bool:
    # The "share" kind answers with a percentage of the focal country's articles.
    return answer.question is not None and answer.question.kind == "share"


def value(
    answer: Answer, v: float | None, *, grouping: bool = True, dataset: str | None = None
) -> str:
    """A figure at its dataset's precision: "636.40", "10,468", "22%"."""
    if v is None:
        return wording.MISSING
    info = dataset_of(answer, dataset) if dataset else None
    decimals = (
        info.precision if info is not None and info.precision is not None else answer.precision
    )
    text = f"{v:,.{decimals}f}" if grouping else f"{v:.{decimals}f}"
    return text + "%" if _is_percent_metric(answer) else text


def pct(p: float | None, *, grouping: bool = True) -> str:
    """A signed percent change: "+1,185%", "+8.4%", "-15%" (one decimal below 10%, as published)."""
    if p is None:
        return wording.MISSING
    decimals = 1 if abs(p) < 10 else 0
    if round(p, decimals) == 0:
        return "0%"
    return (f"{p:+,.{decimals}f}" if grouping else f"{p:+.{decimals}f}") + "%"


def points(p: float | None) -> str:
    """A signed change in percentage points: "+6 pp"."""
    if p is None:
        return wording.MISSING
    return f"{p:+,.0f} pp" if abs(p) >= 10 or p == int(p) else f"{p:+,.1f} pp"


def signed(answer: Answer, v: float | None) -> str:
    """A signed absolute change at the answer's precision: "+36.73"."""
    if v is None:
        return wording.MISSING
    return f"{v:+,.{answer.precision}f}"


def dataset_of(answer: Answer, name: str | None = None) -> DatasetInfo | None:
    """The DatasetInfo called `name`, or the answer's first dataset."""
    for info in answer.datasets:
        if name is None or info.name == name:
            return info
    return None


def year_header(answer: Answer, y: int) -> str:
    """A year column's label; datasets that label it differently ("2023*" for the index's
    window, "2023" for a calendar year) are both named: "2023*/2023"."""
    labels = list(dict.fromkeys(d.label(y) for d in answer.datasets)) or [str(y)]
    return "/".join(labels)


def year(answer: Answer, y: int, dataset: str | None = None) -> str:
    """A window year as the dataset labels it ("2023*")."""
    info = dataset_of(answer, dataset)
    return info.label(y) if info else str(y)
