"""aggregate: one country's own figure — articles with a group, international, domestic, Count, Share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
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
    Ambiguous,
    KindSpec,
    change_headline,
    filled,
    missing_headline,
    missing_note,
    one_year_headline,
    plain_rows,
    question,
    single_focal,
    subject_name,
    values_chart,
    years_label,
)
from queries.kinds.group_articles import group_articles
from queries.kinds.share import SHARE
from queries.kinds.top import TOP
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


class AggregateSpec(KindSpec):
    name = "aggregate"
    country_metric = True

    def claims(self, f: Facts) -> bool:
        """One country and a group, its own articles, or its collaboration in general (asked
        back); tried after the list kinds, so "EU partners" is a top list."""
        if len(f.distinct_countries()) != 1 or f.has("partners", "list", "rank"):
            return False
        own = f.metric in ("count", "share") or f.papers and f.metric is None
        return bool(f.group) or own or f.has("collab") and f.metric is None

    def build(self, f: Facts, ctx: ParseContext) -> Question:
        text, group = f.text, f.group
        focal = single_focal(f, self.name)
        own = f.metric in ("count", "share") or f.papers and f.metric is None
        if group and group != "WORLD" and f.metric == "cs":
            # "CS Japan–ASEAN": CS is between two countries.
            counted = replace(f, metrics=[])
            raise Ambiguous(
                "CS is a score between two countries, not with a group. Did you mean one of these?",
                [
                    self.build(counted, ctx),
                    TOP.list_of(replace(f, cats=f.cats | {"top"}), ctx),
                ],
            )
        if not group and not own and not f.has("international", "domestic"):
            # "Japan collaboration 2022": with the world, or with which partners?
            raise Ambiguous(
                f"Collaboration of {describe(f.countries[0])} with whom? Did you mean one of "
                "these?",
                [
                    self.build(replace(f, cats=f.cats | {"international"}), ctx),
                    TOP.list_of(replace(f, cats=f.cats | {"top"}), ctx),
                ],
            )
        if f.has("international") and f.has("domestic"):
            raise err("ambiguous", "International or domestic? One at a time.", text)
        if f.has("international", "domestic"):
            if group and f.has("international") and group != "WORLD":
                # "China's international collaboration with BRI countries": the articles, or
                # their share of all international ones?
                plain = replace(f, cats=f.cats - {"international"})
                raise Ambiguous(
                    f"{group} articles of {describe(f.countries[0])}, or their share of its "
                    "international collaboration?",
                    [self.build(plain, ctx), SHARE.build(plain, ctx)],
                )
            if group and group != "WORLD":
                raise err(
                    "ambiguous",
                    f"Domestic articles have no {group} co-authors; ask for "
                    f"“{describe(f.countries[0])} {group} collaboration” instead.",
                    text,
                )
            aggregate: str | None = "international" if f.has("international") else "domestic"
            group = None  # "international collaboration with the world" is international
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
            rows = filled(rows, (q.focal,), q.years, ctx)
        return rows, {}

    def notes(self, q: Question, ctx: DatasetContext, rows: Sequence[Row]) -> list[str]:
        return missing_note(q, ctx, rows)

    def precision(self, q: Question) -> int:
        return 2 if q.metric == "share" else 0

    def headline(self, f: Figures) -> str:
        q = f.resolved.question
        if len(q.years) == 1:
            return one_year_headline(f)
        return change_headline(f) if f.changes else missing_headline(f)

    def chart(self, f: Figures) -> ChartSpec | None:
        return values_chart(self, f, country_name)

    def title(self, q: Question, ctx: DatasetContext) -> str:
        return subject_name(q, q.focal or "") + f", {years_label(q, ctx)}"


class CountryCueSpec(AggregateSpec):
    """The aggregate kind when “international” or “domestic” is said: read before the list
    kinds (“China's international collaboration” is never a partner list)."""

    def claims(self, f: Facts) -> bool:
        return f.has("international", "domestic")


AGGREGATE = AggregateSpec()
INTERNATIONAL = CountryCueSpec()
