"""The spark-figures kind: the Parquet tables `data build-spark` wrote, checked and copied into the store in one atomic swap."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import duckdb

from data.loaders.provenance import AsOf
from data.loaders.report import Problems, Progress
from data.loaders.workstage import as_of_from_dates
from data.lock import Waiting
from data.schema import SCHEMA
from data.spark.layout import FORMAT_VERSION, STATS, TABLES
from data.writer import ARTICLE_METRICS, DatasetMeta, WindowRow, write_built_tables


def read_stats(out: Path, problems: Problems) -> dict[str, Any] | None:
    """The job's `_stats` record, or None with the reason in `problems`."""
    if not out.is_dir():
        problems.add(f"{out}: no such folder")
        return None
    parts = sorted((out / STATS).glob("part-*"))
    if not parts:
        problems.add(
            f"{out} has no {STATS}: the build-spark job did not finish (was it stopped?) or the "
            "folder is not its output; run `data build-spark` again"
        )
        return None
    try:
        stats = json.loads(parts[0].read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        problems.add(f"{out / STATS}: not the job's record ({str(exc)[:80]})")
        return None
    if not isinstance(stats, dict) or stats.get("format_version") != FORMAT_VERSION:
        problems.add(
            f"{out / STATS}: written by another version of the job (format "
            f"{stats.get('format_version') if isinstance(stats, dict) else '?'}, "
            f"expected {FORMAT_VERSION}); run `data build-spark` again"
        )
        return None
    return stats


def parquet_source(out: Path, table: str) -> str:
    glob = str(out / table / "*.parquet").replace("'", "''")
    return f"read_parquet('{glob}')"


def check_tables(out: Path, stats: dict[str, Any], problems: Problems) -> None:
    """Every table is there, has the store's columns and the rows the job counted."""
    con = duckdb.connect()
    try:
        for table in TABLES:
            folder = out / table
            if not any(folder.glob("*.parquet")):
                problems.add(f"{folder}: missing (no Parquet part files)")
                continue
            try:
                columns = [
                    r[0]
                    for r in con.execute(
                        f"DESCRIBE SELECT * FROM {parquet_source(out, table)}"
                    ).fetchall()
                ]
                # A full pass, not the footers' row counts: a damaged page shows up here.
                rows = con.execute(
                    f"SELECT COUNT(*), SUM(hash(COLUMNS(*))) FROM {parquet_source(out, table)}"
                ).fetchone()
            except (duckdb.IOException, duckdb.InvalidInputException) as exc:
                problems.add(f"{folder}: a part file can't be read ({_first_line(exc)})")
                continue
            if columns != list(SCHEMA[table]):
                problems.add(f"{folder}: columns {columns}, expected {list(SCHEMA[table])}")
            elif rows is None or rows[0] != stats.get("tables", {}).get(table):
                problems.add(
                    f"{folder}: {rows[0] if rows else 0:,} rows where the job wrote "
                    f"{stats.get('tables', {}).get(table)} (files changed since?)"
                )
    finally:
        con.close()


def meta_for(name: str, stats: dict[str, Any], provenance: dict[str, Any]) -> DatasetMeta:
    sources = ", ".join(str(s) for s in stats.get("sources", []))
    return DatasetMeta(
        name=name,
        source=f"OpenAlex works ({stats.get('input_format')}) built on Apache Spark "
        f"{stats.get('spark_version')} by `data build-spark`: {sources}",
        description="Article-level data from OpenAlex works, built by the Spark job with the "
        "openalex-works loader's rules (Nature Index affiliation Shares, subjects from topics "
        f"or level-0 concepts; {stats.get('filters')}).",
        synthetic=False,
        version=str(stats.get("run", ""))[:12],
        metrics=ARTICLE_METRICS,
        level="articles",
        filters=str(stats.get("filters", "")),
        **provenance,
    )


def windows_of(stats: dict[str, Any]) -> list[WindowRow]:
    from data.loaders.windows import calendar

    return calendar(int(y) for y in stats.get("years", []))


def found_as_of(stats: dict[str, Any]) -> AsOf:
    """The as-of date the job's works give, by the openalex-works loader's rule."""
    return as_of_from_dates(
        _date(stats.get("newest_updated_date")), _date(stats.get("newest_publication_date"))
    )


def _date(text: object) -> dt.date | None:
    return dt.date.fromisoformat(text) if isinstance(text, str) else None


def load(
    name: str,
    out: Path,
    target: Path,
    problems: Problems,
    say: Progress,
    when: Any,
    waiting: Waiting | None = None,
) -> dict:
    """`when` settles the as-of date (--as-of wins over the works' own dates); `waiting`: how
    long to wait for another writer of `target`."""
    say("checking the job's output", 0.1)
    stats = read_stats(out, problems)
    if stats is not None:
        check_tables(out, stats, problems)
    problems.raise_if_any(str(out))
    assert stats is not None
    as_of = when.settle(found_as_of(stats))
    left_out = {str(k): int(v) for k, v in stats.get("left_out", {}).items()}
    say("writing", 0.5)
    write_built_tables(
        target,
        meta_for(name, stats, when.meta(as_of)),
        windows_of(stats),
        {table: parquet_source(out, table) for table in TABLES},
        left_out,
        waiting=waiting,
    )
    return {
        "files": (out.name,),
        "rows": {"works read": int(stats["read"]), "works loaded": int(stats["loaded"])},
        "years": tuple(int(y) for y in stats.get("years", [])),
        "written": dict(stats["tables"]),
        "as_of": as_of,
        "left_out": left_out,
        "filters": str(stats.get("filters", "")),
    }


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:160]
