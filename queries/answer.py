"""Question + store → Answer: check it against each dataset, run the SQL, and say what it means."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from data.catalogue import GROUPS, country_name
from data.store import Result, Store
from queries import wording as say
from queries.compile import MIN_BASE, Compiled, compile_question, membership_date
from queries.datasets import DatasetContext
from queries.errors import UserError
from queries.model import Answer, Change, ChartSpec, Question, Row

Receipt = Callable[[Question], str]

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
            rows = _zero_filled(rows, _ordered_countries(rows), q.years)
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
        countries = _ordered_countries(rows)
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


def _ordered_countries(rows: Sequence[Row]) -> list[str]:
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


def _pair_name(q: Question, partner: str) -> str:
    return f"{country_name(q.focal or '')}–{country_name(partner)}"


def _value_text(value: float | None, precision: int) -> str:
    return say.number(value, precision)


def precision_for(q: Question) -> int:
    if q.kind == "share":
        return 1
    return 2 if q.metric in ("cs", "share") else 0


def headline(f: Figures) -> str:
    q, ctx = f.resolved.question, f.resolved.context
    p = precision_for(q)
    metric = say.METRIC_PHRASE[q.metric]
    lab = ctx.label
    focal = country_name(q.focal) if q.focal else ""
    if not f.rows:
        return f"No figures found for this question in the {ctx.name} dataset."
    if q.kind in ("pair", "partners", "aggregate", "share") and len(q.years) == 1:
        parts = [
            f"{_subject_name(q, r.country)} {_value_text(r.value, p)}{'%' if q.kind == 'share' else ''}"
            for r in f.rows
        ]
        return f"In {lab(q.years[0])}: " + "; ".join(parts) + "."
    if q.kind in ("pair", "aggregate") and f.changes:
        c = f.changes[0]
        subject = _subject_name(q, c.country)
        text = (
            f"{subject} {direction_words(c)} from {_value_text(c.start, p)} ({lab(q.years[0])}) "
            f"to {_value_text(c.end, p)} ({lab(q.years[-1])}), {say.percent(c.pct_change)}"
        )
        if c.cagr_pct is not None:
            text += f" ({say.percent(c.cagr_pct)} a year)"
        if c.small_base:
            text += f", {say.SMALL_BASE}"
        return text + "."
    if q.kind == "share":
        values = ", ".join(f"{_value_text(r.value, p)}% ({lab(r.year)})" for r in f.rows)
        return (
            f"Articles with at least one {q.group} country were {values} of {say.possessive(focal)} "
            "internationally collaborative articles."
        )
    if q.kind == "partners":
        moved = [c for c in f.changes if c.pct_change is not None]
        if not moved:
            return f"{say.possessive(focal)} {metric} with {len(q.partners)} partners, {lab(q.years[0])}–{lab(q.years[-1])}."
        best = max(moved, key=lambda c: c.pct_change or 0)
        return (
            f"Of the {len(q.partners)} partners, {country_name(best.country)} moved most: "
            f"{metric} {_value_text(best.start, p)} → {_value_text(best.end, p)} "
            f"({say.percent(best.pct_change)}, {lab(q.years[0])} → {lab(q.years[-1])})."
        )
    if q.kind == "top":
        last = max(q.years)
        ranked = [r for r in f.rows if r.year == last]
        scope = f"{q.group} " if q.group and q.group != "WORLD" else ""
        lead = ", ".join(
            f"{country_name(r.country)} ({_value_text(r.value, p)})" for r in ranked[:3]
        )
        subject = "" if q.subject == "natural_sciences" else f" ({say.SUBJECT_PHRASE[q.subject]})"
        more = ", …" if len(ranked) > 3 else "."
        return f"{say.possessive(focal)} top {len(ranked)} {scope}partners by {metric} in {lab(last)}{subject}: {lead}{more}"
    if q.kind == "rising":
        by_rank = sorted(f.changes, key=lambda ch: _rank_of(f, ch.country))
        if not by_rank or _rank_of(f, by_rank[0].country) >= 10**6:
            return "No partner had a large enough starting value to rank growth."
        c = by_rank[0]
        scope = (
            f"top {q.limit or 15} {q.group + ' ' if q.group and q.group != 'WORLD' else ''}partners"
        )
        measure = (
            say.percent(c.pct_change)
            if q.rising_order == "pct"
            else f"+{_value_text(c.abs_change, p)}"
        )
        text = (
            f"Among {say.possessive(focal)} {scope} in {lab(q.years[-1])}, {country_name(c.country)} {'rose fastest' if q.rising_order == 'pct' else 'had the biggest increase'}: "
            f"{metric} {_value_text(c.start, p)} → {_value_text(c.end, p)} ({measure}, "
            f"{lab(q.years[0])} → {lab(q.years[-1])})"
        )
        if c.small_base:
            text += f", {say.SMALL_BASE}"
        return text + "."
    if q.kind == "rank":
        partner = q.partners[0]
        row = next((r for r in f.rows if r.country == partner), None)
        scope = f"{q.group} " if q.group and q.group != "WORLD" else ""
        if row is None or row.rank is None:
            return (
                f"{country_name(partner)} has no joint articles with {focal} in {lab(q.years[-1])}."
            )
        return (
            f"{country_name(partner)} is {say.possessive(focal)} {say.ordinal(row.rank) + ' ' if row.rank > 1 else ''}largest {scope}partner by "
            f"{metric} in {lab(q.years[-1])} ({say.SUBJECT_PHRASE[q.subject]}): {_value_text(row.value, p)}."
        )
    return ""


def _rank_of(f: Figures, country: str) -> int:
    return next((r.rank for r in f.rows if r.country == country and r.rank is not None), 10**6)


def direction_words(c: Change) -> str:
    return say.direction(c.pct_change)


def _subject_name(q: Question, country: str) -> str:
    """What a row is about, in words: a pair, or the focal country's aggregate."""
    if q.kind in ("pair", "partners"):
        return f"{_pair_name(q, country)} {say.METRIC_PHRASE[q.metric]}"
    if q.kind == "share":
        return f"{q.group} share of {say.possessive(country_name(q.focal or ''))} international articles"
    key = q.aggregate or q.metric
    name = country_name(q.focal or "")
    text = say.AGGREGATE_PHRASE[key].format(focal=name, focal_s=say.possessive(name), group=q.group)
    return text[0].upper() + text[1:]


def chart(f: Figures) -> ChartSpec | None:
    q, ctx = f.resolved.question, f.resolved.context
    if not f.rows:
        return None
    labels = tuple(ctx.label(y) for y in q.years)
    note = _chart_note(ctx, q)
    axis = say.METRIC_AXIS["percent" if q.kind == "share" else q.metric]
    title = _chart_title(q, ctx)
    by_key = {(r.country, r.year): r.value for r in f.rows}
    countries = _ordered_countries(f.rows)
    names = tuple(country_name(c) for c in countries)
    if q.kind in ("pair", "partners", "aggregate", "share"):
        if q.kind == "partners" and len(q.years) == 2 and not q.series:
            series = tuple(
                (ctx.label(y), tuple(by_key.get((c, y)) for c in countries)) for y in q.years
            )
            return ChartSpec("dumbbell", title, axis, names, series, note)
        if q.kind == "partners" and len(q.years) == 1:
            series = ((labels[0], tuple(by_key.get((c, q.years[0])) for c in countries)),)
            return ChartSpec("hbar", title, axis, names, series, note)
        kind = "line" if q.series or len(q.years) > 3 else "bars"
        series_names = [
            _pair_name(q, c) if q.kind in ("pair", "partners") else country_name(c)
            for c in countries
        ]
        series = tuple(
            (series_names[i], tuple(by_key.get((c, y)) for y in q.years))
            for i, c in enumerate(countries)
        )
        return ChartSpec(kind, title, axis, labels, series, note)
    if q.kind == "top":
        series = tuple(
            (ctx.label(y), tuple(by_key.get((c, y)) for c in countries)) for y in q.years
        )
        kind = "bubble" if len(countries) <= 30 else "hbar"
        return ChartSpec(kind, title, axis, names, series, note)
    if q.kind == "rising":
        ranked = sorted(f.changes, key=lambda c: _rank_of(f, c.country))
        ranked = [c for c in ranked if _rank_of(f, c.country) < 10**6]
        key = "pct_change" if q.rising_order == "pct" else "abs_change"
        values = tuple(getattr(c, key) for c in ranked)
        return ChartSpec(
            "hbar",
            title,
            say.METRIC_AXIS[key],
            tuple(country_name(c.country) for c in ranked),
            ((f"{labels[0]} → {labels[-1]}", values),),
            note,
        )
    if q.kind == "rank":
        series = ((labels[-1], tuple(by_key.get((c, q.years[-1])) for c in countries)),)
        return ChartSpec("hbar", title, axis, names, series, note)
    return None


def _chart_title(q: Question, ctx: DatasetContext) -> str:
    focal = country_name(q.focal) if q.focal else ""
    years = (
        f"{ctx.label(q.years[0])}–{ctx.label(q.years[-1])}"
        if len(q.years) > 1
        else ctx.label(q.years[0])
    )
    metric = say.METRIC_PHRASE[q.metric]
    scope = f"{q.group} " if q.group and q.group != "WORLD" else ""
    titles = {
        "pair": lambda: f"{_pair_name(q, q.partners[0])} {metric}, {years}",
        "partners": lambda: f"{say.possessive(focal)} {metric} with selected partners, {years}",
        "top": lambda: f"{say.possessive(focal)} top {scope}partners by {metric}, {years}",
        "rising": lambda: f"Fastest-rising {scope}partners of {focal}, {years}",
        "rank": lambda: f"{say.possessive(focal)} largest {scope}partners by {metric}, {years}",
        "aggregate": lambda: _subject_name(q, q.focal or "") + f", {years}",
        "share": lambda: (
            f"{q.group} share of {say.possessive(focal)} international articles, {years}"
        ),
    }
    return titles[q.kind]()


def _chart_note(ctx: DatasetContext, q: Question) -> str:
    parts = [f"{ctx.name} dataset v{ctx.version}", say.SUBJECT_PHRASE[q.subject]]
    parts += list(ctx.window_notes())
    if ctx.synthetic:
        parts.append("synthetic demo data")
    return " · ".join(parts)


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
    spec = chart(first)
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
        chart=spec,
        sql=";\n\n".join(f.compiled.sql() for f in per_dataset),
        datasets=tuple(f.resolved.context.info() for f in per_dataset),
        precision=precision_for(first.resolved.question),
        names=tuple(sorted(names.items())),
    )


def group_name(code: str | None) -> str:
    return GROUPS.get(code or "", code or "")
