"""The pairs and countries kinds: figure tables checked chunk by chunk, staged, and made into the writer's rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.loaders import validate as v
from data.loaders import windows as w
from data.loaders.csvfiles import Source, Table
from data.loaders.report import Problems, Progress, listing, quiet
from data.loaders.stage import Stage, Staged
from data.schema import SCHEMA
from data.writer import WindowRow

PAIR_METRICS = ("cs", "joint_articles")
COUNTRY_METRICS = ("count", "share", "international", "domestic")
KEY_COLUMNS = {"pairs": ("country_a", "country_b"), "countries": ("country",)}
# The stage holds the writer's columns of each table (all but the dataset).
STAGED = {
    kind: {c: t for c, t in SCHEMA[table].items() if c != "dataset"}
    for kind, table in (("pairs", "pair_figures"), ("countries", "country_figures"))
}
PLACE = {"file": "INTEGER", "line": "BIGINT"}  # where each staged row came from


@dataclass
class FigureData:
    stage: Stage
    kind: str
    metrics: tuple[str, ...]
    windows: list[WindowRow]
    rows: dict[str, int]

    def output(self) -> Staged | pd.DataFrame:
        """The writer's rows (pair_figures or country_figures columns, without the dataset)."""
        columns = ", ".join(f'"{c}"' for c in STAGED[self.kind])
        return self.stage.output(f"SELECT {columns} FROM stage.{self.kind} ORDER BY file, line")

    @property
    def frame(self) -> pd.DataFrame:
        """The rows as one frame (for small inputs held in a stage in memory)."""
        out = self.output()
        assert isinstance(out, pd.DataFrame), "a staged file is read by the writer, not here"
        return out


def build(
    kind: str,
    inputs: Sequence[Source | Table],
    problems: Problems,
    progress: Progress = quiet,
    stage: Stage | None = None,
) -> FigureData | None:
    """Check every row of `inputs` (streamed sources or whole tables) and stage them; None
    after adding to `problems` what is wrong. Without `stage` the rows wait in memory."""
    stage = stage if stage is not None else Stage()
    sources = [Source.of(x) for x in inputs]
    windows_sources = [s for s in sources if w.is_windows_file(s)]
    data_sources = [s for s in sources if not w.is_windows_file(s)]
    if len(windows_sources) > 1:
        problems.add("a load takes at most one windows file")
    if not data_sources:
        problems.add(f"no {kind} file was given (only windows)")
    windows = w.read_windows_source(windows_sources[0], problems) if windows_sources else None
    stage.create(kind, STAGED[kind] | PLACE)
    one = _pairs if kind == "pairs" else _countries
    names = PAIR_METRICS if kind == "pairs" else COUNTRY_METRICS
    for k, source in enumerate(data_sources):
        if not _columns(kind, source, problems):
            continue
        span = (0.5 * k / len(data_sources), 0.5 * (k + 1) / len(data_sources))
        keep = ("year", "subject", *KEY_COLUMNS[kind], *names)
        for table in source.chunks(problems, progress, span, keep):
            frame = one(table, problems)
            frame["file"], frame["line"] = k, table.lines
            stage.append(kind, frame, STAGED[kind] | PLACE)
    if problems:
        return None
    _duplicates(kind, data_sources, stage, problems)
    years = [int(r[0]) for r in stage.rows(f"SELECT DISTINCT year FROM {kind} ORDER BY 1")]
    if windows is not None:
        unknown = sorted(set(years) - {x.year for x in windows})
        if unknown:
            problems.add(f"years {listing([str(y) for y in unknown])} are not in the windows file")
    if problems:
        return None
    counts = stage.rows(f"SELECT {', '.join(f'COUNT({m})' for m in names)}, COUNT(*) FROM {kind}")[
        0
    ]
    metrics = tuple(m for m, n in zip(names, counts, strict=False) if n)
    return FigureData(
        stage,
        kind,
        metrics,
        windows if windows is not None else w.calendar(years),
        {kind: int(counts[-1])},
    )


def _columns(kind: str, source: Source, problems: Problems) -> bool:
    """The header holds the key columns and at least one figure."""
    names: tuple[str, ...] = PAIR_METRICS if kind == "pairs" else COUNTRY_METRICS
    if kind == "pairs":
        required: tuple[str, ...] = ("year", "country_a", "country_b")
        what = "pair figures"
    else:
        required, what = ("year", "country"), "country figures"
    if not v.has_columns(source, required, ("subject", *names), problems, what):
        return False
    if not any(m in source.columns for m in names):
        problems.add(f"{source.name}: needs at least one figure column: {', '.join(names)}")
        return False
    return True


def _metrics(table: Table, names: tuple[str, ...], problems: Problems) -> dict[str, pd.Series]:
    n = len(table.frame)
    whole = {"joint_articles", "count", "international", "domestic"}
    return {
        m: v.numbers(table, m, problems, f"the {m}", required=False, whole=m in whole)
        if m in table.columns
        else pd.Series([np.nan] * n, dtype="Float64")
        for m in names
    }


def _pairs(table: Table, problems: Problems) -> pd.DataFrame:
    year = v.years(table, "year", problems)
    subject = v.subjects(table, "subject", problems, v.FIGURE_SUBJECTS)
    a = v.countries(table, "country_a", problems)
    b = v.countries(table, "country_b", problems)
    metrics = _metrics(table, PAIR_METRICS, problems)
    same = (a == b).to_numpy() & a.notna().to_numpy()
    v.report(table, problems, same, a, "a country paired with itself")
    # Each joint article carries at most 1 of CS (its Shares sum to 1 at most).
    v.at_most(
        table,
        problems,
        metrics["cs"],
        metrics["joint_articles"],
        "the cs is above the joint_articles",
        "a pair's CS is at most its number of joint articles",
    )
    return pd.DataFrame({"year": year, "subject": subject, "a": a, "b": b, **metrics})


def _countries(table: Table, problems: Problems) -> pd.DataFrame:
    year = v.years(table, "year", problems)
    subject = v.subjects(table, "subject", problems, v.FIGURE_SUBJECTS)
    iso3 = v.countries(table, "country", problems)
    metrics = _metrics(table, COUNTRY_METRICS, problems)
    count = metrics["count"]
    for part in ("share", "international", "domestic"):
        v.at_most(
            table,
            problems,
            metrics[part],
            count,
            f"the {part} is above the count",
            f"a country's {part} is part of its count of articles",
        )
    both = metrics["international"].astype("Float64") + metrics["domestic"].astype("Float64")
    v.at_most(
        table,
        problems,
        both,
        count,
        "international + domestic is above the count",
        "each article is one or the other",
    )
    return pd.DataFrame({"year": year, "subject": subject, "iso3": iso3, **metrics})


def _duplicates(kind: str, sources: list[Source], stage: Stage, problems: Problems) -> None:
    """Rows that repeat an earlier row's key, in the same file or another one (rows with a
    part of the key missing or invalid are named for that already). The writer stores a
    pair in both orders, so (A, B) and (B, A) are the same pair."""
    if kind == "pairs":
        keyed = "year, subject, least(a, b) AS x, greatest(a, b) AS y"
        key = "year, subject, x, y"
        complete = "year IS NOT NULL AND subject IS NOT NULL AND a IS NOT NULL AND b IS NOT NULL"
    else:
        keyed, key = "year, subject, iso3", "year, subject, iso3"
        complete = "year IS NOT NULL AND subject IS NOT NULL AND iso3 IS NOT NULL"
    found = stage.rows(
        f"""WITH keyed AS (SELECT {keyed}, file, line FROM {kind} WHERE {complete}),
        later AS (
            SELECT file, line, first_value(file) OVER w AS file0, first_value(line) OVER w AS line0,
                   row_number() OVER w AS n
            FROM keyed WINDOW w AS (PARTITION BY {key} ORDER BY file, line)
        )
        SELECT file, line, file0, line0, count(*) OVER (PARTITION BY file, file = file0) AS total
        FROM later WHERE n > 1
        QUALIFY row_number() OVER (PARTITION BY file, file = file0 ORDER BY line) <= 5
        ORDER BY file, file = file0 DESC, line"""
    )
    what = {
        "pairs": "the same pair, year and subject",
        "countries": "the same country, year and subject",
    }
    across: list[str] = []
    across_total = 0
    groups: dict[tuple[int, bool], list[tuple]] = {}
    for row in found:
        groups.setdefault((row[0], row[0] == row[2]), []).append(row)
    for (file, same), rows in groups.items():
        unit = sources[file].unit
        if same:
            places = [f"{unit} {line} repeats {unit} {line0}" for _, line, _, line0, _ in rows]
            problems.add(
                f"{sources[file].name}: {what[kind]} appears twice: {listing(places, rows[0][4])}"
            )
        else:
            across += [
                f"{sources[file0].name} {sources[file0].unit} {line0} and "
                f"{sources[file].name} {unit} {line}"
                for file, line, file0, line0, _ in rows
            ]
            across_total += rows[0][4]
    if across:
        problems.add(
            f"the same {kind[:-1]} figure appears in two files: {listing(across, across_total)}"
        )
