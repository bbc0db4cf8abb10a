"""What to draw for an answer: each kind's chart, completed with the marks every chart carries."""

# What to draw for an answer: each kind's chart (queries/kinds), completed with what every chart
# carries — the reading, years that may still grow, small-base flags — and one panel per dataset
# compared.
#
# A chart that would hold a single figure is not drawn (ChartSpec None): one bar says nothing
# the headline does not, and the text answer stands on its own.

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from data.catalogue import country_name
from queries.context import ParseContext
from queries.datasets import DatasetContext
from queries.figures import Figures
from queries.kinds import spec
from queries.kinds.base import as_of, measure, small_base_threshold
from queries.model import ChartSpec, Question
from queries.receipt import receipt as receipt_of
from queries.wording import SUBJECT_PHRASE

# Marks a year label that may still grow; the footer says what it means.
INCOMPLETE_MARK = "†"


def chart(f: Figures) -> ChartSpec | None:
    """One dataset's chart, complete, or None when there is nothing worth drawing."""
    if not f.rows:
        return None
    drawn = spec(f.resolved.question.kind).chart(f)
    if drawn is None:
        return None
    return _complete(drawn, f)


def answer_chart(per_dataset: Sequence[Figures], receipt: str) -> ChartSpec | None:
    """The answer's chart: one dataset's, or a panel per dataset compared (each with its own
    metric, unit and year labels), the reading in the receipt's words."""
    charts = [chart(f) for f in per_dataset]
    if len(charts) == 1:
        one = charts[0]
        if one is None or figure_count(one) <= 1:
            return None
        f = per_dataset[0]
        return replace(one, subtitle=reading(f.resolved.question, f.resolved.context))
    # Side by side a panel is half as wide: bubbles there leave no room for the names, so a
    # compared top list is drawn as bars.
    panels = tuple(
        replace(
            c,
            kind="hbar" if c.kind == "bubble" else c.kind,
            title=panel_title(f.resolved.question, f.resolved.context),
        )
        for c, f in zip(charts, per_dataset, strict=True)
        if c is not None
    )
    if all(figure_count(p) <= 1 for p in panels):
        return None  # a figure per dataset: the text compares them as well as bars would
    first = next(c for c in charts if c is not None)
    return ChartSpec(
        "panels",
        first.title,
        first.value_label,
        (),
        (),
        note=" · ".join(dict.fromkeys(p.note for p in panels)),
        subtitle=receipt,
        panels=panels,
    )


def reading(q: Question, ctx: DatasetContext) -> str:
    """The receipt of the question as it ran on the dataset: a dataset may have answered with
    another metric or subject than the one asked."""
    words = ParseContext(years=ctx.years or q.years, year_labels=ctx.labels)
    return receipt_of(q.with_(datasets=(), presentation="chart"), words)


def figure_count(c: ChartSpec) -> int:
    """How many figures the chart draws."""
    if c.panels:
        return sum(figure_count(p) for p in c.panels)
    return sum(1 for _, values in c.series for v in values if v is not None)


def panel_title(q: Question, ctx: DatasetContext) -> str:
    """The dataset, real or synthetic, and what it answered with (its own metric, subject)."""
    kind = "synthetic demo data" if ctx.synthetic else "real data"
    return f"{ctx.name} ({kind}): {measure(q, ctx)}, {SUBJECT_PHRASE[q.subject]}"


def _complete(c: ChartSpec, f: Figures) -> ChartSpec:
    """Marks every chart carries, whichever kind drew it."""
    q, ctx = f.resolved.question, f.resolved.context
    check = getattr(ctx, "possibly_incomplete", None)  # DatasetContext from issue 13 on
    incomplete = tuple(ctx.label(y) for y in q.years if check is not None and check(y))
    small = {country_name(ch.country) for ch in f.changes if ch.small_base}
    flagged = tuple(dict.fromkeys((*c.flagged, *(n for n in c.categories if n in small))))
    notes = [c.note]
    if incomplete:
        taken = as_of(ctx)
        when = f" — data as of {taken:%-d %b %Y}" if taken else ""
        years = ", ".join(label.rstrip(INCOMPLETE_MARK) for label in incomplete)
        notes.append(f"{INCOMPLETE_MARK} {years}: may still grow{when}")
    if flagged:
        notes.append(
            f"small base: the first year's figure is below {small_base_threshold(q, ctx):g}"
        )
    return replace(
        c,
        note=" · ".join(n for n in notes if n),
        incomplete=incomplete,
        flagged=flagged,
        decimals=f.precision if c.decimals is None else c.decimals,
    )
