"""What to draw for an answer: the chart kind, its categories, series, title and note."""

from __future__ import annotations

from data.catalogue import country_name
from queries import wording as say
from queries.datasets import DatasetContext
from queries.figures import Figures, ordered_countries, rank_of
from queries.headline import pair_name, subject_name
from queries.model import ChartSpec, Question


def chart(f: Figures) -> ChartSpec | None:
    q, ctx = f.resolved.question, f.resolved.context
    if not f.rows:
        return None
    labels = tuple(ctx.label(y) for y in q.years)
    note = _chart_note(ctx, q)
    axis = say.METRIC_AXIS["percent" if q.kind == "share" else q.metric]
    title = _chart_title(q, ctx)
    by_key = {(r.country, r.year): r.value for r in f.rows}
    countries = ordered_countries(f.rows)
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
            pair_name(q, c) if q.kind in ("pair", "partners") else country_name(c)
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
        ranked = sorted(f.changes, key=lambda c: rank_of(f, c.country))
        ranked = [c for c in ranked if rank_of(f, c.country) < 10**6]
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
        "pair": lambda: f"{pair_name(q, q.partners[0])} {metric}, {years}",
        "partners": lambda: f"{say.possessive(focal)} {metric} with selected partners, {years}",
        "top": lambda: f"{say.possessive(focal)} top {scope}partners by {metric}, {years}",
        "rising": lambda: f"Fastest-rising {scope}partners of {focal}, {years}",
        "rank": lambda: f"{say.possessive(focal)} largest {scope}partners by {metric}, {years}",
        "aggregate": lambda: subject_name(q, q.focal or "") + f", {years}",
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
