"""The query connection under attack: every way the code offers to reach DuckDB refuses writes,
ATTACH, file reads, extensions and setting changes; slow queries are stopped and reported;
memory and rows are capped. (tests/test_store.py holds the basic cases; these go wider.)
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import duckdb
import pytest
from adversarial_questions import INJECTIONS

from bot.pipeline import Answerer
from data.store import QueryTimeout, Store

EVIL = Path("/tmp/collabbot-evil")
SLOW_SQL = "SELECT COUNT(*) FROM range(1000000) a, range(1000000) b WHERE a.range + b.range = -1"

# One per kind of escape: writes, DDL, temporary state, attach/detach, files in and out,
# extensions, secrets, settings (SET, RESET, PRAGMA, GLOBAL/SESSION), transactions, stacking.
ATTEMPTS = {
    "write": [
        "INSERT INTO countries VALUES ('XXX', 'XX', 'Nowhere')",
        "INSERT INTO articles SELECT * FROM articles",
        "UPDATE datasets SET version = 'x'",
        "DELETE FROM pair_figures",
        "DROP TABLE articles",
        "ALTER TABLE articles ADD COLUMN x INTEGER",
        "CREATE TABLE evil (x INTEGER)",
        "CREATE VIEW evil AS SELECT 1",
        "CREATE MACRO evil(x) AS x",
        "CREATE SEQUENCE evil",
        "CREATE TYPE evil AS ENUM ('a')",
        "CREATE TEMP TABLE evil AS SELECT 1",
        "CREATE OR REPLACE TEMP VIEW evil AS SELECT * FROM articles",
        "CHECKPOINT",
        "FORCE CHECKPOINT",
        "VACUUM",
        "BEGIN TRANSACTION",
        "SELECT 1; DROP TABLE articles",
        "SELECT 1; CREATE TEMP TABLE evil AS SELECT 1",
    ],
    "attach": [
        f"ATTACH '{EVIL}.duckdb' AS evil",
        f"ATTACH '{EVIL}.duckdb' AS evil (READ_WRITE)",
        "ATTACH ':memory:' AS evil",
        "DETACH tiny",
        "USE memory",
    ],
    "files": [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_csv_auto('/etc/hostname')",
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM read_blob('/etc/hostname')",
        "SELECT * FROM read_json_auto('/etc/hostname')",
        "SELECT * FROM read_parquet('/tmp/x.parquet')",
        "SELECT * FROM parquet_metadata('/tmp/x.parquet')",
        "SELECT * FROM sniff_csv('/etc/passwd')",
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM '/etc/passwd'",
        "SELECT * FROM 'https://example.com/x.csv'",
        "COPY articles FROM '/etc/passwd'",
        f"COPY articles TO '{EVIL}.csv'",
        f"COPY (SELECT 1) TO '{EVIL}.parquet' (FORMAT parquet)",
        f"EXPORT DATABASE '{EVIL}-export'",
        "IMPORT DATABASE '/tmp'",
    ],
    "extensions": [
        "INSTALL httpfs",
        "FORCE INSTALL httpfs",
        "LOAD httpfs",
        f"LOAD '{EVIL}.duckdb_extension'",
        "SELECT * FROM duckdb_extensions()",
        "CREATE SECRET evil (TYPE s3, KEY_ID 'x', SECRET 'y')",
    ],
    "settings": [
        "SET enable_external_access = true",
        "SET enable_external_access = false",
        "SET lock_configuration = false",
        "RESET lock_configuration",
        "SET memory_limit = '20GB'",
        "SET GLOBAL memory_limit = '20GB'",
        "RESET memory_limit",
        "SET SESSION threads = 64",
        "PRAGMA threads = 64",
        "PRAGMA memory_limit = '10GB'",
        "PRAGMA enable_profiling",
        "SET allowed_directories = ['/']",
        "SET temp_directory = '/tmp/collabbot-evil-spill'",
        f"SET profiling_output = '{EVIL}.json'",
        "SET autoinstall_known_extensions = true",
        "SET allow_unsigned_extensions = true",
        "CALL pragma_database_size()",
        "SELECT set_config('memory_limit', '20GB')",
    ],
}
ALL_ATTEMPTS = [(kind, sql) for kind, sqls in ATTEMPTS.items() for sql in sqls]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def no_evil_files() -> bool:
    return not any(Path("/tmp").glob("collabbot-evil*"))


@pytest.fixture(scope="module")
def tiny_once(tmp_path_factory):
    from fixtures_db import build_tiny

    path = tmp_path_factory.mktemp("attack") / "tiny.duckdb"
    build_tiny(path)
    return path


@pytest.fixture
def store(tiny_once):
    s = Store(tiny_once)
    yield s
    s.close()


@pytest.mark.parametrize(
    ("kind", "sql"), ALL_ATTEMPTS, ids=[f"{k}:{s[:40]}" for k, s in ALL_ATTEMPTS]
)
def test_store_run_refuses(store, tiny_once, kind, sql):
    before = sha256(tiny_once)
    with pytest.raises(duckdb.Error):
        store.run(sql)
    # and the connection still reads, with nothing left behind
    assert store.run("SELECT COUNT(*) FROM articles").rows == ((9,),)
    assert store.run("SELECT COUNT(*) FROM duckdb_tables() WHERE temporary").rows == ((0,),)
    store.close()
    assert sha256(tiny_once) == before
    assert no_evil_files()


def test_the_raw_connection_refuses_the_file_and_settings(store, tiny_db):
    """`Store.connection()` is public (the pipeline uses it): the same refusals hold there."""
    before = sha256(tiny_db)
    con = store.connection()
    refused = 0
    for kind, sql in ALL_ATTEMPTS:
        if kind == "write" and any(w in sql for w in ("TEMP", "CHECKPOINT", "VACUUM", "BEGIN")):
            continue  # harmless on a read-only file; Store.run refuses them (test above)
        if sql.startswith("CALL pragma_database_size"):
            continue  # a read
        with pytest.raises(duckdb.Error):
            con.cursor().execute(sql)
        refused += 1
    assert refused > 50
    store.close()
    assert sha256(tiny_db) == before and no_evil_files()


def test_bound_parameters_are_values_not_sql(store):
    for payload in INJECTIONS:
        rows = store.run("SELECT COUNT(*) FROM countries WHERE iso3 = ?", [payload]).rows
        assert rows == ((0,),)
        rows = store.run("SELECT ?::VARCHAR AS v", [payload]).rows
        assert rows == ((payload,),)


def test_a_second_store_on_the_same_file_is_locked_too(store, tiny_db):
    store.run("SELECT 1")
    other = Store(tiny_db)
    settings = dict(
        other.run(
            "SELECT name, value FROM duckdb_settings() WHERE name IN "
            "('enable_external_access', 'lock_configuration', 'autoload_known_extensions',"
            " 'autoinstall_known_extensions')"
        ).rows
    )
    assert settings == {
        "enable_external_access": "false",
        "lock_configuration": "true",
        "autoload_known_extensions": "false",
        "autoinstall_known_extensions": "false",
    }
    with pytest.raises(duckdb.Error):
        other.run("SET enable_external_access = true")


def test_memory_limit_stops_a_greedy_query(tmp_path):
    from fixtures_db import build_tiny

    path = tmp_path / "mem.duckdb"
    build_tiny(path)
    store = Store(path, memory_limit="64MB")
    assert store.run("SELECT current_setting('memory_limit')").rows[0][0].endswith("MiB")
    with pytest.raises(duckdb.OutOfMemoryException):
        store.run("SELECT length(string_agg(range::VARCHAR, ',')) FROM range(30000000)")
    assert store.run("SELECT COUNT(*) FROM articles").rows == ((9,),)
    store.close()


def test_a_slow_query_is_stopped_and_reported_as_an_answer(tiny_db):
    answerer = Answerer(tiny_db)
    answerer.store.timeout_s = 0.3
    real_run = answerer.store.run

    def slow_figures(sql, params=None):
        # The dataset facts load as usual; the figures query is replaced by a slow one.
        return real_run(SLOW_SQL if "pair_figures" in sql else sql, params)

    answerer.store.run = slow_figures  # type: ignore[method-assign]
    started = time.perf_counter()
    answer = answerer.answer("CS China–Thailand 2023")
    took = time.perf_counter() - started
    assert not answer.ok and answer.error.code == "timeout", answer.error
    assert "Traceback" not in answer.error.message
    assert took < 3.0, took
    answerer.store.run = real_run  # type: ignore[method-assign]
    assert answerer.answer("CS China–Thailand 2023").ok
    with pytest.raises(QueryTimeout):
        answerer.store.run(SLOW_SQL)


def test_the_row_cap_holds_on_the_pipeline_path(tiny_db):
    store = Store(tiny_db, row_cap=3)
    result = store.run("SELECT * FROM range(1000000)")
    assert len(result.rows) == 3 and result.truncated


def test_questions_made_of_sql_leave_the_file_untouched(tiny_db):
    before = sha256(tiny_db)
    answerer = Answerer(tiny_db)
    for _, sql in ALL_ATTEMPTS:
        answer = answerer.answer(sql)
        assert answer.ok or answer.error.code not in {"internal_error", "timeout"}
    answerer.store.close()
    assert sha256(tiny_db) == before and no_evil_files()
