"""The aggregation statements every build runs (DuckDB writer, Spark job), written once in DuckDB's dialect."""

from __future__ import annotations

from dataclasses import dataclass

# Each statement is a SELECT over the store's own tables (articles, authorships, memberships,
# countries and the tables built before it) with one parameter, $dataset; none contains user
# text. The DuckDB writer runs `INSERT INTO <table> <select>`; the Spark job transpiles the
# same text with sqlglot (data/spark/sql.py) and runs it on views of the same names. Every
# figure is CAST to the store's column type so both engines write the same types.

# An article's subject counts under itself and under the unions natural_sciences and all.
_SUBJECT_MAP = """
subject_map AS (
    SELECT subject AS source_subject, subject AS target_subject
    FROM (SELECT DISTINCT subject FROM articles WHERE dataset = $dataset) AS s
    UNION ALL
    SELECT s, 'natural_sciences' FROM (VALUES ('biological_sciences'), ('chemistry'), ('earth_environmental_sciences'), ('physical_sciences')) AS t(s)
    UNION ALL
    SELECT s, 'all' FROM (VALUES ('biological_sciences'), ('chemistry'), ('earth_environmental_sciences'), ('physical_sciences'), ('health_sciences')) AS t(s)
)"""

# One row per (article, country) with the article's year, subject and number of countries.
_ARTICLE_ROWS = """
article_rows AS (
    SELECT au.article_id AS article_id, ar.year AS year, ar.subject AS subject,
           au.iso3 AS iso3, au.share AS share,
           COUNT(*) OVER (PARTITION BY au.article_id) AS n_countries
    FROM authorships AS au JOIN articles AS ar ON ar.article_id = au.article_id
    WHERE au.dataset = $dataset AND ar.dataset = $dataset
)"""

# Internationally collaborative articles only: every question that reads article rows asks
# about articles with a partner abroad; domestic ones are counted in country_figures.
ARTICLE_COUNTRIES = f"""
WITH {_ARTICLE_ROWS.strip()}
SELECT $dataset AS dataset, r.article_id, r.year, r.subject, r.iso3, r.share,
       CAST(r.n_countries AS INTEGER) AS n_countries
FROM article_rows AS r
WHERE r.n_countries > 1
"""

# Both orders (a, b) and (b, a), so a focal country is always `a`.
PAIR_FIGURES = f"""
WITH {_SUBJECT_MAP.strip()},
pairs_by_subject AS (
    SELECT x.year AS year, x.subject AS subject, x.iso3 AS a, y.iso3 AS b,
           SUM(x.share + y.share) AS cs, COUNT(*) AS joint_articles
    FROM article_countries AS x JOIN article_countries AS y
      ON x.article_id = y.article_id AND x.iso3 <> y.iso3
    WHERE x.dataset = $dataset AND y.dataset = $dataset
    GROUP BY x.year, x.subject, x.iso3, y.iso3
)
SELECT $dataset AS dataset, p.year, m.target_subject AS subject, p.a, p.b,
       CAST(SUM(p.cs) AS DOUBLE) AS cs, CAST(SUM(p.joint_articles) AS DOUBLE) AS joint_articles
FROM pairs_by_subject AS p JOIN subject_map AS m ON m.source_subject = p.subject
GROUP BY p.year, m.target_subject, p.a, p.b
"""

# Count and Share from every article row; international from article_countries, so the
# window over all rows runs once (there) and domestic is the rest.
COUNTRY_FIGURES = f"""
WITH {_SUBJECT_MAP.strip()},
all_rows AS (
    SELECT ar.year AS year, ar.subject AS subject, au.iso3 AS iso3,
           COUNT(*) AS n, SUM(au.share) AS share
    FROM authorships AS au JOIN articles AS ar ON ar.article_id = au.article_id
    WHERE au.dataset = $dataset AND ar.dataset = $dataset
    GROUP BY ar.year, ar.subject, au.iso3
),
international_rows AS (
    SELECT year, subject, iso3, COUNT(*) AS n FROM article_countries
    WHERE dataset = $dataset GROUP BY year, subject, iso3
)
SELECT $dataset AS dataset, a.year, m.target_subject AS subject, a.iso3,
       CAST(SUM(a.n) AS DOUBLE) AS count, CAST(SUM(a.share) AS DOUBLE) AS share,
       CAST(SUM(COALESCE(i.n, 0)) AS DOUBLE) AS international,
       CAST(SUM(a.n - COALESCE(i.n, 0)) AS DOUBLE) AS domestic
FROM all_rows AS a
LEFT JOIN international_rows AS i
  ON i.year = a.year AND i.subject = a.subject AND i.iso3 = a.iso3
JOIN subject_map AS m ON m.source_subject = a.subject
GROUP BY a.year, m.target_subject, a.iso3
"""

# Articles of a focal country with at least one *other* country of a group, per period of
# constant membership [from_date, to_date) of that group. A question's membership date (the
# end of the latest window asked about, the end of the window "as of" names, or for
# "current" the end of the dataset's latest window) falls in exactly one period of each
# group, so the answer is one lookup whatever rule the question uses. Periods run between the catalogue's dated changes (every from_date
# and to_date of the group); the one before the first change has no member and so no rows,
# and the last is open (to_date NULL). Only periods that end after the dataset's first window
# are kept: every rule takes the end of one of the dataset's windows.
# WORLD is every catalogue country, always: one period with both dates NULL.
#
# Whether an article counts depends only on its set of countries, so the membership test runs
# once per distinct set (a few per cent of the articles) and the counts per year and subject
# are summed over the sets afterwards.
GROUP_FIGURES = f"""
WITH {_SUBJECT_MAP.strip()},
group_bounds AS (
    SELECT group_code, from_date AS d FROM memberships
    UNION
    SELECT group_code, to_date AS d FROM memberships WHERE to_date IS NOT NULL
),
all_periods AS (
    SELECT group_code, d AS from_date,
           LEAD(d) OVER (PARTITION BY group_code ORDER BY d) AS to_date
    FROM group_bounds
),
-- Periods over before the first window ends can't hold a question's date.
group_periods AS (
    SELECT ROW_NUMBER() OVER (ORDER BY p.group_code, p.from_date) AS period_id,
           p.group_code, p.from_date, p.to_date
    FROM all_periods AS p
    WHERE p.to_date IS NULL
       OR p.to_date > (SELECT MIN(w.end_date) FROM windows AS w WHERE w.dataset = $dataset)
    UNION ALL
    SELECT 0, 'WORLD', CAST(NULL AS DATE), CAST(NULL AS DATE)
),
period_members AS (
    SELECT p.period_id, m.iso3
    FROM group_periods AS p JOIN memberships AS m
      ON m.group_code = p.group_code AND m.from_date <= p.from_date
     AND (m.to_date IS NULL OR m.to_date > p.from_date)
    UNION ALL
    SELECT 0, c.iso3 FROM countries AS c
),
article_sets AS (
    SELECT article_id, year, subject,
           ARRAY_TO_STRING(LIST_SORT(LIST(iso3)), ',') AS country_set
    FROM article_countries WHERE dataset = $dataset
    GROUP BY article_id, year, subject
),
-- Each distinct set is named by its first article, so later joins compare integers.
set_ids AS (
    SELECT country_set, MIN(article_id) AS set_id FROM article_sets GROUP BY country_set
),
set_counts AS (
    SELECT i.set_id, s.year, s.subject, COUNT(*) AS n
    FROM article_sets AS s JOIN set_ids AS i ON i.country_set = s.country_set
    GROUP BY i.set_id, s.year, s.subject
),
set_countries AS (
    SELECT i.set_id, ac.iso3
    FROM set_ids AS i JOIN article_countries AS ac ON ac.article_id = i.set_id
    WHERE ac.dataset = $dataset
),
set_members AS (
    SELECT sc.set_id, pm.period_id, COUNT(*) AS members, MIN(sc.iso3) AS one_member
    FROM set_countries AS sc JOIN period_members AS pm ON pm.iso3 = sc.iso3
    GROUP BY sc.set_id, pm.period_id
),
-- With two members every country of the set has another member beside it; with one, every
-- country but that member does.
counting_sets AS (
    SELECT sm.set_id, sm.period_id, sc.iso3
    FROM set_members AS sm JOIN set_countries AS sc ON sc.set_id = sm.set_id
    WHERE sm.members > 1 OR sc.iso3 <> sm.one_member
),
counted AS (
    SELECT f.period_id, n.year, n.subject, f.iso3, SUM(n.n) AS articles
    FROM counting_sets AS f JOIN set_counts AS n ON n.set_id = f.set_id
    GROUP BY f.period_id, n.year, n.subject, f.iso3
)
SELECT $dataset AS dataset, p.group_code, p.from_date, p.to_date, c.year,
       m.target_subject AS subject, c.iso3, CAST(SUM(c.articles) AS DOUBLE) AS articles
FROM counted AS c
JOIN subject_map AS m ON m.source_subject = c.subject
JOIN group_periods AS p ON p.period_id = c.period_id
GROUP BY p.group_code, p.from_date, p.to_date, c.year, m.target_subject, c.iso3
"""


@dataclass(frozen=True)
class Build:
    table: str
    select: str
    # The store keeps the rows in this order: a question filters on these columns, and DuckDB
    # skips every row group whose min/max can't match, so a lookup in 17.6 million pair rows
    # reads one or two groups (2.5 ms against 130 ms unsorted, measured at the full shape).
    order: tuple[str, ...] = ()


# In the order they run: each reads only the input tables and the ones built before it.
BUILDS: tuple[Build, ...] = (
    Build("article_countries", ARTICLE_COUNTRIES),
    Build("pair_figures", PAIR_FIGURES, ("dataset", "a", "subject", "year", "b")),
    Build("country_figures", COUNTRY_FIGURES, ("dataset", "iso3", "subject", "year")),
    Build("group_figures", GROUP_FIGURES, ("dataset", "group_code", "iso3", "subject", "year")),
)
ORDER = {b.table: b.order for b in BUILDS}


def ordered(table: str, rows_sql: str) -> str:
    """`rows_sql` (a SELECT or a table expression's rows) in the store's order for `table`."""
    keys = ORDER.get(table, ())
    if not keys:
        return rows_sql
    return f"SELECT * FROM ({rows_sql}) AS built ORDER BY {', '.join(keys)}"
