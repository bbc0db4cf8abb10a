"""The Spark job against the DuckDB loader on the same generated works: wall time and peak memory, and how both grow.

    python -m benchmarks.spark_build [--works 50000,500000] [--master local[2]] [--runs 1]

Each build is a fresh process (`python -m bot data load openalex-works FILE` and
`python -m bot data build-spark FILE OUT --master …` then `data load spark-figures OUT`); its
peak memory is the largest sum of resident memory over the process and its descendants (the
Spark JVM is one), sampled every 0.1 s. The works come from the test generator
(tests/openalex_works_fixture.py: every quirk the loader handles), cached by count.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.processes import descendants, rss_kb

ROOT = Path(__file__).resolve().parent.parent


def works_file(n: int) -> Path:
    from benchmarks.scaled import cache_dir

    path = cache_dir() / f"works-{n}.jsonl.gz"
    if not path.is_file():
        sys.path.insert(0, str(ROOT / "tests"))
        from openalex_works_fixture import write

        tmp = path.with_suffix(".tmp.gz")
        write(tmp, n)
        tmp.replace(path)
    return path


def _tree_rss_kb(root: int) -> int:
    """Resident memory of `root` and every process under it, in kB."""
    return sum(rss_kb(pid) for pid in (root, *descendants(root)))


def timed(argv: list[str]) -> dict:
    """Run one command; its wall time and peak tree RSS."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env = {k: v for k, v in env.items() if not k.startswith("COLLABBOT_DB")}
    peak = [0]
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
                done.wait(0.1)

        watcher = threading.Thread(target=sample, daemon=True)
        watcher.start()
        code = proc.wait()
        seconds = time.perf_counter() - started
        done.set()
        watcher.join()
        err.seek(0)
        tail = err.read().decode("utf-8", "replace").strip().splitlines()[-1:]
    if code:
        raise SystemExit(f"{' '.join(argv[:6])} failed ({code}): {tail}")
    # The 1-minute load average as the step ends: how much else the machine was doing.
    return {"seconds": seconds, "peak_mb": peak[0] / 1024, "load_1min": os.getloadavg()[0]}


def one_size(n: int, master: str, runs: int, log) -> dict:
    src = works_file(n)
    py = sys.executable
    out: dict[str, list[dict]] = {"duckdb": [], "spark_job": [], "spark_load": []}
    for k in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            log(f"[{n:,} works] run {k + 1}: DuckDB loader …")
            out["duckdb"].append(
                timed(
                    [
                        py,
                        "-m",
                        "bot",
                        "data",
                        "load",
                        "openalex-works",
                        str(src),
                        "--db",
                        f"{tmp}/duck.duckdb",
                    ]  # fmt: skip
                )
            )
            log(f"[{n:,} works] run {k + 1}: Spark job on {master} …")
            out["spark_job"].append(
                timed(
                    [
                        py,
                        "-m",
                        "bot",
                        "data",
                        "build-spark",
                        str(src),
                        f"{tmp}/out",
                        "--master",
                        master,
                    ]  # fmt: skip
                )
            )
            out["spark_load"].append(
                timed(
                    [
                        py,
                        "-m",
                        "bot",
                        "data",
                        "load",
                        "spark-figures",
                        f"{tmp}/out",
                        "--dataset",
                        "works",
                        "--db",
                        f"{tmp}/spark.duckdb",
                    ]  # fmt: skip
                )
            )
    return {
        step: {
            "seconds": statistics.median(r["seconds"] for r in rows),
            "peak_mb": statistics.median(r["peak_mb"] for r in rows),
            "runs": len(rows),
            "load_1min": max(r["load_1min"] for r in rows),
        }
        for step, rows in out.items()
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--works", default="50000,500000")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.works.split(",")]

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    results = {n: one_size(n, args.master, args.runs, log) for n in sizes}
    from data.spark.session import default_driver_memory

    report: dict = {
        "master": args.master,
        "driver_memory": default_driver_memory(),
        "cpus": os.cpu_count(),
        "sizes": results,
    }
    if len(sizes) >= 2:
        lo, hi = results[sizes[0]], results[sizes[-1]]
        report["scaling"] = {
            step: round(hi[step]["seconds"] / lo[step]["seconds"], 2) for step in lo
        }
        report["works_ratio"] = sizes[-1] / sizes[0]
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
