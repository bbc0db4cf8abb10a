"""rising and falling: the focal country's partners ranked by growth or by drop between two years."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from data.catalogue import country_name
from data.store import Result
from queries import wording as say
from queries.compile import (
    DEFAULT_RISING_SCOPE,
    MIN_BASE,
    PAIR_METRIC_COLUMNS,
    PARTNER_VALUES,
    Compiled,
    common_values,
    compiled,
    register_shape,
)
from queries.context import ParseContext
from queries.datasets import DatasetContext
from queries.facts import Facts
from queries.kinds.base import (
    KindSpec,
    chart_note,
    group_scope,
    measure,
    question,
    scope_words,
    single_focal,
    small_base_threshold,
    value_text,
    years_label,
)
from queries.model import Change, ChartSpec, Question, Row

if TYPE_CHECKING:
    from queries.figures import Figures

# Growth between two years among the top partners of the end year (the scope).
RISING_PARTNERS = register_shape(
    "rising_partners",
    f"""
WITH {{group_cte}} {PARTNER_VALUES},
scope AS (
  SELECT pv.country AS country FROM partner_values AS pv WHERE pv.year = :end_year
  ORDER BY pv.value DESC, pv.country LIMIT :scope
),
growth AS (
  SELECT s.country AS country, COALESCE(st.value, 0) AS start_value, en.value AS end_value,
         en.value - COALESCE(st.value, 0) AS abs_change,
         CASE WHEN st.value >= :min_base THEN (en.value - st.value) / st.value * 100 END AS pct_change
  FROM scope AS s
  JOIN partner_values AS en ON en.country = s.country AND en.year = :end_year
  LEFT JOIN partner_values AS st ON st.country = s.country AND st.year = :start_year
)
SELECT g.country AS country, g.start_value AS start_value, g.end_value AS end_value,
       g.abs_change AS abs_change, g.pct_change AS pct_change,
       ROW_NUMBER() OVER (ORDER BY g.{{order_by}} NULLS LAST, g.country) AS rank
FROM growth AS g
ORDER BY rank""",
)
NOT_RANKED = 10**6  # rank_of() for a partner left out of the growth ranking


# Words that make a list of movers: which partners, who, the top risers...
LIST_CUES = ("partners", "list", "top", "fastest", "big", "absolute")


class RisingSpec(KindSpec):
    """Partners ranked by growth (`rising`); FallingSpec ranks by the largest drop."""

    name = "rising"
    takes_limit = True
    direction = "rise"
    # SQL ORDER BY, per order: growth first for rising.
    order_sql = {"pct": "pct_change DESC", "abs": "abs_change DESC"}
    verbs = ("rose fastest", "had the biggest increase")
    title_words = ("Fastest-rising", "Biggest increases among")

    def claims(self, f: Facts) -> bool:
        if f.direction != self.direction or len(f.distinct_countries()) > 1:
            return False
        if f.group and not f.has("partners", "list", "top", "fastest", "big", "absolute"):
            return False  # "has India's collaboration with EU countries grown": an aggregate
        return f.has(*LIST_CUES)

    def build(self, f: Facts, ctx: ParseContext) -> Question:
        group = None if f.group == "WORLD" else f.group
        absolute = f.has("absolute") or f.has("big") and not f.has("fastest")
        return question(
            self,
            f,
            ctx,
            focal=single_focal(f, self.name),
            group=group,
            years=self.years(f, ctx),
            limit=f.limit,
            order="abs" if absolute else "pct",
            check=None,
        )

    @staticmethod
    def years(f: Facts, ctx: ParseContext) -> tuple[tuple[int, ...], bool, list[str]]:
        """Two years: the first and last asked, else from the first year (stated)."""
        first, years = min(ctx.years), f.years
        notes = list(f.year_notes)
        if not years or (len(years) == 1 and years[0] == first):
            years = (first, ctx.latest)
            notes.append(f"Assuming the change from {ctx.label(first)} to {ctx.label(ctx.latest)}")
        elif len(years) == 1:
            notes.append(f"Assuming the change from {ctx.label(first)} to {ctx.label(years[0])}")
            years = (first, years[0])
        return (years[0], years[-1]), False, notes

    def subject_line(self, q: Question) -> str:
        focal = country_name(q.focal or "")
        fast, big = self.receipt_words
        if q.order == "pct":
            if q.limit:
                return f"{fast} of {focal}'s top {q.limit} {scope_words(q.group)}"
            return f"{fast} {scope_words(q.group)} of {focal}"
        if q.limit:
            return f"{focal}'s top {q.limit} {scope_words(q.group)} with the {big}"
        return f"{scope_words(q.group)} of {focal} with the {big}"

    receipt_words = ("fastest rising", "biggest increase")

    def compile(self, q: Question, ctx: DatasetContext) -> Compiled:
        start, end = min(q.years), max(q.years)
        values = {
            **common_values(q, ctx),
            "years": [start, end],
            "start_year": start,
            "end_year": end,
            "scope": q.limit or DEFAULT_RISING_SCOPE,
            "min_base": MIN_BASE[q.metric],
        }
        group = q.group not in (None, "WORLD")
        order = self.order_sql[q.order]
        return compiled(RISING_PARTNERS, PAIR_METRIC_COLUMNS[q.metric], group, order, values)

    def rows(
        self, q: Question, result: Result, ctx: DatasetContext
    ) -> tuple[tuple[Row, ...], dict[str, Any]]:
        first, last = min(q.years), max(q.years)
        rows: list[Row] = []
        changes: list[Change] = []
        excluded: list[str] = []
        threshold = small_base_threshold(q, ctx)
        for r in result.dicts():
            ranked = r["pct_change"] is not None or q.order == "abs"
            rank = int(r["rank"]) if ranked else None
            if rank is None:
                excluded.append(country_name(r["country"]))
            start = float(r["start_value"])
            rows.append(Row(first, r["country"], start, rank))
            rows.append(Row(last, r["country"], float(r["end_value"]), rank))
            pct = float(r["pct_change"]) if r["pct_change"] is not None else None
            changes.append(
                Change(
                    r["country"],
                    start,
                    float(r["end_value"]),
                    float(r["abs_change"]),
                    pct,
                    None,
                    0 < start < threshold,
                )
            )
        return tuple(rows), {"excluded": excluded, "changes": tuple(changes)}

    def ranked_changes(self, f: Figures) -> list[Change]:
        by_rank = sorted(f.changes, key=lambda ch: rank_of(f, ch.country))
        return [c for c in by_rank if rank_of(f, c.country) < NOT_RANKED]

    def headline(self, f: Figures) -> str:
        q, ctx = f.resolved.question, f.resolved.context
        p = f.precision
        ranked = self.ranked_changes(f)
        if not ranked:
            return "No partner had a large enough starting value to rank the change."
        c = ranked[0]
        scope = f"top {q.limit or DEFAULT_RISING_SCOPE} {group_scope(q)}partners"
        pct = q.order == "pct"
        amount = say.percent(c.pct_change) if pct else say.signed(c.abs_change, p)
        focal = country_name(q.focal or "")
        lab = ctx.label
        verb = self.verbs[0] if pct else self.verbs[1]
        text = (
            f"Among {say.possessive(focal)} {scope} in {lab(q.years[-1])}, "
            f"{country_name(c.country)} {verb}: "
            f"{measure(q, ctx)} {value_text(c.start, p)} → {value_text(c.end, p)} "
            f"({amount}, {lab(q.years[0])} → {lab(q.years[-1])})"
        )
        if c.small_base:
            text += f", {say.SMALL_BASE}"
        return text + "."

    def chart(self, f: Figures) -> ChartSpec | None:
        q, ctx = f.resolved.question, f.resolved.context
        ranked = self.ranked_changes(f)
        key = "pct_change" if q.order == "pct" else "abs_change"
        values = tuple(getattr(c, key) for c in ranked)
        labels = [ctx.label(y) for y in q.years]
        return ChartSpec(
            "hbar",
            self.title(q, ctx),
            say.METRIC_AXIS[key],
            tuple(country_name(c.country) for c in ranked),
            ((f"{labels[0]} → {labels[-1]}", values),),
            chart_note(ctx, q),
            decimals=f.precision,
            style="change_pct" if key == "pct_change" else "change_abs",
        )

    def title(self, q: Question, ctx: DatasetContext) -> str:
        focal = country_name(q.focal or "")
        lead = self.title_words[0] if q.order == "pct" else self.title_words[1]
        return f"{lead} {group_scope(q)}partners of {focal}, {years_label(q, ctx)}"


class FallingSpec(RisingSpec):
    """Partners ranked by the largest drop (percent or absolute), same scope and base rule."""

    name = "falling"
    direction = "fall"
    order_sql = {"pct": "pct_change ASC", "abs": "abs_change ASC"}
    verbs = ("fell fastest", "had the biggest decrease")
    title_words = ("Fastest-falling", "Biggest decreases among")
    receipt_words = ("fastest falling", "biggest decrease")


def rank_of(f: Figures, country: str) -> int:
    return next((r.rank for r in f.rows if r.country == country and r.rank is not None), NOT_RANKED)


RISING = RisingSpec()
FALLING = FallingSpec()
