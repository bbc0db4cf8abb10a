"""Writes one dataset (article-level or figure tables) into the store, replacing any earlier version."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from data import aggregates, schema
from data.health import sql_literal
from data.lock import Waiting
from data.store import atomic_write


@dataclass(frozen=True)
class DatasetMeta:
    name: str
    source: str
    description: str
    synthetic: bool
    version: str
    metrics: tuple[str, ...]
    level: str  # "articles" or "tables"
    small_base_cs: float = 10.0
    small_base_count: float = 10.0
    as_of: dt.date | None = None  # the date the data was taken (None: nobody can say)
    as_of_basis: str = ""  # where as_of came from, shown with it
    incomplete_lag_months: int = schema.DEFAULT_LAG_MONTHS
    filters: str = ""  # what the load kept, in words ("" = everything in the files)


@dataclass(frozen=True)
class WindowRow:
    year: int
    label: str
    start_date: dt.date
    end_date: dt.date


Progress = Callable[[str], None]

# The aggregation statements hold per-article country lists and per-set counts that DuckDB
# can't all spill: at the full benchmark shape (12.6 million authorship rows) 256 MB ran out;
# this bound held them with a peak RSS of about 1.2 GB.
BUILD_MEMORY = "2GB"

ARTICLE_METRICS = ("cs", "joint_articles", "count", "share", "international", "domestic")


@dataclass(frozen=True)
class Staged:
    """Rows waiting in a loader's stage file (data/loaders/stage.py): `select` reads them
    from that file attached as the catalog `stage`."""

    path: Path
    select: str


Rows = pd.DataFrame | Staged  # what the write functions take for each table


# Past this DuckDB spills to disk, so a load's memory stays flat however big its input.
SPILL_PAST = "256MB"


def _relation(con: duckdb.DuckDBPyConnection, rows: Rows, name: str) -> str:
    """Something a FROM clause can read `rows` as: the frame registered as `name`, or the
    stage's SELECT (the stage file attached read-only, once per connection)."""
    if isinstance(rows, pd.DataFrame):
        con.register(name, rows)
        return name
    if not _stage_attached(con):
        con.execute(f"SET memory_limit = '{SPILL_PAST}'")
        con.execute(f"ATTACH {sql_literal(str(rows.path))} AS stage (READ_ONLY)")
    return f"({rows.select})"


def _stage_attached(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT COUNT(*) FROM duckdb_databases() WHERE database_name = 'stage'"
    ).fetchone()
    return bool(row and row[0])


def _done_reading(con: duckdb.DuckDBPyConnection, *names: str) -> None:
    """Let go of the frames registered under `names` and of the stage file."""
    for name in names:
        con.unregister(name)
    if _stage_attached(con):
        con.execute("DETACH stage")


def write_catalogue(con: duckdb.DuckDBPyConnection) -> None:
    """Refresh countries, groups and memberships from the project's catalogue."""
    from data import catalogue

    tables = {
        "countries": pd.DataFrame(
            [(c.iso3, c.iso2, c.name) for c in catalogue.countries()],
            columns=["iso3", "iso2", "name"],
        ),
        "groups": pd.DataFrame(list(catalogue.GROUPS.items()), columns=["code", "name"]),
        "memberships": pd.DataFrame(
            [(m.group, m.iso3, m.from_date, m.to_date, m.source) for m in catalogue.memberships()],
            columns=["group_code", "iso3", "from_date", "to_date", "source"],
        ),
    }
    for table, frame in tables.items():
        con.execute(f'DELETE FROM "{table}"')
        con.register("incoming_catalogue", frame)
        con.execute(f'INSERT INTO "{table}" SELECT * FROM incoming_catalogue')
        con.unregister("incoming_catalogue")


def stored(name: str) -> Callable[[duckdb.DuckDBPyConnection, str], object]:
    """What a write of dataset `name` leaves in a file: its datasets row (version and load
    time, which tell this load from an earlier one) and its row count in every table."""

    def read(con: duckdb.DuckDBPyConnection, catalog: str) -> object:
        row = con.execute(
            f'SELECT version, loaded_at FROM "{catalog}".datasets WHERE name = ?', [name]
        ).fetchall()
        counts = tuple(
            con.execute(
                f'SELECT COUNT(*) FROM "{catalog}"."{table}" WHERE dataset = ?', [name]
            ).fetchone()[0]  # type: ignore[index]
            for table in schema.DATASET_TABLES
        )
        return {"dataset": row, "rows": dict(zip(schema.DATASET_TABLES, counts, strict=True))}

    return read


def _replace_meta(
    con: duckdb.DuckDBPyConnection, meta: DatasetMeta, windows: Sequence[WindowRow]
) -> None:
    for table in ("datasets", *schema.DATASET_TABLES):
        column = "name" if table == "datasets" else "dataset"
        con.execute(f'DELETE FROM "{table}" WHERE "{column}" = ?', [meta.name])
    con.execute("DELETE FROM left_out WHERE dataset = ?", [meta.name])
    row = {
        "name": meta.name,
        "source": meta.source,
        "description": meta.description,
        "synthetic": meta.synthetic,
        "version": meta.version,
        "loaded_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
        "metrics": ",".join(meta.metrics),
        "small_base_cs": meta.small_base_cs,
        "small_base_count": meta.small_base_count,
        "level": meta.level,
        "as_of": meta.as_of,
        "as_of_basis": meta.as_of_basis,
        "incomplete_lag_months": meta.incomplete_lag_months,
        "filters": meta.filters,
    }
    columns = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join("?" for _ in row)
    con.execute(f"INSERT INTO datasets ({columns}) VALUES ({marks})", list(row.values()))
    if windows:
        con.executemany(
            "INSERT INTO windows VALUES (?, ?, ?, ?, ?)",
            [(meta.name, w.year, w.label, w.start_date, w.end_date) for w in windows],
        )


def _insert_articles(
    con: duckdb.DuckDBPyConnection, dataset: str, articles: Rows, authorships: Rows
) -> None:
    source = _relation(con, articles, "incoming_articles")
    con.execute(
        f"INSERT INTO articles SELECT ?, article_id, year, date, subject, journal FROM {source}",
        [dataset],
    )
    source = _relation(con, authorships, "incoming_authorships")
    con.execute(
        f"INSERT INTO authorships SELECT ?, article_id, iso3, share FROM {source}", [dataset]
    )
    _done_reading(con, "incoming_articles", "incoming_authorships")


def _build_figures(con: duckdb.DuckDBPyConnection, dataset: str, say: Progress) -> None:
    """The aggregates every question reads, built from the article-level rows just written
    by the same statements the Spark job runs."""
    params = {"dataset": dataset}
    con.execute(f"SET memory_limit = '{BUILD_MEMORY}'")
    for build in aggregates.BUILDS:
        say(build.table.replace("_", " "))
        con.execute(
            f'INSERT INTO "{build.table}" {aggregates.ordered(build.table, build.select)}', params
        )


def write_article_dataset(
    path: str | os.PathLike[str],
    meta: DatasetMeta,
    windows: Sequence[WindowRow],
    articles: Rows,
    authorships: Rows,
    progress: Progress | None = None,
    waiting: Waiting | None = None,
    set_aside_damaged: bool = False,
) -> None:
    """Articles (article_id, year, date, subject, journal) + authorships (article_id, iso3, share);
    the pair and country figures are built from them inside the same atomic write (`waiting`
    and `set_aside_damaged` as for `atomic_write`)."""
    say = progress or (lambda message: None)
    with atomic_write(
        path, waiting=waiting, stored=stored(meta.name), set_aside_damaged=set_aside_damaged
    ) as con:
        write_catalogue(con)
        _replace_meta(con, meta, windows)
        say("articles and authorships")
        _insert_articles(con, meta.name, articles, authorships)
        _build_figures(con, meta.name, say)


@dataclass(frozen=True)
class Built:
    """What a staged build settled once it had read everything."""

    windows: Sequence[WindowRow]
    as_of: dt.date | None
    as_of_basis: str
    left_out: dict[str, int]  # works left out by reason


def write_article_build(
    path: str | os.PathLike[str],
    meta: DatasetMeta,
    build: Callable[[duckdb.DuckDBPyConnection], Built],
    progress: Progress | None = None,
    waiting: Waiting | None = None,
) -> None:
    """Like write_article_dataset, for data too big to hold at once: `build` fills `articles`
    and `authorships` for meta.name on the write connection (streaming, staging, whatever it
    needs) inside the atomic write, so an exception from it leaves the database file as it
    was. What it settles only at the end (windows, the as-of date, left-out counts) goes into
    the provenance before the figures are built."""
    say = progress or (lambda message: None)
    with atomic_write(path, waiting=waiting, stored=stored(meta.name)) as con:
        # DuckDB spills to disk past this, so memory stays bounded however big the input.
        con.execute(f"SET memory_limit = '{SPILL_PAST}'")
        write_catalogue(con)
        _replace_meta(con, meta, ())
        say("articles and authorships")
        built = build(con)
        rows = [(meta.name, w.year, w.label, w.start_date, w.end_date) for w in built.windows]
        if rows:
            con.executemany("INSERT INTO windows VALUES (?, ?, ?, ?, ?)", rows)
        if meta.as_of is None:  # an --as-of given by the user wins over what the data says
            con.execute(
                "UPDATE datasets SET as_of = ?, as_of_basis = ? WHERE name = ?",
                [built.as_of, built.as_of_basis, meta.name],
            )
        _insert_left_out(con, meta.name, built.left_out)
        _build_figures(con, meta.name, say)


def _insert_left_out(
    con: duckdb.DuckDBPyConnection, dataset: str, left_out: Mapping[str, int]
) -> None:
    rows = [(dataset, reason, n) for reason, n in left_out.items() if n]
    if rows:
        con.executemany("INSERT INTO left_out VALUES (?, ?, ?)", rows)


def write_built_tables(
    path: str | os.PathLike[str],
    meta: DatasetMeta,
    windows: Sequence[WindowRow],
    sources: Mapping[str, str],
    left_out: Mapping[str, int],
    waiting: Waiting | None = None,
) -> None:
    """An article-level dataset whose tables were built elsewhere (the Spark job): each entry
    of `sources` maps a store table to a DuckDB table expression in the store's columns (e.g.
    read_parquet('…/*.parquet')); its rows are copied under meta.name, whatever dataset name
    they carried, inside one atomic write. The expressions are the caller's own paths, never
    user text taken as SQL."""
    with atomic_write(path, waiting=waiting, stored=stored(meta.name)) as con:
        write_catalogue(con)
        _replace_meta(con, meta, windows)
        _insert_left_out(con, meta.name, left_out)
        for table, source in sources.items():
            columns = ", ".join(f'"{c}"' for c in schema.SCHEMA[table] if c != "dataset")
            rows = aggregates.ordered(
                table, f"SELECT ?::VARCHAR AS dataset, {columns} FROM {source}"
            )
            con.execute(f'INSERT INTO "{table}" {rows}', [meta.name])


def write_table_dataset(
    path: str | os.PathLike[str],
    meta: DatasetMeta,
    windows: Sequence[WindowRow],
    pairs: Rows | None,
    country_rows: Rows | None,
    waiting: Waiting | None = None,
) -> None:
    """Figure tables only: pairs (year, subject, a, b, cs, joint_articles) are stored in both
    orders; country rows (year, subject, iso3, count, share, international, domestic). Each is
    a frame or rows staged by a loader."""
    with atomic_write(path, waiting=waiting, stored=stored(meta.name)) as con:
        write_catalogue(con)
        _replace_meta(con, meta, windows)
        # Stored in the same order as built figures (aggregates.ORDER), so lookups skip row
        # groups in loaded tables too.
        if pairs is not None:
            source = _relation(con, pairs, "incoming_pairs")
            both_orders = f"""
                SELECT ?::VARCHAR AS dataset, year, subject, a, b, cs, joint_articles FROM {source}
                UNION ALL
                SELECT ?::VARCHAR, year, subject, b, a, cs, joint_articles FROM {source}"""
            con.execute(
                f"INSERT INTO pair_figures {aggregates.ordered('pair_figures', both_orders)}",
                [meta.name, meta.name],
            )
        if country_rows is not None:
            source = _relation(con, country_rows, "incoming_countries")
            rows = f"""
                SELECT ?::VARCHAR AS dataset, year, subject, iso3, count, share, international,
                       domestic
                FROM {source}"""
            con.execute(
                f"INSERT INTO country_figures {aggregates.ordered('country_figures', rows)}",
                [meta.name],
            )
        _done_reading(con, "incoming_pairs", "incoming_countries")
