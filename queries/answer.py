"""Question + store → Answer: the figures of each dataset asked, put into one Answer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from data.catalogue import country_name
from queries import wording as say
from queries.chartspec import answer_chart
from queries.compile import MIN_BASE
from queries.figures import Figures, Resolved, figures, resolve
from queries.headline import headline
from queries.model import Answer, Change, Question, Row

__all__ = ["Figures", "Resolved", "build_answer", "figures", "resolve"]


def build_answer(text: str, q: Question, receipt: str, per_dataset: Sequence[Figures]) -> Answer:
    """One Answer from the figures of one or several datasets."""
    multi = len(per_dataset) > 1
    rows: list[Row] = []
    changes: list[Change] = []
    notes: list[str] = list(q.assumptions)
    headlines = []
    for f in per_dataset:
        name = f.resolved.context.name
        rows += [Row(r.year, r.country, r.value, r.rank, name if multi else None) for r in f.rows]
        changes += [replace(c, dataset=name) if multi else c for c in f.changes]
        line = headline(f)
        headlines.append(f"{name}: {line}" if multi else line)
        notes += [n for n in f.notes if n not in notes]
        if f.resolved.context.synthetic and say.SYNTHETIC_NOTE not in notes:
            notes.append(say.SYNTHETIC_NOTE)
        if q.kind == "rising" and f.extra.get("excluded"):
            notes.append(
                say.excluded_from_growth(
                    f.extra["excluded"], f"{MIN_BASE[f.resolved.question.metric]:g}"
                )
            )
    if any(f.resolved.question.subject == "natural_sciences" for f in per_dataset):
        notes.append(say.NATURAL_NOTE)
    first = per_dataset[0]
    names = {c: country_name(c) for c in {r.country for r in rows} | set(q.countries)}
    return Answer(
        text=text,
        ok=True,
        question=first.resolved.question if not multi else q,
        receipt=receipt,
        headline=" ".join(headlines),
        rows=tuple(rows),
        changes=tuple(changes),
        notes=tuple(notes),
        chart=answer_chart(per_dataset, receipt),
        sql=";\n\n".join(f.compiled.sql() for f in per_dataset),
        datasets=tuple(f.resolved.context.info() for f in per_dataset),
        precision=first.precision,
        names=tuple(sorted(names.items())),
    )
