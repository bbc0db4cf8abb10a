"""The pairs and countries kinds: figure tables checked and made into the writer's frames."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.loaders import validate as v
from data.loaders import windows as w
from data.loaders.csvfiles import Table
from data.loaders.report import Problems, listing
from data.writer import WindowRow

PAIR_METRICS = ("cs", "joint_articles")
COUNTRY_METRICS = ("count", "share", "international", "domestic")


@dataclass
class FigureData:
    frame: pd.DataFrame  # the writer's columns for pair_figures or country_figures
    metrics: tuple[str, ...]
    windows: list[WindowRow]
    rows: dict[str, int]


def build(kind: str, tables: list[Table], problems: Problems) -> FigureData | None:
    windows_tables = [t for t in tables if w.is_windows_file(t)]
    data_tables = [t for t in tables if not w.is_windows_file(t)]
    if len(windows_tables) > 1:
        problems.add("a load takes at most one windows file")
    if not data_tables:
        problems.add(f"no {kind} file was given (only windows)")
    windows = w.read_windows(windows_tables[0], problems) if windows_tables else None
    one = _pairs if kind == "pairs" else _countries
    metric_names = PAIR_METRICS if kind == "pairs" else COUNTRY_METRICS
    frames = [f for f in (one(t, problems) for t in data_tables) if f is not None]
    if problems or not frames:
        return None
    frame = pd.concat(frames, ignore_index=True)
    _duplicates_across_files(kind, frame, problems)
    if windows is not None:
        known = {x.year for x in windows}
        unknown = sorted(set(frame["year"]) - known)
        if unknown:
            problems.add(f"years {', '.join(map(str, unknown))} are not in the windows file")
    if problems:
        return None
    metrics = tuple(m for m in metric_names if frame[m].notna().any())
    years = sorted(set(frame["year"].astype(int)))
    frame = frame.drop(columns=["_file", "_line"])
    return FigureData(
        frame, metrics, windows if windows is not None else w.calendar(years), {kind: len(frame)}
    )


def _metrics(
    table: Table, names: tuple[str, ...], problems: Problems
) -> dict[str, pd.Series] | None:
    present = [m for m in names if m in table.columns]
    if not present:
        problems.add(f"{table.name}: needs at least one figure column: {', '.join(names)}")
        return None
    n = len(table.frame)
    return {
        m: v.numbers(table, m, problems, f"the {m}", required=False)
        if m in present
        else pd.Series([np.nan] * n, dtype="Float64")
        for m in names
    }


def _pairs(table: Table, problems: Problems) -> pd.DataFrame | None:
    required = ("year", "country_a", "country_b")
    if not v.has_columns(table, required, ("subject", *PAIR_METRICS), problems, "pair figures"):
        return None
    year = v.years(table, "year", problems)
    subject = v.subjects(table, "subject", problems, v.FIGURE_SUBJECTS)
    a = v.countries(table, "country_a", problems)
    b = v.countries(table, "country_b", problems)
    metrics = _metrics(table, PAIR_METRICS, problems)
    same = np.flatnonzero((a == b).to_numpy() & a.notna().to_numpy())
    if len(same):
        problems.add(f"{table.name}: a country paired with itself at {table.where(same, a)}")
    if metrics is None:
        return None
    # The writer stores both orders, so (A, B) and (B, A) in one file are the same pair twice.
    lo = np.where(a.fillna("") <= b.fillna(""), a, b)
    hi = np.where(a.fillna("") <= b.fillna(""), b, a)
    keys = pd.DataFrame({"year": year, "subject": subject, "a": lo, "b": hi})
    v.duplicates(table, keys, problems, "the same pair, year and subject")
    return pd.DataFrame(
        {
            "year": year,
            "subject": subject,
            "a": a,
            "b": b,
            **metrics,
            "_file": table.name,
            "_line": table.lines,
        }
    )


def _countries(table: Table, problems: Problems) -> pd.DataFrame | None:
    required = ("year", "country")
    if not v.has_columns(
        table, required, ("subject", *COUNTRY_METRICS), problems, "country figures"
    ):
        return None
    year = v.years(table, "year", problems)
    subject = v.subjects(table, "subject", problems, v.FIGURE_SUBJECTS)
    iso3 = v.countries(table, "country", problems)
    metrics = _metrics(table, COUNTRY_METRICS, problems)
    if metrics is None:
        return None
    keys = pd.DataFrame({"year": year, "subject": subject, "iso3": iso3})
    v.duplicates(table, keys, problems, "the same country, year and subject")
    return pd.DataFrame(
        {
            "year": year,
            "subject": subject,
            "iso3": iso3,
            **metrics,
            "_file": table.name,
            "_line": table.lines,
        }
    )


def _duplicates_across_files(kind: str, frame: pd.DataFrame, problems: Problems) -> None:
    if frame["_file"].nunique() < 2:
        return  # within one file the per-file check has named the lines already
    if kind == "pairs":
        a, b = frame["a"].to_numpy(dtype=str), frame["b"].to_numpy(dtype=str)
        keys = pd.DataFrame(
            {
                "year": frame["year"],
                "subject": frame["subject"],
                # np.minimum/maximum have no loop for strings
                "a": np.where(a <= b, a, b),
                "b": np.where(a <= b, b, a),
            }
        )
    else:
        keys = frame[["year", "subject", "iso3"]].copy()
    columns = list(keys.columns)
    keys["_file"], keys["_line"] = frame["_file"], frame["_line"]
    repeated = keys[keys.duplicated(subset=columns, keep=False)]
    places = [
        " and ".join(f"{f} line {ln}" for f, ln in zip(group["_file"], group["_line"], strict=True))
        for _, group in repeated.groupby(columns, sort=False)
        if group["_file"].nunique() > 1
    ]
    if places:
        problems.add(
            f"the same {kind[:-1]} figure appears in two files: {listing(places, len(places))}"
        )
