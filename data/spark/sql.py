"""The DuckDB-dialect build statements, transpiled by sqlglot for Spark SQL with the dataset bound."""

from __future__ import annotations

from functools import cache
from typing import cast

import sqlglot
from sqlglot import exp


@cache
def _tree(statement: str) -> exp.Expression:
    return cast(exp.Expression, sqlglot.parse_one(statement, read="duckdb"))


def spark_sql(statement: str, dataset: str) -> str:
    """`statement` (written for DuckDB, with a `$dataset` parameter) as Spark SQL text, the
    parameter replaced by a string literal: the same statement the DuckDB writer runs, never a
    second hand-written copy."""

    def bind(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Placeholder):
            if node.name != "dataset":
                raise KeyError(f"no value for ${node.name}")
            return exp.Literal.string(dataset)
        return node

    return _tree(statement).transform(bind).sql(dialect="spark")
