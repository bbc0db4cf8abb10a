"""Answer → the JSON object of PRODUCT.md's command-line contract."""

from __future__ import annotations

from typing import Any

import sqlglot

from queries.compile import DIALECT
from queries.model import Answer


def transpile(sql: str, dialect: str) -> str:
    """The same statements for another engine, through sqlglot."""
    if dialect == DIALECT or not sql:
        return sql
    statements = sqlglot.transpile(sql, read=DIALECT, write=dialect, pretty=True)
    return ";\n\n".join(statements)


def answer_json(answer: Answer, dialect: str = DIALECT) -> dict[str, Any]:
    q = answer.question
    datasets = [d.name for d in answer.datasets]
    return {
        "question": answer.text,
        "ok": answer.ok,
        "kind": q.kind if q else None,
        "interpretation": answer.receipt or None,
        "metric": q.metric if q else None,
        "subject": q.subject if q else None,
        "countries": list(q.countries) if q else [],
        "group": q.group if q else None,
        "years": list(q.years) if q else [],
        "dataset": datasets[0] if len(datasets) == 1 else (datasets or None),
        "dataset_version": answer.datasets[0].version if answer.datasets else None,
        "synthetic": any(d.synthetic for d in answer.datasets),
        "headline": answer.headline,
        "verdict": answer.verdict or None,
        "action": answer.action,
        "check": q.check if q else None,
        "term": q.term if q else None,
        "rows": [r.as_json() for r in answer.rows],
        "change_pct": answer.change_pct,
        "changes": [
            {
                "country": c.country,
                "start": c.start,
                "end": c.end,
                "abs_change": c.abs_change,
                "pct_change": c.pct_change,
                "cagr_pct": c.cagr_pct,
                "small_base": c.small_base,
            }
            for c in answer.changes
        ],
        "sql": transpile(answer.sql, dialect),
        "notes": list(answer.notes),
        "chart": answer.chart.kind if answer.chart else None,
        "error": answer.error.as_json() if answer.error else None,
    }
