"""The store's tables: DDL, the column allow-list the compiler qualifies against, and the aggregate builders."""

from __future__ import annotations

# Every table the query connection may read. The compiler checks its trees against this
# mapping (sqlglot qualify), so an unknown table or column fails before anything runs.
SCHEMA: dict[str, dict[str, str]] = {
    "datasets": {
        "name": "VARCHAR",
        "source": "VARCHAR",
        "description": "VARCHAR",
        "synthetic": "BOOLEAN",
        "version": "VARCHAR",
        "loaded_at": "TIMESTAMP",
        "metrics": "VARCHAR",  # comma-separated metric names the dataset can answer
        "small_base_cs": "DOUBLE",  # below this start value a rise is "from a very small base"
        "small_base_count": "DOUBLE",
        "level": "VARCHAR",  # "articles" (article-level rows) or "tables" (figures only)
    },
    "windows": {
        "dataset": "VARCHAR",
        "year": "INTEGER",
        "label": "VARCHAR",
        "start_date": "DATE",
        "end_date": "DATE",
    },
    "countries": {"iso3": "VARCHAR", "iso2": "VARCHAR", "name": "VARCHAR"},
    "groups": {"code": "VARCHAR", "name": "VARCHAR"},
    "memberships": {
        "group_code": "VARCHAR",
        "iso3": "VARCHAR",
        "from_date": "DATE",
        "to_date": "DATE",  # exclusive; NULL = still a member
        "source": "VARCHAR",
    },
    "articles": {
        "dataset": "VARCHAR",
        "article_id": "BIGINT",
        "year": "INTEGER",
        "date": "DATE",
        "subject": "VARCHAR",
        "journal": "VARCHAR",
    },
    "authorships": {
        "dataset": "VARCHAR",
        "article_id": "BIGINT",
        "iso3": "VARCHAR",
        "share": "DOUBLE",
    },
    # Built at load time from articles + authorships: one row per (article, country) with
    # what the group queries need, so they never join the two big tables at question time.
    "article_countries": {
        "dataset": "VARCHAR",
        "article_id": "BIGINT",
        "year": "INTEGER",
        "subject": "VARCHAR",
        "iso3": "VARCHAR",
        "share": "DOUBLE",
        "n_countries": "INTEGER",
    },
    # Pair figures: both orders are stored (a, b) and (b, a) so a focal country is always `a`.
    # subject holds the five article subjects plus the unions natural_sciences and all.
    "pair_figures": {
        "dataset": "VARCHAR",
        "year": "INTEGER",
        "subject": "VARCHAR",
        "a": "VARCHAR",
        "b": "VARCHAR",
        "cs": "DOUBLE",
        "joint_articles": "DOUBLE",
    },
    "country_figures": {
        "dataset": "VARCHAR",
        "year": "INTEGER",
        "subject": "VARCHAR",
        "iso3": "VARCHAR",
        "count": "DOUBLE",
        "share": "DOUBLE",
        "international": "DOUBLE",
        "domestic": "DOUBLE",
    },
}

QUERYABLE_TABLES = tuple(SCHEMA)


def create_table_sql(table: str) -> str:
    cols = ", ".join(f'"{name}" {kind}' for name, kind in SCHEMA[table].items())
    return f'CREATE TABLE IF NOT EXISTS "{table}" ({cols})'


DDL: tuple[str, ...] = tuple(create_table_sql(t) for t in SCHEMA)

# Natural sciences = every subject but health sciences (DATA.md); "all" = all five.
NATURAL_SUBJECTS = (
    "biological_sciences",
    "chemistry",
    "earth_environmental_sciences",
    "physical_sciences",
)

# The aggregate builders are fixed SQL over our own tables with one parameter (the dataset);
# they never contain user text.
_SUBJECT_UNIONS = """
    SELECT subject AS source_subject, subject AS target_subject FROM (SELECT DISTINCT subject FROM articles WHERE dataset = $dataset)
    UNION ALL
    SELECT s, 'natural_sciences' FROM (VALUES ('biological_sciences'), ('chemistry'), ('earth_environmental_sciences'), ('physical_sciences')) t(s)
    UNION ALL
    SELECT s, 'all' FROM (VALUES ('biological_sciences'), ('chemistry'), ('earth_environmental_sciences'), ('physical_sciences'), ('health_sciences')) t(s)
"""

BUILD_ARTICLE_COUNTRIES = """
INSERT INTO article_countries
SELECT au.dataset, au.article_id, ar.year, ar.subject, au.iso3, au.share,
       COUNT(*) OVER (PARTITION BY au.article_id) AS n_countries
FROM authorships au JOIN articles ar
  ON ar.dataset = au.dataset AND ar.article_id = au.article_id
WHERE au.dataset = $dataset
"""

# Pair figures in two statements, the per-subject sums kept in a temporary table between
# them: as one query DuckDB holds the self-join and both aggregations at once, and a million
# articles ran out of a 256 MB memory limit (loads run under one so memory stays bounded).
BUILD_PAIRS_BY_SUBJECT = """
CREATE OR REPLACE TEMP TABLE pairs_by_subject AS
SELECT x.year, x.subject, x.iso3 AS a, y.iso3 AS b,
       SUM(x.share + y.share) AS cs, COUNT(*) AS joint_articles
FROM article_countries x JOIN article_countries y
  ON x.article_id = y.article_id AND x.iso3 <> y.iso3
WHERE x.dataset = $dataset AND y.dataset = $dataset AND x.n_countries > 1
GROUP BY ALL
"""

BUILD_PAIR_FIGURES = f"""
INSERT INTO pair_figures
WITH subject_map AS ({_SUBJECT_UNIONS})
SELECT $dataset, p.year, m.target_subject, p.a, p.b, SUM(p.cs), SUM(p.joint_articles)
FROM pairs_by_subject p JOIN subject_map m ON m.source_subject = p.subject
GROUP BY ALL
"""

BUILD_COUNTRY_FIGURES = f"""
INSERT INTO country_figures
WITH subject_map AS ({_SUBJECT_UNIONS})
SELECT $dataset, c.year, m.target_subject, c.iso3,
       COUNT(*) AS count, SUM(c.share) AS share,
       COUNT(*) FILTER (WHERE c.n_countries > 1) AS international,
       COUNT(*) FILTER (WHERE c.n_countries = 1) AS domestic
FROM article_countries c JOIN subject_map m ON m.source_subject = c.subject
WHERE c.dataset = $dataset
GROUP BY ALL
"""
