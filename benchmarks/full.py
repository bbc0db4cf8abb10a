"""The `full` benchmark store: every catalogue country (251), 40 years, dense pairs, built by the real writer.

Not the demo scaled up: the shape the full OpenAlex snapshot gives the serving tables. Each
year and subject has one joint article for every pair of countries (so `pair_figures` holds
all 251 × 250 ordered pairs × 40 years × 7 subject values, ≈ 17.6 million rows), one
three-country article per country (so a group count is not a sum over pairs) and a few
domestic ones. Shares vary with the pair, the year and the subject. The article-level rows go
through the same writer and aggregation statements as any load, so the load time is the
store's real build time at this shape.

    .venv/bin/python -m benchmarks.full        # build (or find) the cached full store
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd

from benchmarks.scaled import cache_dir, generator_version

NAME = "full"
YEARS = tuple(range(1984, 2024))
SUBJECTS = (
    "biological_sciences",
    "chemistry",
    "earth_environmental_sciences",
    "physical_sciences",
    "health_sciences",
)

# One year's articles and authorships; $year is the only parameter. Article ids are
# year · 10^7 + subject · 10^6 + a number within the subject.
_ONE_YEAR = """
WITH c AS (SELECT CAST(ROW_NUMBER() OVER (ORDER BY iso3) - 1 AS INTEGER) AS i, iso3 FROM codes),
s AS (SELECT CAST(k AS INTEGER) AS k, subject FROM subjects),
n AS (SELECT COUNT(*) AS n FROM c),
pieces AS (
    -- one joint article per pair i < j: i holds a, j holds 1 - a
    SELECT s.k, s.subject, x.i * 1000 + y.i AS number, x.iso3 AS iso3,
           ((x.i * 7 + y.i * 13 + $year * 3 + s.k * 5) % 17 + 1) / 18.0 AS share
    FROM c x JOIN c y ON x.i < y.i CROSS JOIN s
    UNION ALL
    SELECT s.k, s.subject, x.i * 1000 + y.i, y.iso3,
           1 - ((x.i * 7 + y.i * 13 + $year * 3 + s.k * 5) % 17 + 1) / 18.0
    FROM c x JOIN c y ON x.i < y.i CROSS JOIN s
    UNION ALL
    -- three countries: i (half), i + 1 and i + 5 (a quarter each)
    SELECT s.k, s.subject, 900000 + c.i, c.iso3, 0.5 FROM c CROSS JOIN s
    UNION ALL
    SELECT s.k, s.subject, 900000 + c.i, d.iso3, 0.25
    FROM c CROSS JOIN s CROSS JOIN n JOIN c d ON d.i = (c.i + 1) % n.n
    UNION ALL
    SELECT s.k, s.subject, 900000 + c.i, d.iso3, 0.25
    FROM c CROSS JOIN s CROSS JOIN n JOIN c d ON d.i = (c.i + 5) % n.n
    UNION ALL
    -- one to five domestic articles per country
    SELECT s.k, s.subject, 950000 + c.i * 10 + r.m, c.iso3, 1.0
    FROM c CROSS JOIN s CROSS JOIN range(5) AS r(m) WHERE r.m <= c.i % 5
)
SELECT CAST($year AS BIGINT) * 10000000 + k * 1000000 + number AS article_id,
       subject, iso3, share
FROM pieces
"""


def _frames(con: duckdb.DuckDBPyConnection, year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = con.execute(_ONE_YEAR, {"year": year}).df()
    articles = rows.drop_duplicates("article_id")[["article_id", "subject"]].copy()
    articles["year"] = year
    articles["date"] = pd.Timestamp(dt.date(year, 6, 1))
    articles["journal"] = None
    articles = articles[["article_id", "year", "date", "subject", "journal"]]
    return articles, rows[["article_id", "iso3", "share"]]


def chunks() -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    from data.catalogue import countries

    con = duckdb.connect()
    con.register("codes", pd.DataFrame({"iso3": sorted(c.iso3 for c in countries())}))
    con.register("subjects", pd.DataFrame({"k": range(len(SUBJECTS)), "subject": SUBJECTS}))
    for year in YEARS:
        yield _frames(con, year)
    con.close()


def db_path() -> Path:
    own = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:8]
    stamp = f"{generator_version()}-{own}"
    return cache_dir() / f"full-{stamp}.duckdb"


def build(path: Path, log=None) -> float:
    """Write the full store into `path`; the seconds it took."""
    from data.loaders.windows import calendar
    from data.writer import ARTICLE_METRICS, Built, DatasetMeta, write_article_build

    say = log or (lambda message: None)
    meta = DatasetMeta(
        name=NAME,
        source="collabbot benchmark generator (benchmarks/full.py)",
        description="Synthetic store at the full snapshot's serving shape: every catalogue country, "
        "40 years, dense pairs. Benchmark only; not real data.",
        synthetic=True,
        version="1",
        metrics=ARTICLE_METRICS,
        level="articles",
    )

    def fill(con: duckdb.DuckDBPyConnection) -> Built:
        for articles, authorships in chunks():
            con.register("incoming_articles", articles)
            con.register("incoming_authorships", authorships)
            con.execute(
                "INSERT INTO articles SELECT ?, article_id, year, date, subject, journal "
                "FROM incoming_articles",
                [NAME],
            )
            con.execute(
                "INSERT INTO authorships SELECT ?, article_id, iso3, share FROM incoming_authorships",
                [NAME],
            )
            con.unregister("incoming_articles")
            con.unregister("incoming_authorships")
        return Built(calendar(YEARS), None, "synthetic", {})

    started = time.perf_counter()
    write_article_build(path, meta, fill, progress=say)
    return time.perf_counter() - started


def ensure(log=None) -> tuple[Path, dict]:
    """The cached full store (built now if missing) and its build record."""
    path = db_path()
    meta = path.with_suffix(".json")
    if path.is_file() and meta.is_file():
        info = json.loads(meta.read_text())
        if info.get("complete"):
            return path, info
    say = log or (lambda message: None)
    say(f"building the full store into {path} (one-off; cached afterwards) …")
    load_s = build(path, log=lambda stage: say(f"  full: {stage}"))
    info = {"scale": "full", "load_s": load_s, "complete": True}
    meta.write_text(json.dumps(info, indent=2))
    say(f"built the full store in {load_s:.0f} s ({path.stat().st_size / 1e6:.0f} MB)")
    return path, info


def main() -> int:
    path, info = ensure(log=lambda m: print(m, file=sys.stderr, flush=True))
    print(f"full  {path}  load {info['load_s']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
