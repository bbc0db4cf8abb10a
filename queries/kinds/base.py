"""What every question kind provides, and the steps all kinds share.

A kind is one `KindSpec` subclass in its own module: how it is recognised in the facts
(`claims`), how the facts become a Question (`build`), its words in the receipt
(`subject_line`), its SQL (`compile`), how rows become figures (`rows`, `notes`), its
headline and its chart. The registry (queries/kinds/__init__.py) keeps them in the order in
which they are tried.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from data.catalogue import country_name
from data.store import Result
from queries import wording as say
from queries.compile import Compiled
from queries.context import ParseContext
from queries.datasets import DatasetContext
from queries.facts import Facts, err
from queries.model import Change, ChartSpec, Question, Row
from queries.reader import describe

if TYPE_CHECKING:
    from queries.figures import Figures

DEFAULT_TOP = 10
MAX_PARTNERS = 20


class KindSpec:
    """One kind of question, end to end. Subclasses override what their kind does."""

    name: ClassVar[str] = ""
    # aggregate and share count one country's articles (Count / Share); the rest compare
    # countries (CS / joint articles).
    country_metric: ClassVar[bool] = False
    # A top-N limit fits this kind (top, rising, falling).
    takes_limit: ClassVar[bool] = False
    # The receipt puts the metric first ("CS · China–Thailand") for pair kinds.
    metric_first: ClassVar[bool] = False

    # --- reading -----------------------------------------------------------------------
    def claims(self, f: Facts) -> bool:
        """True when the facts ask this kind (tried in registry order)."""
        return False

    def build(self, f: Facts, ctx: ParseContext) -> Question:
        raise NotImplementedError(self.name)

    def subject_line(self, q: Question) -> str:
        return q.kind

    def edit_countries(self, q: Question, codes: list[str], adding: bool, f: Facts) -> Question:
        """A follow-up that names countries: by default they replace the focal country."""
        if adding or len(codes) > 1:
            raise NotFollowUp
        return q.with_(focal=codes[0])

    # --- answering ---------------------------------------------------------------------
    def compile(self, q: Question, ctx: DatasetContext) -> Compiled:
        raise NotImplementedError(self.name)

    def rows(
        self, q: Question, result: Result, ctx: DatasetContext
    ) -> tuple[tuple[Row, ...], dict[str, Any]]:
        """Rows of the answer in display order, and extra facts for the headline."""
        return plain_rows(result), {}

    def changes(self, q: Question, ctx: DatasetContext, rows: Sequence[Row]) -> tuple[Change, ...]:
        return changes_between(q, ctx, rows, ordered_countries(rows))

    def notes(self, q: Question, ctx: DatasetContext, rows: Sequence[Row]) -> list[str]:
        return []

    def precision(self, q: Question) -> int:
        return 2 if q.metric in ("cs", "share") else 0

    def headline(self, f: Figures) -> str:
        return ""

    def chart(self, f: Figures) -> ChartSpec | None:
        return None

    def title(self, q: Question, ctx: DatasetContext) -> str:
        return ""


class NotFollowUp(Exception):
    """Raised by a spec's follow-up edit when the reply does not fit the question's kind."""


# --- shared reading steps ----------------------------------------------------------------


class Ambiguous(Exception):
    """Raised by a spec when the facts read two or three ways: the parser asks back with the
    readings (their receipts) as choices."""

    def __init__(self, message: str, readings: list[Question]) -> None:
        super().__init__(message)
        self.message = message
        self.readings = readings


def read_pair_metric(f: Facts) -> str:
    """CS or joint articles for questions between countries."""
    if f.metric == "share":
        raise err(
            "metric_not_available",
            "Share is a single-country metric (a country's "
            "fractional count); between countries use CS or joint articles.",
            f.text,
            suggestions=("CS", "joint articles"),
        )
    if f.metric in ("joint", "count") or f.papers and f.metric is None:
        return "joint_articles"
    return "cs"


def read_country_metric(f: Facts) -> str:
    """Count or Share for a country's own articles."""
    if f.metric == "cs":
        raise err(
            "metric_not_available",
            "CS is a score between two countries; a country's "
            "own articles are counted (Count) or shared (Share).",
            f.text,
            suggestions=("count", "share"),
        )
    return "share" if f.metric == "share" else "count"


def single_focal(f: Facts, kind: str) -> str:
    cs = f.distinct_countries()
    if not cs:
        raise err(
            "missing_countries", "Which country? e.g. “top 15 BRI partners of China 2023”.", f.text
        )
    if len(cs) > 1:
        raise err(
            "ambiguous",
            f"A {kind} question is about one country; I read {', '.join(describe(x) for x in cs)}.",
            f.text,
            cs[1].span,
        )
    return str(cs[0].value)


def assumed_years(f: Facts, ctx: ParseContext) -> tuple[tuple[int, ...], bool, list[str]]:
    """The years asked; a movement with no years takes every year (stated); else the latest."""
    if f.years:
        return f.years, f.series, list(f.year_notes)
    if f.trend:
        ys = tuple(sorted(ctx.years))
        span = f"{ctx.label(ys[0])}–{ctx.label(ys[-1])}"
        return ys, len(ys) > 1, [f"Assuming every year the data has, {span}"]
    return (ctx.latest,), False, [f"Assuming the latest year, {ctx.label(ctx.latest)}"]


def check_of(f: Facts) -> str | None:
    """A yes/no question about a direction: did it rise, fall, or hold steady?"""
    return f.direction if f.yes_no else None


def question(
    spec: KindSpec,
    f: Facts,
    ctx: ParseContext,
    *,
    focal: str,
    partners: tuple[str, ...] = (),
    group: str | None = None,
    aggregate: str | None = None,
    years: tuple[tuple[int, ...], bool, list[str]] | None = None,
    **fields: Any,
) -> Question:
    """The checks and defaults every kind shares, then the Question."""
    text = f.text
    if f.limit is not None and not spec.takes_limit:
        raise err("ambiguous", "“top N” fits top-partner and fastest-rising questions only.", text)
    if f.membership != "latest" and (not group or group == "WORLD"):
        raise err(
            "missing_group",
            "Membership rules apply to a group, e.g. “top BRI partners of "
            "China 2023, BRI members as of 2015”.",
            text,
        )
    assumptions = [it.assumption for it in f.countries if it.assumption] + f.assumptions
    ys, series, year_notes = years if years is not None else assumed_years(f, ctx)
    assumptions += fields.pop("assumptions", [])
    metric = (read_country_metric if spec.country_metric else read_pair_metric)(f)
    fields.setdefault("check", check_of(f))
    return Question(
        kind=spec.name,
        metric=metric,
        subject=f.subject or "natural_sciences",
        focal=focal,
        partners=partners,
        group=group,
        years=ys,
        series=series,
        aggregate=aggregate,
        membership=f.membership,
        membership_year=f.membership_year if f.membership == "as_of" else None,
        datasets=f.datasets,
        presentation=f.presentation,
        assumptions=tuple(dict.fromkeys(assumptions + year_notes)),
        **fields,
    )


def scope_words(group: str | None) -> str:
    return f"{group} partners" if group else "partners"


def group_scope(q: Question) -> str:
    """“BRI ” for a group question, “” for all partners."""
    return f"{q.group} " if q.group and q.group != "WORLD" else ""


# --- shared answering steps --------------------------------------------------------------


def plain_rows(result: Result) -> tuple[Row, ...]:
    return tuple(
        Row(
            int(r["year"]),
            r["country"],
            float(r["value"]) if r["value"] is not None else None,
            int(r["rank"]) if r.get("rank") is not None else None,
        )
        for r in result.dicts()
    )


def ordered_countries(rows: Sequence[Row]) -> list[str]:
    seen: dict[str, None] = {}
    for r in rows:
        seen.setdefault(r.country, None)
    return list(seen)


def filled(
    rows: tuple[Row, ...], countries: Sequence[str], years: Sequence[int], ctx: DatasetContext
) -> tuple[Row, ...]:
    """Every (country, year) asked about, in that order. Built from articles, a missing row
    means no joint article (or no article) that year: a 0. A figures-only dataset (a file of
    pair or country totals) simply does not list it: the figure is missing, not zero."""
    have = {(r.country, r.year): r for r in rows}
    ranks = {r.country: r.rank for r in rows}
    gap = 0.0 if ctx.level == "articles" else None
    return tuple(have.get((c, y)) or Row(y, c, gap, ranks.get(c)) for c in countries for y in years)


def missing_note(q: Question, ctx: DatasetContext, rows: Sequence[Row]) -> list[str]:
    """Which figures a figures-only dataset does not list (said, never shown as zero)."""
    gaps = [r for r in rows if r.value is None]
    if not gaps:
        return []
    listed = ", ".join(
        dict.fromkeys(f"{country_name(r.country)} {ctx.label(r.year)}" for r in gaps[:8])
    )
    more = f" and {len(gaps) - 8} more" if len(gaps) > 8 else ""
    return [say.missing_figures(ctx.name, listed + more)]


def small_base_threshold(q: Question, ctx: DatasetContext) -> float:
    return ctx.small_base_cs if q.metric == "cs" else ctx.small_base_count


def changes_between(
    q: Question, ctx: DatasetContext, rows: Sequence[Row], countries: Sequence[str]
) -> tuple[Change, ...]:
    """Each country's move from the first to the last year asked (CAGR for a series)."""
    if len(q.years) < 2:
        return ()
    first, last = q.years[0], q.years[-1]
    by_key = {(r.country, r.year): r.value for r in rows}
    threshold = small_base_threshold(q, ctx)
    out = []
    for c in countries:
        start, end = by_key.get((c, first)), by_key.get((c, last))
        if start is None or end is None:
            continue
        pct = (end - start) / start * 100 if start else None
        cagr = None
        if q.series and start and end and start > 0 and end > 0 and last > first:
            cagr = ((end / start) ** (1 / (last - first)) - 1) * 100
        small = q.kind != "share" and 0 < start < threshold
        out.append(Change(c, start, end, end - start, pct, cagr, small))
    return tuple(out)


def years_label(q: Question, ctx: DatasetContext) -> str:
    """The years compared in the receipt's words: “2015–2023*” only for a series; two years
    are “2015 vs 2023*” (a dash would read as every year between)."""
    labels = [ctx.label(y) for y in q.years]
    if q.series and len(labels) > 1:
        return f"{labels[0]}–{labels[-1]}"
    if len(labels) > 2:
        return ", ".join(labels[:-1]) + " and " + labels[-1]
    return " vs ".join(labels)


def measure(q: Question, ctx: DatasetContext | None = None) -> str:
    """What the figures count, in words, as this dataset counts it: "bilateral CS", "joint
    articles", or "joint works (all types)" where every type of work is counted."""
    if q.metric == "joint_articles" and ctx is not None and ctx.counts_all_types:
        return say.ALL_TYPES_PHRASE
    return say.METRIC_PHRASE[q.metric]


def pair_name(q: Question, partner: str) -> str:
    return f"{country_name(q.focal or '')}–{country_name(partner)}"


def value_text(value: float | None, precision: int) -> str:
    return say.number(value, precision)


def subject_name(q: Question, country: str, ctx: DatasetContext | None = None) -> str:
    """What a row is about, in words: a pair, or the focal country's aggregate."""
    if q.kind in ("pair", "partners"):
        return f"{pair_name(q, country)} {measure(q, ctx)}"
    if q.kind == "share":
        return f"{q.group} share of {say.possessive(country_name(q.focal or ''))} international articles"
    key = q.aggregate or q.metric
    name = country_name(q.focal or "")
    text = say.AGGREGATE_PHRASE[key].format(focal=name, focal_s=say.possessive(name), group=q.group)
    return text[0].upper() + text[1:]


def one_year_headline(f: Figures, unit: str = "") -> str:
    q, ctx = f.resolved.question, f.resolved.context
    p = f.precision
    parts = [f"{subject_name(q, r.country, ctx)} {value_text(r.value, p)}{unit}" for r in f.rows]
    return f"In {ctx.label(q.years[0])}: " + "; ".join(parts) + "."


def change_headline(f: Figures) -> str:
    """“X rose from a (2015) to b (2023*), +n%” for the first compared country."""
    q, ctx = f.resolved.question, f.resolved.context
    p = f.precision
    c = f.changes[0]
    text = (
        f"{subject_name(q, c.country, ctx)} {say.direction(c.pct_change)} from "
        f"{value_text(c.start, p)} ({ctx.label(q.years[0])}) "
        f"to {value_text(c.end, p)} ({ctx.label(q.years[-1])}), {say.percent(c.pct_change)}"
    )
    if c.cagr_pct is not None:
        text += f" ({say.percent(c.cagr_pct)} a year)"
    if c.small_base:
        text += f", {say.SMALL_BASE}"
    return text + "."


def missing_headline(f: Figures) -> str:
    """A comparison whose start or end the dataset does not list: say so, never an empty line."""
    q, ctx = f.resolved.question, f.resolved.context
    gaps = [r for r in f.rows if r.value is None and r.year in (q.years[0], q.years[-1])]
    if not gaps:
        return ""
    listed = ", ".join(f"{subject_name(q, r.country, ctx)} {ctx.label(r.year)}" for r in gaps[:3])
    return f"No change can be given: the {ctx.name} dataset does not list {listed}."


def chart_note(ctx: DatasetContext, q: Question) -> str:
    """The chart's footer: which dataset, and whether its figures are real (with the source
    and the date the data was taken) or synthetic."""
    parts = [f"{ctx.name} dataset v{ctx.version}"]
    if ctx.synthetic:
        parts.append("synthetic demo data")
    else:
        taken = as_of(ctx)
        real = f"real data: {ctx.source}" if ctx.source else "real data"
        parts.append(f"{real}, as of {taken:%-d %b %Y}" if taken else real)
    parts += list(ctx.window_notes())
    return " · ".join(parts)


def as_of(ctx: DatasetContext) -> dt.date | None:
    """When the dataset's figures were taken, where the dataset records it."""
    taken = getattr(ctx, "as_of", None)  # recorded by the loaders from issue 13 on
    return taken.date() if isinstance(taken, dt.datetime) else taken


def axis_label(q: Question, ctx: DatasetContext | None = None) -> str:
    if q.metric == "joint_articles" and ctx is not None and ctx.counts_all_types:
        return say.ALL_TYPES_AXIS
    return say.METRIC_AXIS["percent" if q.kind == "share" else q.metric]


def value_style(q: Question) -> str:
    """How the chart writes a figure: a share is a percentage, the rest plain numbers."""
    return "percent" if q.kind == "share" else ""


# Lines stay readable up to this many; more countries over several years are a heatmap.
MAX_LINES = 8
# A one-year top list of up to this many partners is drawn as bubbles (the article's graphic).
MAX_BUBBLES = 30


def values_chart(spec: KindSpec, f: Figures, series_name: Callable[[str], str]) -> ChartSpec:
    """One country's figure (a pair, an aggregate, a share) by year: bars for up to three
    years, a line for a series or more years."""
    q, ctx = f.resolved.question, f.resolved.context
    labels = tuple(ctx.label(y) for y in q.years)
    by_key = {(r.country, r.year): r.value for r in f.rows}
    countries = ordered_countries(f.rows)
    if len(countries) > 1:
        return countries_chart(spec, f)
    kind = "line" if q.series or len(q.years) > 3 else "bars"
    series = tuple((series_name(c), tuple(by_key.get((c, y)) for y in q.years)) for c in countries)
    small = {c.country for c in f.changes if c.small_base}
    return ChartSpec(
        kind,
        spec.title(q, ctx),
        axis_label(q, ctx),
        labels,
        series,
        chart_note(ctx, q),
        flagged=tuple(series_name(c) for c in countries if c in small),
        decimals=f.precision,
        style=value_style(q),
    )


def countries_chart(spec: KindSpec, f: Figures, bubbles: bool = False) -> ChartSpec:
    """Several countries, in the rows' order: one year is horizontal bars (bubbles for a top
    list, when asked), two years a dumbbell per country, more years a line per country, or a
    heatmap when there are too many countries for lines."""
    q, ctx = f.resolved.question, f.resolved.context
    by_key = {(r.country, r.year): r.value for r in f.rows}
    countries = ordered_countries(f.rows)
    names = tuple(country_name(c) for c in countries)
    labels = tuple(ctx.label(y) for y in q.years)
    per_year = tuple(
        (label, tuple(by_key.get((c, y)) for c in countries))
        for label, y in zip(labels, q.years, strict=True)
    )
    if len(q.years) == 1:
        kind = "bubble" if bubbles and len(countries) <= MAX_BUBBLES else "hbar"
        categories, series = names, per_year
    elif len(q.years) == 2 and not q.series:
        kind, categories, series = "dumbbell", names, per_year
    elif len(countries) <= MAX_LINES:
        kind, categories = "line", labels
        series = tuple(
            (name, tuple(by_key.get((c, y)) for y in q.years))
            for name, c in zip(names, countries, strict=True)
        )
    else:
        kind, categories, series = "heatmap", names, per_year
    small = {country_name(c.country) for c in f.changes if c.small_base}
    return ChartSpec(
        kind,
        spec.title(q, ctx),
        axis_label(q, ctx),
        categories,
        series,
        chart_note(ctx, q),
        flagged=tuple(n for n in names if n in small),
        decimals=f.precision,
        style=value_style(q),
    )
