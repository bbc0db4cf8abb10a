"""The store's figure tables from `articles` and `authorships` on Spark: the DuckDB build statements, transpiled."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from data import aggregates, catalogue
from data.spark.sql import spark_sql
from data.writer import WindowRow

# The dataset name the tables carry inside the job; `data load spark-figures --dataset NAME`
# writes them under NAME.
JOB_DATASET = "spark_build"
Say = Callable[[str], None]


def build_figures(
    spark: Any, target: str, windows: Sequence[WindowRow], say: Say
) -> dict[str, int]:
    """The aggregation statements on the views `articles` and `authorships` (and the
    catalogue's): each table written under `target`; rows per table."""
    spark.createDataFrame(
        [(JOB_DATASET, w.year, w.label, w.start_date, w.end_date) for w in windows],
        "dataset STRING, year INT, label STRING, start_date DATE, end_date DATE",
    ).createOrReplaceTempView("windows")
    register_catalogue(spark)
    written = {}
    for build in aggregates.BUILDS:
        say(build.table.replace("_", " "))
        frame = sql(spark, build.select)
        written[build.table] = write_then_view(spark, frame, target, build.table)
    return written


def register_catalogue(spark: Any) -> None:
    """countries and memberships, as the views the rules and the builds read."""
    spark.createDataFrame(
        [(c.iso3, c.iso2, c.name) for c in catalogue.countries()],
        "iso3 STRING, iso2 STRING, name STRING",
    ).createOrReplaceTempView("countries")
    spark.createDataFrame(
        [(m.group, m.iso3, m.from_date, m.to_date, m.source) for m in catalogue.memberships()],
        "group_code STRING, iso3 STRING, from_date DATE, to_date DATE, source STRING",
    ).createOrReplaceTempView("memberships")


def sql(spark: Any, statement: str) -> Any:
    return spark.sql(spark_sql(statement, JOB_DATASET))


def write_then_view(spark: Any, frame: Any, target: str, name: str, temporary: bool = False) -> int:
    """Write `frame` as Parquet and read it back as the view `name`: each later statement
    starts from the files, not from the whole plan before it."""
    path = f"{target}/{'_tmp/' if temporary else ''}{name}"
    frame.write.mode("overwrite").parquet(path)
    written = spark.read.parquet(path)
    written.createOrReplaceTempView(name)
    return 0 if temporary else written.count()
