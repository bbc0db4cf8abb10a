"""What a build-spark output folder holds: one Parquet folder per store table and the `_stats` record, written last."""

from __future__ import annotations

from data import aggregates

STATS = "_stats"
FORMAT_VERSION = 1
# The article-level tables and every table the build statements make, in the store's columns.
TABLES = ("articles", "authorships", *(b.table for b in aggregates.BUILDS))
