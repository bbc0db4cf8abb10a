"""Parse, compile and query time per kind of question (median over N runs) on the demo DB.

    .venv/bin/python benchmarks/question_timing.py [--db PATH] [--runs 100] [--json]

parse   = text -> Question (queries.parse.parse, the parse context prepared once)
compile = Question -> checked sqlglot tree -> SQL text (resolve, compile_question, .sql())
query   = the SQL run on DuckDB through the read-only Store, rows fetched
Without --db it uses $COLLABBOT_DB / the default path, building the demo in a temporary
folder when no database is there.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.pipeline import Answerer  # noqa: E402
from data.store import resolve_db_path  # noqa: E402
from queries import parse as grammar  # noqa: E402
from queries.answer import resolve  # noqa: E402
from queries.kinds import compile_question  # noqa: E402

QUESTIONS: dict[str, str] = {
    "pair": "CS China–Thailand 2015 vs 2023",
    "pair series": "joint papers between China and Singapore 2015–2023",
    "partners": "CS China–Singapore, South Korea, Italy 2015 vs 2023",
    "top": "China's top partners in chemistry 2023",
    "top in a group": "top 15 BRI partners of China 2023",
    "rising": "fastest rising BRI partners of China 2015 vs 2023",
    "rank": "Singapore's rank among China's partners 2023 including health sciences",
    "aggregate group": "China BRI collaboration 2015 vs 2023",
    "aggregate intl": "China international collaboration 2015 vs 2023",
    "aggregate domestic": "China domestic articles 2015 vs 2023",
    "share": "BRI share of China's international collaboration 2015 vs 2023",
}


def median_ms(fn, runs: int) -> tuple[float, object]:
    result = fn()  # warm-up (caches, first connection)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter_ns()
        result = fn()
        times.append((time.perf_counter_ns() - t0) / 1e6)
    return statistics.median(times), result


def measure(db: Path, runs: int) -> list[dict]:
    answerer = Answerer(db)
    pctx = answerer.parse_context("demo")
    ctx = answerer.contexts()["demo"]
    out = []
    for kind, text in QUESTIONS.items():
        parse_ms, q = median_ms(lambda text=text: grammar.parse(text, pctx), runs)
        compile_ms, sql = median_ms(
            lambda q=q: compile_question(resolve(q, ctx).question, ctx).sql(), runs
        )
        query_ms, result = median_ms(lambda sql=sql: answerer.store.run(sql), runs)
        out.append(
            {
                "kind": kind,
                "question": text,
                "parse_ms": parse_ms,
                "compile_ms": compile_ms,
                "query_ms": query_ms,
                "rows": len(result.rows),
            }
        )
    return out


def table(results: list[dict], runs: int) -> str:
    lines = [
        f"median of {runs} runs, ms",
        f"{'kind':<20} {'parse':>7} {'compile':>8} {'query':>7} {'total':>7} {'rows':>5}",
    ]
    for r in results:
        total = r["parse_ms"] + r["compile_ms"] + r["query_ms"]
        lines.append(
            f"{r['kind']:<20} {r['parse_ms']:>7.2f} {r['compile_ms']:>8.2f} {r['query_ms']:>7.2f} "
            f"{total:>7.2f} {r['rows']:>5}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="database with the demo dataset")
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    db = resolve_db_path(args.db)
    if not db.is_file():
        from data.demo import build_demo

        db = Path(tempfile.mkdtemp(prefix="collabbot-bench-")) / "demo.duckdb"
        print(f"no database found; building the demo in {db} …", file=sys.stderr)
        build_demo(db)
    results = measure(db, args.runs)
    print(json.dumps(results, indent=2) if args.json else table(results, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
