"""What the store's read path adds to a query: Store.run against the same statement on a bare cursor, piece by piece.

    python -m benchmarks.store_overhead DB [--rounds 300] [--before GIT_REV]

Runs the bench suite's compiled statements through (a) a bare DuckDB cursor (execute +
fetchall), (b) Store.run, and (c) with --before, Store.run of the data/store.py at GIT_REV
loaded beside it; and times the pieces of Store.run alone (the one-SELECT check, a cursor,
the watchdog). Every variant runs in random order within each round, so a busy machine slows
them alike. Prints medians in ms.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _store_module_at(rev: str):
    """data/store.py as it was at `rev`, imported under another name."""
    text = subprocess.run(
        ["git", "show", f"{rev}:data/store.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "store_before.py"
    path.write_text(text)
    spec = importlib.util.spec_from_file_location("store_before", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["store_before"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def statements(db: str) -> list[str]:
    from benchmarks.suite import SUITE
    from bot.pipeline import Answerer
    from queries.figures import compile_question

    answerer = Answerer(db)
    context = answerer.contexts()[answerer.parse_context().default_dataset]
    out = [compile_question(answerer.question(c.text), context).sql() for c in SUITE]
    answerer.store.close()
    return out


def main(argv: list[str] | None = None) -> int:
    import duckdb

    import data.store as store_now

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db")
    ap.add_argument("--rounds", type=int, default=300)
    ap.add_argument("--before", help="a git revision whose data/store.py to compare")
    args = ap.parse_args(argv)
    sqls = statements(args.db)
    # Separate copies of the file: DuckDB shares one instance per file and process, and the
    # bare cursor must not inherit the store's settings (or the reverse).
    tmp = Path(tempfile.mkdtemp())
    copies = {name: str(tmp / f"{name}.duckdb") for name in ("bare", "now", "before")}
    for copy in copies.values():
        shutil.copy(args.db, copy)
    bare = duckdb.connect(copies["bare"], read_only=True, config={"threads": 2}).cursor()
    now = store_now.Store(copies["now"])
    variants = {
        "bare cursor": lambda s: bare.execute(s).fetchall(),
        "Store.run (now)": lambda s: now.run(s),
    }
    if args.before:
        before = _store_module_at(args.before).Store(copies["before"])
        variants["Store.run (before)"] = lambda s: before.run(s)
    statement = sqls[0]
    con = now.connection()
    pieces = {
        "one-SELECT check": lambda: duckdb.extract_statements(statement),
        "a new cursor": lambda: con.cursor().close(),
        "watchdog arm + disarm": lambda: store_now._WATCHDOG.disarm(
            store_now._WATCHDOG.arm(5.0, lambda: None)
        ),
    }
    times: dict[str, list[float]] = {k: [] for k in (*variants, *pieces)}
    for sql in sqls:  # warm-up
        for fn in variants.values():
            fn(sql)
    for _ in range(args.rounds):
        for sql in sqls:
            order = list(variants)
            random.shuffle(order)
            for name in order:
                t0 = time.perf_counter()
                variants[name](sql)
                times[name].append((time.perf_counter() - t0) * 1000)
        for name, fn in pieces.items():
            t0 = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - t0) * 1000)
    for name, values in times.items():
        print(f"{name:24s} median {statistics.median(values):7.3f} ms  (n={len(values)})")
    base = statistics.median(times["bare cursor"])
    for name in variants:
        if name != "bare cursor":
            print(f"{name} / bare cursor: {statistics.median(times[name]) / base:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
