"""The canonical text of a Question: shown to the person, and parseable back to the same Question.

Contract: for every Question q that parse() returns, parse(receipt(q, ctx), ctx) equals
q.with_(assumptions=()) — the receipt names resolved countries ("South Korea", not "Korea"),
so re-reading it needs no assumption.
"""

from __future__ import annotations

from queries.context import ParseContext
from queries.kinds import spec
from queries.kinds.define import term_label
from queries.lexicon import METRIC_LABELS, SUBJECT_LABELS
from queries.model import Question


def years_text(q: Question, ctx: ParseContext) -> str:
    ys = q.years
    if not ys:
        return ""
    if q.series and len(ys) > 1:
        return f"{ctx.label(ys[0])}–{ctx.label(ys[-1])}"
    labels = [ctx.label(y) for y in ys]
    if len(labels) == 2:
        return f"{labels[0]} vs {labels[1]}"
    if len(labels) > 2:
        return ", ".join(labels[:-1]) + " and " + labels[-1]
    return labels[0]


# A yes/no question's receipt ends with the question it asks (and reads back the same).
CHECK_WORDS = {"rise": "did it rise?", "fall": "did it fall?", "steady": "did it stagnate?"}


def receipt(q: Question, ctx: ParseContext | None = None, metric_label: str = "") -> str:
    """`CS · China–Thailand · natural sciences · 2015 vs 2023*` and the like."""
    ctx = ctx or ParseContext()
    if q.kind == "help":
        return "help"
    if q.kind == "define":
        return f"define · {term_label(q.term or 'method')}"
    kind = spec(q.kind)
    subject_line = kind.subject_line(q)
    metric = metric_label or METRIC_LABELS.get(q.metric, q.metric)
    parts = [metric, subject_line] if kind.metric_first else [subject_line, metric]
    parts += [SUBJECT_LABELS.get(q.subject, q.subject), years_text(q, ctx)]
    if q.membership == "as_of" and q.group:
        parts.append(f"{q.group} members as of {q.membership_year}")
    elif q.membership == "current" and q.group:
        parts.append(f"current {q.group} members")
    if q.datasets:
        parts.append("in " + " and ".join(q.datasets))
    if q.presentation == "table":
        parts.append("as a table")
    if q.check:
        parts.append(CHECK_WORDS[q.check])
    return " · ".join(p for p in parts if p)
