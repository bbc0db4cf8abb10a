"""One SparkSession for the whole test run (local[1], one shuffle partition, UI off), or a skip that says why."""

from __future__ import annotations

import logging

import pytest

from data.spark.session import java_problem, pyspark_problem

_SESSION: list = []


def spark_unavailable() -> str | None:
    """Why the Spark tests can't run on this machine (they run in CI, which has Java 17)."""
    return pyspark_problem() or java_problem()


@pytest.fixture(scope="session")
def spark():
    reason = spark_unavailable()
    if reason:
        pytest.skip(f"Spark tests skipped: {reason}")
    from pyspark.sql import SparkSession

    # py4j logs every connection it closes at INFO; in this process those lines would reach
    # the tests that read the bot's own log records.
    logging.getLogger("py4j").setLevel(logging.WARNING)
    session = (
        SparkSession.builder.master("local[1]")
        .appName("collabbot-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.default.parallelism", "1")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
