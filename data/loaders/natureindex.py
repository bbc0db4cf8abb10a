"""The natureindex kind: Nature Index table exports (research-leader and collaboration tables)
and the generic pair and country tables, told apart by their columns."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.loaders import figures
from data.loaders import windows as w
from data.loaders.csvfiles import Table
from data.loaders.report import Problems
from data.loaders.validate import normal_subject
from data.writer import WindowRow

# Nature Index (and generic) column names, after csvfiles.normalize_header, → our columns.
FOCAL = {"country", "country/territory", "country_territory", "country_or_territory",
         "country/region", "country_a", "focal_country"}  # fmt: skip
PARTNER = {"partner", "collaborator", "partner_country", "partner_country/territory",
           "collaborating_country/territory", "collaborator_country/territory", "country_b",
           "partner/territory", "collaborating_country"}  # fmt: skip
CS = {"cs", "bilateral_cs", "collaboration_score", "bilateral_collaboration_score"}
JOINT = {"joint_articles", "count", "articles", "joint_count", "collaborative_articles",
         "article_count", "bilateral_count"}  # fmt: skip
SHARE = {"share"}
INSTITUTION = {
    "institution",
    "institution_name",
    "research_institution",
    "institution/organisation",
}
INTERNATIONAL = {"international"}
DOMESTIC = {"domestic"}
_YEAR_IN_NAME = re.compile(
    r"^(?:(?P<pre>(?:19|20)\d{2})_(?P<a>.+)|(?P<b>.+?)_(?P<post>(?:19|20)\d{2}))$"
)
_YEAR_IN_FILE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?:\D|$))")
SUBJECT_ALIASES = {"all_subjects": "all", "natural_science": "natural_sciences",
                   "earth_environmental_science": "earth_environmental_sciences"}  # fmt: skip


@dataclass
class IndexData:
    pairs: pd.DataFrame | None
    countries: pd.DataFrame | None
    metrics: tuple[str, ...]
    windows: list[WindowRow]
    rows: dict[str, int]


def _target(column: str, paired: bool) -> str | None:
    if column in FOCAL:
        return "country_a" if paired else "country"
    if column in PARTNER:
        return "country_b"
    if column == "year":
        return "year"
    if column == "subject":
        return "subject"
    if paired:
        if column in CS:
            return "cs"
        if column in JOINT:
            return "joint_articles"
        return None
    if column in SHARE:
        return "share"
    if column in {"count", "article_count", "articles"}:
        return "count"
    if column in INTERNATIONAL:
        return "international"
    if column in DOMESTIC:
        return "domestic"
    return None


def _split_year(column: str) -> tuple[str, int | None]:
    match = _YEAR_IN_NAME.match(column)
    if not match:
        return column, None
    if match["pre"]:
        return match["a"], int(match["pre"])
    return match["b"], int(match["post"])


def _file_country(table: Table, problems: Problems) -> str | None:
    """A collaboration table of one country names it in the file name (china_collab.csv)."""
    from data.loaders.validate import country_code

    words = [x for x in re.split(r"[^a-z]+", Path_stem(table.name).lower()) if x]
    for size in (3, 2, 1):
        for k in range(len(words) - size + 1):
            text = " ".join(words[k : k + size])
            if len(text) < 4:
                continue
            code = country_code(text)
            if code:
                problems.warn(
                    f"{table.name}: has one country column; the file name says the other "
                    f"country is {code}"
                )
                return text
    return None


def Path_stem(name: str) -> str:  # noqa: N802 - tiny helper, kept next to its one use
    return name.rsplit(".", 1)[0]


def normalize(table: Table, problems: Problems) -> tuple[str, Table] | None:
    """("pairs" | "countries", the table in the generic columns, one row per year)."""
    columns = table.columns
    institution = next((c for c in columns if c in INSTITUTION), None)
    if institution is not None:
        # Its rows are institutions: read as countries, every country would repeat, and adding
        # them up would count an article with two of a country's institutions twice.
        problems.add(
            f"{table.name}: an institution table (column “{institution}”, "
            f"{len(table.frame):,} rows), not country figures: the store holds figures by "
            "country, and a country's Count and Share are not the sum of its institutions' rows. "
            "Load the index's country tables (Country/territory, Count, Share) instead."
        )
        return None
    base = {c: _split_year(c) for c in columns}
    names = {b for b, _ in base.values()}
    paired = bool(names & PARTNER)
    frame = table.frame
    if not paired and names & CS:
        focal = _file_country(table, problems)
        if focal is None:
            problems.add(
                f"{table.name}: a collaboration table (with {', '.join(sorted(names & CS))}) "
                "needs both countries: a column for each (e.g. Country/territory and "
                "Collaborator) or the focal country in the file name (china_collaboration.csv)"
            )
            return None
        paired = True
        frame = frame.copy()
        frame["focal_country"] = focal
        base["focal_country"] = ("focal_country", None)
        # The table's only country column is then the partner.
        only = next(c for c, (b, _) in base.items() if b in FOCAL and c != "focal_country")
        base[only] = ("collaborator", None)
    fixed: dict[str, str] = {}  # source column → target, no year
    wide: dict[int, dict[str, str]] = {}  # year → source column → target
    ignored = []
    for column, (name, year) in base.items():
        target = _target(name, paired)
        if target is None:
            ignored.append(column)
        elif year is None:
            fixed[column] = target
        elif target in ("year", "subject", "country", "country_a", "country_b"):
            ignored.append(column)
        else:
            wide.setdefault(year, {})[column] = target
    if ignored:
        problems.warn(f"{table.name}: ignored column(s) {', '.join(ignored)}")
    if len(set(fixed.values())) != len(fixed):
        twice = sorted({t for t in fixed.values() if list(fixed.values()).count(t) > 1})
        problems.add(f"{table.name}: more than one column means {', '.join(twice)}")
        return None
    metrics = {t for t in fixed.values()} | {t for cols in wide.values() for t in cols.values()}
    if "year" not in fixed.values() and not wide:
        found = _YEAR_IN_FILE.findall(Path_stem(table.name))
        if len(found) != 1:
            problems.add(
                f"{table.name}: no year: add a Year column, put the year in the figure columns "
                "(“Share 2023”) or in the file name (ni_2023.csv)"
            )
            return None
        frame = frame.copy()
        frame["year"] = found[0]
        fixed["year"] = "year"
    if not metrics - {"year", "subject", "country", "country_a", "country_b"}:
        expected = "Bilateral CS or Count" if paired else "Count, Share"
        problems.add(f"{table.name}: no figure columns found (expected {expected})")
        return None
    keep = {src: dst for src, dst in fixed.items()}
    parts, lines = [], []
    layouts: list[tuple[int | None, dict[str, str]]] = sorted(wide.items()) or [(None, {})]
    if wide and "year" in fixed.values():
        problems.add(f"{table.name}: has a Year column and years in column names; use one")
        return None
    for year, cols in layouts:
        part = frame[list(keep)].rename(columns=keep)
        for src, dst in cols.items():
            part[dst] = frame[src]
        if year is not None:
            part["year"] = str(year)
            values = part[list(cols.values())]
            present = values.notna().any(axis=1).to_numpy()
            part, part_lines = part[present], table.lines[present]
        else:
            part_lines = table.lines
        parts.append(part)
        lines.append(part_lines)
    out = pd.concat(parts, ignore_index=True)
    for column in out.columns:
        if column in ("cs", "joint_articles", "count", "share", "international", "domestic"):
            out[column] = out[column].map(_number_text, na_action="ignore")
        elif column == "subject":
            out[column] = out[column].map(_subject_text, na_action="ignore")
    return ("pairs" if paired else "countries"), Table(
        table.name, out.reset_index(drop=True), np.concatenate(lines), table.unit
    )


def _number_text(value: object) -> object:
    if isinstance(value, str):
        text = _THOUSANDS.sub("", value.strip())
        return None if text in ("", "-", "–", "—", "n/a", "NA") else text
    return value


def _subject_text(value: object) -> object:
    return SUBJECT_ALIASES.get(normal_subject(value), value)


def build(tables: list[Table], files: list, problems: Problems) -> IndexData | None:
    windows_tables = [t for t in tables if w.is_windows_file(t)]
    by_kind: dict[str, list[Table]] = {"pairs": [], "countries": []}
    for table in tables:
        if w.is_windows_file(table):
            continue
        result = normalize(table, problems)
        if result is not None:
            by_kind[result[0]].append(result[1])
    if problems:
        return None
    built: dict[str, figures.FigureData] = {}
    for kind, found in by_kind.items():
        if found:
            data = figures.build(kind, found + windows_tables, problems)
            if data is not None:
                built[kind] = data
    if problems:
        return None
    if not built:
        problems.add("no Nature Index or figure tables among the files (only windows)")
        return None
    if windows_tables:
        windows = next(iter(built.values())).windows
    else:
        years = {x.year for data in built.values() for x in data.windows}
        windows = w.calendar(years)
    metrics = tuple(m for data in built.values() for m in data.metrics)
    rows = {k: v for data in built.values() for k, v in data.rows.items()}
    pairs = built["pairs"].frame if "pairs" in built else None
    countries = built["countries"].frame if "countries" in built else None
    return IndexData(pairs, countries, metrics, windows, rows)
