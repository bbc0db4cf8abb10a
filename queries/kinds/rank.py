"""rank: where one partner stands among the focal country's partners (all, or a group's)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from data.catalogue import country_name
from queries import wording as say
from queries.compile import (
    PAIR_METRIC_COLUMNS,
    PARTNER_VALUES,
    RANK_CONTEXT,
    Compiled,
    common_values,
    compiled,
    register_shape,
)
from queries.context import ParseContext
from queries.datasets import DatasetContext
from queries.facts import Facts, err
from queries.kinds.base import (
    MAX_PARTNERS,
    KindSpec,
    axis_label,
    chart_note,
    group_scope,
    measure,
    ordered_countries,
    question,
    scope_words,
    value_text,
    years_label,
)
from queries.model import ChartSpec, Question
from queries.reader import Item, describe

if TYPE_CHECKING:
    from queries.figures import Figures

# One partner's rank among all of the focal country's partners (or a group's) in a year.
PARTNER_RANK = register_shape(
    "partner_rank",
    f"""
WITH {{group_cte}} {PARTNER_VALUES},
ranked_partners AS (
  SELECT pv.year AS year, pv.country AS country, pv.value AS value,
         ROW_NUMBER() OVER (ORDER BY pv.value DESC, pv.country) AS rank
  FROM partner_values AS pv
)
SELECT rp.year AS year, rp.country AS country, rp.value AS value, rp.rank AS rank
FROM ranked_partners AS rp
WHERE rp.rank <= :context OR rp.country = :partner
ORDER BY rp.rank""",
)


class RankSpec(KindSpec):
    name = "rank"

    def claims(self, f: Facts) -> bool:
        if not f.has("rank", "among", "ordinal"):
            return False
        if len(f.distinct_countries()) >= 2:
            return True
        # One country: "Japan's OECD partners ranked" and "steepest rises among Japan's
        # partners" are lists; "Singapore's rank" and "China's rank among partners" lack the
        # partner whose rank is asked.
        lists = ("top", "big", "fastest", "absolute", "rise", "fall", "steady", "list")
        if f.has(*lists):
            return False
        return f.has("among") or not f.has("partners")

    def build(self, f: Facts, ctx: ParseContext) -> Question:
        focal, partners = self.roles(f)
        if len(partners) > MAX_PARTNERS:
            raise err("too_many_countries", f"At most {MAX_PARTNERS} countries at a time.", f.text)
        group = None if f.group == "WORLD" else f.group
        return question(self, f, ctx, focal=focal, partners=partners, group=group)

    @staticmethod
    def roles(f: Facts) -> tuple[str, tuple[str, ...]]:
        """The focal country is the first after `among`, else the possessive one; the rest are
        ranked ("Singapore's rank among China's partners")."""
        items = f.items
        focal: Item | None = None
        at = next((i for i, it in enumerate(items) if it.cat == "among"), None)
        if at is not None:
            focal = next((x for x in items[at + 1 :] if x.cat == "country"), None)
        cs = f.distinct_countries()
        if focal is None:
            possessive = [x for x in cs if x.possessive]
            focal = possessive[-1] if possessive else (cs[-1] if cs else None)
        if focal is None:
            raise err(
                "missing_countries",
                "Whose rank, among whose partners? e.g. “Singapore's rank "
                "among China's partners 2023”.",
                f.text,
            )
        ranked = tuple(str(x.value) for x in cs if x.value != focal.value)
        if not ranked:
            raise err(
                "missing_partner",
                f"Which partner's rank among {describe(focal)}'s partners?",
                f.text,
                focal.span,
            )
        return str(focal.value), ranked

    def subject_line(self, q: Question) -> str:
        ranked = ", ".join(country_name(p) for p in q.partners)
        return f"rank of {ranked} among {country_name(q.focal or '')}'s {scope_words(q.group)}"

    def edit_countries(self, q: Question, codes: list[str], adding: bool, f: Facts) -> Question:
        partners = tuple(dict.fromkeys(q.partners + tuple(codes))) if adding else tuple(codes)
        return q.with_(partners=partners)

    def compile(self, q: Question, ctx: DatasetContext) -> Compiled:
        values = {
            **common_values(q, ctx),
            "years": [max(q.years)],
            "partner": q.partners[0],
            "context": RANK_CONTEXT,
        }
        group = q.group not in (None, "WORLD")
        return compiled(PARTNER_RANK, PAIR_METRIC_COLUMNS[q.metric], group, "", values)

    def headline(self, f: Figures) -> str:
        q, ctx = f.resolved.question, f.resolved.context
        partner = q.partners[0]
        row = next((r for r in f.rows if r.country == partner), None)
        focal = country_name(q.focal or "")
        last = ctx.label(q.years[-1])
        if row is None or row.rank is None:
            return f"{country_name(partner)} has no joint articles with {focal} in {last}."
        place = say.ordinal(row.rank) + " " if row.rank > 1 else ""
        return (
            f"{country_name(partner)} is {say.possessive(focal)} {place}largest "
            f"{group_scope(q)}partner by {measure(q, ctx)} in {last} "
            f"({say.SUBJECT_PHRASE[q.subject]}): {value_text(row.value, f.precision)}."
        )

    def chart(self, f: Figures) -> ChartSpec | None:
        q, ctx = f.resolved.question, f.resolved.context
        by_key = {(r.country, r.year): r.value for r in f.rows}
        countries = ordered_countries(f.rows)
        last = q.years[-1]
        series = ((ctx.label(last), tuple(by_key.get((c, last)) for c in countries)),)
        names = tuple(country_name(c) for c in countries)
        return ChartSpec(
            "hbar",
            self.title(q, ctx),
            axis_label(q, ctx),
            names,
            series,
            chart_note(ctx, q),
            highlight=country_name(q.partners[0]),
        )

    def title(self, q: Question, ctx: DatasetContext) -> str:
        focal = country_name(q.focal or "")
        return (
            f"{say.possessive(focal)} largest {group_scope(q)}partners by "
            f"{measure(q, ctx)}, {years_label(q, ctx)}"
        )


RANK = RankSpec()
