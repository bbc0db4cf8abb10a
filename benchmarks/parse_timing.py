"""Parse time over the question corpus: median and p95 per question, against a same-process baseline.

    python benchmarks/parse_timing.py [--tree PATH] [--runs N] [--json]

Every question of tests/corpus/*.jsonl is parsed N times (after one warm-up); the figure per
question is its median over the runs, and the report gives the median and p95 over the
questions. The baseline is splitting the same text into tokens (the tokenizer), timed in the
same process, so the ratio parse / tokenize is comparable between machines and loads.
`--tree` points at another checkout (an older commit) so before and after are measured by the
same script on the same questions.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "tests" / "corpus"


def corpus_questions() -> list[str]:
    out: list[str] = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            entry = json.loads(line)
            out += [t["q"] for t in entry["turns"]] if "turns" in entry else [entry["q"]]
    return out


def per_question(fn, texts: list[str], runs: int) -> list[float]:
    """Median seconds per text over `runs` calls (errors are answers too: they are timed)."""
    out = []
    for text in texts:
        samples = []
        for _ in range(runs):
            t0 = time.perf_counter()
            try:
                fn(text)
            except Exception:  # noqa: BLE001 - a refusal is a parse outcome, timed like any
                pass
            samples.append(time.perf_counter() - t0)
        out.append(statistics.median(samples))
    return out


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", help="a checkout whose queries/ to time (default: this one)")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    root = Path(args.tree).resolve() if args.tree else HERE.parent
    sys.path.insert(0, str(root))
    from queries.parse import ParseContext, parse  # noqa: PLC0415 - from the chosen tree
    from queries.tokens import tokenize  # noqa: PLC0415

    ctx = ParseContext()
    texts = corpus_questions()
    for text in texts:  # warm-up: caches of vocabulary and catalogue
        try:
            parse(text, ctx)
        except Exception:  # noqa: BLE001
            pass
    parse_s = per_question(lambda t: parse(t, ctx), texts, args.runs)
    base_s = per_question(tokenize, texts, args.runs)
    report = {
        "tree": str(root),
        "questions": len(texts),
        "parse_median_ms": round(statistics.median(parse_s) * 1000, 3),
        "parse_p95_ms": round(p95(parse_s) * 1000, 3),
        "tokenize_median_ms": round(statistics.median(base_s) * 1000, 4),
        "ratio_median": round(statistics.median(parse_s) / statistics.median(base_s), 1),
    }
    if args.json:
        print(json.dumps(report))
    else:
        for key, value in report.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
