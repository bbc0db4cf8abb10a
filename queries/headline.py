"""The headline: what an answer's figures say, in one sentence (each kind writes its own)."""

from __future__ import annotations

from queries.figures import Figures
from queries.kinds import spec


def headline(f: Figures) -> str:
    if not f.rows:
        return f"No figures found for this question in the {f.resolved.context.name} dataset."
    return spec(f.resolved.question.kind).headline(f)
