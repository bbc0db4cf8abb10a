"""The Spark job: OpenAlex works in, the store's tables out as Parquet, by the loader's own rules and build statements.

    python -m bot data build-spark SRC OUT [--master local[N] | --remote sc://HOST:PORT]
        [--format json|parquet] [--types …] [--journals …]
    spark-submit data/spark/job.py SRC OUT [...]            (the same job on a cluster)

The works are staged (data/spark/works.py), then the openalex-works rules
(data/loaders/workrules.py) and the aggregation statements (data/aggregates.py) run as Spark
SQL, transpiled from the DuckDB text by sqlglot: the same statements the DuckDB loader runs.
OUT then holds one Parquet folder per store table and `_stats` (what was read, left out,
built), written last: `data load spark-figures OUT` refuses a folder without it. A local OUT
is written beside itself and renamed into place only when complete.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from data.errors import UserError
from data.loaders import workrules as rules
from data.loaders.journals import JournalList
from data.loaders.report import listing
from data.loaders.windows import calendar
from data.schema import SCHEMA
from data.spark import works
from data.spark.build import build_figures, register_catalogue, sql, write_then_view
from data.spark.layout import FORMAT_VERSION, STATS

Say = Callable[[str], None]


@dataclass(frozen=True)
class JobOptions:
    sources: tuple[str, ...]
    out: str
    fmt: str = "json"
    types: tuple[str, ...] | None = rules.DEFAULT_TYPES  # None = every type
    journals: JournalList | None = None
    master: str | None = None
    remote: str | None = None
    shuffle_partitions: int | None = None
    driver_memory: str | None = None  # local mode: the JVM's heap (default: a quarter of RAM)


@dataclass
class JobResult:
    out: str
    read: int = 0
    loaded: int = 0
    left_out: dict[str, int] = field(default_factory=dict)
    tables: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def run(options: JobOptions, spark: Any = None, say: Say | None = None) -> JobResult:
    """Run the job on `spark` (or a session opened from the options); UserError for input it
    refuses or can't read, with OUT left as it was."""
    say = say or (lambda message: None)
    started = time.perf_counter()
    _check_sources(options)
    if spark is None:
        from data.spark.session import open_session

        spark = open_session(
            options.master, options.remote, options.shuffle_partitions, options.driver_memory
        )
    local_out = "://" not in options.out
    target = _partial_dir(options.out) if local_out else options.out.rstrip("/")
    try:
        result = _build(spark, options, target, say)
        if local_out:
            _swap_into_place(Path(target), Path(options.out))
    except _spark_errors() as exc:
        unreadable = _unreadable(exc, options) or _out_of_memory(exc, options)
        if unreadable is None:
            raise  # a bug or an engine failure: not the person's input
        raise unreadable from exc
    except _engine_gone() as exc:
        raise _engine_stopped(exc, options) from exc
    finally:
        if local_out:
            shutil.rmtree(target, ignore_errors=True)
    result.out = options.out
    result.seconds = time.perf_counter() - started
    return result


def _build(spark: Any, options: JobOptions, target: str, say: Say) -> JobResult:
    # DuckDB's semantics where they differ (integer overflow and bad casts give NULL, not an
    # error): the transpiled statements mean what they mean in the DuckDB loader.
    spark.conf.set("spark.sql.ansi.enabled", "false")
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    say("reading works")
    checked = works.read_works(spark, list(options.sources), options.fmt)
    try:
        return _build_checked(spark, options, target, say, checked)
    finally:
        checked.unpersist()


def _build_checked(
    spark: Any, options: JobOptions, target: str, say: Say, checked: Any
) -> JobResult:
    read = checked.count()
    if not read:
        raise _refused(options, ["no works in the input (only blank lines, or no part files)"])
    found = works.problems(spark)
    if found:
        raise _refused(
            options,
            [f"{p.what}: {listing(list(p.examples), p.total)}" for p in found],
        )
    say("staging")
    _register_inputs(spark, options)
    for name, statement in works.STAGES.items():
        write_then_view(spark, spark.sql(statement), target, name, temporary=True)
    say("applying the rules")
    for name, statement in rules.STEPS:
        write_then_view(spark, sql(spark, statement), target, name, temporary=True)
    tables: dict[str, int] = {}
    for table, statement in (("articles", rules.ARTICLES), ("authorships", rules.AUTHORSHIPS)):
        frame = sql(spark, statement).toDF(*SCHEMA[table])
        tables[table] = write_then_view(spark, frame, target, table)
    left_out = {r[0]: int(r[1]) for r in sql(spark, rules.LEFT_OUT).collect()}
    order = list(rules.REASONS)
    left_out = {code: left_out[code] for code in order if left_out.get(code)}
    loaded = read - sum(left_out.values())
    if not loaded:
        raise _refused(options, [f"none of the {read:,} works could be loaded ({left_out})"])
    years = sorted(r[0] for r in spark.sql("SELECT DISTINCT year FROM articles").collect())
    tables.update(build_figures(spark, target, calendar(years), say))
    newest_update, newest_date = sql(
        spark, "SELECT MAX(updated), MAX(date) FROM stage_works"
    ).collect()[0]
    unknown = [(r[0], int(r[1])) for r in sql(spark, rules.UNKNOWN_CODES).collect()]
    stats = {
        "format_version": FORMAT_VERSION,
        "run": uuid.uuid4().hex,
        "finished_at": dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds"),
        "sources": list(options.sources),
        "input_format": options.fmt,
        "filters": _filters(options),
        "read": read,
        "loaded": loaded,
        "left_out": left_out,
        "unknown_codes": unknown,
        "years": years,
        "newest_updated_date": newest_update.isoformat() if newest_update else None,
        "newest_publication_date": newest_date.isoformat() if newest_date else None,
        "tables": tables,
        "spark_version": spark.version,
    }
    # Written last: its presence says every table above is complete.
    spark.createDataFrame([(json.dumps(stats),)], "stats STRING").coalesce(1).write.mode(
        "overwrite"
    ).text(f"{target}/{STATS}")
    for name in (*works.STAGES, *(n for n, _ in rules.STEPS)):
        _drop_temporary(target, name)
    return JobResult(options.out, read, loaded, left_out, tables)


def _drop_temporary(target: str, name: str) -> None:
    if "://" not in target:
        shutil.rmtree(Path(target) / "_tmp" / name, ignore_errors=True)


def _register_inputs(spark: Any, options: JobOptions) -> None:
    """The catalogue and the load's choices, as the views the rules and builds read."""
    kept = rules.types_kept(options.types)
    spark.createDataFrame(
        [(kept is not None, options.journals is not None)],
        "filter_types BOOLEAN, filter_journals BOOLEAN",
    ).createOrReplaceTempView("stage_settings")
    spark.createDataFrame([(t,) for t in kept or ()], "type STRING").createOrReplaceTempView(
        "stage_types"
    )
    issns = sorted(options.journals.issns) if options.journals else []
    spark.createDataFrame([(i,) for i in issns], "issn STRING").createOrReplaceTempView(
        "stage_journals"
    )
    register_catalogue(spark)


def _filters(options: JobOptions) -> str:
    kept = rules.types_kept(options.types)
    parts = [f"types: {', '.join(kept)}" if kept else "types: all"]
    if options.journals is not None:
        parts.append(f"journals: {options.journals.description}")
    return "; ".join(parts)


def _check_sources(options: JobOptions) -> None:
    if options.fmt not in ("json", "parquet"):
        raise UserError("bad_option", f"--format takes json or parquet, not “{options.fmt}”.")
    missing = [s for s in options.sources if "://" not in s and not Path(s).exists()]
    if missing:
        raise UserError("bad_file", f"No such file or folder: {', '.join(missing[:5])}.")
    if "://" not in options.out:
        out = Path(options.out)
        if out.exists() and not (out / STATS).exists():
            raise UserError(
                "bad_option",
                f"{out} exists and is not the output of an earlier build-spark run; give a "
                "new folder (the job replaces only its own output).",
            )


def _refused(options: JobOptions, problems: Sequence[str]) -> UserError:
    what = options.sources[0] if len(options.sources) == 1 else f"the {len(options.sources)} inputs"
    return UserError(
        "bad_file",
        f"Can't build from {what}; nothing was written:\n  - " + "\n  - ".join(problems),
    )


# What Spark says when a file can't be read or found (error classes, and the Java exceptions
# under them for a cut-off gzip or a damaged Parquet file).
_READ_FAILURES = (
    "FAILED_READ_FILE",
    "PATH_NOT_FOUND",
    "Path does not exist",
    "Unexpected end of input stream",
    "not in GZIP format",
    "CANNOT_READ_FILE_FOOTER",
    "is not a Parquet file",
)
_CONNECT_FAILURES = ("UNAVAILABLE", "failed to connect", "Connection refused")


def _spark_errors() -> tuple[type[BaseException], ...]:
    """What Spark raises for a failed action: its own errors, and py4j's wrapper of a Java
    exception that local mode passes on unconverted."""
    from pyspark.errors import PySparkException

    try:
        from py4j.protocol import Py4JJavaError
    except ImportError:  # a Connect-only client
        return (PySparkException,)
    return (PySparkException, Py4JJavaError)


def _engine_gone() -> tuple[type[BaseException], ...]:
    """What local mode raises when the Spark JVM has died under the job (py4j loses its
    connection): an out-of-memory kill is the usual cause."""
    try:
        from py4j.protocol import Py4JNetworkError
    except ImportError:  # a Connect-only client
        return ()
    return (Py4JNetworkError, ConnectionError)


_MEMORY_ADVICE = (
    "nothing was written. Give it more memory (--driver-memory 8g in local mode; on a cluster, "
    "larger executors or more shuffle partitions with --shuffle-partitions)."
)


def _out_of_memory(exc: BaseException, options: JobOptions) -> UserError | None:
    text = str(exc)
    if "OutOfMemoryError" not in text and "Java heap space" not in text:
        return None
    return UserError(
        "spark_failed", f"Spark ran out of memory building {_sources(options)}; {_MEMORY_ADVICE}"
    )


def _engine_stopped(exc: BaseException, options: JobOptions) -> UserError:
    """The Spark engine stopped mid-job; its own log (above, on stderr) says why."""
    return UserError(
        "spark_failed",
        f"The Spark engine stopped while building {_sources(options)} (its log above says why; "
        f"“Java heap space” there means it ran out of memory); {_MEMORY_ADVICE}",
    )


def _sources(options: JobOptions) -> str:
    first = _name(options.sources[0]) if options.sources else "the works"
    more = len(options.sources) - 1
    return f"{first} and {more:,} more" if more > 0 else first


def _unreadable(exc: BaseException, options: JobOptions) -> UserError | None:
    """The UserError for an input Spark could not read (or a Connect server it could not
    reach), None for anything else."""
    text = str(exc)
    if options.remote and any(marker in text for marker in _CONNECT_FAILURES):
        return UserError(
            "spark_unavailable",
            f"Spark Connect at {options.remote} can't be reached: {_line(text)}",
        )
    if not any(marker in text for marker in _READ_FAILURES):
        return None
    files = re.findall(r"(?:file:|s3a://)[^\s'\]\),]+", text)
    where = f" ({_name(files[0]).rstrip('.')})" if files else ""
    return _refused(options, [f"a file can't be read{where}: {_line(text)}"])


def _line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return (lines[0] if lines else "")[:240]


def _name(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


def _partial_dir(out: str) -> str:
    path = Path(out).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return str(path.parent / f".{path.name}.partial-{os.getpid()}-{uuid.uuid4().hex[:8]}")


def _swap_into_place(partial: Path, out: Path) -> None:
    """Replace OUT by the finished output: a reader sees the old or the new, never half."""
    shutil.rmtree(partial / "_tmp", ignore_errors=True)
    out = out.expanduser().resolve()
    old = out.parent / f".{out.name}.old-{uuid.uuid4().hex[:8]}"
    if out.exists():
        out.rename(old)
    partial.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """spark-submit entry point: the same job, the session from spark-submit's settings."""
    import argparse

    ap = argparse.ArgumentParser(prog="data/spark/job.py")
    ap.add_argument("src", nargs="+")
    ap.add_argument("out")
    ap.add_argument("--format", default="json", choices=("json", "parquet"))
    ap.add_argument("--types", default=None)
    ap.add_argument("--journals", default=None)
    args = ap.parse_args(argv)
    from pyspark.sql import SparkSession

    from data.loaders import parse_types, read_journal_list

    options = JobOptions(
        sources=tuple(args.src),
        out=args.out,
        fmt=args.format,
        types=parse_types(args.types) if args.types else rules.DEFAULT_TYPES,
        journals=read_journal_list(args.journals) if args.journals else None,
    )
    with contextlib.suppress(BrokenPipeError):
        result = run(options, SparkSession.builder.getOrCreate(), say=print)
        print(
            f"built {result.out}: {result.loaded:,} of {result.read:,} works in {result.seconds:.0f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
