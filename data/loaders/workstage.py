"""Runs an openalex-works load on the write connection: stage the reader's rows, apply workrules, count what was left out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb

from data.loaders import workrules as rules
from data.loaders.journals import JournalList
from data.loaders.provenance import AsOf
from data.loaders.report import Problems, Progress, listing
from data.loaders.windows import calendar
from data.loaders.works import WorksReader
from data.writer import Built


@dataclass(frozen=True)
class WorkFilters:
    types: tuple[str, ...] | None = rules.DEFAULT_TYPES  # None = every type
    journals: JournalList | None = None

    def describe(self) -> str:
        kept = rules.types_kept(self.types)
        parts = [f"types: {', '.join(kept)}" if kept else "types: all"]
        if self.journals is not None:
            parts.append(f"journals: {self.journals.description}")
        return "; ".join(parts)


@dataclass
class WorkOutcome:
    """What the load did, for the report and the provenance."""

    read: int = 0
    loaded: int = 0
    left_out: dict[str, int] = field(default_factory=dict)  # reason code -> works
    years: tuple[int, ...] = ()
    unknown_codes: list[tuple[str, int]] = field(default_factory=list)
    part_for_no_country: int = 0  # loaded works whose Shares sum below 1
    authorship_rows: int = 0  # work-country rows stored
    as_of: AsOf = AsOf(None, "unknown")

    def rows(self) -> dict[str, int]:
        out = {"works read": self.read, "works loaded": self.loaded}
        out.update({f"left out ({code})": n for code, n in self.left_out.items()})
        return out

    def warnings(self) -> list[str]:
        out = []
        if self.left_out:
            items = [f"{n:,} {rules.REASONS[code]} ({code})" for code, n in self.left_out.items()]
            out.append(
                f"{sum(self.left_out.values()):,} of {self.read:,} works left out: "
                + "; ".join(items)
            )
        if self.part_for_no_country:
            out.append(
                f"{self.part_for_no_country:,} loaded work(s) keep part of their Share for no "
                "country (an author or institution without a known country)"
            )
        if self.unknown_codes:
            items = [f"{code} ({n:,})" for code, n in self.unknown_codes]
            out.append(
                "country codes the catalogue doesn't know were treated as no country: "
                + listing(items, len(items))
            )
        return out


def build(
    con: duckdb.DuckDBPyConnection,
    dataset: str,
    reader: WorksReader,
    filters: WorkFilters,
    problems: Problems,
    what: str,
    progress: Progress,
    outcome: WorkOutcome,
) -> Built:
    """Stage every chunk, refuse broken files (UserError, inside the atomic write), then
    fill `articles` and `authorships` by the rules; `outcome` receives the counts."""
    for ddl in rules.STAGE_DDL:
        con.execute(ddl)
    kept = rules.types_kept(filters.types)
    con.execute(
        "INSERT INTO stage_settings VALUES (?, ?)", [kept is not None, filters.journals is not None]
    )
    if kept:
        con.executemany("INSERT INTO stage_types VALUES (?)", [(t,) for t in kept])
    if filters.journals is not None:
        con.executemany(
            "INSERT INTO stage_journals VALUES (?)", [(i,) for i in sorted(filters.journals.issns)]
        )
    for chunk in reader.chunks():
        for table, rows in chunk.tables().items():
            con.register("incoming_stage", rows)
            con.execute(f"INSERT INTO {table} SELECT * FROM incoming_stage")
            con.unregister("incoming_stage")
    reader.finish_problems()
    problems.raise_if_any(what)
    _refuse_duplicates(con, problems, what)
    progress("applying the rules", 0.82)
    for name, sql in rules.STEPS:
        con.execute(f"CREATE TEMP TABLE {name} AS {sql}")
    params = {"dataset": dataset}
    con.execute(f"INSERT INTO articles {rules.ARTICLES}", params)
    con.execute(f"INSERT INTO authorships {rules.AUTHORSHIPS}", params)
    read, newest_update, newest_date = _one(con, rules.READ_AND_DATES)
    order = list(rules.REASONS)
    left = dict(con.execute(rules.LEFT_OUT).fetchall())
    outcome.read = read
    outcome.left_out = {code: left[code] for code in order if left.get(code)}
    outcome.loaded = read - sum(outcome.left_out.values())
    if not outcome.loaded:
        problems.add(
            f"none of the {read:,} works could be loaded: " + "; ".join(outcome.warnings())
        )
        problems.raise_if_any(what)
    outcome.unknown_codes = [(c, n) for c, n in con.execute(rules.UNKNOWN_CODES).fetchall()]
    outcome.part_for_no_country = _one(con, rules.PART_FOR_NO_COUNTRY, params)[0]
    outcome.authorship_rows = _one(
        con, "SELECT COUNT(*) FROM authorships WHERE dataset = $dataset", params
    )[0]
    outcome.years = tuple(
        y
        for (y,) in con.execute(
            "SELECT DISTINCT year FROM articles WHERE dataset = ? ORDER BY year", [dataset]
        ).fetchall()
    )
    for name, _ in rules.STEPS:
        con.execute(f"DROP TABLE {name}")
    for ddl_table in (*rules.STAGED_TABLES, "stage_types", "stage_journals", "stage_settings"):
        con.execute(f"DROP TABLE {ddl_table}")
    progress("writing figures", 0.85)
    outcome.as_of = as_of_from_dates(newest_update, newest_date)
    return Built(calendar(outcome.years), outcome.as_of.date, outcome.as_of.basis, outcome.left_out)


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> tuple:
    row = con.execute(sql, params or {}).fetchone()
    assert row is not None  # aggregates always return a row
    return row


def as_of_from_dates(newest_update: dt.date | None, newest_date: dt.date | None) -> AsOf:
    """The works' as-of date: the newest updated_date, else the newest publication_date (the
    Spark job's output is dated by the same rule)."""
    if newest_update is not None:
        return AsOf(newest_update, "the newest updated_date in the works")
    if newest_date is not None:
        return AsOf(newest_date, "the newest publication_date in the works (no updated_date)")
    return AsOf(None, "no date in the works")


def _refuse_duplicates(con: duckdb.DuckDBPyConnection, problems: Problems, what: str) -> None:
    found = con.execute(rules.DUPLICATES).fetchall()
    if found:
        items = [f"W{aid} ({n} times: {places})" for aid, n, places, _ in found]
        problems.add(f"the same work appears more than once: {listing(items, found[0][3])}")
        problems.raise_if_any(what)
