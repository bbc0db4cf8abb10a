"""What to draw for an answer: the chart kind, its categories, series, title and note (per kind)."""

from __future__ import annotations

from queries.figures import Figures
from queries.kinds import spec
from queries.model import ChartSpec


def chart(f: Figures) -> ChartSpec | None:
    if not f.rows:
        return None
    return spec(f.resolved.question.kind).chart(f)
