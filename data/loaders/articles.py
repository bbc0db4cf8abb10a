"""The articles kind: articles + authorships files (and optional windows) checked chunk by chunk and staged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.loaders import validate as v
from data.loaders import windows as w
from data.loaders.csvfiles import Source, Table
from data.loaders.report import Problems, Progress, listing, quiet
from data.loaders.stage import Stage, Staged
from data.writer import WindowRow

ARTICLE_REQUIRED = ("article_id", "subject")
ARTICLE_OPTIONAL = ("year", "date", "journal")
AUTHORSHIP_REQUIRED = ("article_id", "country")
AUTHORSHIP_OPTIONAL = ("share", "author")
STAGED_ARTICLES = {
    "article_id": "BIGINT",
    "year": "INTEGER",
    "date": "DATE",
    "subject": "VARCHAR",
    "journal": "VARCHAR",
    "line": "BIGINT",
}
# With a share column a row is a country's Share of an article; without, a row is one
# author's affiliation (the author named, or the row itself when there is no author column).
STAGED_AUTHORSHIPS = {
    "article_id": "BIGINT",
    "iso3": "VARCHAR",
    "share": "DOUBLE",
    "author": "VARCHAR",
    "line": "BIGINT",
}
# Author-level rows give Shares (DATA.md): each author holds 1/authors of the article,
# split equally among their affiliations; a country's Share is the sum of its parts.
AUTHOR_SHARES = """
    WITH affiliations AS (
        SELECT article_id, author, iso3,
               COUNT(*) OVER (PARTITION BY article_id, author) AS affiliations
        FROM stage.authorships
    ), authors AS (
        SELECT article_id, COUNT(DISTINCT author) AS authors
        FROM stage.authorships GROUP BY article_id
    )
    SELECT f.article_id, f.iso3, SUM(1.0 / (a.authors * f.affiliations)) AS share
    FROM affiliations f JOIN authors a USING (article_id)
    GROUP BY f.article_id, f.iso3
    ORDER BY f.article_id, f.iso3
"""


@dataclass
class ArticleData:
    stage: Stage
    author_level: bool
    windows: list[WindowRow]
    counts: dict[str, int]  # rows the writer will store: articles, authorships

    def output(self) -> tuple[Staged | pd.DataFrame, Staged | pd.DataFrame]:
        """(articles, authorships) in the writer's columns."""
        articles = self.stage.output(
            "SELECT article_id, year, date, subject, journal FROM stage.articles ORDER BY line"
        )
        if self.author_level:
            return articles, self.stage.output(AUTHOR_SHARES)
        return articles, self.stage.output(
            "SELECT article_id, iso3, share FROM stage.authorships ORDER BY line"
        )


def classify(columns: Sequence[str]) -> str | None:
    """Which file this is, told by its columns: windows, authorships or articles."""
    cols = set(columns)
    if {"label", "start_date", "end_date"} <= cols:
        return "windows"
    if "country" in cols and "article_id" in cols:
        return "authorships"
    if "article_id" in cols:
        return "articles"
    return None


def build(
    inputs: Sequence[Source | Table],
    problems: Problems,
    progress: Progress = quiet,
    stage: Stage | None = None,
) -> ArticleData | None:
    stage = stage if stage is not None else Stage()
    by_kind: dict[str, list[Source]] = {"articles": [], "authorships": [], "windows": []}
    for source in map(Source.of, inputs):
        kind = classify(source.columns)
        if kind is None:
            problems.add(
                f"{source.name}: can't tell what the file holds from its columns "
                f"({listing(list(source.columns))}); expected articles (article_id, year, date, "
                "subject, journal), authorships (article_id, country, share) or windows "
                "(year, label, start_date, end_date)"
            )
        else:
            by_kind[kind].append(source)
    for kind in ("articles", "authorships"):
        found = by_kind[kind]
        if len(found) != 1:
            names = ", ".join(s.name for s in found) or "none"
            problems.add(
                f"an articles load needs exactly one {kind} file; got {len(found)} ({names})"
            )
    if len(by_kind["windows"]) > 1:
        problems.add("an articles load takes at most one windows file")
    if problems:
        return None
    windows = w.read_windows_source(by_kind["windows"][0], problems) if by_kind["windows"] else None
    if problems:
        return None
    articles, authorships = by_kind["articles"][0], by_kind["authorships"][0]
    outside = _stage_articles(articles, windows, problems, progress, stage)
    if outside is None:
        return None
    author_level = _stage_authorships(authorships, problems, progress, stage)
    if author_level is None:
        return None
    _check_staged(articles, authorships, author_level, stage, problems)
    if problems:
        return None
    if outside[1]:
        problems.warn(
            f"{articles.name}: {outside[1]:,} article(s) have a date outside their year's window "
            f"(first at {listing(outside[0], outside[1])}); the year column was used"
        )
    unauthored = stage.one(
        "SELECT COUNT(*) FROM articles ar ANTI JOIN authorships au USING (article_id)"
    )
    if unauthored:
        problems.warn(
            f"{unauthored:,} article(s) have no authorships, so they count for no country"
        )
    years = [int(r[0]) for r in stage.rows("SELECT DISTINCT year FROM articles ORDER BY 1")]
    # One stored row per article and country (author-level rows are summed into one).
    authorship_rows = stage.one(
        "SELECT COUNT(*) FROM (SELECT DISTINCT article_id, iso3 FROM authorships)"
    )
    return ArticleData(
        stage,
        author_level,
        windows if windows is not None else w.calendar(years),
        {"articles": stage.one("SELECT COUNT(*) FROM articles"), "authorships": authorship_rows},
    )


def _stage_articles(
    source: Source,
    windows: list[WindowRow] | None,
    problems: Problems,
    progress: Progress,
    stage: Stage,
) -> tuple[list[str], int] | None:
    """Check and stage every article; (places, count) of dates outside their year's window
    (a warning), or None when the columns are wrong."""
    if not v.has_columns(source, ARTICLE_REQUIRED, ARTICLE_OPTIONAL, problems, "articles"):
        return None
    cols = set(source.columns)
    if not {"year", "date"} & cols:
        problems.add(
            f"{source.name}: needs a year or a date column to place each article in a year"
        )
        return None
    stage.create("articles", STAGED_ARTICLES)
    outside: list[str] = []
    n_outside = 0
    keep = (*ARTICLE_REQUIRED, *ARTICLE_OPTIONAL)
    for table in source.chunks(problems, progress, (0.0, 0.3), keep):
        frame = _articles(table, windows, problems)
        stage.append("articles", frame, STAGED_ARTICLES)
        if "date" in cols and "year" in cols:
            places, n = _dates_outside(table, frame, windows)
            outside = (outside + places)[:5]
            n_outside += n
    return outside, n_outside


def _articles(table: Table, windows: list[WindowRow] | None, problems: Problems) -> pd.DataFrame:
    cols = set(table.columns)
    article_id = v.integers(table, "article_id", problems, "the article_id")
    subject = v.subjects(table, "subject", problems, v.ARTICLE_SUBJECTS)
    date = v.dates(table, "date", problems, required="year" not in cols) if "date" in cols else None
    if "year" in cols:
        year = v.years(table, "year", problems)
    else:
        assert date is not None  # the column check demands year or date
        year = _year_of(date, windows)
        no_window = year.isna().to_numpy() & date.notna().to_numpy()
        v.report(table, problems, no_window, date, "the date falls in no window")
    if windows is not None:
        known = {x.year for x in windows}
        unknown = ~year.isin(known).to_numpy() & year.notna().to_numpy()
        v.report(
            table,
            problems,
            unknown,
            year,
            f"year not in the windows file ({', '.join(map(str, sorted(known)))})",
        )
    journal = table.frame["journal"] if "journal" in cols else None
    return pd.DataFrame(
        {
            "article_id": article_id,
            "year": year,
            "date": pd.to_datetime(date) if date is not None else pd.NaT,
            "subject": subject,
            "journal": journal,
            "line": table.lines,
        }
    )


def _year_of(date: pd.Series, windows: list[WindowRow] | None) -> pd.Series:
    if windows is None:
        return pd.Series([d.year if d is not None else None for d in date], dtype="Int64")
    spans = sorted(windows, key=lambda x: x.start_date)
    starts = np.array([x.start_date for x in spans], dtype="datetime64[D]")
    ends = np.array([x.end_date for x in spans], dtype="datetime64[D]")
    when = pd.to_datetime(date).to_numpy(dtype="datetime64[D]")
    at = np.clip(np.searchsorted(starts, when, side="right") - 1, 0, len(spans) - 1)
    inside = ~np.isnat(when) & (when >= starts[at]) & (when <= ends[at])
    years = np.array([x.year for x in spans])[at]
    return pd.Series(np.where(inside, years, 0), dtype="Int64").where(inside)


def _dates_outside(
    table: Table, frame: pd.DataFrame, windows: list[WindowRow] | None
) -> tuple[list[str], int]:
    """A date outside its year's window is allowed (the year column decides) but worth a
    warning: (the first places, how many)."""
    ok = (frame["year"].notna() & frame["date"].notna()).to_numpy()
    if not ok.any():
        return [], 0
    spans = {x.year: (x.start_date, x.end_date) for x in windows or ()}
    year = frame["year"][ok].astype(int)
    bounds = {k: spans.get(k, (dt.date(k, 1, 1), dt.date(k, 12, 31))) for k in set(year)}
    start = pd.to_datetime(year.map(lambda k: bounds[k][0]))
    end = pd.to_datetime(year.map(lambda k: bounds[k][1]))
    when = pd.to_datetime(frame["date"][ok])
    outside = np.flatnonzero(ok)[((when < start) | (when > end)).to_numpy()]
    return table.places(outside), len(outside)


def _stage_authorships(
    source: Source, problems: Problems, progress: Progress, stage: Stage
) -> bool | None:
    """Check and stage every authorship row; whether they are author-level (no share
    column), or None when the columns are wrong."""
    if not v.has_columns(source, AUTHORSHIP_REQUIRED, AUTHORSHIP_OPTIONAL, problems, "authorships"):
        return None
    cols = set(source.columns)
    author_level = "share" not in cols
    stage.create("authorships", STAGED_AUTHORSHIPS)
    keep = (*AUTHORSHIP_REQUIRED, *AUTHORSHIP_OPTIONAL)
    for table in source.chunks(problems, progress, (0.3, 0.5), keep):
        article_id = v.integers(table, "article_id", problems, "the article_id")
        iso3 = v.countries(table, "country", problems)
        share = (
            pd.Series(np.nan, index=table.frame.index, dtype="Float64")
            if author_level
            else v.numbers(table, "share", problems, "the Share", at_most_one=True)
        )
        # A row without a named author is an author of its own.
        own = pd.Series(["#" + str(n) for n in table.lines], index=table.frame.index, dtype=object)
        author = table.frame["author"].fillna(own) if "author" in cols else own
        frame = pd.DataFrame(
            {
                "article_id": article_id,
                "iso3": iso3,
                "share": share,
                "author": author if author_level else None,
                "line": table.lines,
            }
        )
        stage.append("authorships", frame, STAGED_AUTHORSHIPS)
    return author_level


def _check_staged(
    articles: Source, authorships: Source, author_level: bool, stage: Stage, problems: Problems
) -> None:
    """The checks that span rows, run over the whole stage: repeated keys, authorships of
    unknown articles, an article's Shares above 1."""
    _repeats(stage, "articles", ("article_id",), articles, "the same article_id", problems)
    key, what = (
        (("article_id", "author", "iso3"), "the same article, author and country")
        if author_level
        else (("article_id", "iso3"), "the same article and country")
    )
    _repeats(stage, "authorships", key, authorships, what, problems)
    orphans = stage.rows(
        """SELECT line, article_id, count(*) OVER () FROM authorships au
           ANTI JOIN articles ar USING (article_id)
           WHERE au.article_id IS NOT NULL ORDER BY line LIMIT 5"""
    )
    if orphans:
        places = [f"{authorships.unit} {line} (“{aid}”)" for line, aid, _ in orphans]
        problems.add(
            f"{authorships.name}: article_id not in the articles file at {listing(places, orphans[0][2])}"
        )
    if not author_level:
        over = stage.rows(
            f"""SELECT article_id, SUM(share), MIN(line), count(*) OVER ()
                FROM authorships GROUP BY article_id
                HAVING SUM(share) > 1 + {v.SHARE_TOLERANCE} ORDER BY MIN(line) LIMIT 5"""
        )
        if over:
            items = [
                f"article {aid} (from {authorships.unit} {first}): {total:.6g}"
                for aid, total, first, _ in over
            ]
            problems.add(
                f"{authorships.name}: an article's Shares sum above 1: {listing(items, over[0][3])}"
            )


def _repeats(
    stage: Stage,
    table: str,
    key: tuple[str, ...],
    source: Source,
    what: str,
    problems: Problems,
) -> None:
    """Name the lines that repeat an earlier line's key, and the line they repeat (rows with
    a part of the key missing or invalid are named for that already)."""
    complete = " AND ".join(f"{k} IS NOT NULL" for k in key)
    found = stage.rows(
        f"""SELECT line, line0, count(*) OVER () FROM (
                SELECT line, first_value(line) OVER w AS line0, row_number() OVER w AS n
                FROM {table} WHERE {complete}
                WINDOW w AS (PARTITION BY {", ".join(key)} ORDER BY line)
            ) WHERE n > 1 ORDER BY line LIMIT 5"""
    )
    if found:
        unit = source.unit
        places = [f"{unit} {line} repeats {unit} {line0}" for line, line0, _ in found]
        problems.add(f"{source.name}: {what} appears twice: {listing(places, found[0][2])}")
