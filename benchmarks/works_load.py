"""Load time and peak memory of `data load openalex-works`, for one or more code trees on the same files, runs interleaved.

    python benchmarks/works_load.py FILE [FILE ...] [--runs 3] [--code NAME=DIR ...]

Each run is a fresh process (`python -m bot data load openalex-works FILE --db NEW`) started in
the code tree DIR (default: this checkout), so trees compare on the same machine load; the
runs of the trees alternate. Prints, per file and tree, the median and p95 wall time and peak
RSS (the process's ru_maxrss), and whether the load succeeded.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def one_run(code: Path, path: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "store.duckdb"
        argv = [sys.executable, "-m", "bot", "data", "load", "openalex-works", str(path)]
        out_path, err_path = Path(tmp) / "out", Path(tmp) / "err"
        with open(out_path, "wb") as out_file, open(err_path, "wb") as err_file:
            started = time.perf_counter()
            proc = subprocess.Popen(
                [*argv, "--db", str(db)],
                cwd=code,
                stdout=out_file,
                stderr=err_file,
                env={k: v for k, v in os.environ.items() if not k.startswith("COLLABBOT_")},
            )
            _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak RSS
            seconds = time.perf_counter() - started
        out = out_path.read_text("utf-8", "replace")
        err = err_path.read_text("utf-8", "replace")
    return {
        "seconds": seconds,
        "peak_rss_mb": usage.ru_maxrss / 1024,  # kB on Linux
        "ok": os.waitstatus_to_exitcode(status) == 0,
        "last_line": (out.strip() or err.strip()).splitlines()[-1:] or [""],
    }


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--code", action="append", default=[], metavar="NAME=DIR")
    args = parser.parse_args()
    trees = dict(c.split("=", 1) for c in args.code) or {"this": str(ROOT)}
    results: dict[str, dict[str, list[dict]]] = {}
    for path in args.files:
        for _ in range(args.runs):
            for name, code in trees.items():
                run = one_run(Path(code), path)
                results.setdefault(path.name, {}).setdefault(name, []).append(run)
                print(json.dumps({"file": path.name, "code": name, **run}), flush=True)
    for file, by_tree in results.items():
        for name, runs in by_tree.items():
            secs = [r["seconds"] for r in runs]
            rss = [r["peak_rss_mb"] for r in runs]
            print(
                f"{file} [{name}] runs {len(runs)}, ok {sum(r['ok'] for r in runs)}: "
                f"time median {statistics.median(secs):.1f} s, p95 {p95(secs):.1f} s; "
                f"peak RSS median {statistics.median(rss):.0f} MB, p95 {p95(rss):.0f} MB"
            )


if __name__ == "__main__":
    main()
