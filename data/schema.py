"""The store's tables: DDL and the column allow-list the compiler qualifies against."""

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
        # Provenance added with the real-data loaders (older files get them by ALTER TABLE):
        "as_of": "DATE",  # the date the data was taken; NULL where nobody can say (the demo)
        "as_of_basis": "VARCHAR",  # where that date came from ("--as-of", "file headers", …)
        "incomplete_lag_months": "INTEGER",  # a year ending less than this before as_of may grow
        "filters": "VARCHAR",  # what a load kept ("types: article; journals: …"), "" for none
    },
    # Works a load left out, by reason (a small fixed vocabulary, data/loaders/workrules.py).
    "left_out": {"dataset": "VARCHAR", "reason": "VARCHAR", "works": "BIGINT"},
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
    # Built at load time from articles + authorships (data/aggregates.py): one row per
    # (article, country) of internationally collaborative articles only, with what the pair
    # and group builders need.
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
    # Articles of a focal country (iso3) with at least one other country of a group, per
    # period [from_date, to_date) in which the group's membership is constant (NULL from_date
    # or to_date: unbounded). A question's membership date falls in one period, so group and
    # share questions are lookups. No row: no such article.
    "group_figures": {
        "dataset": "VARCHAR",
        "group_code": "VARCHAR",
        "from_date": "DATE",
        "to_date": "DATE",
        "year": "INTEGER",
        "subject": "VARCHAR",
        "iso3": "VARCHAR",
        "articles": "DOUBLE",
    },
}

QUERYABLE_TABLES = tuple(SCHEMA)

# The tables that hold rows of one dataset (column `dataset`): a load replaces its rows in all.
DATASET_TABLES = (
    "windows",
    "articles",
    "authorships",
    "article_countries",
    "pair_figures",
    "country_figures",
    "group_figures",
)


def create_table_sql(table: str) -> str:
    cols = ", ".join(f'"{name}" {kind}' for name, kind in SCHEMA[table].items())
    return f'CREATE TABLE IF NOT EXISTS "{table}" ({cols})'


DDL: tuple[str, ...] = tuple(create_table_sql(t) for t in SCHEMA)

# Columns added to a table after files were first written: a write brings an older file up to
# date, and the read path asks which of them a file has (dataset_columns in queries/datasets.py).
ADDED_COLUMNS: dict[str, tuple[str, ...]] = {
    "datasets": ("as_of", "as_of_basis", "incomplete_lag_months", "filters"),
}
# Tables added later that an older file may lack without losing anything: a write creates them
# (DDL) and readers ask whether they are there. A file without group_figures, by contrast,
# cannot answer group questions: it is outdated (data/health.py).
OPTIONAL_TABLES: tuple[str, ...] = ("left_out",)
MIGRATIONS: tuple[str, ...] = tuple(
    f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS "{column}" {SCHEMA[table][column]}'
    for table, columns in ADDED_COLUMNS.items()
    for column in columns
)
DEFAULT_LAG_MONTHS = 12

# Natural sciences = every subject but health sciences (DATA.md); "all" = all five.
NATURAL_SUBJECTS = (
    "biological_sciences",
    "chemistry",
    "earth_environmental_sciences",
    "physical_sciences",
)
