"""A tiny article-level dataset whose every metric is computed by hand below (importable)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from data.writer import ARTICLE_METRICS, DatasetMeta, WindowRow, write_article_dataset

TINY = "tiny"

# (article_id, year, subject, {country: share}) — shares written as the author arithmetic.
ARTICLES = [
    # CHN 2 authors, USA 1, THA 1 of 4
    (1, 2023, "chemistry", {"CHN": 2 / 4, "USA": 1 / 4, "THA": 1 / 4}),
    (2, 2023, "chemistry", {"CHN": 1 / 2, "THA": 1 / 2}),
    # three China-based authors only: domestic
    (3, 2023, "physical_sciences", {"CHN": 1.0}),
    # health sciences: outside natural sciences
    (4, 2023, "health_sciences", {"CHN": 1 / 4, "USA": 3 / 4}),
    # no China at all
    (5, 2023, "biological_sciences", {"USA": 1 / 2, "GBR": 1 / 2}),
    # 2 authors; the first is affiliated in China and Singapore, so 1/2 splits into 1/4 + 1/4
    (6, 2023, "physical_sciences", {"CHN": 1 / 4, "SGP": 1 / 4 + 1 / 2}),
    # China, Thailand and two Singapore authors: two BRI partners on one article
    (7, 2023, "earth_environmental_sciences", {"CHN": 1 / 4, "THA": 1 / 4, "SGP": 2 / 4}),
    (8, 2023, "chemistry", {"CHN": 1 / 2, "USA": 1 / 2}),
    (9, 2015, "chemistry", {"CHN": 1 / 2, "THA": 1 / 2}),
]

# Hand-computed, natural sciences (every subject but health), 2023:
EXPECTED_2023_NATURAL = {
    "count": {"CHN": 6, "USA": 3, "THA": 3, "SGP": 2, "GBR": 1},  # articles 1,2,3,6,7,8 for CHN
    "share": {"CHN": 0.5 + 0.5 + 1.0 + 0.25 + 0.25 + 0.5},  # = 3.0
    "international": {"CHN": 5},  # 1, 2, 6, 7, 8
    "domestic": {"CHN": 1},  # 3
    "cs": {
        ("CHN", "THA"): (0.5 + 0.25) + (0.5 + 0.5) + (0.25 + 0.25),  # = 2.25
        ("CHN", "USA"): (0.5 + 0.25) + (0.5 + 0.5),  # = 1.75
        ("CHN", "SGP"): (0.25 + 0.75) + (0.25 + 0.5),  # = 1.75
        ("THA", "SGP"): 0.25 + 0.5,  # = 0.75
    },
    "joint_articles": {("CHN", "THA"): 3, ("CHN", "USA"): 2, ("CHN", "SGP"): 2},
    # Articles with China and at least one BRI country (Thailand, Singapore): 1, 2, 6, 7 = 4,
    # although the pair counts add up to 3 + 2 = 5 (article 7 has both).
    "china_bri_articles": 4,
}
EXPECTED_2023_ALL = {
    "count": {"CHN": 7},
    "share": {"CHN": 3.25},
    "cs": {("CHN", "USA"): 1.75 + (0.25 + 0.75)},  # = 2.75
}
EXPECTED_2015_NATURAL = {"cs": {("CHN", "THA"): 1.0}}


def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    articles = pd.DataFrame(
        [
            {
                "article_id": a,
                "year": y,
                "date": dt.date(y, 6, 1),
                "subject": s,
                "journal": "Nature",
            }
            for a, y, s, _ in ARTICLES
        ]
    )
    authorships = pd.DataFrame(
        [
            {"article_id": a, "iso3": c, "share": v}
            for a, _, _, shares in ARTICLES
            for c, v in shares.items()
        ]
    )
    return articles, authorships


TINY_META = DatasetMeta(
    name=TINY,
    source="hand-made test fixture",
    description="Nine articles whose metrics are computed by hand in tests/fixtures_db.py",
    synthetic=True,
    version="test",
    metrics=ARTICLE_METRICS,
    level="articles",
    small_base_cs=0.5,
    small_base_count=1.0,
)


def build_tiny(path: str | Path) -> None:
    articles, authorships = frames()
    windows = [WindowRow(y, str(y), dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in (2015, 2023)]
    write_article_dataset(path, TINY_META, windows, articles, authorships)
