"""The DuckDB store: where the file lives, the one read path, and the atomic write path."""

from __future__ import annotations

import contextlib
import errno
import functools
import glob
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from data import health as health_check
from data import schema
from data.errors import UserError
from data.health import sql_literal
from data.lock import Waiting, exclusive, wait_for

DEFAULT_TIMEOUT_S = 5.0
DEFAULT_ROW_CAP = 10_000
DEFAULT_MEMORY_LIMIT = "1GB"


def default_db_path() -> Path:
    """`COLLABBOT_DB`, else `$XDG_DATA_HOME/collabbot/collabbot.duckdb` (~/.local/share/...)."""
    env = os.environ.get("COLLABBOT_DB")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(Path.home(), ".local", "share")
    return Path(base) / "collabbot" / "collabbot.duckdb"


def resolve_db_path(db: str | os.PathLike[str] | None) -> Path:
    return Path(db).expanduser() if db else default_db_path()


@dataclass(frozen=True)
class Result:
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    truncated: bool  # True when the row cap cut the result

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, r, strict=True)) for r in self.rows]


class QueryTimeout(Exception):
    """A query ran past the store's time limit and was interrupted."""


class Store:
    """Read-only access to one database file: time-limited, row-capped, no external access."""

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        row_cap: int = DEFAULT_ROW_CAP,
        memory_limit: str = DEFAULT_MEMORY_LIMIT,
    ) -> None:
        self.path = resolve_db_path(path)
        self.timeout_s = timeout_s
        self.row_cap = row_cap
        self.memory_limit = memory_limit
        # One connection per file version; `_turn` guards it and counts the queries reading it.
        self._turn = threading.Condition()
        self._in_use = 0
        self._local = threading.local()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._identity: tuple[int, int] | None = None

    def exists(self) -> bool:
        return self.path.is_file()

    def _connect(self) -> duckdb.DuckDBPyConnection:
        """The read-only connection, or StoreUnusable saying what is wrong with the file and
        what to do (missing, empty, damaged, cut short, a table lost, held by a writer)."""
        if (before := health_check.before_opening(self.path)) is not None:
            raise health_check.StoreUnusable(before)
        try:
            con = duckdb.connect(
                str(self.path),
                read_only=True,
                config={
                    "enable_external_access": False,
                    "autoinstall_known_extensions": False,
                    "autoload_known_extensions": False,
                    "memory_limit": self.memory_limit,
                    "threads": 2,
                },
            )
        except duckdb.Error as exc:
            raise health_check.StoreUnusable(health_check.open_failure(self.path, exc)) from exc
        found = health_check.problem_in(con, current_catalog(con), self.path)
        if found is not None:
            con.close()
            raise health_check.StoreUnusable(found)
        # After this no SET can loosen the limits above, whatever SQL reaches the connection.
        # DuckDB shares one database instance between connections to the same file in a
        # process, so a second Store finds the configuration already locked.
        locked = con.execute("SELECT current_setting('lock_configuration')").fetchone()
        if not (locked and locked[0]):
            con.execute("SET lock_configuration = true")
        return con

    def connection(self) -> duckdb.DuckDBPyConnection:
        """The shared read-only connection (the pinned one inside `pinned()`), reopened when a
        load has swapped the file."""
        pinned = getattr(self._local, "cursor", None)
        if pinned is not None:
            return self._local.con
        with self._turn:
            return self._current()

    def _current(self) -> duckdb.DuckDBPyConnection:
        """Call with `_turn` held. A swapped file is reopened only once no query is still
        reading the old one: closing a connection kills its cursors, and while it is open
        DuckDB hands a new connect() the same cached instance, i.e. the old file."""
        while True:
            st = os.stat(self.path) if self.exists() else None
            identity = (st.st_ino, st.st_mtime_ns) if st else None
            if self._con is not None and identity == self._identity:
                return self._con
            if self._con is not None and self._in_use:
                self._turn.wait(1.0)
                continue
            if self._con is not None:
                self._con.close()
                self._con = None
            self._con = self._connect()
            self._identity = identity
            return self._con

    def _acquire(self) -> duckdb.DuckDBPyConnection:
        with self._turn:
            con = self._current()
            self._in_use += 1
            return con

    def _release(self) -> None:
        with self._turn:
            self._in_use -= 1
            if not self._in_use:
                self._turn.notify_all()

    @contextlib.contextmanager
    def pinned(self) -> Iterator[None]:
        """Every `run` in this block (on this thread) reads the same version of the file."""
        if getattr(self._local, "cursor", None) is not None:
            yield  # already pinned further up
            return
        con = self._acquire()
        try:
            self._local.con, self._local.cursor = con, self._thread_cursor(con)
            try:
                yield
            finally:
                self._local.con = self._local.cursor = None
        finally:
            self._release()

    def _thread_cursor(self, con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
        """This thread's cursor on `con`, made once per connection and thread: opening one
        per query cost about a fifth of a small lookup. A swapped file's connection is closed
        with its cursors, and the next query here makes a new one on the new connection."""
        kept = getattr(self._local, "kept", None)
        if kept is not None and kept[0] is con:
            return kept[1]
        with self._turn:
            cursor = con.cursor()
        self._local.kept = (con, cursor)
        return cursor

    def close(self) -> None:
        with self._turn:
            if self._con is not None:
                self._con.close()
                self._con = None

    def run(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> Result:
        """Run one statement with bound parameters; interrupt it past the time limit."""
        statement = _one_select(sql)
        with self.pinned():
            cursor = self._local.cursor
            ticket = _WATCHDOG.arm(self.timeout_s, cursor.interrupt)
            try:
                cursor.execute(statement, params or [])
                rows = cursor.fetchmany(self.row_cap + 1)
                columns = tuple(d[0] for d in (cursor.description or ()))
            except duckdb.InterruptException as exc:
                raise QueryTimeout(f"query stopped after {self.timeout_s:g} s") from exc
            finally:
                _WATCHDOG.disarm(ticket)
        truncated = len(rows) > self.row_cap
        return Result(columns, tuple(rows[: self.row_cap]), truncated)


class _Watchdog:
    """One thread that interrupts queries past their deadline (a thread per query cost more
    than a small lookup itself). It looks at least every TICK seconds, so arming a deadline
    further off than its next look needs no wake-up: waking it on every query made it contend
    for the GIL with the query's own thread."""

    TICK = 0.25

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._deadlines: dict[int, tuple[float, Callable[[], None]]] = {}
        self._next = 0
        self._thread: threading.Thread | None = None
        self._wake_at = 0.0  # when the thread will next look

    def arm(self, seconds: float, interrupt: Callable[[], None]) -> int:
        with self._cond:
            self._next += 1
            deadline = time.monotonic() + seconds
            self._deadlines[self._next] = (deadline, interrupt)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._watch, name="query-watchdog", daemon=True
                )
                self._thread.start()
            elif deadline < self._wake_at:
                self._cond.notify()
            return self._next

    def disarm(self, ticket: int) -> None:
        with self._cond:
            self._deadlines.pop(ticket, None)

    def _watch(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                due = [t for t, (deadline, _) in self._deadlines.items() if deadline <= now]
                for ticket in due:
                    _, interrupt = self._deadlines.pop(ticket)
                    interrupt()
                soonest = min((d for d, _ in self._deadlines.values()), default=now + self.TICK)
                self._wake_at = min(soonest, now + self.TICK)
                self._cond.wait(max(0.0, self._wake_at - now))


_WATCHDOG = _Watchdog()


@functools.lru_cache(maxsize=512)
def _one_select(sql: str) -> duckdb.Statement:
    """The statement, if `sql` is exactly one SELECT: a read-only file still lets temporary
    tables, CHECKPOINT, CALL or BEGIN through, and none of them belongs on the read path.

    Kept per text: questions run their kind's statement with parameters, so a handful of texts
    serve every question, and DuckDB executes a parsed statement without parsing it again (a
    statement object is copied by each execution, so cursors on other threads can share it)."""
    statements = duckdb.extract_statements(sql)
    if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
        raise duckdb.PermissionException("the query connection runs exactly one SELECT")
    return statements[0]


# ---------------------------------------------------------------------------------------------
# Writing: every change goes into a copy of the file that is swapped in only when complete.


@contextlib.contextmanager
def atomic_write(
    path: str | os.PathLike[str],
    *,
    waiting: Waiting | None = None,
    stored: Callable[[duckdb.DuckDBPyConnection, str], object] | None = None,
    set_aside_damaged: bool = False,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a read-write connection on a copy of `path`; replace `path` only on success.

    A failure anywhere (a bad file, a kill, a full disk) leaves `path` byte for byte as it was.
    Writers take turns: the lock beside the file is held from before the copy until the swap,
    so a second writer copies the first one's result instead of overwriting it. `stored(con,
    catalog)` describes what the write put in the file (e.g. its dataset's rows): it is read
    from the copy before the swap and from `path` after it, and a difference is LoadNotStored.
    A damaged `path` stops the write (StoreUnusable), or with `set_aside_damaged` is renamed
    `<name>.damaged-<time>` and the write starts from an empty database.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    waiting = waiting or Waiting()
    with exclusive(target, waiting):
        _usable_or_aside(target, waiting, set_aside_damaged)
        _remove_stale_copies(target)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent
        )
        os.close(fd)
        tmp = Path(tmp_name)
        tmp.unlink()  # DuckDB must create or open the copy itself
        try:
            if target.exists():
                with no_space_as_error(target.parent, "copying the database"):
                    shutil.copy2(target, tmp)
            with no_space_as_error(target.parent, "writing the new data"):
                con = duckdb.connect(str(tmp))
                try:
                    con.execute("SET enable_progress_bar = false")  # our own bar speaks
                    for ddl in (*schema.DDL, *schema.MIGRATIONS):
                        con.execute(ddl)
                    yield con
                    con.execute("CHECKPOINT")
                    expected = stored(con, current_catalog(con)) if stored else None
                finally:
                    con.close()
            os.replace(tmp, target)
            _fsync_dir(target.parent)
            if stored is not None:
                _check_swapped(target, stored, expected)
        finally:
            for leftover in (tmp, Path(str(tmp) + ".wal"), Path(str(tmp) + ".tmp")):
                remove_leftover(leftover)


def _usable_or_aside(target: Path, waiting: Waiting, set_aside: bool) -> None:
    """Wait while another program holds the file open for writing (a copy taken then could
    miss its last writes, and the swap would discard them); then refuse or set aside a
    damaged file."""
    health: list[health_check.Health] = []

    def not_held() -> bool:
        health[:] = [health_check.check(target)]
        return health[0].code != "db_locked"

    if not target.exists():
        return
    wait_for(not_held, lambda: health[0].problem, waiting)
    found = health[0]
    if found.code in ("damaged_db", "outdated_db"):
        if not set_aside:
            raise health_check.StoreUnusable(found)
        aside = target.with_name(f"{target.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        os.replace(target, aside)
        with contextlib.suppress(FileNotFoundError):
            os.replace(Path(str(target) + ".wal"), Path(str(aside) + ".wal"))
        waiting.tell(f"{found.problem}; kept it as {aside} and started a new one.")


# A write that runs out of room: the disk or a quota is full, or a file size limit is hit.
_NO_SPACE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
_NO_SPACE_WORDS = ("No space left on device", "Disk quota exceeded", "File too large")


class NoSpace(UserError):
    """The disk filled up while a load staged, copied or wrote; nothing was swapped in."""

    def __init__(self, folder: Path, doing: str, why: str) -> None:
        super().__init__(
            "disk_full",
            f"no space left on the disk holding {folder} while {doing} ({why}); the database "
            "was not changed: free some space and load again",
        )


@contextlib.contextmanager
def no_space_as_error(folder: Path, doing: str) -> Iterator[None]:
    """Turn running out of disk (an OSError from Python, an IOException from DuckDB) into
    NoSpace; every other failure passes through unchanged."""
    try:
        yield
    except OSError as exc:
        if exc.errno in _NO_SPACE_ERRNOS:
            raise NoSpace(folder, doing, exc.strerror or str(exc)) from exc
        raise
    except duckdb.Error as exc:
        said = next((w for w in _NO_SPACE_WORDS if w in str(exc)), None)
        if said is not None:
            raise NoSpace(folder, doing, said) from exc
        raise


class LoadNotStored(UserError):
    """The swap happened but the file does not hold what was written."""


def current_catalog(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute("SELECT current_database()").fetchone()
    assert row is not None
    return str(row[0])


def _check_swapped(
    target: Path, stored: Callable[[duckdb.DuckDBPyConnection, str], object], expected: object
) -> None:
    """Read the swapped-in file back, in an instance of its own: a `duckdb.connect` to the same
    path would hand back a cached instance still reading the file this write replaced."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH {sql_literal(str(target))} AS swapped (READ_ONLY)")
        found = stored(con, "swapped")
    finally:
        con.close()
    if found != expected:
        raise LoadNotStored(
            "not_stored",
            f"The write finished but {target} does not hold it afterwards (another program "
            f"replaced the file at the same moment?): expected {expected}, found {found}. "
            "Nothing is reported as loaded; run the load again.",
        )


def _remove_stale_copies(target: Path) -> None:
    """Delete copies, stages (and their WAL and spill folders) left by writers that were
    killed: the writer's pid is in the name, so one whose process is gone is garbage and a
    live writer's is kept."""
    for copy in target.parent.glob(f".{glob.escape(target.name)}.*.tmp*"):
        pid = copy.name[len(target.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            remove_leftover(copy)


def remove_leftover(path: Path) -> None:
    """Delete a scratch file, or a folder (DuckDB's spill folder `<file>.tmp`), if it is there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


ProgressFn = Callable[[str], None]
