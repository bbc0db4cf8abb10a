"""The articles kind: articles + authorships files (and optional windows) checked and made into frames."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.loaders import validate as v
from data.loaders import windows as w
from data.loaders.csvfiles import Table
from data.loaders.report import Problems, listing
from data.writer import WindowRow

ARTICLE_REQUIRED = ("article_id", "subject")
ARTICLE_OPTIONAL = ("year", "date", "journal")
AUTHORSHIP_REQUIRED = ("article_id", "country")
AUTHORSHIP_OPTIONAL = ("share", "author")


@dataclass
class ArticleData:
    articles: pd.DataFrame  # article_id, year, date, subject, journal
    authorships: pd.DataFrame  # article_id, iso3, share
    windows: list[WindowRow]


def classify(table: Table) -> str | None:
    """Which file this is, told by its columns: windows, authorships or articles."""
    cols = set(table.columns)
    if w.is_windows_file(table):
        return "windows"
    if "country" in cols and "article_id" in cols:
        return "authorships"
    if "article_id" in cols:
        return "articles"
    return None


def build(tables: list[Table], problems: Problems) -> ArticleData | None:
    by_kind: dict[str, list[Table]] = {"articles": [], "authorships": [], "windows": []}
    for table in tables:
        kind = classify(table)
        if kind is None:
            problems.add(
                f"{table.name}: can't tell what the file holds from its columns "
                f"({', '.join(table.columns)}); expected articles (article_id, year, date, subject, "
                "journal), authorships (article_id, country, share) or windows "
                "(year, label, start_date, end_date)"
            )
        else:
            by_kind[kind].append(table)
    for kind in ("articles", "authorships"):
        found = by_kind[kind]
        if len(found) != 1:
            names = ", ".join(t.name for t in found) or "none"
            problems.add(
                f"an articles load needs exactly one {kind} file; got {len(found)} ({names})"
            )
    if len(by_kind["windows"]) > 1:
        problems.add("an articles load takes at most one windows file")
    if problems:
        return None
    windows = w.read_windows(by_kind["windows"][0], problems) if by_kind["windows"] else None
    articles = _articles(by_kind["articles"][0], windows, problems)
    if articles is None:
        return None
    authorships = _authorships(by_kind["authorships"][0], articles, problems)
    if problems or authorships is None:
        return None
    years = sorted(set(articles["year"].astype(int)))
    return ArticleData(articles, authorships, windows if windows is not None else w.calendar(years))


def _articles(
    table: Table, windows: list[WindowRow] | None, problems: Problems
) -> pd.DataFrame | None:
    if not v.has_columns(table, ARTICLE_REQUIRED, ARTICLE_OPTIONAL, problems, "articles"):
        return None
    cols = set(table.columns)
    if not {"year", "date"} & cols:
        problems.add(f"{table.name}: needs a year or a date column to place each article in a year")
        return None
    article_id = v.integers(table, "article_id", problems, "the article_id")
    v.duplicates(table, article_id.to_frame(), problems, "the same article_id")
    subject = v.subjects(table, "subject", problems, v.ARTICLE_SUBJECTS)
    date = v.dates(table, "date", problems, required="year" not in cols) if "date" in cols else None
    if "year" in cols:
        year = v.years(table, "year", problems)
    else:
        assert date is not None  # the column check above demands year or date
        year = _year_of(date, windows)
        no_window = np.flatnonzero(year.isna().to_numpy() & date.notna().to_numpy())
        if len(no_window):
            problems.add(
                f"{table.name}: the date falls in no window at {table.where(no_window, date)}"
            )
    if windows is not None:
        known = {x.year for x in windows}
        unknown = np.flatnonzero(~year.isin(known).to_numpy() & year.notna().to_numpy())
        if len(unknown):
            problems.add(
                f"{table.name}: year not in the windows file ({', '.join(map(str, sorted(known)))}) "
                f"at {table.where(unknown, year)}"
            )
    if date is not None and "year" in cols and not problems:
        _warn_dates_outside(table, year, date, windows, problems)
    journal = (
        table.frame["journal"]
        if "journal" in cols
        else pd.Series([None] * len(table.frame), dtype=object)
    )
    if problems:
        return None
    return pd.DataFrame(
        {
            "article_id": article_id.astype("int64"),
            "year": year.astype("int32"),
            "date": pd.to_datetime(date if date is not None else pd.Series([None] * len(year))),
            "subject": subject,
            "journal": journal.astype(object),
        }
    )


def _year_of(date: pd.Series, windows: list[WindowRow] | None) -> pd.Series:
    if windows is None:
        return pd.Series([d.year if d is not None else None for d in date], dtype="Int64")

    def find(d: object) -> int | None:
        if d is None:
            return None
        for x in windows:
            if x.start_date <= d <= x.end_date:  # type: ignore[operator]
                return x.year
        return None

    return pd.Series([find(d) for d in date], dtype="Int64")


def _warn_dates_outside(
    table: Table,
    year: pd.Series,
    date: pd.Series,
    windows: list[WindowRow] | None,
    problems: Problems,
) -> None:
    """A date outside its year's window is allowed (the year column decides) but worth a warning."""
    spans = {
        x.year: (x.start_date, x.end_date)
        for x in (windows or w.calendar(set(year.dropna().astype(int))))
    }
    outside = [
        pos
        for pos, (y, d) in enumerate(zip(year, date, strict=True))
        if d is not None and not (spans[int(y)][0] <= d <= spans[int(y)][1])
    ]
    if outside:
        problems.warn(
            f"{table.name}: {len(outside):,} article(s) have a date outside their year's window "
            f"(first at {table.where(outside)}); the year column was used"
        )


def _authorships(table: Table, articles: pd.DataFrame, problems: Problems) -> pd.DataFrame | None:
    if not v.has_columns(table, AUTHORSHIP_REQUIRED, AUTHORSHIP_OPTIONAL, problems, "authorships"):
        return None
    cols = set(table.columns)
    article_id = v.integers(table, "article_id", problems, "the article_id")
    iso3 = v.countries(table, "country", problems)
    orphans = np.flatnonzero(
        ~article_id.isin(articles["article_id"]).to_numpy() & article_id.notna().to_numpy()
    )
    if len(orphans):
        problems.add(
            f"{table.name}: article_id not in the articles file at {table.where(orphans, article_id)}"
        )
    if "share" in cols:
        share = v.numbers(table, "share", problems, "the Share", at_most_one=True)
        keys = pd.DataFrame({"article_id": article_id, "iso3": iso3})
        v.duplicates(table, keys, problems, "the same article and country")
        if problems:
            return None
        frame = pd.DataFrame(
            {"article_id": article_id.astype("int64"), "iso3": iso3, "share": share.astype(float)}
        )
        _check_share_sums(table, frame, problems)
    else:
        # Author-level rows: each author holds 1/authors of the article, split equally among
        # their affiliations (DATA.md); a country's Share is the sum of its parts.
        author = (
            table.frame["author"]
            if "author" in cols
            else pd.Series(np.arange(len(table.frame)), dtype=object)
        )
        keys = pd.DataFrame(
            {"article_id": article_id, "author": author.astype(object), "iso3": iso3}
        )
        v.duplicates(table, keys, problems, "the same article, author and country")
        if problems:
            return None
        keys["article_id"] = keys["article_id"].astype("int64")
        affiliations = keys.groupby(["article_id", "author"], dropna=False)["iso3"].transform(
            "size"
        )
        authors = keys.groupby("article_id")["author"].transform("nunique")
        keys["share"] = 1.0 / (authors * affiliations)
        frame = keys.groupby(["article_id", "iso3"], as_index=False).agg(share=("share", "sum"))
    missing = int((~articles["article_id"].isin(frame["article_id"])).sum())
    if missing:
        problems.warn(f"{missing:,} article(s) have no authorships, so they count for no country")
    return None if problems else frame.reset_index(drop=True)


def _check_share_sums(table: Table, frame: pd.DataFrame, problems: Problems) -> None:
    totals = frame.groupby("article_id")["share"].sum()
    over = totals[totals > 1 + v.SHARE_TOLERANCE]
    if len(over):
        first_line = pd.Series(table.lines, index=frame.index).groupby(frame["article_id"]).min()
        items = [
            f"article {aid} (from {table.unit} {int(first)}): {total:.6g}"
            for aid, total, first in zip(
                over.index[:5],
                over.to_numpy()[:5],
                first_line.loc[over.index[:5]].to_numpy(),
                strict=True,
            )
        ]
        problems.add(f"{table.name}: an article's Shares sum above 1: {listing(items, len(over))}")
