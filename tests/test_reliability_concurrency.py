"""Writers take turns: concurrent loads in real processes lose nothing, a second writer waits
and says so (or gives up after --wait with a clear error), a DuckDB writer in another program
is waited for, and a load never reports success for data that is not in the file.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import multiprocessing
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from pairs_files import pairs_csv
from reliability_figures import record
from test_cli import ROOT, bot, no_traceback

from data.health import sql_literal
from data.lock import Waiting, exclusive

pytestmark = pytest.mark.timeout(600)

ROUNDS = 20
QUESTION = "CS China–Thailand 2015 vs 2023"
LONG_S = 2.0  # how long the long question holds its version of the file
SLOW_SQL = "SELECT COUNT(*) FROM range(1000000) a, range(1000000) b WHERE a.range + b.range = -1"
WAITING = "is writing to"  # the waiting writer's message (data/lock.py)


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def expected(path: Path) -> tuple[str, int, float]:
    """(version, pair_figures rows, sum of their CS) a complete load of the pairs file leaves."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return fingerprint(path), 2 * len(rows), round(2 * sum(float(r["cs"]) for r in rows), 6)


def stored(db: Path) -> dict[str, tuple[str, int, float]]:
    """Every dataset in the file as (version, pair_figures rows, sum of CS), read in an
    instance of its own so no cached connection answers."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH {sql_literal(str(db))} AS s (READ_ONLY)")
        rows = con.execute(
            """SELECT d.name, d.version, COUNT(p.cs), COALESCE(ROUND(SUM(p.cs), 6), 0)
               FROM s.datasets d LEFT JOIN s.pair_figures p ON p.dataset = d.name
               GROUP BY ALL"""
        ).fetchall()
    finally:
        con.close()
    return {name: (version, n, float(total)) for name, version, n, total in rows}


# --------------------------------------------------------------------------- child processes


def _cli_child(argv: list[str], out: str, ready, go) -> None:
    """`python -m bot ARGV` in this process, output to OUT.out/.err, started on `go`."""
    from bot import cli

    ready.set()
    go.wait(60)
    with open(out + ".out", "w", encoding="utf-8") as o, open(out + ".err", "w") as e:
        sys.stdout, sys.stderr = o, e
        code = cli.main(argv)
        e.write(f"\nfinished at {time.monotonic()}\n")
    sys.exit(code)


def _question_child(db: str, out: str, ready, go) -> None:
    """A long question: holds one version of the file for LONG_S, then answers from it."""
    from bot.pipeline import Answerer
    from data.store import QueryTimeout

    answerer = Answerer(db, default_dataset="base")
    answerer.contexts()
    ready.set()
    go.wait(60)
    started = time.monotonic()
    with answerer.store.pinned():
        answerer.store.timeout_s = LONG_S
        with contextlib.suppress(QueryTimeout):
            answerer.store.run(SLOW_SQL)
        answer = answerer.answer(QUESTION)
    result = {
        "ok": answer.ok,
        "rows": [[r.year, r.country, r.value] for r in answer.rows] if answer.ok else [],
        "started": started,
        "ended": time.monotonic(),
    }
    Path(out + ".json").write_text(json.dumps(result))


class Round:
    """Two children started at the same moment; their exit codes and output afterwards."""

    def __init__(self, ctx, folder: Path, name: str) -> None:
        self.ctx, self.folder, self.name = ctx, folder, name
        self.go = ctx.Event()
        self.children: list[tuple[multiprocessing.Process, str]] = []

    def add(self, target, *args) -> None:
        out = str(self.folder / f"{self.name}-{len(self.children)}")
        ready = self.ctx.Event()
        child = self.ctx.Process(target=target, args=(*args, out, ready, self.go), daemon=True)
        child.start()
        assert ready.wait(60), "a child process did not start"
        self.children.append((child, out))

    def run(self) -> list[dict]:
        self.go.set()
        results = []
        for child, out in self.children:
            child.join(120)
            assert child.exitcode is not None, "a child process hung"
            paths = {s: Path(out + s) for s in (".out", ".err", ".json")}
            results.append(
                {
                    "exit": child.exitcode,
                    **{s[1:]: p.read_text() if p.exists() else "" for s, p in paths.items()},
                }
            )
        return results


def load_argv(path: Path, dataset: str, db: Path) -> list[str]:
    return ["data", "load", "pairs", str(path), "--dataset", dataset, "--db", str(db)]


def succeeded(result: dict) -> bool:
    return result["exit"] == 0 and "Loaded dataset" in result["out"]


def waited(result: dict) -> bool:
    return WAITING in result["err"]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("concurrent")
    a, b = pairs_csv(folder / "a.csv", 1.0), pairs_csv(folder / "b.csv", 2.0)
    return {"folder": folder, "a": a, "b": b, "A": expected(a), "B": expected(b)}


def test_pairs_of_concurrent_loads_lose_nothing(files, tmp_path, request):
    """ROUNDS rounds each of two loads of different datasets, two loads of the same dataset,
    and a load during a long question, every pair started at the same moment."""
    from data.loaders import load

    db = tmp_path / "shared.duckdb"
    load("pairs", [str(files["a"])], dataset="base", db=db)
    base_answer = None
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["bot.cli", "bot.pipeline", "data.loaders"])
    successes = in_file = half_written = waits = 0
    overlapped_questions = 0
    lost: list[str] = []
    for r in range(ROUNDS):
        # Different datasets: both must be in the file afterwards, whole.
        pair = Round(ctx, tmp_path, f"diff{r}")
        pair.add(_cli_child, load_argv(files["a"], f"d{r}a", db))
        pair.add(_cli_child, load_argv(files["b"], f"d{r}b", db))
        results = pair.run()
        now = stored(db)
        for result, name, version in zip(results, (f"d{r}a", f"d{r}b"), "AB", strict=True):
            no_traceback(subprocess.CompletedProcess([], 0, result["out"], result["err"]))
            if succeeded(result):
                successes += 1
                if now.get(name) == files[version]:
                    in_file += 1
                elif name in now:
                    half_written += 1
                else:
                    lost.append(f"round {r}: {name}")
        waits += sum(waited(x) for x in results)

        # The same dataset: the file holds one whole version, the one that swapped last.
        pair = Round(ctx, tmp_path, f"same{r}")
        pair.add(_cli_child, load_argv(files["a"], "same", db))
        pair.add(_cli_child, load_argv(files["b"], "same", db))
        results = pair.run()
        final = stored(db).get("same")
        reported = [v for x, v in zip(results, "AB", strict=True) if succeeded(x)]
        successes += len(reported)
        if final not in (files["A"], files["B"]):
            half_written += 1 if final else 0
            lost.append(f"round {r}: same dataset holds {final}")
        else:
            last = _last_to_swap(results)
            # The writer that waited swapped after the other one, so its version stays.
            if last is None or final == files[last]:
                in_file += len(reported)
            else:
                lost.append(f"round {r}: same dataset holds the first writer's version")
        waits += sum(waited(x) for x in results)

        # A load while a long question holds the file: the load neither waits nor is lost,
        # and the question answers from the version it started with.
        pair = Round(ctx, tmp_path, f"question{r}")
        pair.add(_question_child, str(db))
        pair.add(_cli_child, load_argv(files["a"], f"q{r}", db))
        question, loaded = pair.run()
        answer = json.loads(question["json"])
        assert answer["ok"], question
        base_answer = base_answer or answer["rows"]
        assert answer["rows"] == base_answer
        assert not waited(loaded), loaded["err"]
        finished = float(loaded["err"].rsplit("finished at ", 1)[1])
        overlapped_questions += answer["started"] < finished < answer["ended"]
        if succeeded(loaded):
            successes += 1
            if stored(db).get(f"q{r}") == files["A"]:
                in_file += 1
            else:
                lost.append(f"round {r}: q{r} during a question")
    figures = {
        "rounds": 3 * ROUNDS,
        "loads": 5 * ROUNDS,
        "reported_successes": successes,
        "successes_in_the_file_afterwards": in_file,
        "lost": len(lost),
        "half_written": half_written,
        "writers_that_waited_with_the_message": waits,
        "loads_finished_inside_a_long_question": overlapped_questions,
        "datasets_in_the_file": len(stored(db)),
    }
    record(request, "concurrent_loads", figures)
    assert lost == [] and half_written == 0, lost[:5]
    assert successes == in_file == 5 * ROUNDS
    assert stored(db)["base"] == files["A"]
    # The pairs really overlapped: most second writers had to wait, and loads finished
    # while a question held the file.
    assert waits >= ROUNDS
    assert overlapped_questions >= ROUNDS // 2


def _last_to_swap(results: list[dict]) -> str | None:
    """Which load ("A" or "B") swapped last: the one that waited for the other, if one did."""
    waiters = [v for x, v in zip(results, "AB", strict=True) if waited(x)]
    return waiters[0] if len(waiters) == 1 else None


# --------------------------------------------------------------------------- one writer at a time


class Running:
    """`python -m bot ARGS` in the background, its stderr collected line by line."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # Each pipe has a reader thread of its own: `communicate()` would read stderr as well,
        # and a line it took would be missing from `err` (a message the tests look for).
        self.out: list[str] = []
        self.err: list[str] = []
        self._readers = [
            threading.Thread(target=self._read, args=(pipe, into), daemon=True)
            for pipe, into in ((self.proc.stdout, self.out), (self.proc.stderr, self.err))
        ]
        for reader in self._readers:
            reader.start()

    @staticmethod
    def _read(pipe, into: list[str]) -> None:
        for line in pipe:
            into.append(line)

    def wait_for(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.err):
                if text in line:
                    return line
            if self.proc.poll() is not None and not self._readers[1].is_alive():
                break
            time.sleep(0.05)
        raise AssertionError(f"never printed {text!r}: {''.join(self.err)}")

    def finish(self) -> tuple[int, str, str]:
        self.proc.wait(timeout=120)
        for reader in self._readers:
            reader.join(10)
        return self.proc.returncode, "".join(self.out), "".join(self.err)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_second_writer_waits_with_a_message_and_then_loads(files, tmp_path):
    db = tmp_path / "x.duckdb"
    from data.loaders import load

    load("pairs", [str(files["a"])], dataset="first", db=db)
    before = sha256(db)
    with exclusive(db, Waiting(0)):
        second = Running(*load_argv(files["b"], "second", db))
        line = second.wait_for(WAITING)
        assert f"pid {os.getpid()}" in line and str(db) in line
        time.sleep(0.5)
        assert sha256(db) == before  # it waits before copying anything
        assert second.proc.poll() is None
    code, out, err = second.finish()
    assert code == 0, err
    assert "Loaded dataset “second”" in out
    assert "the other writer has finished" in err
    assert stored(db) == {"first": files["A"], "second": files["B"]}


def test_a_writer_gives_up_after_wait_seconds_with_a_clear_error(files, tmp_path):
    db = tmp_path / "x.duckdb"
    from data.loaders import load

    load("pairs", [str(files["a"])], dataset="first", db=db)
    before = sha256(db)
    with exclusive(db, Waiting(0)):
        started = time.monotonic()
        proc = bot(*load_argv(files["b"], "second", db), "--wait", "1")
        took = time.monotonic() - started
    no_traceback(proc)
    assert proc.returncode == 2, proc.stderr
    assert "Gave up after waiting 1 s: another load (pid" in proc.stderr
    assert "Nothing was loaded and the database was not changed." in proc.stderr
    assert took >= 1.0
    assert sha256(db) == before


def test_build_demo_takes_the_wait_flag():
    from bot.cli import build_parser

    assert build_parser().parse_args(["data", "build-demo", "--wait", "2.5"]).wait == 2.5
    assert build_parser().parse_args(["data", "load", "pairs", "x", "--wait", "0"]).wait == 0.0
    for bad in ("-1", "soon", "inf"):
        with pytest.raises(SystemExit):
            build_parser().parse_args(["data", "load", "pairs", "x", "--wait", bad])


HOLD_OPEN = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])  # read-write: DuckDB's own write lock on the file
print("open", flush=True)
sys.stdin.read()
con.close()
"""


def test_a_load_waits_for_a_duckdb_writer_in_another_program(files, tmp_path):
    """A copy taken while another program writes could miss its last writes, and the swap
    would throw them away: the load waits for it, or gives up naming it."""
    db = tmp_path / "x.duckdb"
    from data.loaders import load

    load("pairs", [str(files["a"])], dataset="first", db=db)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        proc = bot(*load_argv(files["b"], "second", db), "--wait", "0.5")
        no_traceback(proc)
        assert proc.returncode == 2, proc.stderr
        assert "open for writing in another program" in proc.stderr
        assert f"PID {holder.pid}" in proc.stderr
        waiting = Running(*load_argv(files["b"], "second", db), "--wait", "60")
        waiting.wait_for("open for writing in another program")
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(30)
    code, out, err = waiting.finish()
    assert code == 0, err
    assert "second" in stored(db)


def test_a_load_is_not_reported_when_its_data_is_not_in_the_file_after_the_swap(
    files, tmp_path, monkeypatch
):
    """Another program puts an older copy back between the swap and the report (as a writer
    that ignores the lock would): the load must fail, not print "Loaded dataset"."""
    import shutil

    from data import store
    from data.loaders import load
    from queries.errors import UserError

    db = tmp_path / "x.duckdb"
    load("pairs", [str(files["a"])], dataset="first", db=db)
    older = tmp_path / "older.duckdb"
    shutil.copy(db, older)
    real_fsync_dir = store._fsync_dir

    def rogue_writer(folder: Path) -> None:
        real_fsync_dir(folder)
        shutil.copy(older, db)

    monkeypatch.setattr(store, "_fsync_dir", rogue_writer)
    with pytest.raises(UserError) as caught:
        load("pairs", [str(files["b"])], dataset="second", db=db)
    assert caught.value.code == "not_stored"
    assert f"{db} does not hold it afterwards" in caught.value.message
    assert "run the load again" in caught.value.message
    assert set(stored(db)) == {"first"}
