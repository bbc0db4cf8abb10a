"""aggregate: one country's own figure — articles with a group, international, domestic, Count, Share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from data.catalogue import country_name
from data.store import Result
from queries.compile import (
    COUNTRY_METRIC_COLUMNS,
    Compiled,
    common_values,
    compiled,
    register_shape,
)
from queries.context import ParseContext
from queries.datasets import DatasetContext
from queries.facts import Facts, err
from queries.kinds.base import (
    KindSpec,
    change_headline,
    one_year_headline,
    plain_rows,
    question,
    single_focal,
    subject_name,
    values_chart,
    years_label,
    zero_filled,
)
from queries.model import ChartSpec, Question, Row
from queries.reader import describe

if TYPE_CHECKING:
    from queries.figures import Figures

# A country's own figure (international, domestic, Count, Share) per requested year; a year
# with no row is shown as 0 by the answer.
COUNTRY_VALUES = register_shape(
    "country_values",
    """
SELECT cf.year AS year, cf.iso3 AS country, cf.{metric} AS value FROM country_figures AS cf
WHERE cf.dataset = :dataset AND cf.subject = :subject AND cf.iso3 = :focal
  AND cf.year IN (:years)""",
)

# Articles involving the focal country and at least one other group member, looked up in
# group_figures, which the build counted once per article (a sum over pairs would count an
# article with two member co-authors twice) for each period of constant membership: the
# question's membership date picks the period. No row is no such article: 0.
GROUP_ARTICLES = register_shape(
    "group_articles",
    """
WITH requested_years AS (
  SELECT w.year AS year FROM windows AS w WHERE w.dataset = :dataset AND w.year IN (:years)
)
SELECT ry.year AS year, :focal AS country, COALESCE(gf.articles, 0) AS value,
       cf.international AS international
FROM requested_years AS ry
LEFT JOIN group_figures AS gf
  ON gf.dataset = :dataset AND gf.group_code = :group AND gf.subject = :subject
  AND gf.iso3 = :focal AND gf.year = ry.year
  AND (gf.from_date IS NULL OR gf.from_date <= :on_date)
  AND (gf.to_date IS NULL OR gf.to_date > :on_date)
LEFT JOIN country_figures AS cf
  ON cf.dataset = :dataset AND cf.subject = :subject AND cf.iso3 = :focal AND cf.year = ry.year
ORDER BY ry.year""",
)


def group_articles(q: Question, ctx: DatasetContext) -> Compiled:
    """Articles with the focal country and ≥1 other group member, beside its international
    total; WORLD is a group of its own in group_figures (every country, always)."""
    return compiled(GROUP_ARTICLES, "", False, "", common_values(q, ctx))


class AggregateSpec(KindSpec):
    name = "aggregate"
    country_metric = True

    def claims(self, f: Facts) -> bool:
        if f.has("international", "domestic"):
            return True
        one = len(f.distinct_countries()) == 1
        own = not f.group and not f.has("partners") and f.metric in ("count", "share")
        return one and (own or bool(f.group) and not f.has("partners"))

    def build(self, f: Facts, ctx: ParseContext) -> Question:
        text, group = f.text, f.group
        focal = single_focal(f, self.name)
        if f.has("international") and f.has("domestic"):
            raise err("ambiguous", "International or domestic? One at a time.", text)
        if f.has("international", "domestic"):
            if group:
                raise err(
                    "ambiguous",
                    f"For {group} within international collaboration try "
                    f"“{group} share of {describe(f.countries[0])}'s international "
                    "collaboration”.",
                    text,
                )
            aggregate: str | None = "international" if f.has("international") else "domestic"
        elif group == "WORLD":
            aggregate, group = "international", None  # with the world = international
        elif group:
            aggregate = "group"
        else:
            aggregate = None  # the country's own Count or Share
        return question(self, f, ctx, focal=focal, group=group, aggregate=aggregate)

    def subject_line(self, q: Question) -> str:
        focal = country_name(q.focal or "")
        if q.aggregate == "group":
            return f"{focal} {q.group} collaboration"
        if q.aggregate == "domestic":
            return f"{focal} domestic articles"
        if q.aggregate is None:
            return focal  # the metric (Count or Share) follows in the receipt
        return f"{focal} international collaboration"

    def edit_countries(self, q: Question, codes: list[str], adding: bool, f: Facts) -> Question:
        return super().edit_countries(q, codes, adding, f)

    def compile(self, q: Question, ctx: DatasetContext) -> Compiled:
        if q.aggregate == "group":
            return group_articles(q, ctx)
        column = COUNTRY_METRIC_COLUMNS[q.aggregate or q.metric]
        return compiled(COUNTRY_VALUES, column, False, "", common_values(q, ctx))

    def rows(
        self, q: Question, result: Result, ctx: DatasetContext
    ) -> tuple[tuple[Row, ...], dict[str, Any]]:
        rows = plain_rows(result)
        if q.aggregate != "group" and q.focal:
            rows = zero_filled(rows, (q.focal,), q.years)
        return rows, {}

    def precision(self, q: Question) -> int:
        return 2 if q.metric == "share" else 0

    def headline(self, f: Figures) -> str:
        q = f.resolved.question
        if len(q.years) == 1:
            return one_year_headline(f)
        return change_headline(f) if f.changes else ""

    def chart(self, f: Figures) -> ChartSpec | None:
        return values_chart(self, f, country_name)

    def title(self, q: Question, ctx: DatasetContext) -> str:
        return subject_name(q, q.focal or "") + f", {years_label(q, ctx)}"


AGGREGATE = AggregateSpec()
