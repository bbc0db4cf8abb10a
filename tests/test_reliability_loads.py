"""Loads under fault: a load killed with SIGKILL at random points leaves a database that opens
and answers exactly as before (or as the complete new version), and readers running while
loads swap the file always see one whole version.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import random
import threading
import time
from pathlib import Path

import pytest
from pairs_files import pairs_csv
from reliability_figures import record

from bot.pipeline import Answerer
from data.loaders import load

pytestmark = pytest.mark.timeout(240)

DATASET = "kill"
QUESTION = "CS China–Thailand 2015 vs 2023"
KILLS = 20


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def answer_of(db: Path) -> tuple[str, tuple]:
    """The dataset version and the answer's rows, from a fresh read-only connection."""
    answerer = Answerer(db)
    try:
        answer = answerer.answer(QUESTION)
        assert answer.ok, answer.error
        version = answerer.contexts()[DATASET].version
        return version, tuple((r.year, r.country, r.value) for r in answer.rows)
    finally:
        answerer.store.close()


def _load_in_child(kind: str, csv: str, db: str, started) -> None:
    started.set()
    load(kind, [csv], dataset=DATASET, db=db)


def leftovers(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.iterdir() if p.name.startswith(f".{db.name}."))


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    folder = tmp_path_factory.mktemp("versions")
    a = pairs_csv(folder / "a.csv", 1.0)
    b = pairs_csv(folder / "b.csv", 2.0)
    db = folder / "probe.duckdb"
    load("pairs", [str(a)], dataset=DATASET, db=db)
    expected_a = answer_of(db)
    started = time.perf_counter()
    load("pairs", [str(b)], dataset=DATASET, db=db)
    load_s = time.perf_counter() - started
    expected_b = answer_of(db)
    assert expected_a != expected_b
    return {"a": (a, expected_a), "b": (b, expected_b), "load_s": load_s}


def test_sigkill_during_a_load_leaves_a_working_database(tmp_path, versions, request):
    """Twenty loads killed at random moments; after each the file is the old or the new version."""
    db = tmp_path / "collab.duckdb"
    load("pairs", [str(versions["a"][0])], dataset=DATASET, db=db)
    current = "a"
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["data.loaders", "bot.pipeline"])
    rng = random.Random(20240601)
    outcome = {"unchanged": 0, "new_version": 0}
    max_leftovers = 0
    # Children start slower than an in-process load (a fresh process), so stretch the range.
    window = versions["load_s"] * 1.5
    for _ in range(KILLS):
        wanted = "b" if current == "a" else "a"
        before_sha = sha256(db)
        started = ctx.Event()
        child = ctx.Process(
            target=_load_in_child,
            args=("pairs", str(versions[wanted][0]), str(db), started),
            daemon=True,
        )
        child.start()
        assert started.wait(30), "the load process did not start"
        time.sleep(rng.uniform(0, window))
        child.kill()  # SIGKILL
        child.join(10)
        max_leftovers = max(max_leftovers, len(leftovers(db)))
        state = answer_of(db)  # opens read-only and answers, or the test fails here
        if sha256(db) == before_sha:
            assert state == versions[current][1]
            outcome["unchanged"] += 1
        else:
            assert state == versions[wanted][1]
            outcome["new_version"] += 1
            current = wanted
    # The next load completes and cleans up what the killed ones left behind.
    wanted = "b" if current == "a" else "a"
    load("pairs", [str(versions[wanted][0])], dataset=DATASET, db=db)
    assert answer_of(db) == versions[wanted][1]
    assert leftovers(db) == []
    figures = {
        "kills": KILLS,
        "load_s": round(versions["load_s"], 2),
        **outcome,
        "max_temp_files_left_by_kills": max_leftovers,
        "answers_lost_or_wrong": 0,
    }
    record(request, "loads_sigkill", figures)
    # The random points must actually land inside loads, not only before or after them.
    assert outcome["unchanged"] >= 3


def test_readers_during_loads_see_one_whole_version(tmp_path, versions, request):
    db = tmp_path / "collab.duckdb"
    load("pairs", [str(versions["a"][0])], dataset=DATASET, db=db)
    answerer = Answerer(db)  # shared by every reader, as the Slack workers share one
    stop = threading.Event()
    seen: dict[str, int] = {"a": 0, "b": 0}
    problems: list[str] = []
    by_rows = {versions[k][1][1]: k for k in ("a", "b")}

    def reader() -> None:
        while not stop.is_set():
            answer = answerer.answer(QUESTION)
            if not answer.ok:
                problems.append(f"{answer.error.code}: {answer.error.message}")
                continue
            rows = tuple((r.year, r.country, r.value) for r in answer.rows)
            which = by_rows.get(rows)
            if which is None:
                problems.append(f"mixed rows {rows}")
                continue
            version = next((d.version for d in answer.datasets), None)
            if version is not None and version != versions[which][1][0]:
                problems.append(f"rows of {which} with the version of the other")
            seen[which] += 1

    threads = [threading.Thread(target=reader, daemon=True) for _ in range(3)]
    for t in threads:
        t.start()
    swaps = 0
    try:
        for k in ("b", "a", "b", "a", "b", "a"):
            load("pairs", [str(versions[k][0])], dataset=DATASET, db=db)
            swaps += 1
            time.sleep(0.15)
    finally:
        stop.set()
        for t in threads:
            t.join(10)
    answerer.store.close()
    figures = {
        "swaps": swaps,
        "reader_threads": len(threads),
        "answers": seen["a"] + seen["b"] + len(problems),
        "of_version_a": seen["a"],
        "of_version_b": seen["b"],
        "inconsistent_or_failed": len(problems),
    }
    record(request, "loads_readers", figures)
    assert problems == [], problems[:5]
    assert seen["a"] > 0 and seen["b"] > 0
