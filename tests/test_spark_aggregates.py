"""The build statements, transpiled by sqlglot and run on Spark, give every row the DuckDB writer gives."""

from __future__ import annotations

import datetime as dt
import math
import random
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from fixtures_db import frames as tiny_frames

from data.aggregates import BUILDS
from data.loaders.windows import calendar
from data.schema import SCHEMA
from data.spark.build import JOB_DATASET, build_figures
from data.spark.sql import spark_sql
from data.writer import ARTICLE_METRICS, DatasetMeta, write_article_dataset

TOLERANCE = 1e-9
# Countries in several groups, BRI members that joined in different years, Italy (left the
# BRI in December 2023), the UK (left the EU in 2020).
CODES = [
    "CHN",
    "USA",
    "THA",
    "SGP",
    "KOR",
    "ITA",
    "GBR",
    "DEU",
    "FRA",
    "JPN",
    "IND",
    "BRA",
    "RUS",
    "IDN",
    "VNM",
]
SUBJECTS = [
    "biological_sciences",
    "chemistry",
    "earth_environmental_sciences",
    "physical_sciences",
    "health_sciences",
]


def generated(n: int = 4000, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Articles of 1 to 5 countries over 2012–2024 with uneven Shares."""
    rng = random.Random(seed)
    arts, auths = [], []
    for aid in range(1, n + 1):
        year = rng.randint(2012, 2024)
        arts.append((aid, year, dt.date(year, rng.randint(1, 12), 1), rng.choice(SUBJECTS), None))
        k = rng.choice([1, 1, 2, 2, 2, 3, 4, 5])
        weights = [rng.random() + 0.1 for _ in range(k)]
        total = sum(weights) * (1 + rng.random() / 4)  # part of the Share for no country
        for code, w in zip(rng.sample(CODES, k), weights, strict=True):
            auths.append((aid, code, w / total))
    articles = pd.DataFrame(arts, columns=["article_id", "year", "date", "subject", "journal"])
    articles["date"] = pd.to_datetime(articles["date"])
    return articles, pd.DataFrame(auths, columns=["article_id", "iso3", "share"])


def duckdb_tables(tmp: Path, articles: pd.DataFrame, authorships: pd.DataFrame) -> dict:
    path = tmp / "duck.duckdb"
    meta = DatasetMeta(JOB_DATASET, "test", "test", False, "1", ARTICLE_METRICS, "articles")
    write_article_dataset(path, meta, calendar(set(articles.year)), articles, authorships)
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {b.table: con.execute(f"SELECT * FROM {b.table}").fetchall() for b in BUILDS}
    finally:
        con.close()


def spark_tables(spark, tmp: Path, articles: pd.DataFrame, authorships: pd.DataFrame) -> dict:
    art = [
        (JOB_DATASET, int(r.article_id), int(r.year), r.date.date(), r.subject, r.journal)
        for r in articles.itertuples()
    ]
    au = [
        (JOB_DATASET, int(r.article_id), r.iso3, float(r.share)) for r in authorships.itertuples()
    ]
    spark.createDataFrame(
        art,
        "dataset STRING, article_id BIGINT, year INT, date DATE, subject STRING, journal STRING",
    ).createOrReplaceTempView("articles")
    spark.createDataFrame(
        au, "dataset STRING, article_id BIGINT, iso3 STRING, share DOUBLE"
    ).createOrReplaceTempView("authorships")
    build_figures(spark, str(tmp / "spark-out"), calendar(set(articles.year)), lambda m: None)
    return {
        b.table: [tuple(r) for r in spark.read.parquet(str(tmp / "spark-out" / b.table)).collect()]
        for b in BUILDS
    }


def same_rows(table: str, a: list[tuple], b: list[tuple]) -> list[str]:
    """Differences between two tables' rows, doubles to 1e-9 (the sums run in another order)."""
    kinds = list(SCHEMA[table].values())
    key = [i for i, k in enumerate(kinds) if k != "DOUBLE"]

    def index(rows):
        out = {}
        for r in rows:
            out.setdefault(tuple(r[i] for i in key), []).append(r)
        return out

    ia, ib = index(a), index(b)
    problems = [f"{table}: key {k} only on one side" for k in set(ia) ^ set(ib)][:5]
    for k in set(ia) & set(ib):
        for ra, rb in zip(sorted(ia[k]), sorted(ib[k]), strict=True):
            for i, kind in enumerate(kinds):
                if kind == "DOUBLE" and not math.isclose(
                    ra[i], rb[i], rel_tol=TOLERANCE, abs_tol=TOLERANCE
                ):
                    problems.append(f"{table} {k}: {ra[i]} vs {rb[i]}")
    return problems


@pytest.mark.parametrize("data", ["tiny", "generated"])
def test_spark_builds_every_row_the_duckdb_writer_builds(spark, tmp_path, data):
    articles, authorships = tiny_frames() if data == "tiny" else generated()
    articles["date"] = pd.to_datetime(articles["date"])
    duck = duckdb_tables(tmp_path, articles, authorships)
    sparked = spark_tables(spark, tmp_path, articles, authorships)
    for table in duck:
        assert len(sparked[table]) == len(duck[table]), table
        assert same_rows(table, duck[table], sparked[table]) == []
    assert len(duck["group_figures"]) > (10 if data == "tiny" else 1000)


def test_the_spark_text_is_transpiled_not_hand_written():
    for build in BUILDS:
        text = spark_sql(build.select, "x")
        assert "$dataset" not in text and "'x'" in text
    group = spark_sql(next(b for b in BUILDS if b.table == "group_figures").select, "x")
    assert (
        "ARRAY_JOIN(ARRAY_SORT(COLLECT_LIST(" in group
    )  # DuckDB's LIST_SORT(LIST(…)) in Spark's words
