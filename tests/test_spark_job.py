"""The Spark job against the DuckDB loader: equal tables on the real works sample and 50,000 generated works, the same answers, and the failures that must leave everything as it was."""

from __future__ import annotations

import hashlib
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT, SHARED
from openalex_works_fixture import write as write_works
from spark_session import spark_unavailable

from benchmarks.processes import descendants
from benchmarks.suite import SUITE
from data.errors import UserError
from data.loaders import load
from data.schema import DATASET_TABLES, SCHEMA
from data.spark.job import JobOptions, run

SAMPLE = SHARED / "data" / "openalex-works-sample" / "works.jsonl.gz"
TOLERANCE = 1e-9
# Every table a load writes for a dataset, and the provenance rows compared beside them.
COMPARED = (*DATASET_TABLES, "left_out")
needs_sample = pytest.mark.skipif(not SAMPLE.is_file(), reason=f"no works sample at {SAMPLE}")


def table_rows(db: Path, table: str, dataset: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f'SELECT * FROM "{table}" WHERE dataset = ?', [dataset]).fetchall()
    finally:
        con.close()


def differences(a: Path, b: Path, dataset: str) -> list[str]:
    """Every table of `dataset` in two stores, row by row; doubles to 1e-9."""
    out = []
    for table in COMPARED:
        kinds = list(SCHEMA[table].values())
        key = [i for i, k in enumerate(kinds) if k != "DOUBLE"]
        ra, rb = table_rows(a, table, dataset), table_rows(b, table, dataset)
        if len(ra) != len(rb):
            out.append(f"{table}: {len(ra)} rows vs {len(rb)}")
            continue
        ia = {tuple(r[i] for i in key): r for r in ra}
        ib = {tuple(r[i] for i in key): r for r in rb}
        if set(ia) != set(ib):
            out.append(f"{table}: keys differ, e.g. {sorted(set(ia) ^ set(ib), key=str)[:3]}")
            continue
        for k, row in ia.items():
            other = ib[k]
            for i, kind in enumerate(kinds):
                if kind == "DOUBLE" and not math.isclose(
                    row[i], other[i], rel_tol=TOLERANCE, abs_tol=TOLERANCE
                ):
                    out.append(f"{table} {k}: {row[i]!r} vs {other[i]!r}")
    return out


def duckdb_store(tmp: Path, source: Path, dataset: str, **options) -> Path:
    db = tmp / f"duckdb-{dataset}.duckdb"
    load("openalex-works", [str(source)], dataset=dataset, db=db, **options)
    return db


def spark_store(spark, tmp: Path, source: Path, dataset: str, fmt: str = "json", **job) -> Path:
    out = tmp / f"spark-out-{dataset}"
    run(JobOptions(sources=(str(source),), out=str(out), fmt=fmt, **job), spark)
    db = tmp / f"spark-{dataset}.duckdb"
    load("spark-figures", [str(out)], dataset=dataset, db=db)
    return db


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    return write_works(tmp_path_factory.mktemp("works") / "works.jsonl.gz", 50_000)


@pytest.fixture(scope="module")
def generated_stores(spark, generated, tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("generated")
    return duckdb_store(tmp, generated, "gen"), spark_store(spark, tmp, generated, "gen")


@needs_sample
def test_the_real_sample_gives_equal_tables_and_left_out_counts(spark, tmp_path):
    duck = duckdb_store(tmp_path, SAMPLE, "sample")
    sparked = spark_store(spark, tmp_path, SAMPLE, "sample")
    assert differences(duck, sparked, "sample") == []
    left = dict((r[1], r[2]) for r in table_rows(sparked, "left_out", "sample"))
    assert {"year", "type", "no_authors", "social_sciences"} <= set(left)
    assert len(table_rows(sparked, "pair_figures", "sample")) > 0


@needs_sample
def test_all_types_in_nature_index_journals_as_parquet(spark, tmp_path):
    """The filters, and Parquet input (the sample written as Parquet by Spark itself)."""
    from data.loaders import WorkFilters, parse_types, read_journal_list
    from data.spark.works import WORKS_SCHEMA

    parquet = tmp_path / "works-parquet"
    spark.read.schema(WORKS_SCHEMA).json(str(SAMPLE)).write.parquet(str(parquet))
    journals = read_journal_list("nature-index")
    duck = duckdb_store(
        tmp_path, SAMPLE, "ni", filters=WorkFilters(types=parse_types("all"), journals=journals)
    )
    sparked = spark_store(
        spark, tmp_path, parquet, "ni", fmt="parquet", types=None, journals=journals
    )
    assert differences(duck, sparked, "ni") == []


def test_50000_generated_works_give_equal_tables(generated_stores):
    duck, sparked = generated_stores
    assert differences(duck, sparked, "gen") == []
    reasons = {r[1] for r in table_rows(sparked, "left_out", "gen")}
    assert {"year", "type", "no_authors", "truncated", "social_sciences"} <= reasons


def test_every_question_kind_answers_the_same_rows(generated_stores):
    from bot.pipeline import Answerer

    duck, sparked = (Answerer(db, default_dataset="gen") for db in generated_stores)
    asked = 0
    for case in SUITE:
        a, b = duck.answer(case.text), sparked.answer(case.text)
        assert a.ok and b.ok, case.text
        assert a.question == b.question, case.text
        assert [(r.country, r.year, r.rank) for r in a.rows] == [
            (r.country, r.year, r.rank) for r in b.rows
        ], case.text
        for x, y in zip(a.rows, b.rows, strict=True):
            assert x.value == pytest.approx(y.value, rel=TOLERANCE, abs=TOLERANCE), case.text
        asked += a.ok
    assert asked == len(SUITE)


# --- through the command line, Spark Connect, and failures -------------------------------------


def bot(*args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=env,
    )


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def store_before(tmp_path) -> Path:
    """A store holding one small dataset, to show a failed build or load leaves it as it was."""
    from fixtures_db import build_tiny

    db = tmp_path / "store.duckdb"
    build_tiny(db)
    return db


@needs_sample
@pytest.mark.slow
def test_build_through_spark_connect_equals_local(spark, tmp_path):
    from spark_connect import connect_server

    if spark_unavailable():
        pytest.skip(spark_unavailable())
    out = tmp_path / "remote-out"
    with connect_server(tmp_path / "connect.log") as url:
        done = bot("data", "build-spark", str(SAMPLE), str(out), "--remote", url)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Built" in done.stdout
    db = tmp_path / "remote.duckdb"
    loaded = bot("data", "load", "spark-figures", str(out), "--dataset", "sample", "--db", str(db))
    assert loaded.returncode == 0, loaded.stderr[-3000:]
    local = spark_store(spark, tmp_path, SAMPLE, "sample")
    assert differences(local, db, "sample") == []


def test_a_cut_off_part_file_is_refused_and_nothing_is_written(spark, tmp_path, generated):
    snapshot = tmp_path / "works" / "updated_date=2024-08-27"
    snapshot.mkdir(parents=True)
    data = generated.read_bytes()
    (snapshot / "part_000.gz").write_bytes(data)
    (snapshot / "part_001.gz").write_bytes(data[: len(data) // 3])  # an interrupted download
    out = tmp_path / "out"
    with pytest.raises(UserError) as refused:
        run(JobOptions(sources=(str(tmp_path / "works"),), out=str(out)), spark)
    assert "part_001.gz" in refused.value.message
    assert not out.exists() and not list(tmp_path.glob(".out.partial-*"))


def test_records_that_are_not_works_refuse_the_input(spark, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"id": "W1", "authorships": []}\n'
        "{not json\n"
        '{"id": "X9", "authorships": []}\n'
        '{"id": "W1", "authorships": []}\n',
        encoding="utf-8",
    )
    with pytest.raises(UserError) as refused:
        run(JobOptions(sources=(str(bad),), out=str(tmp_path / "out")), spark)
    message = refused.value.message
    assert "not valid JSON" in message and "not an OpenAlex W-id" in message
    assert not (tmp_path / "out").exists()


def test_a_missing_path_is_a_clear_error(store_before, tmp_path):
    before = fingerprint(store_before)
    built = bot("data", "build-spark", str(tmp_path / "nowhere"), str(tmp_path / "out"))
    assert built.returncode != 0 and "No such file or folder" in built.stderr
    assert "Traceback" not in built.stderr
    loaded = bot(
        "data", "load", "spark-figures", str(tmp_path / "nowhere"), "--db", str(store_before)
    )
    assert loaded.returncode != 0 and "no such folder" in loaded.stderr
    assert "Traceback" not in loaded.stderr
    assert fingerprint(store_before) == before


def test_a_damaged_output_is_refused_and_the_store_stays(spark, tmp_path, store_before):
    out = tmp_path / "out"
    run(JobOptions(sources=(str(SAMPLE),), out=str(out)), spark)
    before = fingerprint(store_before)
    part = next((out / "pair_figures").glob("*.parquet"))
    part.write_bytes(part.read_bytes()[:200])  # cut short
    with pytest.raises(UserError) as refused:
        load("spark-figures", [str(out)], dataset="x", db=store_before)
    assert "pair_figures" in refused.value.message
    for stats in (out / "_stats").iterdir():
        stats.unlink()  # as a job stopped before its last write leaves a remote folder
    with pytest.raises(UserError) as unfinished:
        load("spark-figures", [str(out)], dataset="x", db=store_before)
    assert "did not finish" in unfinished.value.message
    assert fingerprint(store_before) == before


def _job_halfway(works: Path, out: Path) -> subprocess.Popen:
    """`data build-spark` in its own process group, returned once it is halfway: the rules
    have run and the job is writing the store's tables. Killed if it never gets there."""
    job = subprocess.Popen(
        [sys.executable, "-m", "bot", "data", "build-spark", str(works), str(out)],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 600
        while not list(out.parent.glob(f".{out.name}.partial-*/articles/_SUCCESS")):
            assert job.poll() is None, job.stderr.read().decode()[-2000:] if job.stderr else ""
            assert time.monotonic() < deadline
            time.sleep(0.5)
    except BaseException:
        os.killpg(job.pid, signal.SIGKILL)
        job.wait(timeout=60)
        raise
    return job


@pytest.mark.slow
def test_a_job_killed_halfway_leaves_no_output_and_loads_nothing(tmp_path, store_before, generated):
    if spark_unavailable():
        pytest.skip(spark_unavailable())
    out = tmp_path / "out"
    job = _job_halfway(generated, out)
    os.killpg(job.pid, signal.SIGKILL)
    job.wait(timeout=60)
    assert not out.exists()
    before = fingerprint(store_before)
    loaded = bot("data", "load", "spark-figures", str(out), "--db", str(store_before))
    assert loaded.returncode != 0 and "no such folder" in loaded.stderr
    assert fingerprint(store_before) == before


@pytest.mark.slow
def test_the_spark_engine_dying_mid_job_is_a_clear_error(tmp_path, generated):
    """The JVM killed under the job, as an out-of-memory kill does: the job says the engine
    stopped and how to give it more memory; no traceback, no output."""
    if spark_unavailable():
        pytest.skip(spark_unavailable())
    out = tmp_path / "out"
    job = _job_halfway(generated, out)
    try:
        jvms = descendants(job.pid)
        assert jvms, "pyspark started no JVM under the job"
        for pid in jvms:
            os.kill(pid, signal.SIGKILL)
        _, err = job.communicate(timeout=300)
    finally:
        if job.poll() is None:
            os.killpg(job.pid, signal.SIGKILL)
            job.wait(timeout=60)
    message = err.decode("utf-8", "replace")
    assert job.returncode == 2, message[-2000:]
    assert "The Spark engine stopped while building works.jsonl.gz" in message
    assert "--driver-memory" in message
    assert "Traceback" not in message
    assert not out.exists()


@needs_sample
def test_driver_memory_is_checked_before_spark_starts(tmp_path):
    built = bot(
        "data", "build-spark", str(SAMPLE), str(tmp_path / "out"), "--driver-memory", "lots"
    )
    assert built.returncode == 2
    assert "--driver-memory takes a size such as 4g or 512m, not “lots”" in built.stderr
    assert not (tmp_path / "out").exists()
