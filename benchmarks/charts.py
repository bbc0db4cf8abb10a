"""Chart rendering per chart kind: first render and repeat, PNG sizes, end to end with a chart."""

# Chart rendering per chart kind: first render and repeat (median, p95), PNG sizes, and the
# end-to-end time of an answer with its chart.
#
#     .venv/bin/python -m benchmarks.charts --db PATH [--runs 30] [--json]
#
# The database should hold the `demo` dataset; cases marked `openalex` run when an `openalex`
# dataset (the real OpenAlex networks, `data load openalex-networks …`) is loaded too, and are
# skipped otherwise. Each case is one question whose chart is of the named kind.
#
# - first render: `bot.charts.render_png` (no cache) on the same Answer, `--runs` times after
#   one warm-up (matplotlib imports, font cache). Text extents and rasterised text are kept
#   from chart to chart in a running bot (names, years, ticks recur), so this is a new chart in
#   a process that has drawn charts before.
# - first render, cold text: the same with every kept text forgotten before each run
#   (`bot.charts.forget_text`): a chart whose every word is new to the process.
# - repeat: the front ends' cached entry point (`bot.charts.cached_png`) after one render has
#   filled the cache; where there is no cache (before it existed) it is a render again.
# - end to end: `Answerer.answer` + Slack blocks + the chart through the front ends' path,
#   once with the chart cache cleared before every run (a new question) and once warm
#   (a repeated question).
#
# `--json` adds every sample, so that runs taken in turns can be pooled (`pool`).

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench import summary  # noqa: E402

# (case, question, dataset or None for the default)
CASES: tuple[tuple[str, str, str | None], ...] = (
    ("bars pair", "CS China–Thailand 2015 vs 2023", None),
    ("bars aggregate", "China BRI collaboration 2015 vs 2023", None),
    ("bars share", "BRI share of China's international collaboration 2015 vs 2023", None),
    ("line pair series", "joint papers between China and Singapore 2015–2023", None),
    ("line 34 years (real)", "joint works China–US 1990–2023", "openalex"),
    ("dumbbell partners", "CS China–Singapore, South Korea, Italy 2015 vs 2023", None),
    ("hbar partners one year", "CS China–Singapore, South Korea, Italy 2023", None),
    ("bubble top 15", "top 15 BRI partners of China 2023", None),
    ("top 15 two years", "top 15 BRI partners of China 2015 vs 2023", None),
    ("top 40 two years", "top 40 partners of China 2015 vs 2023", None),
    ("top 100 one year (real)", "top 100 partners of China 2023", "openalex"),
    ("hbar rising", "fastest rising BRI partners of China 2015 vs 2023", None),
    ("hbar rank", "Singapore's rank among China's partners 2023 including health sciences", None),
    ("two datasets", "joint articles China–Thailand 2015 vs 2023 in demo and openalex", None),
)


def _ms(fn: Callable[[], Any], cpu: list[float] | None = None) -> float:
    """Wall time in ms; with `cpu`, this process's CPU time is appended to it too (on a shared
    machine the CPU time is the steadier of the two)."""
    c0, t0 = time.process_time(), time.perf_counter()
    fn()
    wall = (time.perf_counter() - t0) * 1000.0
    if cpu is not None:
        cpu.append((time.process_time() - c0) * 1000.0)
    return wall


def measure(db: str, runs: int, log: Callable[[str], None]) -> dict[str, Any]:
    import bot.charts as charts
    from bot.pipeline import Answerer
    from bot.render import messages

    cache = getattr(charts, "CACHE", None)
    cached: Callable[[Any], bytes | None] = getattr(charts, "cached_png", charts.render_png)
    answerer = Answerer(db)
    loaded = set(answerer.contexts())
    out: dict[str, Any] = {"cached": cache is not None, "runs": runs, "cases": {}}
    for name, text, dataset in CASES:
        needs = {dataset} if dataset else set()
        if " in demo and openalex" in text:
            needs = {"demo", "openalex"}
        if not needs <= loaded:
            log(f"skip {name}: needs {', '.join(sorted(needs - loaded))}")
            continue
        answer = answerer.answer(text, dataset=dataset)
        if not answer.ok:
            raise SystemExit(f"{name}: the bot could not answer {text!r}: {answer.headline}")
        png = charts.render_png(answer)
        if png is None:
            out["cases"][name] = {"question": text, "chart": None}
            continue
        charts.render_png(answer)  # warm-up
        first_cpu: list[float] = []
        first = [_ms(lambda a=answer: charts.render_png(a), first_cpu) for _ in range(runs)]
        forget = getattr(charts, "forget_text", None)
        cold_text = []
        for _ in range(runs if forget else 0):
            forget()
            cold_text.append(_ms(lambda a=answer: charts.render_png(a)))
        if cache is not None:
            cache.clear()
        cached(answer)
        repeat = [_ms(lambda a=answer: cached(a)) for _ in range(runs)]

        def end_to_end(t: str = text, d: str | None = dataset) -> None:
            a = answerer.answer(t, dataset=d)
            messages(a)
            cached(a)

        cold = []
        for _ in range(runs):
            if cache is not None:
                cache.clear()
            cold.append(_ms(end_to_end))
        warm = [_ms(end_to_end) for _ in range(runs)]
        out["cases"][name] = {
            "question": text,
            "chart": answer.chart.kind if answer.chart else None,
            "png_bytes": len(png),
            "first": summary(first),
            "first_cpu": summary(first_cpu),
            "first_cold_text": summary(cold_text) if cold_text else None,
            "repeat": summary(repeat),
            "end_to_end_new": summary(cold),
            "end_to_end_repeat": summary(warm),
            # The samples themselves, so that runs taken in turns (before / after on a shared
            # machine) can be pooled.
            "samples": {
                "first": first,
                "first_cpu": first_cpu,
                "first_cold_text": cold_text,
                "repeat": repeat,
                "end_to_end_new": cold,
                "end_to_end_repeat": warm,
            },
        }
        log(f"{name}: first {summary(first)['median_ms']:.1f} ms, {len(png):,} bytes")
    out["overall"] = overall(out["cases"])
    return out


def overall(cases: dict[str, Any]) -> dict[str, float]:
    """Medians over the cases of each case's median, and the median PNG size."""
    every = [c for c in cases.values() if c.get("chart")]

    def mid(key: str) -> float:
        return _median([c[key]["median_ms"] for c in every])

    cold = [c for c in every if c.get("first_cold_text")]
    return {
        "first_median_of_medians_ms": mid("first"),
        "first_cold_text_median_of_medians_ms": (
            _median([c["first_cold_text"]["median_ms"] for c in cold]) if cold else None
        ),
        "first_cpu_median_of_medians_ms": mid("first_cpu"),
        "repeat_median_of_medians_ms": mid("repeat"),
        "end_to_end_new_median_ms": mid("end_to_end_new"),
        "end_to_end_repeat_median_ms": mid("end_to_end_repeat"),
        "png_bytes_median": _median([float(c["png_bytes"]) for c in every]),
    }


def _median(values: list[float]) -> float:
    from benchmarks.bench import median

    return round(median(values), 3)


def pool(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """One report from several runs of the same cases (samples pooled, then summarised)."""
    out: dict[str, Any] = {"cached": reports[0]["cached"], "runs": 0, "cases": {}}
    for report in reports:
        out["runs"] += report["runs"]
        for name, case in report["cases"].items():
            into = out["cases"].setdefault(
                name, {**case, "samples": {k: [] for k in case.get("samples", {})}}
            )
            for key, values in case.get("samples", {}).items():
                into["samples"][key] += values
    for case in out["cases"].values():
        for key, values in case.get("samples", {}).items():
            case[key] = summary(values) if values else None
    out["overall"] = overall(out["cases"])
    return out


def table(report: dict[str, Any]) -> str:
    lines = [
        "| case | chart | first render median / p95 ms (CPU median) | cold text median / p95 ms "
        "| repeat median / p95 ms | PNG KB | end to end new / repeat ms |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]

    def ms(part: dict[str, float] | None) -> str:
        return f"{part['median_ms']:.1f} / {part['p95_ms']:.1f}" if part else "–"

    for name, c in report["cases"].items():
        if not c.get("chart"):
            lines.append(f"| {name} | none | – | – | – | – | – |")
            continue
        lines.append(
            f"| {name} | {c['chart']} | {ms(c['first'])}"
            f" ({c['first_cpu']['median_ms']:.1f}) | {ms(c.get('first_cold_text'))}"
            f" | {c['repeat']['median_ms']:.2f} / {c['repeat']['p95_ms']:.2f}"
            f" | {c['png_bytes'] / 1024:.0f}"
            f" | {c['end_to_end_new']['median_ms']:.1f} / {c['end_to_end_repeat']['median_ms']:.1f} |"
        )
    o = report["overall"]
    lines.append(
        f"| **all (median of medians)** | | **{o['first_median_of_medians_ms']:.1f}** "
        f"({o['first_cpu_median_of_medians_ms']:.1f}) | "
        f"{_or_dash(o.get('first_cold_text_median_of_medians_ms'))} | "
        f"**{o['repeat_median_of_medians_ms']:.2f}** | {o['png_bytes_median'] / 1024:.0f} | "
        f"**{o['end_to_end_new_median_ms']:.1f}** / **{o['end_to_end_repeat_median_ms']:.1f}** |"
    )
    return "\n".join(lines)


def _or_dash(value: float | None) -> str:
    return f"**{value:.1f}**" if value is not None else "–"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", required=True)
    p.add_argument("--runs", type=int, default=30)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    report = measure(args.db, args.runs, lambda m: print(m, file=sys.stderr, flush=True))
    import matplotlib

    report["load_average"] = list(os.getloadavg())
    report["matplotlib"] = matplotlib.__version__  # text drawing differs a lot between versions
    print(json.dumps(report, indent=2) if args.json else table(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
