"""pair and partners: one focal country and one or more named partners, CS or joint articles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from data.catalogue import country_name
from data.store import Result
from queries import wording as say
from queries.compile import PAIR_METRIC_COLUMNS, Compiled, common_values, compiled, register_shape
from queries.context import ParseContext
from queries.datasets import DatasetContext
from queries.facts import Facts, err
from queries.kinds.base import (
    MAX_PARTNERS,
    KindSpec,
    NotFollowUp,
    change_headline,
    countries_chart,
    filled,
    measure,
    missing_headline,
    missing_note,
    one_year_headline,
    pair_name,
    plain_rows,
    question,
    value_text,
    values_chart,
    years_label,
)
from queries.model import ChartSpec, Question, Row
from queries.reader import describe

if TYPE_CHECKING:
    from queries.figures import Figures

# A pair or several partners in the requested years: a direct lookup. A pair with no joint
# article in a year has no row; the answer shows it as 0 and puts the rows in the order
# asked (so no ORDER BY here).
PAIR_VALUES = register_shape(
    "pair_values",
    """
SELECT pf.year AS year, pf.b AS country, pf.{metric} AS value FROM pair_figures AS pf
WHERE pf.dataset = :dataset AND pf.subject = :subject AND pf.a = :focal
  AND pf.b IN (:partners) AND pf.year IN (:years)""",
)


class PairSpec(KindSpec):
    """Two countries (`pair`); the same with more partners is `partners`."""

    name = "pair"
    metric_first = True

    def claims(self, f: Facts) -> bool:
        return True  # the last kind tried: countries named, or the error that says which

    def build(self, f: Facts, ctx: ParseContext) -> Question:
        text = f.text
        cs = f.countries
        cs = _common_focal_first(f)
        if len({it.value for it in cs}) > 2 and cs:
            # "Japan–US and Japan–UK": the focal country named in every pair counts once.
            cs = [cs[0]] + [it for it in cs[1:] if it.value != cs[0].value]
        if not cs:
            raise err(
                "missing_countries", "Which countries? e.g. “CS China–Thailand 2015 vs 2023”.", text
            )
        focal = str(cs[0].value)
        for it in cs[1:]:
            if it.value == focal:
                raise err(
                    "same_country",
                    f"{describe(it)} is named twice; a pair needs two different countries.",
                    text,
                    it.span,
                )
        partners = tuple(dict.fromkeys(str(it.value) for it in cs[1:]))
        if not partners:
            raise err(
                "missing_partner",
                f"{describe(cs[0])} and which partner? e.g. "
                f"“CS {describe(cs[0])}–Thailand 2015 vs 2023”.",
                text,
                cs[0].span,
            )
        if len(partners) > MAX_PARTNERS:
            raise err(
                "too_many_countries",
                f"At most {MAX_PARTNERS} partners at a time; I read {len(partners)}.",
                text,
            )
        if f.group:
            raise err(
                "ambiguous",
                f"Name countries or a group, not both; for the group try "
                f"“top {f.group} partners of {describe(cs[0])}”.",
                text,
            )
        spec = PAIR if len(partners) == 1 else PARTNERS
        return question(spec, f, ctx, focal=focal, partners=partners)

    def subject_line(self, q: Question) -> str:
        return f"{country_name(q.focal or '')}–" + ", ".join(country_name(p) for p in q.partners)

    def edit_countries(self, q: Question, codes: list[str], adding: bool, f: Facts) -> Question:
        if q.kind == "pair" and not adding:
            if len(codes) > 1:
                raise NotFollowUp
            return q.with_(partners=(codes[0],))
        partners = tuple(dict.fromkeys(q.partners + tuple(codes)))
        return q.with_(kind="pair" if len(partners) == 1 else "partners", partners=partners)

    def compile(self, q: Question, ctx: DatasetContext) -> Compiled:
        values = {**common_values(q, ctx), "partners": list(q.partners)}
        return compiled(PAIR_VALUES, PAIR_METRIC_COLUMNS[q.metric], False, "", values)

    def rows(
        self, q: Question, result: Result, ctx: DatasetContext
    ) -> tuple[tuple[Row, ...], dict[str, Any]]:
        return filled(plain_rows(result), q.partners, q.years, ctx), {}

    def notes(self, q: Question, ctx: DatasetContext, rows: Sequence[Row]) -> list[str]:
        if ctx.level != "articles":
            return missing_note(q, ctx, rows)  # a file of totals: absent is missing, not 0
        absent = [c for c in q.partners if not any(r.value for r in rows if r.country == c)]
        return [
            say.no_joint_articles(
                country_name(q.focal or ""),
                country_name(c),
                ctx.name,
                folded=ctx.synthetic and c in say.FOLDED_INTO_CHINA,
            )
            for c in absent
        ]

    def headline(self, f: Figures) -> str:
        q = f.resolved.question
        if len(q.years) == 1:
            return one_year_headline(f)
        if f.changes:
            return change_headline(f)
        return missing_headline(f)

    def chart(self, f: Figures) -> ChartSpec | None:
        return values_chart(self, f, lambda c: pair_name(f.resolved.question, c))

    def title(self, q: Question, ctx: DatasetContext) -> str:
        metric = measure(q, ctx)
        return f"{pair_name(q, q.partners[0])} {metric}, {years_label(q, ctx)}"


class PartnersSpec(PairSpec):
    """One focal country and several named partners."""

    name = "partners"

    def claims(self, f: Facts) -> bool:
        return False  # read as a pair; build() picks partners when there are several

    def headline(self, f: Figures) -> str:
        q, ctx = f.resolved.question, f.resolved.context
        if len(q.years) == 1:
            return one_year_headline(f)
        p = f.precision
        metric = measure(q, ctx)
        focal = country_name(q.focal or "")
        lab = ctx.label
        moved = [c for c in f.changes if c.pct_change is not None]
        if not moved:
            return (
                f"{say.possessive(focal)} {metric} with {len(q.partners)} partners, "
                f"{lab(q.years[0])}–{lab(q.years[-1])}."
            )
        best = max(moved, key=lambda c: c.pct_change or 0)
        return (
            f"Of the {len(q.partners)} partners, {country_name(best.country)} moved most: "
            f"{metric} {value_text(best.start, p)} → {value_text(best.end, p)} "
            f"({say.percent(best.pct_change)}, {lab(q.years[0])} → {lab(q.years[-1])})."
        )

    def chart(self, f: Figures) -> ChartSpec | None:
        return countries_chart(self, f)

    def title(self, q: Question, ctx: DatasetContext) -> str:
        focal = country_name(q.focal or "")
        metric = measure(q, ctx)
        return f"{say.possessive(focal)} {metric} with selected partners, {years_label(q, ctx)}"


def _common_focal_first(f: Facts) -> list:
    """“Norway, Denmark and Finland … with China”: the one country after the last “with”,
    when several come before it, is the one in every pair."""
    cs = list(f.countries)
    at = max((i for i, it in enumerate(f.items) if it.cat in ("with", "collab")), default=None)
    if at is None:
        return cs
    after = [it for it in f.items[at + 1 :] if it.cat == "country"]
    before = [i for i, it in enumerate(f.items[:at]) if it.cat == "country"]
    if len(after) != 1 or len(before) < 2:
        return cs
    listed = f.items[before[0] : before[-1] + 1]  # "Norway, Denmark and Finland", not
    if any(it.possessive or it.cat == "with" for it in listed):  # "India's … with the UK"
        return cs
    return after + [f.items[i] for i in before]


PAIR = PairSpec()
PARTNERS = PartnersSpec()
