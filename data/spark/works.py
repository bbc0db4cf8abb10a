"""OpenAlex works read by Spark (JSON lines or Parquet) and flattened into the staged rows the works rules read.

The DuckDB loader's reader (data/loaders/works.py) checks each line in Python and appends
the same four staged tables; here Spark SQL does the flattening on the executors (no Python
UDFs), and the rules that decide what counts (data/loaders/workrules.py) then run unchanged
on both engines. A record that is not a work in the documented schema refuses the input
whole, as in the DuckDB loader.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

# The fields the rules read, in both snapshot schemas. Spark parses each JSON line against
# it; a value of the wrong JSON type makes the record corrupt (`_corrupt_record`), which
# refuses the input like a line the DuckDB reader can't read.
_VENUE = "STRUCT<display_name: STRING, issn_l: STRING, issn: ARRAY<STRING>>"
WORKS_SCHEMA = (
    "id STRING, publication_year BIGINT, publication_date STRING, updated_date STRING, "
    "type STRING, is_authors_truncated BOOLEAN, "
    "authorships ARRAY<STRUCT<institutions: ARRAY<STRUCT<country_code: STRING>>, "
    "countries: ARRAY<STRING>>>, "
    "primary_topic STRUCT<field: STRUCT<display_name: STRING>, "
    "domain: STRUCT<display_name: STRING>>, "
    "concepts ARRAY<STRUCT<display_name: STRING, level: BIGINT, score: DOUBLE>>, "
    f"primary_location STRUCT<source: {_VENUE}>, host_venue {_VENUE}"
)
CORRUPT = "_corrupt_record"
MAX_ID = 2**63 - 1

# One row per record read, its fields checked: the view every staged table is selected from.
# `problem` names what makes the record unusable as a work (the input is then refused).
CHECKED = r"""
SELECT
    file,
    CASE WHEN id RLIKE '^\\s*(?i:(https?://openalex\\.org/)?W)?[0-9]{1,19}\\s*$'
         THEN TRY_CAST(REGEXP_EXTRACT(id, '([0-9]+)', 1) AS BIGINT) END AS article_id,
    CASE
        WHEN bad_json THEN 'not valid JSON, or a field of the wrong type'
        WHEN id IS NULL
          OR NOT id RLIKE '^\\s*(?i:(https?://openalex\\.org/)?W)?[0-9]{1,19}\\s*$'
          OR COALESCE(TRY_CAST(REGEXP_EXTRACT(id, '([0-9]+)', 1) AS BIGINT), 0) <= 0
            THEN 'the work id is missing or not an OpenAlex W-id (W and at most 19 digits)'
        WHEN publication_date IS NOT NULL AND NOT publication_date RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
            THEN 'publication_date is not YYYY-MM-DD'
        WHEN publication_date IS NOT NULL AND TRY_TO_DATE(publication_date, 'yyyy-MM-dd') IS NULL
            THEN 'publication_date is not a real date'
        WHEN authorships IS NULL THEN 'authorships is missing or not a list'
        WHEN EXISTS(authorships, a -> a IS NULL) THEN 'an authorship is not a JSON object'
        WHEN EXISTS(authorships, a -> EXISTS(a.institutions, i -> i IS NULL))
            THEN 'authorships[].institutions[] is not a JSON object'
        WHEN EXISTS(authorships, a -> EXISTS(a.countries, c -> c IS NULL))
            THEN 'authorships[].countries is not a list of country codes'
    END AS problem,
    publication_year, publication_date, updated_date, type, is_authors_truncated,
    authorships, primary_topic, concepts,
    COALESCE(primary_location.source, host_venue) AS venue, raw
FROM raw_works
"""

STAGE_WORKS = """
SELECT article_id, file, CAST(NULL AS BIGINT) AS line,
       CAST(CASE
           WHEN publication_year IS NULL THEN YEAR(TO_DATE(publication_date, 'yyyy-MM-dd'))
           WHEN publication_year BETWEEN -2147483647 AND 2147483647 THEN publication_year
       END AS INT) AS year,
       TO_DATE(publication_date, 'yyyy-MM-dd') AS date,
       CASE WHEN SUBSTRING(updated_date, 1, 10) RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
            THEN TRY_TO_DATE(SUBSTRING(updated_date, 1, 10), 'yyyy-MM-dd') END AS updated,
       type, COALESCE(is_authors_truncated, FALSE) AS truncated,
       CAST(SIZE(authorships) AS INT) AS n_authors,
       primary_topic.field.display_name AS topic_field,
       primary_topic.domain.display_name AS topic_domain,
       venue.display_name AS journal
FROM checked_works
"""

# Each institution (its country_code as written, NULL when it has none) and each `countries`
# entry, with the author's position in the list.
STAGE_AFFILIATIONS = """
SELECT w.article_id, CAST(a.author AS INT) AS author, 'institution' AS kind,
       i.country_code AS iso2
FROM checked_works w
LATERAL VIEW POSEXPLODE(w.authorships) a AS author, authorship
LATERAL VIEW EXPLODE(a.authorship.institutions) x AS i
UNION ALL
SELECT w.article_id, CAST(a.author AS INT), 'country', c
FROM checked_works w
LATERAL VIEW POSEXPLODE(w.authorships) a AS author, authorship
LATERAL VIEW EXPLODE(a.authorship.countries) x AS c
"""

# Level-0 concepts with a name and a score, numbered in the record's order.
STAGE_CONCEPTS = """
SELECT article_id, CAST(position AS INT) AS position, concept.display_name AS name,
       concept.score AS score
FROM (
    SELECT article_id,
           FILTER(concepts, c -> c.level = 0 AND c.display_name IS NOT NULL
                              AND c.score IS NOT NULL AND NOT ISNAN(c.score)) AS level0
    FROM checked_works
) t
LATERAL VIEW POSEXPLODE(level0) x AS position, concept
"""

# The venue's ISSN-L, then its ISSNs not already listed.
STAGE_ISSNS = """
SELECT DISTINCT article_id, issn FROM (
    SELECT article_id, venue.issn_l AS issn FROM checked_works WHERE venue.issn_l IS NOT NULL
    UNION ALL
    SELECT w.article_id, i FROM checked_works w LATERAL VIEW EXPLODE(w.venue.issn) x AS i
    WHERE i IS NOT NULL
) t
"""

STAGES = {
    "stage_works": STAGE_WORKS,
    "stage_affiliations": STAGE_AFFILIATIONS,
    "stage_concepts": STAGE_CONCEPTS,
    "stage_issns": STAGE_ISSNS,
}

# The first records at fault per problem, and how many.
PROBLEMS = """
SELECT problem, file, COUNT(*) OVER (PARTITION BY problem) AS total, snippet
FROM (
    SELECT problem, file, SUBSTRING(COALESCE(raw, ''), 1, 60) AS snippet,
           ROW_NUMBER() OVER (PARTITION BY problem ORDER BY file) AS k
    FROM checked_works
    WHERE problem IS NOT NULL
) t
WHERE k <= 5
"""
DUPLICATES = """
SELECT article_id, COUNT(*) AS n, ARRAY_JOIN(ARRAY_SORT(COLLECT_SET(file)), ', ') AS files,
       COUNT(*) OVER () AS total
FROM checked_works GROUP BY article_id HAVING COUNT(*) > 1 ORDER BY article_id LIMIT 5
"""


@dataclass(frozen=True)
class Problem:
    what: str
    total: int
    examples: tuple[str, ...]  # "file: “snippet…”"


def read_works(spark: Any, paths: list[str], fmt: str) -> Any:
    """The raw works DataFrame with a `file` column and a `bad_json` flag, registered as the
    view `raw_works`, then the checked view `checked_works`."""
    from pyspark.sql import functions as F

    if fmt == "json":
        frame = (
            spark.read.schema(f"{WORKS_SCHEMA}, {CORRUPT} STRING")
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", CORRUPT)
            .json(paths)
        )
        bad = F.col(CORRUPT).isNotNull()
        raw = F.col(CORRUPT)
    else:
        frame = spark.read.parquet(*paths)
        frame = _with_missing_columns(frame)
        bad, raw = F.lit(False), F.lit(None).cast("string")
    # Spark refuses a query on raw JSON that reads only the corrupt-record column; selecting
    # it beside the others (as here) is allowed.
    frame = frame.select(
        *[F.col(name) for name in _top_level_names()],
        bad.alias("bad_json"),
        raw.alias("raw"),
        F.input_file_name().alias("file"),
    )
    frame.createOrReplaceTempView("raw_works")
    # Kept after the first pass: the checks and the four staged tables read it seven times,
    # and parsing the JSON again each time would cost more than keeping it.
    checked = spark.sql(CHECKED).persist()
    checked.createOrReplaceTempView("checked_works")
    return checked


def _top_level_names() -> list[str]:
    return [
        "id",
        "publication_year",
        "publication_date",
        "updated_date",
        "type",
        "is_authors_truncated",
        "authorships",
        "primary_topic",
        "concepts",
        "primary_location",
        "host_venue",
    ]


def _with_missing_columns(frame: Any) -> Any:
    """Parquet works lack the columns their schema has no use for (host_venue in the newer
    snapshot, primary_topic in the older): add them as NULLs of the JSON schema's type."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import StructType, _parse_datatype_string

    wanted = cast(StructType, _parse_datatype_string(WORKS_SCHEMA))
    for field in wanted.fields:
        if field.name not in frame.columns:
            frame = frame.withColumn(field.name, F.lit(None).cast(field.dataType))
    return frame


def problems(spark: Any) -> list[Problem]:
    """What makes the input unusable: records that are not works, and duplicate ids."""
    found: dict[str, tuple[int, list[str]]] = {}
    for row in spark.sql(PROBLEMS).collect():
        total, examples = found.setdefault(row["problem"], (row["total"], []))
        snippet = f" (“{row['snippet']}…”)" if row["snippet"] else ""
        examples.append(f"{_name(row['file'])}{snippet}")
    out = [Problem(what, total, tuple(ex)) for what, (total, ex) in found.items()]
    dups = spark.sql(DUPLICATES).collect()
    if dups:
        twice = tuple(
            f"W{r['article_id']} ({r['n']} times, in {', '.join(_name(f) for f in r['files'].split(', '))})"
            for r in dups
        )
        out.append(Problem("the same work appears more than once", dups[0]["total"], twice))
    return out


def _name(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]
