"""Peak memory of each loader against the size of its input, valid and garbage.

Every case writes its input (10 MB, 100 MB, 1 GB by default), runs the load in a fresh
process (`python -m bot data load …`, or the Pajek parser on its own) and reads that
process's peak RSS from the kernel (wait4). Inputs are generated, never downloaded.

    .venv/bin/python -m benchmarks.loader_memory                 # every case, 10 MB–1 GB
    .venv/bin/python -m benchmarks.loader_memory --sizes 10 100 --kinds pairs --runs 3
    .venv/bin/python -m benchmarks.loader_memory --json out.json
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000
YEARS = range(1900, 2101)  # every year a file may hold: enough distinct pairs for 1 GB
ARTICLE_YEARS = range(2015, 2024)  # article-level data as the Nature Index has it
SUBJECTS = (
    "chemistry",
    "physical_sciences",
    "biological_sciences",
    "earth_environmental_sciences",
    "health_sciences",
    "natural_sciences",
    "all",
)


@dataclass
class Run:
    code: int
    peak_mb: float
    seconds: float
    stdout: str
    stderr: str


# A small launcher forks the command and reports its peak from wait4. Started straight from
# a big process (pytest, this script), the command's peak would include the parent's: Linux
# carries the high-water RSS of the forked (or vforked) process across exec into ru_maxrss.
_LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
sys.stderr.write(f"\\nPEAK_RSS_KB {usage.ru_maxrss}\\n")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def measure(argv: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None) -> Run:
    """Run `argv` to the end; its exit code, peak RSS (MB, from wait4) and wall time."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-S", "-c", _LAUNCHER, *argv], cwd=cwd, env=env, capture_output=True
    )
    seconds = time.perf_counter() - started
    err = proc.stderr.decode("utf-8", "replace")
    err, _, peak = err.rpartition("\nPEAK_RSS_KB ")
    return Run(
        proc.returncode,
        int(peak.strip()) / 1024,  # KiB on Linux
        seconds,
        proc.stdout.decode("utf-8", "replace"),
        err,
    )


def bot_load(kind: str, paths: list[Path], db: Path) -> list[str]:
    return [sys.executable, "-m", "bot", "data", "load", kind, *map(str, paths), "--db", str(db)]


# --------------------------------------------------------------------------- valid inputs


def _codes() -> list[str]:
    from data import catalogue

    return [c.iso2 for c in catalogue.countries() if c.iso2]


def write_pairs(path: Path, size: int) -> Path:
    """Valid pair figures (each pair, year and subject once) until the file holds `size` bytes."""
    codes = _codes()
    rng = random.Random(1)
    with open(path, "w", encoding="utf-8") as f:
        f.write("year,subject,country_a,country_b,cs,joint_articles\n")
        written = 0
        for subject in SUBJECTS:
            for year in YEARS:
                for i, a in enumerate(codes):
                    rows = []
                    for b in codes[i + 1 :]:
                        joint = rng.randint(1, 500)
                        rows.append(
                            f"{year},{subject},{a},{b},{joint * rng.random():.2f},{joint}\n"
                        )
                    block = "".join(rows)
                    f.write(block)
                    written += len(block)
                    if written >= size:
                        return path
    raise ValueError(f"{size:,} bytes is more than the distinct pairs fill")


def write_countries(path: Path, size: int) -> Path:
    """Valid country figures; past the distinct keys (countries × years × subjects) each line
    carries a longer `note` column the loader ignores, so big files stay valid."""
    codes = _codes()
    keys = len(codes) * len(YEARS) * len(SUBJECTS)
    pad = "n" * max(0, size // keys - 40)
    rng = random.Random(2)
    with open(path, "w", encoding="utf-8") as f:
        f.write("year,subject,country,count,share,international,domestic,note\n")
        written = 0
        for subject in SUBJECTS:
            for year in YEARS:
                for code in codes:
                    count = rng.randint(10, 100_000)
                    inter = rng.randint(0, count)
                    line = (
                        f"{year},{subject},{code},{count},{count * rng.random():.2f},"
                        f"{inter},{count - inter},{pad}\n"
                    )
                    f.write(line)
                    written += len(line)
                    if written >= size:
                        return path
    return path


def write_articles(folder: Path, size: int) -> list[Path]:
    """An articles file and an authorships file (one to four countries an article, Shares
    summing to 1) holding `size` bytes together."""
    codes = _codes()
    rng = random.Random(3)
    articles, authorships = folder / "articles.csv", folder / "authorships.csv"
    subjects = SUBJECTS[:5]
    with open(articles, "w") as fa, open(authorships, "w") as fb:
        fa.write("article_id,year,date,subject,journal\n")
        fb.write("article_id,country,share\n")
        written, article = 0, 0
        while written < size:
            rows_a, rows_b = [], []
            for _ in range(10_000):
                article += 1
                year = rng.choice(ARTICLE_YEARS)
                rows_a.append(
                    f"{article},{year},{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d},"
                    f"{rng.choice(subjects)},Journal {article % 97}\n"
                )
                countries = rng.sample(codes, rng.randint(1, 4))
                share = 1 / len(countries)
                rows_b.extend(f"{article},{c},{share:.6f}\n" for c in countries)
            a, b = "".join(rows_a), "".join(rows_b)
            fa.write(a)
            fb.write(b)
            written += len(a) + len(b)
    return [articles, authorships]


def write_pajek(path: Path, size: int) -> Path:
    """A valid undirected network; past the largest one pajek.MAX_VERTICES allows, the
    file goes on with more links than its vertices can have (so it is refused)."""
    from data.loaders.pajek import MAX_VERTICES

    n = MAX_VERTICES
    rng = random.Random(4)
    with open(path, "w") as f:
        f.write(f"*vertices {n}\n")
        f.write("".join(f'{k} "V{k}"\n' for k in range(1, n + 1)))
        f.write("*edges\n")
        written = f.tell()
        i = 1
        while written < size:
            lines = [f"{i} {j} {rng.randint(1, 900)}\n" for j in range(i + 1, n + 1)]
            i += 1
            if i > n:
                i = 1  # repeats: the file is no longer a valid network
            block = "".join(lines)
            f.write(block)
            written += len(block)
    return path


# --------------------------------------------------------------------------- garbage inputs


def write_zeros(path: Path, size: int) -> Path:
    """`size` zero bytes (a sparse file: it costs no disk)."""
    with open(path, "wb") as f:
        f.truncate(size)
    return path


def write_junk(path: Path, size: int, header: str) -> Path:
    """A correct header, then lines of random words and numbers: every line a problem."""
    rng = random.Random(5)
    words = ["lorem", "ipsum", "1e309", "-4", "ZZ", "2.5", "", "dolor", "2020-02-30", "x" * 30]
    fields = header.count(",") + 1
    with open(path, "w") as f:
        f.write(header + "\n")
        written = len(header) + 1
        while written < size:
            block = "".join(
                ",".join(rng.choice(words) for _ in range(fields)) + "\n" for _ in range(10_000)
            )
            f.write(block)
            written += len(block)
    return path


HEADERS = {
    "pairs": "year,subject,country_a,country_b,cs,joint_articles",
    "countries": "year,subject,country,count,share,international,domestic",
    "articles": "article_id,year,date,subject,journal",
}

PAJEK_HEAD = '*vertices 3\n1 "CN"\n2 "US"\n3 "TH"\n*edges'
PAJEK_PARSE = """
import sys
from data.loaders import pajek
from data.loaders.report import Problems
problems = Problems()
with open(sys.argv[1], "rb") as f:
    net = pajek.parse_net(sys.argv[1], f, problems)
print("parsed" if net is not None else "refused", problems.items[:1])
"""


def cases(kinds: list[str]) -> list[tuple[str, str, Callable[[Path, int], list[str]]]]:
    """(loader, input, make(folder, size) -> the command to measure)."""
    out: list[tuple[str, str, Callable[[Path, int], list[str]]]] = []

    def load(kind: str, make_files: Callable[[Path, int], list[Path]]):
        return lambda folder, size: bot_load(kind, make_files(folder, size), folder / "db.duckdb")

    for kind in ("pairs", "countries"):
        writer = write_pairs if kind == "pairs" else write_countries
        out.append((kind, "valid", load(kind, lambda d, s, w=writer: [w(d / "in.csv", s)])))
        out.append(
            (
                kind,
                "junk rows",
                load(kind, lambda d, s, k=kind: [write_junk(d / "in.csv", s, HEADERS[k])]),
            )
        )
        out.append((kind, "zeros", load(kind, lambda d, s: [write_zeros(d / "in.csv", s)])))
    out.append(("articles", "valid", load("articles", write_articles)))
    out.append(
        (
            "articles",
            "junk rows",
            load(
                "articles",
                lambda d, s: [
                    write_junk(d / "articles.csv", s, HEADERS["articles"]),
                    write_junk(d / "authorships.csv", 1000, "article_id,country,share"),
                ],
            ),
        )
    )
    out.append(
        (
            "articles",
            "zeros",
            load(
                "articles", lambda d, s: [write_zeros(d / "a.csv", s), write_zeros(d / "b.csv", 10)]
            ),
        )
    )
    pajek = [sys.executable, "-c", PAJEK_PARSE]
    out.append(
        ("pajek", "valid (capped)", lambda d, s: [*pajek, str(write_pajek(d / "in.net", s))])
    )
    out.append(
        ("pajek", "junk rows", lambda d, s: [*pajek, str(write_junk(d / "in.net", s, PAJEK_HEAD))])
    )
    out.append(("pajek", "zeros", lambda d, s: [*pajek, str(write_zeros(d / "in.net", s))]))
    return [c for c in out if c[0] in kinds]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[10, 100, 1000], help="MB")
    parser.add_argument("--kinds", nargs="+", default=["pairs", "countries", "articles", "pajek"])
    parser.add_argument(
        "--inputs", nargs="+", default=["valid", "junk", "zeros"], help="which inputs (prefixes)"
    )
    parser.add_argument("--runs", type=int, default=1, help="runs per case (median, p95)")
    parser.add_argument("--json", metavar="PATH")
    parser.add_argument(
        "--dir", metavar="DIR", help="where inputs are written (default: a temp dir)"
    )
    args = parser.parse_args(argv)
    rows = []
    print(
        "| loader | input | size | input bytes | exit | peak RSS MB (median / p95) | seconds (median / p95) | first line of the outcome |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    chosen = [c for c in cases(args.kinds) if c[1].startswith(tuple(args.inputs))]
    for kind, what, make in chosen:
        for size_mb in args.sizes:
            with tempfile.TemporaryDirectory(dir=args.dir, prefix="loader-memory-") as tmp:
                folder = Path(tmp)
                command = make(folder, size_mb * MB)
                inputs = sum(
                    p.stat().st_size for p in folder.iterdir() if p.suffix in (".csv", ".net")
                )
                runs = []
                for _ in range(args.runs):
                    for leftover in folder.glob("db.duckdb*"):
                        leftover.unlink()
                    runs.append(measure(command))
            peaks = sorted(r.peak_mb for r in runs)
            secs = sorted(r.seconds for r in runs)
            outcome = _outcome(runs[-1])
            row = {
                "loader": kind,
                "input": what,
                "size_mb": size_mb,
                "input_bytes": inputs,
                "exit": runs[-1].code,
                "peak_mb_median": round(statistics.median(peaks), 1),
                "peak_mb_p95": round(_p95(peaks), 1),
                "seconds_median": round(statistics.median(secs), 2),
                "seconds_p95": round(_p95(secs), 2),
                "outcome": outcome,
            }
            rows.append(row)
            print(
                f"| {kind} | {what} | {size_mb} MB | {inputs:,} | {row['exit']} | "
                f"{row['peak_mb_median']:,} / {row['peak_mb_p95']:,} | "
                f"{row['seconds_median']} / {row['seconds_p95']} | {outcome} |",
                flush=True,
            )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))
    return 0


def _p95(sorted_values: list[float]) -> float:
    return sorted_values[min(len(sorted_values) - 1, round(0.95 * (len(sorted_values) - 1)))]


def _outcome(run: Run) -> str:
    text = run.stdout if run.code == 0 else run.stderr
    lines = [
        ln
        for ln in text.splitlines()
        if ln.strip() and not ln.startswith(("loading ", "  database"))
    ]
    shown = " / ".join(lines[:2]) if lines else ""
    return (shown[:150] + "…") if len(shown) > 150 else shown.replace("|", "\\|")


if __name__ == "__main__":
    sys.exit(main())
