"""SQL shapes → checked sqlglot trees, run with DuckDB parameters and shown with literals, for any question kind.

Each kind registers its SQL shapes (queries/kinds/), written once as constant text with named
placeholders (`:focal`, `:years`, …) and parsed by sqlglot on first use, then qualified against
data.schema.SCHEMA (an unknown table or column fails here and not in the database).
Identifiers (the metric column) come from an allow-list. A question runs as the checked shape
printed once with DuckDB parameters (`$focal`, `$years_0`, …), its values passed beside the
text; the SQL a person is shown is a copy of the tree with sqlglot Literal nodes where the
placeholders stand, made only when asked for. Either way values enter as values: no text a
person typed is parsed as SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
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

# Pieces several kinds' shapes share.
GROUP_MEMBERS = """
group_members AS (
  SELECT m.iso3 AS iso3 FROM memberships AS m
  WHERE m.group_code = :group AND m.from_date <= :on_date
    AND (m.to_date IS NULL OR m.to_date > :on_date)
)"""

PARTNER_VALUES = """
partner_values AS (
  SELECT pf.year AS year, pf.b AS country, pf.{metric} AS value FROM pair_figures AS pf
  WHERE pf.dataset = :dataset AND pf.subject = :subject AND pf.a = :focal
    AND pf.year IN (:years) {group_filter}
)"""
GROUP_FILTER = "AND pf.b IN (SELECT gm.iso3 FROM group_members AS gm)"
# Kept under their old names for the allow-list test.
_GROUP_MEMBERS, _GROUP_FILTER = GROUP_MEMBERS, GROUP_FILTER

# Shape name -> SQL text with {metric}/{group_cte}/{group_filter}/{order_by} slots and
# :placeholders; each kind module registers its own shapes.
SHAPES: dict[str, str] = {}


def register_shape(name: str, text: str) -> str:
    """Add a kind's SQL shape (once, at import) and return its name."""
    if SHAPES.get(name, text) != text:
        raise ValueError(f"two different shapes named {name!r}")
    SHAPES[name] = text
    return name


@dataclass(frozen=True)
class CheckedShape:
    """A shape qualified against the schema once, placeholders in place."""

    tree: exp.Expression
    columns: tuple[str, ...]


@dataclass(frozen=True)
class Compiled:
    """A question's query: what runs (the checked shape's text with DuckDB parameters, made
    once per shape) and, only when someone asks to see it, the same SQL with the values
    bound as literals. Generating that text cost more than most lookups it described."""

    shape: str
    columns: tuple[str, ...]
    statement: str  # $name parameters where the shape has :name placeholders
    params: dict[str, Any] = field(compare=False)
    base: exp.Expression = field(compare=False, repr=False)  # the checked shape's tree
    values: dict[str, Any] = field(compare=False, repr=False)
    # The bound tree and its text per (dialect, pretty), made on first use.
    _made: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def tree(self) -> exp.Expression:
        """The shape with the values bound as sqlglot literals."""
        if "tree" not in self._made:
            self._made["tree"] = bind(self.base, self.values)
        return cast(exp.Expression, self._made["tree"])

    def sql(self, dialect: str = DIALECT, pretty: bool = True) -> str:
        key = (dialect, pretty)
        if key not in self._made:
            self._made[key] = self.tree.sql(dialect=dialect, pretty=pretty)
        return cast(str, self._made[key])

    def runnable(self) -> tuple[str, dict[str, Any]]:
        """The statement to run and its parameters: the shown SQL's literals, as values."""
        return self.statement, self.params

    @property
    def key(self) -> tuple[str, tuple[tuple[str, Any], ...]]:
        """The query, hashable: equal keys run the same statement on the same values."""
        return self.statement, tuple(sorted(self.params.items()))


@cache
def _shape_tree(shape: str, metric: str, group: bool, order_by: str) -> exp.Expression:
    members = GROUP_MEMBERS
    text = SHAPES[shape].format(
        metric=metric,
        group_cte=members.strip() + "," if group else "",
        group_filter=GROUP_FILTER if group else "",
        order_by=order_by,
    )
    return cast(exp.Expression, sqlglot.parse_one(text, dialect=DIALECT))


@cache
def _checked_shape(shape: str, metric: str, group: bool, order_by: str) -> CheckedShape:
    """The shape qualified and checked once, placeholders in place: binding literals into a copy
    of it gives the same tree as qualifying each bound copy (placeholders are neither columns
    nor tables), without paying sqlglot's qualify on every question."""
    return _checked(_shape_tree(shape, metric, group, order_by))


def compiled(
    shape: str, metric: str, group: bool, order_by: str, values: dict[str, Any]
) -> Compiled:
    checked = _checked_shape(shape, metric, group, order_by)
    used = _placeholders(shape, metric, group, order_by)
    values = {k: v for k, v in values.items() if k in used}
    lengths = tuple(sorted((k, len(v)) for k, v in values.items() if isinstance(v, list | tuple)))
    return Compiled(
        shape,
        checked.columns,
        _parameterised(shape, metric, group, order_by, lengths),
        params(values),
        checked.tree,
        values,
    )


@cache
def _placeholders(shape: str, metric: str, group: bool, order_by: str) -> frozenset[str]:
    """The names a shape binds (DuckDB refuses a parameter its statement does not use)."""
    tree = _checked_shape(shape, metric, group, order_by).tree
    return frozenset(p.name for p in tree.find_all(exp.Placeholder))


def params(values: dict[str, Any]) -> dict[str, Any]:
    """DuckDB parameters for `values`: a list `:name` becomes `$name_0`, `$name_1`, …"""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, list | tuple):
            if not value:
                raise ValueError(f":{name} takes a list only inside a non-empty IN (...)")
            for v in value:
                _literal(v)  # the same types as the shown SQL accepts, or TypeError
            out.update({f"{name}_{i}": v for i, v in enumerate(value)})
        else:
            _literal(value)  # the same types as the shown SQL accepts, or TypeError
            out[name] = value
    return out


@cache
def _parameterised(
    shape: str, metric: str, group: bool, order_by: str, lengths: tuple[tuple[str, int], ...]
) -> str:
    """The checked shape as text with DuckDB parameters ($name) where its placeholders stand,
    one per item of a list: generated once per shape and list lengths, so that a question
    runs without sqlglot copying and printing its tree."""
    sizes = dict(lengths)

    def items(name: str) -> list[exp.Expression] | None:
        if name not in sizes:
            return None
        return [exp.Placeholder(this=f"{name}_{i}") for i in range(sizes[name])]

    checked = _checked_shape(shape, metric, group, order_by).tree
    return _substitute(checked, items, lambda name: exp.Placeholder(this=name)).sql(dialect=DIALECT)


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

    def value_of(name: str) -> Any:
        if name not in values:
            raise KeyError(f"no value bound for :{name}")
        return values[name]

    def items(name: str) -> list[exp.Expression] | None:
        value = value_of(name)
        return [_literal(v) for v in value] if isinstance(value, list | tuple) else None

    return _substitute(tree, items, lambda name: _literal(value_of(name)))


def _substitute(
    tree: exp.Expression,
    items: Callable[[str], list[exp.Expression] | None],
    single: Callable[[str], exp.Expression],
) -> exp.Expression:
    """A copy of `tree` with each placeholder `:name` replaced: by the nodes `items(name)` when
    it stands for a list (only inside a non-empty IN (...)), else by `single(name)`."""

    def replace(node: exp.Expression) -> exp.Expression:
        if not isinstance(node, exp.Placeholder):
            return node
        name = node.name
        listed = items(name)
        if listed is None:
            return single(name)
        if not isinstance(node.parent, exp.In) or not listed:
            raise ValueError(f":{name} takes a list only inside a non-empty IN (...)")
        return exp.Tuple(expressions=listed)

    done = tree.transform(replace)  # transform works on a copy; `tree` is left as it was
    # `x IN ((a, b))` → `x IN (a, b)`: unwrap the tuples put in place of list placeholders.
    for node in list(done.find_all(exp.In)):
        found = node.args.get("expressions") or []
        if len(found) == 1 and isinstance(found[0], exp.Tuple):
            node.set("expressions", list(found[0].expressions))
    return done


def _checked(tree: exp.Expression) -> CheckedShape:
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
    return CheckedShape(qualified, columns)


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
        # "Current" is the dataset's own present: the end of its latest window. Today's date
        # would make the same question change its answer with the calendar.
        return ctx.window_end(max(ctx.years)) if ctx.years else ctx.window_end(max(q.years))
    return ctx.window_end(max(q.years))


def common_values(q: Question, ctx: DatasetContext) -> dict[str, Any]:
    """The values most shapes bind."""
    return {
        "dataset": ctx.name,
        "subject": q.subject,
        "focal": q.focal,
        "years": list(q.years),
        "group": q.group,
        "on_date": membership_date(q, ctx) if q.years else None,
    }
