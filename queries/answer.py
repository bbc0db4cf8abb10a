"""Question + store → Answer: the figures of each dataset asked, put into one Answer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from data.catalogue import country_name
from queries import wording as say
from queries.chartspec import answer_chart
from queries.compile import MIN_BASE
from queries.datasets import DatasetContext
from queries.figures import Figures, Resolved, figures, resolve
from queries.headline import headline
from queries.kinds.base import measure
from queries.kinds.define import DEFINE
from queries.model import Answer, Change, Question, Row

__all__ = ["Figures", "Resolved", "build_answer", "define_answer", "figures", "resolve"]


def define_answer(
    text: str, q: Question, receipt: str, contexts: Mapping[str, DatasetContext]
) -> Answer:
    """A definition or a list of what the bot knows: no query, the glossary and the datasets."""
    headline, notes = DEFINE.answer_text(q, contexts)
    return Answer(
        text=text,
        ok=True,
        question=q,
        receipt=receipt,
        headline=headline,
        notes=notes + tuple(q.assumptions),
        datasets=tuple(c.info() for c in contexts.values()),
    )


def verdict(q: Question, f: Figures) -> str:
    """The one-line answer to a yes/no question about a trend ("Yes — down 15% from 2020 to
    2022*.")."""
    change = f.changes[0] if f.changes else None
    if q.check is None or change is None or change.pct_change is None:
        return ""
    pct = change.pct_change
    held = say.direction(pct) == "held steady"
    yes = held if q.check == "steady" else not held and (pct > 0) == (q.check == "rise")
    label = f.resolved.context.label
    span = f"from {label(q.years[0])} to {label(q.years[-1])}"
    if held:
        how = f"roughly unchanged {span} ({say.percent(pct)})"
    else:
        how = f"{'up' if pct > 0 else 'down'} {say.percent(pct, signed=False)} {span}"
    return f"{'Yes' if yes else 'No'} — {how}."


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
    answer_verdict = verdict(first.resolved.question, first) if not multi else ""
    return Answer(
        text=text,
        ok=True,
        question=first.resolved.question if not multi else q,
        receipt=receipt,
        headline=" ".join(headlines),
        verdict=answer_verdict,
        rows=tuple(rows),
        changes=tuple(changes),
        notes=tuple(notes),
        chart=answer_chart(per_dataset, receipt),
        sql_text=lambda: ";\n\n".join(f.compiled.sql() for f in per_dataset),
        query=tuple(f.compiled.key for f in per_dataset),
        datasets=tuple(
            f.resolved.context.info(measure(f.resolved.question, f.resolved.context), f.precision)
            for f in per_dataset
        ),
        precision=first.precision,
        names=tuple(sorted(names.items())),
    )
