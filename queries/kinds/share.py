"""share: a group's share of the focal country's internationally collaborative articles (%)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from data.catalogue import country_name
from data.store import Result
from queries import wording as say
from queries.compile import Compiled
from queries.context import ParseContext
from queries.datasets import DatasetContext
from queries.facts import Facts, err
from queries.kinds.base import (
    KindSpec,
    one_year_headline,
    plain_rows,
    question,
    single_focal,
    value_text,
    values_chart,
    years_label,
)
from queries.kinds.group_articles import group_articles
from queries.model import ChartSpec, Question, Row

if TYPE_CHECKING:
    from queries.figures import Figures


class ShareSpec(KindSpec):
    name = "share"
    country_metric = True

    def claims(self, f: Facts) -> bool:
        return f.has("share_of")

    def build(self, f: Facts, ctx: ParseContext) -> Question:
        focal = single_focal(f, self.name)
        if not f.group:
            raise err(
                "missing_group",
                "A share of what? e.g. “BRI share of China's international collaboration 2023”.",
                f.text,
            )
        return question(self, f, ctx, focal=focal, group=f.group)

    def subject_line(self, q: Question) -> str:
        focal = country_name(q.focal or "")
        return f"{q.group} share of {focal}'s international collaboration"

    def compile(self, q: Question, ctx: DatasetContext) -> Compiled:
        return group_articles(q, ctx)

    def rows(
        self, q: Question, result: Result, ctx: DatasetContext
    ) -> tuple[tuple[Row, ...], dict[str, Any]]:
        counts = {r["year"]: (r["value"], r["international"]) for r in result.dicts()}
        rows = tuple(
            Row(r.year, r.country, (r.value / intl * 100) if intl and r.value is not None else None)
            for r, (_, intl) in zip(plain_rows(result), counts.values(), strict=True)
        )
        return rows, {"counts": counts}

    def precision(self, q: Question) -> int:
        return 1

    def headline(self, f: Figures) -> str:
        q, ctx = f.resolved.question, f.resolved.context
        if len(q.years) == 1:
            return one_year_headline(f, "%")
        p = f.precision
        values = ", ".join(f"{value_text(r.value, p)}% ({ctx.label(r.year)})" for r in f.rows)
        focal = country_name(q.focal or "")
        return (
            f"Articles with at least one {q.group} country were {values} of "
            f"{say.possessive(focal)} internationally collaborative articles."
        )

    def chart(self, f: Figures) -> ChartSpec | None:
        return values_chart(self, f, country_name)

    def title(self, q: Question, ctx: DatasetContext) -> str:
        focal = country_name(q.focal or "")
        return (
            f"{q.group} share of {say.possessive(focal)} international articles, "
            f"{years_label(q, ctx)}"
        )


SHARE = ShareSpec()
