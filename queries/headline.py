"""The headline: what an answer's figures say, in one sentence."""

from __future__ import annotations

from data.catalogue import country_name
from queries import wording as say
from queries.figures import Figures, rank_of
from queries.model import Change, Question


def pair_name(q: Question, partner: str) -> str:
    return f"{country_name(q.focal or '')}–{country_name(partner)}"


def value_text(value: float | None, precision: int) -> str:
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
            f"{subject_name(q, r.country)} {value_text(r.value, p)}{'%' if q.kind == 'share' else ''}"
            for r in f.rows
        ]
        return f"In {lab(q.years[0])}: " + "; ".join(parts) + "."
    if q.kind in ("pair", "aggregate") and f.changes:
        c = f.changes[0]
        subject = subject_name(q, c.country)
        text = (
            f"{subject} {direction_words(c)} from {value_text(c.start, p)} ({lab(q.years[0])}) "
            f"to {value_text(c.end, p)} ({lab(q.years[-1])}), {say.percent(c.pct_change)}"
        )
        if c.cagr_pct is not None:
            text += f" ({say.percent(c.cagr_pct)} a year)"
        if c.small_base:
            text += f", {say.SMALL_BASE}"
        return text + "."
    if q.kind == "share":
        values = ", ".join(f"{value_text(r.value, p)}% ({lab(r.year)})" for r in f.rows)
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
            f"{metric} {value_text(best.start, p)} → {value_text(best.end, p)} "
            f"({say.percent(best.pct_change)}, {lab(q.years[0])} → {lab(q.years[-1])})."
        )
    if q.kind == "top":
        last = max(q.years)
        ranked = [r for r in f.rows if r.year == last]
        scope = f"{q.group} " if q.group and q.group != "WORLD" else ""
        lead = ", ".join(
            f"{country_name(r.country)} ({value_text(r.value, p)})" for r in ranked[:3]
        )
        subject = "" if q.subject == "natural_sciences" else f" ({say.SUBJECT_PHRASE[q.subject]})"
        more = ", …" if len(ranked) > 3 else "."
        return f"{say.possessive(focal)} top {len(ranked)} {scope}partners by {metric} in {lab(last)}{subject}: {lead}{more}"
    if q.kind == "rising":
        by_rank = sorted(f.changes, key=lambda ch: rank_of(f, ch.country))
        if not by_rank or rank_of(f, by_rank[0].country) >= 10**6:
            return "No partner had a large enough starting value to rank growth."
        c = by_rank[0]
        scope = (
            f"top {q.limit or 15} {q.group + ' ' if q.group and q.group != 'WORLD' else ''}partners"
        )
        measure = (
            say.percent(c.pct_change)
            if q.rising_order == "pct"
            else f"+{value_text(c.abs_change, p)}"
        )
        text = (
            f"Among {say.possessive(focal)} {scope} in {lab(q.years[-1])}, {country_name(c.country)} {'rose fastest' if q.rising_order == 'pct' else 'had the biggest increase'}: "
            f"{metric} {value_text(c.start, p)} → {value_text(c.end, p)} ({measure}, "
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
            f"{metric} in {lab(q.years[-1])} ({say.SUBJECT_PHRASE[q.subject]}): {value_text(row.value, p)}."
        )
    return ""


def direction_words(c: Change) -> str:
    return say.direction(c.pct_change)


def subject_name(q: Question, country: str) -> str:
    """What a row is about, in words: a pair, or the focal country's aggregate."""
    if q.kind in ("pair", "partners"):
        return f"{pair_name(q, country)} {say.METRIC_PHRASE[q.metric]}"
    if q.kind == "share":
        return f"{q.group} share of {say.possessive(country_name(q.focal or ''))} international articles"
    key = q.aggregate or q.metric
    name = country_name(q.focal or "")
    text = say.AGGREGATE_PHRASE[key].format(focal=name, focal_s=say.possessive(name), group=q.group)
    return text[0].upper() + text[1:]
