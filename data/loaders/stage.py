"""A scratch DuckDB file where a load's rows wait, typed, while the checks that span rows run."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from data.health import sql_literal
from data.store import no_space_as_error, remove_leftover
from data.writer import Staged

# DuckDB spills past this to its temporary folder beside the stage, so a load's memory stays
# flat however big its files; the checks (duplicates, orphans, sums) run as SQL over the stage.
MEMORY_LIMIT = "256MB"


class Stage:
    """Typed tables for one load: in a file beside the database (removed on close; a stage
    left by a killed load is removed by the next write, store._remove_stale_copies), or in
    memory for small inputs when `beside` is None."""

    def __init__(self, beside: Path | None = None) -> None:
        self.path: Path | None = None
        if beside is not None:
            beside.parent.mkdir(parents=True, exist_ok=True)
            token = secrets.token_hex(4)
            self.path = beside.parent / f".{beside.name}.{os.getpid()}.{token}.stage.tmp"
        self.con: duckdb.DuckDBPyConnection | None = duckdb.connect(":memory:")
        self._tables: set[str] = set()
        # The tables live in the catalog `stage`, the name the writer attaches the file under,
        # so the same SELECT reads them here and there.
        target = sql_literal(str(self.path)) if self.path else "':memory:'"
        spill = sql_literal(str(self.path) + ".tmp") if self.path else "''"
        with self._writing():
            self.con.execute(f"ATTACH {target} AS stage")
            self.con.execute("USE stage")
            self.con.execute(f"SET temp_directory = {spill}")
            self.con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
            self.con.execute("SET threads = 2")
            self.con.execute("SET enable_progress_bar = false")

    def _writing(self) -> contextlib.AbstractContextManager[None]:
        if self.path is None:
            return contextlib.nullcontext()
        return no_space_as_error(self.path.parent, "staging the rows")

    def __enter__(self) -> Stage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.remove()

    def create(self, table: str, columns: Mapping[str, str]) -> None:
        cols = ", ".join(f'"{c}" {t}' for c, t in columns.items())
        with self._writing():
            self._open().execute(f'CREATE OR REPLACE TABLE "{table}" ({cols})')
        self._tables.add(table)

    def append(self, table: str, frame: pd.DataFrame, columns: Mapping[str, str]) -> None:
        """Insert `frame`'s `columns` (name → DuckDB type), cast to the stage's types."""
        if table not in self._tables:
            self.create(table, columns)
        con = self._open()
        con.register("incoming_chunk", frame)
        try:
            select = ", ".join(f'CAST("{c}" AS {t})' for c, t in columns.items())
            with self._writing():
                con.execute(f'INSERT INTO "{table}" SELECT {select} FROM incoming_chunk')
        finally:
            con.unregister("incoming_chunk")

    def rows(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple]:
        with self._writing():  # a big query spills to disk
            return self._open().execute(sql, params or []).fetchall()

    def one(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        return self.rows(sql, params)[0][0]

    def output(self, select: str) -> Staged | pd.DataFrame:
        """What the writer reads: the rows of `select` (over the stage's tables, which it
        names `stage.TABLE`), as a Staged file (the stage is closed for the writer to attach
        it) or, for a stage in memory, as a frame."""
        if self.path is None:
            return self._open().execute(select).df()
        if self.con is not None:
            with self._writing():
                self.con.execute("CHECKPOINT stage")
            self.con.close()
            self.con = None
        return Staged(self.path, select)

    def _open(self) -> duckdb.DuckDBPyConnection:
        if self.con is None:
            raise RuntimeError("the stage was handed to the writer and is closed")
        return self.con

    def remove(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None
        if self.path is not None:
            remove_leftover(self.path)
            remove_leftover(Path(str(self.path) + ".wal"))
            remove_leftover(Path(str(self.path) + ".tmp"))  # DuckDB's spill folder
