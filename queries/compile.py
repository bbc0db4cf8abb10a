"""Question → sqlglot tree over the store's tables, checked against the schema before it runs.

Each kind has one SQL shape, written once below as constant text with named placeholders
(`:focal`, `:years`, …) and parsed by sqlglot at import. Compiling a question copies the
shape's tree and puts sqlglot Literal nodes where the placeholders stand, so values only
ever enter the tree as literals: no text a person typed is parsed as SQL. Identifiers
(the metric column) come from an allow-list. The bound tree is then qualified against
data.schema.SCHEMA, so an unknown table or column fails here and not in the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any, cast

import sqlglot
from sqlglot import exp
from sqlglot.errors import OptimizeError
from sqlglot.optimizer.qualify import qualify

from data.schema import NATURAL_SUBJECTS, SCHEMA
from queries.datasets import DatasetContext
from queries.model import Question

DIALECT = "duckdb"
SUPPORTED_DIALECTS = ("duckdb", "postgres", "spark", "bigquery", "snowflake", "sqlite", "trino")
PAIR_METRIC_COLUMNS = {"cs": "cs", "joint_articles": "joint_articles"}
COUNTRY_METRIC_COLUMNS = {
    "count": "count",
    "share": "share",
    "international": "international",
    "domestic": "domestic",
}
DEFAULT_TOP = 10
DEFAULT_RISING_SCOPE = 15  # as the article: the top 15 partners by the end year
RANK_CONTEXT = 10  # a rank answer also lists the partners ranked above, up to this many
MIN_BASE = {"cs": 1.0, "joint_articles": 5.0}  # below this start value no growth is ranked

_REQUESTED_YEARS = """
requested_years AS (
  SELECT w.year AS year FROM windows AS w WHERE w.dataset = :dataset AND w.year IN (:years)
)"""

_GROUP_MEMBERS = """
group_members AS (
  SELECT m.iso3 AS iso3 FROM memberships AS m
  WHERE m.group_code = :group AND m.from_date <= :on_date
    AND (m.to_date IS NULL OR m.to_date > :on_date)
)"""

# WORLD has no membership rows: every country is a member, always.
_WORLD_MEMBERS = """
group_members AS (
  SELECT c.iso3 AS iso3 FROM countries AS c
)"""

_PARTNER_VALUES = """
partner_values AS (
  SELECT pf.year AS year, pf.b AS country, pf.{metric} AS value FROM pair_figures AS pf
  WHERE pf.dataset = :dataset AND pf.subject = :subject AND pf.a = :focal
    AND pf.year IN (:years) {group_filter}
)"""
_GROUP_FILTER = "AND pf.b IN (SELECT gm.iso3 FROM group_members AS gm)"

SHAPES: dict[str, str] = {
    # A pair or several partners in the requested years: a direct lookup. A pair with no
    # joint article in a year has no row; the answer layer shows it as 0 and puts the rows
    # in the order asked (so no ORDER BY here).
    "pair_values": """
SELECT pf.year AS year, pf.b AS country, pf.{metric} AS value FROM pair_figures AS pf
WHERE pf.dataset = :dataset AND pf.subject = :subject AND pf.a = :focal
  AND pf.b IN (:partners) AND pf.year IN (:years)""",
    # Top N partners by the last year's value, with their values in every requested year.
    "top_partners": f"""
WITH {{group_cte}} {_PARTNER_VALUES},
ranked_partners AS (
  SELECT pv.country AS country,
         ROW_NUMBER() OVER (ORDER BY pv.value DESC, pv.country) AS rank
  FROM partner_values AS pv WHERE pv.year = :rank_year
)
SELECT pv.year AS year, pv.country AS country, pv.value AS value, rp.rank AS rank
FROM partner_values AS pv JOIN ranked_partners AS rp ON rp.country = pv.country
WHERE rp.rank <= :limit
ORDER BY rp.rank, pv.year""",
    # Growth between two years among the top partners of the end year (the scope).
    "rising_partners": f"""
WITH {{group_cte}} {_PARTNER_VALUES},
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
       ROW_NUMBER() OVER (ORDER BY g.{{order_by}} DESC NULLS LAST, g.country) AS rank
FROM growth AS g
ORDER BY rank""",
    # One partner's rank among all of the focal country's partners (or a group's) in a year.
    "partner_rank": f"""
WITH {{group_cte}} {_PARTNER_VALUES},
ranked_partners AS (
  SELECT pv.year AS year, pv.country AS country, pv.value AS value,
         ROW_NUMBER() OVER (ORDER BY pv.value DESC, pv.country) AS rank
  FROM partner_values AS pv
)
SELECT rp.year AS year, rp.country AS country, rp.value AS value, rp.rank AS rank
FROM ranked_partners AS rp
WHERE rp.rank <= :context OR rp.country = :partner
ORDER BY rp.rank""",
    # A country's own figure (international, domestic, Count, Share) per requested year;
    # a year with no row is shown as 0 by the answer layer.
    "country_values": """
SELECT cf.year AS year, cf.iso3 AS country, cf.{metric} AS value FROM country_figures AS cf
WHERE cf.dataset = :dataset AND cf.subject = :subject AND cf.iso3 = :focal
  AND cf.year IN (:years)""",
    # Articles involving the focal country and at least one group member: counted once per
    # article from article-level rows (a sum over pairs would count an article with two
    # member co-authors twice).
    "group_articles": f"""
WITH {_REQUESTED_YEARS}, {{group_cte}}
focal_articles AS (
  SELECT ac.article_id AS article_id, ac.year AS year FROM article_countries AS ac
  WHERE ac.dataset = :dataset AND ac.iso3 = :focal AND ac.subject IN (:subjects)
    AND ac.year IN (:years) AND ac.n_countries > 1
),
articles_with_group AS (
  SELECT DISTINCT fa.article_id AS article_id, fa.year AS year
  FROM focal_articles AS fa
  JOIN article_countries AS pc ON pc.article_id = fa.article_id AND pc.dataset = :dataset
  WHERE pc.iso3 <> :focal AND pc.iso3 IN (SELECT gm.iso3 FROM group_members AS gm)
),
group_counts AS (
  SELECT awg.year AS year, COUNT(*) AS articles FROM articles_with_group AS awg GROUP BY awg.year
)
SELECT ry.year AS year, :focal AS country, COALESCE(gc.articles, 0) AS value,
       cf.international AS international
FROM requested_years AS ry
LEFT JOIN group_counts AS gc ON gc.year = ry.year
LEFT JOIN country_figures AS cf
  ON cf.dataset = :dataset AND cf.subject = :subject AND cf.iso3 = :focal AND cf.year = ry.year
ORDER BY ry.year""",
}


@dataclass(frozen=True)
class Compiled:
    shape: str
    tree: exp.Expression
    columns: tuple[str, ...]
    # The generated text per (dialect, pretty): an answer asks for it twice (to run, to show).
    _texts: dict[tuple[str, bool], str] = field(default_factory=dict, compare=False, repr=False)

    def sql(self, dialect: str = DIALECT, pretty: bool = True) -> str:
        key = (dialect, pretty)
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = self.tree.sql(dialect=dialect, pretty=pretty)
        return text


@cache
def _shape_tree(
    shape: str, metric: str, group: bool, order_by: str, world: bool = False
) -> exp.Expression:
    members = _WORLD_MEMBERS if world else _GROUP_MEMBERS
    text = SHAPES[shape].format(
        metric=metric,
        group_cte=members.strip() + "," if group else "",
        group_filter=_GROUP_FILTER if group else "",
        order_by=order_by,
    )
    return cast(exp.Expression, sqlglot.parse_one(text, dialect=DIALECT))


@cache
def _checked_shape(
    shape: str, metric: str, group: bool, order_by: str, world: bool = False
) -> Compiled:
    """The shape qualified and checked once, placeholders in place: binding literals into a copy
    of it gives the same tree as qualifying each bound copy (placeholders are neither columns
    nor tables), without paying sqlglot's qualify on every question."""
    return _checked(shape, _shape_tree(shape, metric, group, order_by, world))


def _compiled(
    shape: str, metric: str, group: bool, order_by: str, values: dict[str, Any], world: bool = False
) -> Compiled:
    base = _checked_shape(shape, metric, group, order_by, world)
    return Compiled(shape, bind(base.tree, values), base.columns)


def _literal(value: Any) -> exp.Expression:
    if isinstance(value, bool) or value is None:
        return cast(exp.Expression, exp.convert(value))
    if isinstance(value, int | float):
        return exp.Literal.number(value)
    if isinstance(value, str):
        return exp.Literal.string(value)
    if isinstance(value, dt.date):
        return exp.cast(exp.Literal.string(value.isoformat()), exp.DataType.build("DATE"))
    raise TypeError(f"cannot bind {type(value).__name__}")


def bind(tree: exp.Expression, values: dict[str, Any]) -> exp.Expression:
    """A copy of `tree` with each `:name` placeholder replaced by literal node(s)."""

    def replace(node: exp.Expression) -> exp.Expression:
        if not isinstance(node, exp.Placeholder):
            return node
        name = node.name
        if name not in values:
            raise KeyError(f"no value bound for :{name}")
        value = values[name]
        if isinstance(value, list | tuple):
            parent = node.parent
            if not isinstance(parent, exp.In) or not value:
                raise ValueError(f":{name} takes a list only inside a non-empty IN (...)")
            return exp.Tuple(expressions=[_literal(v) for v in value])
        return _literal(value)

    bound = tree.transform(replace)  # transform works on a copy; `tree` is left as it was
    # `x IN ((a, b))` → `x IN (a, b)`: unwrap the tuples put in place of list placeholders.
    for node in list(bound.find_all(exp.In)):
        items = node.args.get("expressions") or []
        if len(items) == 1 and isinstance(items[0], exp.Tuple):
            node.set("expressions", list(items[0].expressions))
    return bound


def _checked(shape: str, tree: exp.Expression) -> Compiled:
    # qualify resolves every column against the allow-listed schema and raises on an unknown
    # one; the qualified tree is what runs.
    qualified = qualify(
        tree,
        schema=cast(dict[str, object], SCHEMA),
        dialect=DIALECT,
        validate_qualify_columns=True,
        quote_identifiers=False,
    )
    # qualify passes a table it has no schema for (its columns stay unresolved but valid), so
    # every table read must be a CTE of the tree or an allow-listed one.
    ctes = {cte.alias_or_name for cte in qualified.find_all(exp.CTE)}
    tables = {exp.table_name(t) for t in qualified.find_all(exp.Table)}  # db.table if qualified
    unknown = sorted(tables - ctes - set(SCHEMA))
    if unknown:
        raise OptimizeError(f"Unknown table: {', '.join(unknown)}")
    select = qualified if isinstance(qualified, exp.Select) else qualified.find(exp.Select)
    columns = tuple(e.alias_or_name for e in select.expressions) if select else ()
    return Compiled(shape, qualified, columns)


def subjects_of(subject: str) -> tuple[str, ...]:
    """The article subjects a subject value covers (for article-level queries)."""
    if subject == "natural_sciences":
        return NATURAL_SUBJECTS
    if subject == "all":
        return NATURAL_SUBJECTS + ("health_sciences",)
    return (subject,)


def membership_date(q: Question, ctx: DatasetContext) -> dt.date:
    """DATA.md: membership at the end of the latest window asked about, unless the question
    names another rule."""
    if q.membership == "as_of" and q.membership_year is not None:
        return ctx.window_end(q.membership_year)
    if q.membership == "current":
        return dt.date.today()
    return ctx.window_end(max(q.years))


def compile_question(q: Question, ctx: DatasetContext) -> Compiled:
    """The SQL for one dataset. The question is assumed valid for `ctx` (answer.py checks)."""
    group = q.group not in (None, "WORLD")
    common: dict[str, Any] = {
        "dataset": ctx.name,
        "subject": q.subject,
        "focal": q.focal,
        "years": list(q.years),
        "group": q.group,
        "on_date": membership_date(q, ctx) if q.years else None,
    }
    if q.kind in ("pair", "partners"):
        return _compiled(
            "pair_values",
            PAIR_METRIC_COLUMNS[q.metric],
            False,
            "",
            {**common, "partners": list(q.partners)},
        )
    if q.kind == "top":
        values = {**common, "rank_year": max(q.years), "limit": q.limit or DEFAULT_TOP}
        return _compiled("top_partners", PAIR_METRIC_COLUMNS[q.metric], group, "", values)
    if q.kind == "rising":
        order = "abs_change" if q.rising_order == "abs" else "pct_change"
        start, end = min(q.years), max(q.years)
        values = {
            **common,
            "years": [start, end],
            "start_year": start,
            "end_year": end,
            "scope": q.limit or DEFAULT_RISING_SCOPE,
            "min_base": MIN_BASE[q.metric],
        }
        return _compiled("rising_partners", PAIR_METRIC_COLUMNS[q.metric], group, order, values)
    if q.kind == "rank":
        values = {
            **common,
            "years": [max(q.years)],
            "partner": q.partners[0],
            "context": RANK_CONTEXT,
        }
        return _compiled("partner_rank", PAIR_METRIC_COLUMNS[q.metric], group, "", values)
    if q.kind in ("aggregate", "share") and (q.aggregate == "group" or q.kind == "share"):
        values = {**common, "subjects": list(subjects_of(q.subject))}
        return _compiled("group_articles", "", True, "", values, world=q.group == "WORLD")
    if q.kind == "aggregate":
        column = COUNTRY_METRIC_COLUMNS[q.aggregate or q.metric]
        return _compiled("country_values", column, False, "", common)
    raise ValueError(f"no SQL shape for kind {q.kind!r}")
