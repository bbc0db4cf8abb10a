"""The read path is read-only, time-limited and row-capped; the write path is all or nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from fixtures_db import TINY, TINY_META, build_tiny

from data.store import QueryTimeout, Store, atomic_write, default_db_path
from data.writer import WindowRow, write_article_dataset


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


ESCAPES = [
    "CREATE TABLE evil (x INTEGER)",
    "INSERT INTO countries VALUES ('XXX', 'XX', 'Nowhere')",
    "DELETE FROM articles",
    "DROP TABLE articles",
    "UPDATE datasets SET version = 'x'",
    "ATTACH '/tmp/collabbot-evil.duckdb' AS evil",
    "COPY articles TO '/tmp/collabbot-evil.csv'",
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/hostname')",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SET enable_external_access = true",
    "SET memory_limit = '20GB'",
    "SET lock_configuration = false",
    "PRAGMA threads = 64",
    "EXPORT DATABASE '/tmp/collabbot-export'",
]


@pytest.mark.parametrize("sql", ESCAPES)
def test_query_connection_refuses_writes_files_and_settings(tiny_db, sql):
    before = sha256(tiny_db)
    store = Store(tiny_db)
    with pytest.raises(duckdb.Error):
        store.run(sql)
    store.close()
    assert sha256(tiny_db) == before
    assert not Path("/tmp/collabbot-evil.duckdb").exists()
    assert not Path("/tmp/collabbot-evil.csv").exists()


def test_settings_stay_locked(tiny_db):
    store = Store(tiny_db)
    rows = dict(
        store.run(
            "SELECT name, value FROM duckdb_settings() WHERE name IN "
            "('enable_external_access', 'lock_configuration')"
        ).rows
    )
    assert rows == {"enable_external_access": "false", "lock_configuration": "true"}


def test_a_slow_query_is_interrupted(tiny_db):
    store = Store(tiny_db, timeout_s=0.3)
    with pytest.raises(QueryTimeout):
        store.run(
            "SELECT COUNT(*) FROM range(1000000) a, range(1000000) b WHERE a.range + b.range = -1"
        )
    # The connection still answers afterwards.
    assert store.run("SELECT COUNT(*) FROM articles").rows[0][0] == 9


def test_rows_are_capped(tiny_db):
    result = Store(tiny_db, row_cap=5).run("SELECT * FROM range(100)")
    assert len(result.rows) == 5 and result.truncated
    assert not Store(tiny_db).run("SELECT * FROM range(100)").truncated


def test_values_are_bound_as_parameters(tiny_db):
    rows = (
        Store(tiny_db).run("SELECT COUNT(*) FROM countries WHERE iso3 = ?", ["CHN' OR '1'='1"]).rows
    )
    assert rows[0][0] == 0


def test_one_statement_text_serves_every_value_and_thread(tiny_db):
    """A question's statement is parsed and checked once per text and shared: runs with other
    values, at the same time on other threads, each get their own rows."""
    from concurrent.futures import ThreadPoolExecutor

    store = Store(tiny_db)
    text = "SELECT COUNT(*) FROM range(1000) AS r(i) WHERE r.i < $n"

    def count(n: int) -> int:
        return store.run(text, {"n": n}).rows[0][0]

    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(count, [n % 977 for n in range(400)]))
    assert got == [n % 977 for n in range(400)]
    with pytest.raises(duckdb.PermissionException):
        store.run("CHECKPOINT")  # a refused text is refused every time, never kept
    with pytest.raises(duckdb.PermissionException):
        store.run("CHECKPOINT")


def test_failed_write_leaves_the_file_byte_for_byte(tiny_db):
    before = sha256(tiny_db)
    articles = pd.DataFrame({"article_id": [1], "year": [2023]})  # columns missing
    authorships = pd.DataFrame({"article_id": [1], "iso3": ["CHN"], "share": [1.0]})
    with pytest.raises(duckdb.Error):
        write_article_dataset(
            tiny_db, TINY_META, [WindowRow(2023, "2023", None, None)], articles, authorships
        )
    assert sha256(tiny_db) == before
    # Only the writers' lock file stays beside the database (it is never deleted: lock.py).
    leftovers = [p.name for p in tiny_db.parent.iterdir() if p.name != tiny_db.name]
    assert leftovers == [tiny_db.name + ".lock"]


def test_an_exception_inside_atomic_write_changes_nothing(tiny_db):
    before = sha256(tiny_db)
    with pytest.raises(RuntimeError), atomic_write(tiny_db) as con:
        con.execute("DELETE FROM articles")
        raise RuntimeError("killed half way")
    assert sha256(tiny_db) == before
    assert Store(tiny_db).run("SELECT COUNT(*) FROM articles").rows[0][0] == 9


def test_a_reader_sees_the_new_file_after_a_swap(tmp_path):
    path = tmp_path / "db.duckdb"
    build_tiny(path)
    store = Store(path)
    assert store.run("SELECT COUNT(*) FROM articles").rows[0][0] == 9
    with atomic_write(path) as con:
        con.execute("DELETE FROM articles WHERE article_id = 9 AND dataset = ?", [TINY])
    assert store.run("SELECT COUNT(*) FROM articles").rows[0][0] == 8


def test_database_location_is_overridable(monkeypatch, tmp_path):
    monkeypatch.setenv("COLLABBOT_DB", str(tmp_path / "x.duckdb"))
    assert default_db_path() == tmp_path / "x.duckdb"
    monkeypatch.delenv("COLLABBOT_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_db_path() == tmp_path / "collabbot" / "collabbot.duckdb"
