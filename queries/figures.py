"""One dataset's figures for a question: fit the question to the dataset, run its SQL, and
turn the rows into values per year, changes and notes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from data.catalogue import country_name
from data.store import Result, Store
from queries import wording as say
from queries.compile import Compiled, compile_question, membership_date
from queries.datasets import DatasetContext
from queries.errors import UserError
from queries.model import Change, Question, Row

COUNT_KINDS = ("aggregate", "share")


def year_span_label(ctx: DatasetContext) -> str:
    if not ctx.years:
        return "no years"
    return f"{ctx.label(ctx.years[0])}–{ctx.label(ctx.years[-1])}"


@dataclass(frozen=True)
class Resolved:
    """The question as it will run on one dataset, and what had to change to fit it."""

    question: Question
    context: DatasetContext
    notes: tuple[str, ...]


def resolve(q: Question, ctx: DatasetContext) -> Resolved:
    """Fit the question to what the dataset holds, or raise a UserError that says why not."""
    notes: list[str] = []
    years = tuple(q.years)
    if q.series and years:
        years = tuple(y for y in ctx.years if years[0] <= y <= years[-1])
    missing = [y for y in q.years if y not in ctx.years]
    if missing or not years:
        raise UserError(
            "year_not_available",
            say.year_not_available(missing or list(q.years), year_span_label(ctx), ctx.name),
            suggestions=tuple(ctx.label(y) for y in ctx.years[-3:]),
        )
    metric = q.metric
    if q.kind in ("pair", "partners", "top", "rising", "rank") and metric not in ctx.metrics:
        fallback = next((m for m in ("cs", "joint_articles") if m in ctx.metrics), None)
        if fallback is None:
            raise UserError(
                "metric_not_available",
                say.metric_not_available(
                    ctx.name, say.METRIC_PHRASE[metric], "it has no pair figures"
                ),
            )
        notes.append(say.metric_fallback(ctx.name, metric, fallback))
        metric = fallback
    if q.kind in COUNT_KINDS:
        needs = None
        if q.kind == "aggregate" and q.aggregate != "group":
            needs = q.aggregate or q.metric  # international, domestic, or own Count / Share
        if (q.kind == "share" or q.aggregate == "group") and ctx.level != "articles":
            raise UserError(
                "metric_not_available",
                say.metric_not_available(
                    ctx.name,
                    "articles involving a country and a group",
                    "that needs article-level rows and this dataset holds pair totals only",
                ),
            )
        if q.kind == "share" and "international" not in ctx.metrics:
            needs = "international"
        if needs and needs not in ctx.metrics:
            raise UserError(
                "metric_not_available",
                say.metric_not_available(
                    ctx.name, needs.replace("_", " ") + " figures", "the dataset does not hold them"
                ),
            )
    subject = q.subject
    if subject not in ctx.subjects:
        if "all" in ctx.subjects:
            notes.append(say.subject_fallback(ctx.name, subject))
            subject = "all"
        else:
            raise UserError(
                "subject_not_available",
                f"The {ctx.name} dataset has no figures for {say.SUBJECT_PHRASE[subject]}.",
            )
    if q.kind == "rank" and not q.partners:
        raise UserError(
            "missing_partner",
            "Which partner's rank? e.g. “Singapore's rank among China's partners 2023”.",
        )
    return Resolved(q.with_(years=years, metric=metric, subject=subject), ctx, tuple(notes))


@dataclass(frozen=True)
class Figures:
    """Rows and changes for one dataset, plus what the headline needs."""

    resolved: Resolved
    compiled: Compiled
    rows: tuple[Row, ...]
    changes: tuple[Change, ...]
    notes: tuple[str, ...]
    extra: dict


def _small_base_threshold(q: Question, ctx: DatasetContext) -> float:
    return ctx.small_base_cs if q.metric == "cs" else ctx.small_base_count


def _changes(
    q: Question, ctx: DatasetContext, rows: Sequence[Row], countries: Sequence[str]
) -> tuple[Change, ...]:
    if len(q.years) < 2:
        return ()
    first, last = q.years[0], q.years[-1]
    by_key = {(r.country, r.year): r.value for r in rows}
    threshold = _small_base_threshold(q, ctx)
    out = []
    for c in countries:
        start, end = by_key.get((c, first)), by_key.get((c, last))
        if start is None or end is None:
            continue
        pct = (end - start) / start * 100 if start else None
        cagr = None
        if q.series and start and end and start > 0 and end > 0 and last > first:
            cagr = ((end / start) ** (1 / (last - first)) - 1) * 100
        small = q.kind not in ("share",) and 0 < start < threshold
        out.append(Change(c, start, end, end - start, pct, cagr, small))
    return tuple(out)


def figures(resolved: Resolved, store: Store) -> Figures:
    q, ctx = resolved.question, resolved.context
    compiled = compile_question(q, ctx)
    result = store.run(compiled.sql())
    notes = list(resolved.notes)
    if result.truncated:
        notes.append(say.truncated(store.row_cap))
    extra: dict = {}
    if q.kind == "rising":
        rows, changes, extra = _rising_rows(q, result, ctx)
    else:
        rows = tuple(
            Row(
                int(r["year"]),
                r["country"],
                float(r["value"]) if r["value"] is not None else None,
                int(r["rank"]) if r.get("rank") is not None else None,
            )
            for r in result.dicts()
        )
        if q.kind == "top":
            rows = _zero_filled(rows, ordered_countries(rows), q.years)
        elif q.kind in ("pair", "partners"):
            rows = _zero_filled(rows, q.partners, q.years)
        elif compiled.shape == "country_values" and q.focal:
            rows = _zero_filled(rows, (q.focal,), q.years)
        if q.kind == "share":
            extra["counts"] = {r["year"]: (r["value"], r["international"]) for r in result.dicts()}
            rows = tuple(
                Row(r.year, r.country, (r.value / intl * 100) if intl else None)
                for r, (_, intl) in zip(rows, extra["counts"].values(), strict=True)
            )
        countries = ordered_countries(rows)
        changes = _changes(q, ctx, rows, countries)
    if q.kind in ("pair", "partners"):
        absent = [c for c in q.partners if not any(r.value for r in rows if r.country == c)]
        for c in absent:
            notes.append(
                say.no_joint_articles(
                    country_name(q.focal or ""),
                    country_name(c),
                    ctx.name,
                    folded=ctx.synthetic and c in say.FOLDED_INTO_CHINA,
                )
            )
    if any(c.small_base for c in changes):
        small = [country_name(c.country) for c in changes if c.small_base]
        notes.append(
            f"{', '.join(small)}: {say.SMALL_BASE} (start below {_small_base_threshold(q, ctx):g})."
        )
    if q.group and q.group != "WORLD" and q.kind != "pair":
        on = membership_date(q, ctx)
        on_year = max(q.years) if q.membership == "latest" else (q.membership_year or max(q.years))
        notes.append(say.membership_note(q.group, q.membership, ctx.label(on_year), on.isoformat()))
    return Figures(resolved, compiled, rows, changes, tuple(notes), extra)


def ordered_countries(rows: Sequence[Row]) -> list[str]:
    seen: dict[str, None] = {}
    for r in rows:
        seen.setdefault(r.country, None)
    return list(seen)


def _zero_filled(
    rows: tuple[Row, ...], countries: Sequence[str], years: Sequence[int]
) -> tuple[Row, ...]:
    """Every (country, year) asked about, in that order; no row in the tables means no joint
    article (or no article) that year, which is a 0, not a gap."""
    have = {(r.country, r.year): r for r in rows}
    ranks = {r.country: r.rank for r in rows}
    return tuple(have.get((c, y)) or Row(y, c, 0.0, ranks.get(c)) for c in countries for y in years)


def _rising_rows(q: Question, result: Result, ctx: DatasetContext):
    first, last = min(q.years), max(q.years)
    rows: list[Row] = []
    changes: list[Change] = []
    excluded: list[str] = []
    threshold = _small_base_threshold(q, ctx)
    for r in result.dicts():
        rank = int(r["rank"]) if r["pct_change"] is not None or q.rising_order == "abs" else None
        if rank is None:
            excluded.append(country_name(r["country"]))
        rows.append(Row(first, r["country"], float(r["start_value"]), rank))
        rows.append(Row(last, r["country"], float(r["end_value"]), rank))
        start = float(r["start_value"])
        changes.append(
            Change(
                r["country"],
                start,
                float(r["end_value"]),
                float(r["abs_change"]),
                float(r["pct_change"]) if r["pct_change"] is not None else None,
                None,
                0 < start < threshold,
            )
        )
    return tuple(rows), tuple(changes), {"excluded": excluded}


# ---------------------------------------------------------------------------------------------
# Words and charts


def rank_of(f: Figures, country: str) -> int:
    return next((r.rank for r in f.rows if r.country == country and r.rank is not None), 10**6)
