"""top: the focal country's largest partners (all, or a group's) by the last year asked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from data.catalogue import country_name
from data.store import Result
from queries import wording as say
from queries.compile import (
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
    DEFAULT_TOP,
    Ambiguous,
    KindSpec,
    countries_chart,
    filled,
    group_scope,
    measure,
    missing_note,
    ordered_countries,
    plain_rows,
    question,
    scope_words,
    single_focal,
    value_text,
    years_label,
)
from queries.kinds.pair import PAIR
from queries.model import ChartSpec, Question, Row

if TYPE_CHECKING:
    from queries.figures import Figures

# Top N partners by the last year's value, with their values in every requested year.
TOP_PARTNERS = register_shape(
    "top_partners",
    f"""
WITH {{group_cte}} {PARTNER_VALUES},
ranked_partners AS (
  SELECT pv.country AS country,
         ROW_NUMBER() OVER (ORDER BY pv.value DESC, pv.country) AS rank
  FROM partner_values AS pv WHERE pv.year = :rank_year
)
SELECT pv.year AS year, pv.country AS country, pv.value AS value, rp.rank AS rank
FROM partner_values AS pv JOIN ranked_partners AS rp ON rp.country = pv.country
WHERE rp.rank <= :limit
ORDER BY rp.rank, pv.year""",
)


class TopSpec(KindSpec):
    name = "top"
    takes_limit = True

    def claims(self, f: Facts) -> bool:
        n = len(f.distinct_countries())
        if f.has("top", "big"):
            return True
        return n <= 1 and f.has("partners", "list", "rank")

    def build(self, f: Facts, ctx: ParseContext) -> Question:
        cs = f.distinct_countries()
        if len(cs) > 1:
            # "China's top 3 partners are the US, UK and Germany?": a list, or those partners?
            focal = next((c for c in cs if c.possessive), cs[0])
            listed = replace(f, countries=[focal])
            named = replace(f, cats=f.cats - {"top", "big", "list"}, limit=None)
            readings = [self.list_of(listed, ctx), PAIR.build(named, ctx)]
            raise Ambiguous(
                "Do you want the top partners list, or the figures of the countries named?",
                readings,
            )
        return self.list_of(f, ctx)

    def list_of(self, f: Facts, ctx: ParseContext) -> Question:

        group = None if f.group == "WORLD" else f.group  # "partners in the world" = all
        limit, notes = f.limit, []
        if limit is None:
            limit = DEFAULT_TOP
            notes.append(f"Assuming the top {DEFAULT_TOP}")
        return question(
            self,
            f,
            ctx,
            focal=single_focal(f, self.name),
            group=group,
            limit=limit,
            assumptions=notes,
        )

    def subject_line(self, q: Question) -> str:
        return f"top {q.limit} {scope_words(q.group)} of {country_name(q.focal or '')}"

    def compile(self, q: Question, ctx: DatasetContext) -> Compiled:
        values = {**common_values(q, ctx), "rank_year": max(q.years), "limit": q.limit or 10}
        group = q.group not in (None, "WORLD")
        return compiled(TOP_PARTNERS, PAIR_METRIC_COLUMNS[q.metric], group, "", values)

    def rows(
        self, q: Question, result: Result, ctx: DatasetContext
    ) -> tuple[tuple[Row, ...], dict[str, Any]]:
        rows = plain_rows(result)
        return filled(rows, ordered_countries(rows), q.years, ctx), {}

    def notes(self, q: Question, ctx: DatasetContext, rows: Sequence[Row]) -> list[str]:
        return missing_note(q, ctx, rows)

    def headline(self, f: Figures) -> str:
        q, ctx = f.resolved.question, f.resolved.context
        p = f.precision
        last = max(q.years)
        ranked = [r for r in f.rows if r.year == last]
        focal = country_name(q.focal or "")
        lead = ", ".join(
            f"{country_name(r.country)} ({value_text(r.value, p)})" for r in ranked[:3]
        )
        subject = "" if q.subject == "natural_sciences" else f" ({say.SUBJECT_PHRASE[q.subject]})"
        more = ", …" if len(ranked) > 3 else "."
        return (
            f"{say.possessive(focal)} top {len(ranked)} {group_scope(q)}partners by "
            f"{measure(q, ctx)} in {ctx.label(last)}{subject}: {lead}{more}"
        )

    def chart(self, f: Figures) -> ChartSpec | None:
        return countries_chart(self, f, bubbles=True)

    def title(self, q: Question, ctx: DatasetContext) -> str:
        focal = country_name(q.focal or "")
        return (
            f"{say.possessive(focal)} top {group_scope(q)}partners by "
            f"{measure(q, ctx)}, {years_label(q, ctx)}"
        )


TOP = TopSpec()
