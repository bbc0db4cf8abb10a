"""Year windows: calendar years by default, or the ones a windows file defines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd

from data.loaders import validate as v
from data.loaders.csvfiles import Source, Table
from data.loaders.report import Problems, quiet
from data.writer import WindowRow

WINDOW_COLUMNS = ("year", "label", "start_date", "end_date")
MAX_WINDOWS = 1_000  # a windows file has a row a year; more is not a windows file


def calendar(years: Iterable[int]) -> list[WindowRow]:
    return [WindowRow(y, str(y), dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in sorted(set(years))]


def is_windows_file(table: Table | Source) -> bool:
    return {"label", "start_date", "end_date"} <= set(table.columns)


def read_windows_source(source: Source, problems: Problems) -> list[WindowRow] | None:
    """The windows of a streamed file, read whole but never past MAX_WINDOWS rows."""
    parts: list[Table] = []
    for table in source.chunks(problems, quiet, (0.0, 0.0)):
        parts.append(table)
        if sum(len(t.frame) for t in parts) > MAX_WINDOWS:
            problems.add(
                f"{source.name}: more than {MAX_WINDOWS:,} rows, but a windows file has one row a year"
            )
            return None
    if not parts:
        return None
    whole = Table(
        source.name,
        pd.concat([t.frame for t in parts], ignore_index=True),
        np.concatenate([t.lines for t in parts]),
        source.unit,
    )
    return read_windows(whole, problems)


def read_windows(table: Table, problems: Problems) -> list[WindowRow]:
    """Windows from a file (year, label, start_date, end_date; end inclusive)."""
    if not v.has_columns(table, WINDOW_COLUMNS, (), problems, "windows"):
        return []
    year = v.years(table, "year", problems)
    start = v.dates(table, "start_date", problems, required=True)
    end = v.dates(table, "end_date", problems, required=True)
    label = table.frame["label"]
    positions = np.flatnonzero(label.isna().to_numpy())
    if len(positions):
        problems.add(f"{table.name}: the label is missing at {table.where(positions)}")
    v.duplicates(table, year.to_frame(), problems, "the same year")
    rows = []
    for pos in range(len(table.frame)):
        y, s, e = year.iloc[pos], start.iloc[pos], end.iloc[pos]
        if pd.isna(y) or s is None or e is None:
            continue
        if s > e:
            problems.add(
                f"{table.name}: {table.unit} {table.lines[pos]}: start_date {s} is after end_date {e}"
            )
            continue
        rows.append(WindowRow(int(y), str(label.iloc[pos] or y), s, e))
    rows.sort(key=lambda w: w.start_date)
    for before, after in zip(rows, rows[1:], strict=False):
        if after.start_date <= before.end_date:
            problems.add(f"{table.name}: the windows for {before.year} and {after.year} overlap")
    return sorted(rows, key=lambda w: w.year)
