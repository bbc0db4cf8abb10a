"""A store for chart tests, written by the real loaders: 110 partners over 34 years and more."""

# A store for chart tests, written by the real loaders from generated files: China and 110
# partners over 34 years (1990–2023, 2023 labelled 2023*), figures from 0.01 to 100,000, partners
# whose collaboration falls, the longest country names in the catalogue, a second pairs dataset,
# country figures, and two small article-level datasets (for shares and group aggregates).

from __future__ import annotations

import csv
import datetime as dt
import math
from pathlib import Path

from data.catalogue import countries
from data.loaders import load

YEARS = tuple(range(1990, 2024))
LONGEST = ("SGS", "VCT", "IOT")  # South Georgia and South Sandwich Islands, …
N_PARTNERS = 110
TAKEN = dt.date(2026, 1, 1)


def partners() -> list[str]:
    """The long names first (the largest figures), then the catalogue in order."""
    rest = [c.iso3 for c in countries() if c.iso3 not in (*LONGEST, "CHN")]
    return [*LONGEST, *rest][:N_PARTNERS]


def pair_value(k: int, year: int) -> float:
    """Partner k's figure: 100,000 for the first down to 0.01 for the last; every seventh
    partner falls over the years, the others grow."""
    base = 10 ** (5 - 7 * k / (N_PARTNERS - 1)) / 1.8
    t = (year - YEARS[0]) / (YEARS[-1] - YEARS[0])
    factor = 1.0 - 0.6 * t if k % 7 == 3 else 1.0 + 0.8 * t
    return max(0.01, round(base * factor, 2))


def _write(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _windows(folder: Path) -> Path:
    # August to July, as the Nature Index counts; the last one is labelled as the index does.
    rows: list[list[object]] = [
        [y, "2023*" if y == 2023 else str(y), f"{y - 1}-08-01", f"{y}-07-31"] for y in YEARS
    ]
    return _write(folder / "windows.csv", ["year", "label", "start_date", "end_date"], rows)


def _pairs(folder: Path, name: str, scale: float, metrics: tuple[str, ...]) -> Path:
    rows = []
    for k, iso3 in enumerate(partners()):
        for y in YEARS:
            v = pair_value(k, y) * scale
            # Joint articles are whole (the loader refuses fractions) and CS never exceeds them.
            values = {"cs": round(v, 2), "joint_articles": math.ceil(v)}
            rows.append([y, "natural_sciences", "CHN", iso3, *(values[m] for m in metrics)])
    return _write(
        folder / f"{name}.csv", ["year", "subject", "country_a", "country_b", *metrics], rows
    )


def _countries(folder: Path) -> Path:
    rows = []
    for i, y in enumerate(YEARS):
        intl = 1000 + 137 * i
        rows.append([y, "natural_sciences", "CHN", 3 * intl, 2.5 * intl, intl, 2 * intl])
    header = ["year", "subject", "country", "count", "share", "international", "domestic"]
    return _write(folder / "nations.csv", header, rows)


def _articles(folder: Path, name: str, shift: int) -> list[Path]:
    """A few articles a year: China with a BRI partner, with a non-member, and alone."""
    articles, authors = [], []
    n = 0
    for i, y in enumerate(YEARS):
        for team in (("CHN", "SGP"), ("CHN", "THA"), ("CHN", "USA"), ("CHN", "CHN"))[
            : 2 + (i + shift) % 3
        ]:
            n += 1
            articles.append([n, "chemistry", y])
            authors += [[n, country] for country in team]
        n += 1
        articles.append([n, "chemistry", y])
        authors += [[n, "CHN"], [n, "PAK"]]
    return [
        _write(folder / f"{name}_articles.csv", ["article_id", "subject", "year"], articles),
        _write(folder / f"{name}_authorships.csv", ["article_id", "country"], authors),
    ]


def build(db: Path) -> Path:
    folder = db.parent / "chart-files"
    folder.mkdir(exist_ok=True)
    windows = _windows(folder)
    both = ("cs", "joint_articles")
    # Taken long after the last window: no year of these may still grow (a test marks one).
    taken = {"db": db, "as_of": TAKEN}
    load("pairs", [str(_pairs(folder, "wide", 1.0, both)), str(windows)], dataset="wide", **taken)
    load(
        "pairs",
        [str(_pairs(folder, "wide_b", 0.5, ("joint_articles",))), str(windows)],
        dataset="wide_b",
        **taken,
    )
    load("countries", [str(_countries(folder))], dataset="nations", **taken)
    for name, shift in (("arts", 0), ("arts_b", 1)):
        files = [str(p) for p in _articles(folder, name, shift)]
        load("articles", files, dataset=name, **taken)
    return db
