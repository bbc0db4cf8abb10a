"""Where the time goes: per stage, end to end, cold start, memory, against hand-written SQL and
pandas, at 1×, 3× and 10× data.

    python -m bot bench [--quick] [--json] [--db PATH]      (also `make bench`)

Each scale is measured in fresh processes so that one's memory does not count as another's:
a *bot* worker (the pipeline, stage by stage and end to end; its peak RSS is the bot's) and a
*baselines* worker (hand-written SQL on DuckDB, and pandas on the article-level rows). The
parent checks that the three give the same figures to 1e-9, times a cold start of
`python -m bot ask`, and prints a table (or, with --json, one JSON object).

Repetitions: --quick = 1× only, few runs; otherwise 1×, 3× and 10×. COLLABBOT_BENCH_REPS,
COLLABBOT_BENCH_WARMUP and COLLABBOT_BENCH_COLD override the run counts.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("parse", "compile", "query", "answer", "blocks", "chart")
COLD_QUESTION = "CS China–Thailand 2015 vs 2023"
TARGETS = {
    "text_1x_ms": 20.0,
    "text_10x_ms": 50.0,
    "chart_1x_ms": 60.0,
    "query_vs_sql": 1.2,
    "cold_start_s": 2.0,
    "rss_10x_mb": 400.0,
    "kind_text_full_ms": 20.0,  # every kind's end-to-end text median at the full scale
}
FULL = "full"  # the full-snapshot serving shape (benchmarks/full.py), beside the numeric scales


def label(scale: float | str) -> str:
    return scale if isinstance(scale, str) else f"{scale:g}×"


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p95(values: list[float]) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(median(values), 3),
        "p95_ms": round(p95(values), 3),
        "n": len(values),
    }


def peak_rss_mb() -> float:
    """This process's peak RSS. On Linux VmHWM (of this program only: ru_maxrss survives exec, so
    a worker started by a parent that once held a big frame would report the parent's peak)."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    # Linux reports ru_maxrss in KiB (macOS in bytes).
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 / 1024 if sys.platform == "darwin" else rss / 1024


# ---------------------------------------------------------------------------------------------
# Worker: the bot, stage by stage and end to end


class _TimedStore:
    """The real Store, with the time spent in Store.run recorded (nothing else changes)."""

    def __init__(self, store, record: dict[str, float]):
        self._store = store
        self._record = record

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def run(self, sql, params=None):
        t0 = time.perf_counter()
        try:
            return self._store.run(sql, params)
        finally:
            self._record["query"] += time.perf_counter() - t0


@contextlib.contextmanager
def _timed_compile(record: dict[str, float]) -> Iterator[None]:
    """queries.figures.figures calls compile_question; time those calls where they happen."""
    import queries.figures as answer_module

    real = answer_module.compile_question

    def timed(q, ctx):
        t0 = time.perf_counter()
        try:
            return real(q, ctx)
        finally:
            record["compile"] += time.perf_counter() - t0

    answer_module.compile_question = timed
    try:
        yield
    finally:
        answer_module.compile_question = real


def staged_answer(answerer, text: str) -> tuple[Any, dict[str, float]]:
    """One answer with the time of each stage, calling the pipeline's pieces in the order
    Answerer._answer does (parse → resolve/compile → query → answer) then Slack blocks and the
    chart. Times in ms."""
    from bot.charts import render_png
    from bot.render import messages
    from queries import parse as grammar
    from queries.answer import build_answer, figures, resolve

    rec = {"compile": 0.0, "query": 0.0}
    t0 = time.perf_counter()
    q = answerer.question(text)
    pctx = answerer.parse_context()
    receipt = grammar.receipt(q, pctx)
    t1 = time.perf_counter()
    contexts = answerer.contexts()
    store = _TimedStore(answerer.store, rec)
    per = []
    with _timed_compile(rec):
        for name in q.datasets or (pctx.default_dataset,):
            r0 = time.perf_counter()
            resolved = resolve(q, contexts[name])
            rec["compile"] += time.perf_counter() - r0
            per.append(figures(resolved, store))
        ans = build_answer(text, q, receipt, per)
    t2 = time.perf_counter()
    messages(ans)
    t3 = time.perf_counter()
    render_png(ans)
    t4 = time.perf_counter()
    ms = 1000.0
    return ans, {
        "parse": (t1 - t0) * ms,
        "compile": rec["compile"] * ms,
        "query": rec["query"] * ms,
        "answer": (t2 - t1 - rec["compile"] - rec["query"]) * ms,
        "blocks": (t3 - t2) * ms,
        "chart": (t4 - t3) * ms,
    }


def _timed(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000.0


def bot_worker(db: str, reps: int, warmup: int) -> dict:
    from benchmarks.suite import SUITE
    from bot.charts import render_png
    from bot.pipeline import Answerer
    from bot.render import messages

    answerer = Answerer(db)
    out: dict[str, Any] = {"cases": {}}
    for case in SUITE:
        ans = answerer.answer(case.text)
        if not ans.ok:
            raise SystemExit(f"the bot could not answer {case.text!r}: {ans.headline}")
        for _ in range(warmup):
            staged_answer(answerer, case.text)
        stages: dict[str, list[float]] = {s: [] for s in STAGES}
        text_ms, chart_ms = [], []
        for _ in range(reps):
            _, t = staged_answer(answerer, case.text)
            for s in STAGES:
                stages[s].append(t[s])
        for _ in range(reps):
            text_ms.append(_timed(lambda t=case.text: messages(answerer.answer(t))))
        for _ in range(reps):

            def with_chart(t: str = case.text) -> None:
                a = answerer.answer(t)
                messages(a)
                render_png(a)

            chart_ms.append(_timed(with_chart))
        out["cases"][case.name] = {
            "stages": stages,
            "text": text_ms,
            "with_chart": chart_ms,
            "rows": [[r.country, r.year, r.value, r.rank] for r in ans.rows],
            "changes": [
                [c.country, c.start, c.end, c.abs_change, c.pct_change] for c in ans.changes
            ],
        }
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def baselines_worker(db: str, reps: int, pandas_reps: int, warmup: int) -> dict:
    """Hand-written SQL, and pandas unless pandas_reps is 0 (the full scale: holding its
    article rows in pandas is not the point there)."""
    import duckdb

    from benchmarks.suite import SUITE, PandasBaseline, SqlBaseline

    con = duckdb.connect(db, read_only=True, config={"threads": 2})
    dataset = con.execute("SELECT name FROM datasets ORDER BY name LIMIT 1").fetchone()[0]
    ends = dict(
        con.execute("SELECT year, end_date FROM windows WHERE dataset = ?", [dataset]).fetchall()
    )
    sql = SqlBaseline(con, dataset, ends)
    t0 = time.perf_counter()
    pandas = PandasBaseline(con, dataset, ends) if pandas_reps else None
    load_s = time.perf_counter() - t0
    out: dict[str, Any] = {
        "cases": {},
        "pandas_load_s": load_s,
        "dataset": dataset,
        "rows": {
            t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("articles", "authorships", "article_countries", "pair_figures")
        },
    }
    for case in SUITE:
        for _ in range(warmup):
            sql.run(case.spec)
        sql_ms = [_timed(lambda s=case.spec: sql.run(s)) for _ in range(reps)]
        sql_values, sql_ranks = sql.canon(case.spec, sql.run(case.spec))
        out["cases"][case.name] = {"sql": sql_ms, "sql_answer": _jsonable(sql_values, sql_ranks)}
        if pandas is not None:
            pandas.answer(case.spec)  # warm-up
            out["cases"][case.name]["pandas"] = [
                _timed(lambda s=case.spec: pandas.answer(s)) for _ in range(pandas_reps)
            ]
            out["cases"][case.name]["pandas_answer"] = _jsonable(*pandas.answer(case.spec))
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def _jsonable(values: dict, ranks: dict) -> dict:
    return {"values": [[list(k), v] for k, v in values.items()], "ranks": ranks}


def _from_jsonable(d: dict) -> tuple[dict, dict]:
    return {tuple(k): v for k, v in d["values"]}, d["ranks"]


# ---------------------------------------------------------------------------------------------
# Parent: run the workers per scale, compare, summarise


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.setdefault("MPLBACKEND", "Agg")
    return env


def _worker(args: list[str]) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        path = f.name
    try:
        subprocess.run(
            [sys.executable, "-m", "benchmarks.bench", *args, "--out", path],
            check=True,
            env=_env(),
            cwd=str(ROOT),
        )
        return json.loads(Path(path).read_text())
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def cold_start(db: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bot", "ask", COLD_QUESTION, "--db", db],
            check=True,
            env=_env(),
            cwd=str(ROOT),
            stdout=subprocess.DEVNULL,
        )
        times.append(time.perf_counter() - t0)
    return times


def measure_scale(
    scale: float | str,
    db: str,
    reps: int,
    warmup: int,
    pandas_reps: int,
    cold_runs: int,
    load_s: float | None,
    log: Callable[[str], None],
) -> dict:
    from benchmarks.suite import SUITE, canon_answer, compare

    log(f"[{label(scale)}] bot: {len(SUITE)} questions × {reps} runs (after {warmup} warm-up) …")
    bot = _worker(["bot", "--db", db, "--reps", str(reps), "--warmup", str(warmup)])
    log(f"[{label(scale)}] baselines: hand-written SQL × {reps}, pandas × {pandas_reps} …")
    base = _worker(
        [
            "baselines",
            "--db",
            db,
            "--reps",
            str(reps),
            "--pandas-reps",
            str(pandas_reps),
            "--warmup",
            str(warmup),
        ]
    )
    log(f"[{label(scale)}] cold start × {cold_runs} …")
    cold = cold_start(db, cold_runs) if cold_runs else []

    all_stages: dict[str, list[float]] = {s: [] for s in STAGES}
    text, chart, sql_all, pandas_all = [], [], [], []
    kinds: dict[str, dict] = {}
    mismatches: list[str] = []
    tot = {"query": 0.0, "sql": 0.0, "text": 0.0, "pandas": 0.0}
    for case in SUITE:
        b, s = bot["cases"][case.name], base["cases"][case.name]
        for st in STAGES:
            all_stages[st] += b["stages"][st]
        text += b["text"]
        chart += b["with_chart"]
        sql_all += s["sql"]
        pandas_all += s.get("pandas", [])
        bot_canon = canon_answer(case.spec.kind, b["rows"], b["changes"])
        for baseline in ("sql", "pandas"):
            if f"{baseline}_answer" in s:
                problems = compare(bot_canon, _from_jsonable(s[f"{baseline}_answer"]))
                mismatches += [
                    f"{label(scale)} {case.name} bot vs {baseline}: {p}" for p in problems
                ]
        k = {
            "query_ms": median(b["stages"]["query"]),
            "query_p95_ms": p95(b["stages"]["query"]),
            "compile_ms": median(b["stages"]["compile"]),
            "text_ms": median(b["text"]),
            "text_p95_ms": p95(b["text"]),
            "with_chart_ms": median(b["with_chart"]),
            "chart_ms": median(b["stages"]["chart"]),
            "sql_ms": median(s["sql"]),
            "pandas_ms": median(s.get("pandas", [])),
        }
        k["query_vs_sql"] = k["query_ms"] / k["sql_ms"]
        k["pandas_vs_bot"] = k["pandas_ms"] / k["text_ms"]
        kinds[case.name] = {key: round(v, 3) for key, v in k.items()}
        tot["query"] += k["query_ms"]
        tot["sql"] += k["sql_ms"]
        tot["text"] += k["text_ms"]
        tot["pandas"] += k["pandas_ms"]
    db_path = Path(db)
    return {
        "scale": scale,
        "db": str(db_path),
        "db_size_mb": round(db_path.stat().st_size / 1e6, 1),
        "load_s": round(load_s, 1) if load_s is not None else None,
        "rows": base["rows"],
        "stages": {st: summary(v) for st, v in all_stages.items()},
        "end_to_end": {"text": summary(text), "with_chart": summary(chart)},
        "baselines": {"sql": summary(sql_all), "pandas": summary(pandas_all)},
        # Ratios of suite totals (the sum over questions of each question's median).
        "ratios": {
            "bot_vs_sql": round(tot["query"] / tot["sql"], 3),
            "bot_e2e_vs_sql": round(tot["text"] / tot["sql"], 3),
            "pandas_vs_bot": round(tot["pandas"] / tot["text"], 3),
        },
        "kinds": kinds,
        "cold_start_s": round(median(cold), 3) if cold else None,
        "cold_start_runs_s": [round(c, 3) for c in cold],
        "peak_rss_mb": round(bot["peak_rss_mb"], 1),
        "baselines_peak_rss_mb": round(base["peak_rss_mb"], 1),
        "pandas_load_s": round(base["pandas_load_s"], 2),
        "mismatches": mismatches,
        "reps": reps,
        "warmup": warmup,
        "pandas_reps": pandas_reps,
    }


def machine() -> dict[str, Any]:
    import duckdb

    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram_gb = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "ram_gb": ram_gb,
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "os": platform.platform(),
    }


def growth(results: list[dict]) -> dict[str, Any]:
    """Per kind and overall: how a time grows from the smallest to the largest scale, as the
    exponent k in time ∝ scale^k (0 = flat, 1 = linear)."""
    results = [r for r in results if not isinstance(r["scale"], str)]
    if len(results) < 2:
        return {}
    lo, hi = results[0], results[-1]
    span = math.log(hi["scale"] / lo["scale"])

    def k(a: float, b: float) -> float | None:
        return round(math.log(b / a) / span, 2) if a > 0 and b > 0 else None

    out: dict[str, Any] = {
        "from_scale": lo["scale"],
        "to_scale": hi["scale"],
        "load_s": k(lo["load_s"] or 0, hi["load_s"] or 0),
        "db_size_mb": k(lo["db_size_mb"], hi["db_size_mb"]),
        "text_ms": k(lo["end_to_end"]["text"]["median_ms"], hi["end_to_end"]["text"]["median_ms"]),
        "kinds": {},
    }
    for name, a in lo["kinds"].items():
        b = hi["kinds"][name]
        out["kinds"][name] = {
            "query_ms": k(a["query_ms"], b["query_ms"]),
            "sql_ms": k(a["sql_ms"], b["sql_ms"]),
            "pandas_ms": k(a["pandas_ms"], b["pandas_ms"]),
        }
    return out


def targets(results: list[dict]) -> dict[str, dict]:
    by = {r["scale"]: r for r in results}
    checks = {}

    def check(name: str, value: float | None, limit: float) -> None:
        if value is not None:
            checks[name] = {"value": round(value, 3), "target": limit, "met": value <= limit}

    if 1.0 in by:
        check("text_1x_ms", by[1.0]["end_to_end"]["text"]["median_ms"], TARGETS["text_1x_ms"])
        check(
            "chart_1x_ms", by[1.0]["end_to_end"]["with_chart"]["median_ms"], TARGETS["chart_1x_ms"]
        )
        check("cold_start_s", by[1.0]["cold_start_s"], TARGETS["cold_start_s"])
    if 10.0 in by:
        check("text_10x_ms", by[10.0]["end_to_end"]["text"]["median_ms"], TARGETS["text_10x_ms"])
        check("rss_10x_mb", by[10.0]["peak_rss_mb"], TARGETS["rss_10x_mb"])
    for r in results:
        name = f"query_vs_sql_{label(r['scale']).replace('×', 'x')}"
        check(name, r["ratios"]["bot_vs_sql"], TARGETS["query_vs_sql"])
    if FULL in by:
        for kind, k in by[FULL]["kinds"].items():
            check(f"text_full_ms_{kind}", k["text_ms"], TARGETS["kind_text_full_ms"])
    return checks


def _counts(quick: bool) -> tuple[int, int, int, int]:
    reps = int(os.environ.get("COLLABBOT_BENCH_REPS", 5 if quick else 20))
    warmup = int(os.environ.get("COLLABBOT_BENCH_WARMUP", 2 if quick else 5))
    cold = int(os.environ.get("COLLABBOT_BENCH_COLD", 3))
    pandas_reps = max(1, min(reps, 3 if quick else 10))
    return reps, warmup, cold, pandas_reps


def main_bench(
    quick: bool,
    as_json: bool,
    db: str | None,
    *,
    reps: int | None = None,
    scales: tuple[float, ...] | None = None,
    full: bool = False,
) -> int:
    """`full` adds the full-snapshot serving shape (benchmarks/full.py) after the scales."""
    from benchmarks import full as full_store
    from benchmarks import scaled

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    n_reps, warmup, cold_runs, pandas_reps = _counts(quick)
    if reps is not None:
        n_reps, pandas_reps = reps, max(1, min(reps, pandas_reps))
    wanted: tuple[float | str, ...] = scales or ((1.0,) if quick else (1.0, 3.0, 10.0))
    if full:
        wanted += (FULL,)
    started = time.perf_counter()
    results = []
    for scale in wanted:
        load_s = None
        if scale == 1.0 and db:
            path = str(Path(db).expanduser())
        elif scale == 1.0 and quick and _has_demo(_default_db()):
            path = str(_default_db())
        elif scale == FULL:
            built, info = full_store.ensure(log=log)
            path, load_s = str(built), info.get("load_s")
        else:
            built, info = scaled.ensure(scale, log=log)
            path, load_s = str(built), info.get("load_s")
        results.append(
            measure_scale(
                scale,
                path,
                n_reps,
                warmup,
                0 if scale == FULL else pandas_reps,
                cold_runs if scale in (1.0, 10.0, FULL) else 0,
                load_s,
                log,
            )
        )
    first = results[0]
    report = {
        # The 1× (first) scale's figures at the top level; every scale under "scales".
        **{
            k: first[k]
            for k in (
                "scale",
                "stages",
                "end_to_end",
                "baselines",
                "ratios",
                "cold_start_s",
                "peak_rss_mb",
                "kinds",
                "mismatches",
            )
        },
        "scales": results,
        "growth": growth(results),
        "targets": targets(results),
        "machine": machine(),
        "quick": quick,
        "elapsed_s": round(time.perf_counter() - started, 1),
    }
    if as_json:
        print(json.dumps(report, indent=2, default=str))
    else:
        print(format_report(report))
    if report["mismatches"] or any(r["mismatches"] for r in results):
        log(
            "MISMATCH between the bot and a baseline:\n  "
            + "\n  ".join(m for r in results for m in r["mismatches"])
        )
        return 1
    return 0


def _default_db() -> Path:
    from data.store import resolve_db_path

    return resolve_db_path(None)


def _has_demo(path: Path) -> bool:
    try:
        from data.demo import DEMO_NAME
        from data.info import has_dataset

        return path.is_file() and has_dataset(path, DEMO_NAME)
    except Exception:
        return False


# ---------------------------------------------------------------------------------------------
# The report as Markdown (what BENCHMARKS.md holds)


def _f(v: float | None, digits: int = 1) -> str:
    return "–" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:,.{digits}f}"


def format_report(report: dict) -> str:
    results = report["scales"]
    head = "| | " + " | ".join(label(r["scale"]) for r in results) + " |"
    rule = "|---|" + "---:|" * len(results)
    lines = ["## Summary (median / p95, ms)", "", head, rule]

    def row(label: str, fn: Callable[[dict], str]) -> None:
        lines.append(f"| {label} | " + " | ".join(fn(r) for r in results) + " |")

    row("authorship rows", lambda r: f"{r['rows']['authorships']:,}")
    row("articles", lambda r: f"{r['rows']['articles']:,}")
    row("load (build) time, s", lambda r: _f(r["load_s"]))
    row("database size, MB", lambda r: _f(r["db_size_mb"]))
    for st in STAGES:
        row(
            f"stage: {st}",
            lambda r, st=st: (
                f"{_f(r['stages'][st]['median_ms'], 2)} / {_f(r['stages'][st]['p95_ms'], 2)}"
            ),
        )
    row(
        "**end to end, text**",
        lambda r: (
            f"**{_f(r['end_to_end']['text']['median_ms'], 2)}** / "
            f"{_f(r['end_to_end']['text']['p95_ms'], 2)}"
        ),
    )
    row(
        "**end to end, with chart**",
        lambda r: (
            f"**{_f(r['end_to_end']['with_chart']['median_ms'], 2)}** / "
            f"{_f(r['end_to_end']['with_chart']['p95_ms'], 2)}"
        ),
    )
    row(
        "hand-written SQL",
        lambda r: (
            f"{_f(r['baselines']['sql']['median_ms'], 2)} / "
            f"{_f(r['baselines']['sql']['p95_ms'], 2)}"
        ),
    )
    row(
        "pandas",
        lambda r: (
            f"{_f(r['baselines']['pandas']['median_ms'], 2)} / "
            f"{_f(r['baselines']['pandas']['p95_ms'], 2)}"
        ),
    )
    row("bot query / hand-written SQL", lambda r: f"{r['ratios']['bot_vs_sql']:.2f}×")
    row("bot end to end / hand-written SQL", lambda r: f"{r['ratios']['bot_e2e_vs_sql']:.2f}×")
    row("pandas / bot end to end", lambda r: f"{_f(r['ratios']['pandas_vs_bot'])}×")
    row("cold start to first answer, s", lambda r: _f(r["cold_start_s"], 2))
    row("peak RSS of the bot, MB", lambda r: _f(r["peak_rss_mb"], 0))
    row("peak RSS of the baselines (pandas), MB", lambda r: _f(r["baselines_peak_rss_mb"], 0))
    row(
        "figures equal (bot = SQL = pandas)",
        lambda r: "yes" if not r["mismatches"] else f"**{len(r['mismatches'])} mismatches**",
    )

    lines += [
        "",
        "## Per kind (median ms: bot query / hand-written SQL / pandas; bot end to end text)",
        "",
    ]
    head = (
        "| kind | "
        + " | ".join(
            f"{label(r['scale'])} query / SQL / pandas | {label(r['scale'])} text" for r in results
        )
        + " |"
    )
    lines += [head, "|---|" + "---:|---:|" * len(results)]
    for name in results[0]["kinds"]:
        cells = []
        for r in results:
            k = r["kinds"][name]
            cells.append(f"{_f(k['query_ms'], 2)} / {_f(k['sql_ms'], 2)} / {_f(k['pandas_ms'], 1)}")
            cells.append(_f(k["text_ms"], 2))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")

    for r in results:
        if isinstance(r["scale"], str):
            lines += [
                "",
                f"## Per kind at {label(r['scale'])} (ms: median / p95)",
                "",
                "| kind | bot query | hand-written SQL | query / SQL | end to end, text |",
                "|---|---:|---:|---:|---:|",
            ]
            for name, k in r["kinds"].items():
                lines.append(
                    f"| {name} | {_f(k['query_ms'], 2)} / {_f(k['query_p95_ms'], 2)} | "
                    f"{_f(k['sql_ms'], 2)} | {k['query_vs_sql']:.2f}× | "
                    f"{_f(k['text_ms'], 2)} / {_f(k['text_p95_ms'], 2)} |"
                )

    g = report.get("growth")
    if g:
        lines += [
            "",
            f"## Growth from {g['from_scale']:g}× to {g['to_scale']:g}× "
            "(exponent k in time ∝ scale^k: 0 flat, 1 linear)",
            "",
            f"load time k = {g['load_s']}, database size k = {g['db_size_mb']}, "
            f"end-to-end text k = {g['text_ms']}",
            "",
            "| kind | bot query | hand-written SQL | pandas |",
            "|---|---:|---:|---:|",
        ]
        for name, v in g["kinds"].items():
            lines.append(f"| {name} | {v['query_ms']} | {v['sql_ms']} | {v['pandas_ms']} |")

    lines += ["", "## Targets", "", "| target | value | limit | met |", "|---|---:|---:|---|"]
    for name, t in report["targets"].items():
        lines.append(
            f"| {name} | {t['value']:g} | {t['target']:g} | {'yes' if t['met'] else '**no**'} |"
        )
    m = report["machine"]
    lines += [
        "",
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['ram_gb']} GB RAM, Python {m['python']}, "
        f"DuckDB {m['duckdb']}, {m['os']}. Runs: {results[0]['reps']} per question after "
        f"{results[0]['warmup']} warm-up (pandas {results[0]['pandas_reps']}); "
        f"{len(results[0]['kinds'])} questions; took {report['elapsed_s']} s.",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------


def _worker_main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bench")
    ap.add_argument("role", choices=("bot", "baselines", "run"))
    ap.add_argument("--db")
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--pandas-reps", type=int, default=10)
    ap.add_argument("--out")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--scales", help="comma-separated, e.g. 1,3,10")
    ap.add_argument("--full", action="store_true", help="also the full-snapshot shape")
    args = ap.parse_args(argv)
    if args.role == "run":
        scales = tuple(float(s) for s in args.scales.split(",")) if args.scales else None
        return main_bench(args.quick, args.json, args.db, scales=scales, full=args.full)
    if args.role == "bot":
        result = bot_worker(args.db, args.reps, args.warmup)
    else:
        result = baselines_worker(args.db, args.reps, args.pandas_reps, args.warmup)
    Path(args.out).write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(_worker_main())
