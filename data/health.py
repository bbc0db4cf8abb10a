"""Is the database usable? One check that says what is wrong with the file and what to do."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from data import schema
from data.errors import UserError

HEADER_BYTES = 3 * 4096  # DuckDB's file header and its two database headers, before the blocks
REBUILD = (
    "rebuild it with `python -m bot data build-demo` (the old file is kept beside it) and "
    "load your own datasets again, or restore {path} from a backup"
)
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.*?) \(PID (?P<pid>\d+)\)")


@dataclass(frozen=True)
class Health:
    path: Path
    code: str  # "ok", "no_database", "damaged_db" or "db_locked"
    problem: str = ""  # what is wrong, one clause ("" when ok)
    advice: str = ""  # what to do about it

    @property
    def ok(self) -> bool:
        return self.code == "ok"

    @property
    def message(self) -> str:
        return f"{self.problem}: {self.advice}." if self.problem else ""


class StoreUnusable(UserError):
    """The database file is missing, damaged or held by a writer: `message` says what to do."""

    def __init__(self, health: Health) -> None:
        super().__init__(health.code, health.message)
        self.health = health


def check(path: str | os.PathLike[str]) -> Health:
    """Open the file read-only in a throwaway instance and look at it: present, a DuckDB file,
    as long as its blocks say, every table and column there, not held by a writer."""
    p = Path(path)
    if (before := before_opening(p)) is not None:
        return before
    con = duckdb.connect(":memory:")
    try:
        try:
            con.execute(f"ATTACH {sql_literal(str(p))} AS checked (READ_ONLY)")
        except duckdb.Error as exc:
            return open_failure(p, exc)
        return Health(p, "ok") if (found := problem_in(con, "checked", p)) is None else found
    finally:
        con.close()


def before_opening(path: Path) -> Health | None:
    """What is wrong with the file before DuckDB looks at it: missing or empty."""
    if not path.is_file():
        return missing(path)
    if path.stat().st_size == 0:
        return damaged(path, "it is empty (0 bytes)")
    return None


_last_checked: dict[Path, tuple[tuple[int, int, int], Health]] = {}


def http_status(path: str | os.PathLike[str]) -> tuple[int, str]:
    """For a health endpoint: (200, "ok"), or (503, what is wrong and what to do). The file's
    verdict is reused while its inode, size and mtime stay the same (a load swaps in a new
    inode; damage in place changes the size or mtime); "held by a writer" is always rechecked."""
    p = Path(path)
    try:
        st = p.stat()
        identity = (st.st_ino, st.st_size, st.st_mtime_ns)
    except OSError:
        identity = None
    known = _last_checked.get(p)
    if identity is not None and known is not None and known[0] == identity:
        health = known[1]
    else:
        health = check(p)
        _last_checked.pop(p, None)
        if identity is not None and health.code != "db_locked":
            _last_checked[p] = (identity, health)
    return (200, "ok") if health.ok else (503, health.message)


def require(path: str | os.PathLike[str]) -> None:
    """StoreUnusable unless `check` finds the file usable."""
    health = check(path)
    if not health.ok:
        raise StoreUnusable(health)


def problem_in(con: duckdb.DuckDBPyConnection, catalog: str, path: Path) -> Health | None:
    """What is wrong inside an opened file (`catalog` on `con`), or None: a missing table or
    column, or blocks past the end of the file (cut short)."""
    present: dict[str, set[str]] = {}
    for table, column in con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = ?", [catalog]
    ).fetchall():
        present.setdefault(table, set()).add(column)
    for table, columns in schema.SCHEMA.items():
        if table not in present:
            if table in schema.OPTIONAL_TABLES:
                continue
            if table == "group_figures" and "pair_figures" in present:
                return outdated(path, f"it has no {table} table")
            return damaged(path, f"the table {table} is missing")
        # Columns added in later versions are not lost: an older file reads them as NULL and
        # its next write adds them (schema.MIGRATIONS).
        added = schema.ADDED_COLUMNS.get(table, ())
        lost = [c for c in columns if c not in present[table] and c not in added]
        if lost:
            return damaged(path, f"the table {table} has lost column(s) {', '.join(lost)}")
    # DuckDB reads a block only when a query needs it, so a file cut short opens and fails
    # later; the last block the tables use must lie inside the file. (Free blocks at the end
    # are trimmed from the file, so the database's total block count is no measure.)
    size_row = con.execute(
        "SELECT block_size FROM pragma_database_size() WHERE database_name = ?", [catalog]
    ).fetchone()
    last = max(_last_block(con, catalog, table) for table in schema.SCHEMA if table in present)
    if size_row is not None and last >= 0:
        needed = HEADER_BYTES + (last + 1) * int(size_row[0])
        size = path.stat().st_size
        if size < needed:
            return damaged(path, f"it is cut short ({size:,} of at least {needed:,} bytes)")
    return None


def _last_block(con: duckdb.DuckDBPyConnection, catalog: str, table: str) -> int:
    name = ".".join('"' + part.replace('"', '""') + '"' for part in (catalog, table))
    row = con.execute(f"SELECT max(block_id) FROM pragma_storage_info({sql_literal(name)})")
    found = row.fetchone()
    return -1 if found is None or found[0] is None else int(found[0])


def open_failure(path: Path, exc: duckdb.Error) -> Health:
    """Why DuckDB could not open the file, in words that say what to do."""
    text = str(exc)
    held = _LOCK_HOLDER.search(text)
    if held or "Could not set lock" in text:
        who = f" ({held['program']}, PID {held['pid']})" if held else ""
        return Health(
            path,
            "db_locked",
            f"The database at {path} is open for writing in another program{who}",
            "close that program and try again (collabbot's own loads write into a copy and "
            "never hold the database open)",
        )
    if "not a valid DuckDB database file" in text:
        return damaged(path, "it is not a DuckDB database file (its header is damaged)")
    if "Could not read enough bytes" in text:
        return damaged(path, "it is cut short (truncated)")
    if "newer version" in text or "older version" in text:
        return damaged(path, f"it was written by another DuckDB version ({_first_line(text)})")
    return damaged(path, f"DuckDB cannot open it ({_first_line(text)})")


def missing(path: Path) -> Health:
    return Health(
        path,
        "no_database",
        f"There is no database at {path}",
        "build the demo with `python -m bot data build-demo` or load data with "
        "`python -m bot data load`",
    )


def damaged(path: Path, why: str) -> Health:
    return Health(
        path, "damaged_db", f"The database at {path} is damaged — {why}", REBUILD.format(path=path)
    )


def outdated(path: Path, why: str) -> Health:
    return Health(
        path,
        "outdated_db",
        f"The database at {path} was written by an older version of collabbot — {why}",
        REBUILD.format(path=path),
    )


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0][:200] if text.strip() else "no detail"


def sql_literal(text: str) -> str:
    """A SQL string literal for ATTACH, which takes no parameters (the path is ours, not SQL
    a person typed)."""
    return "'" + text.replace("'", "''") + "'"
