"""Measures a built demo's shape against the real networks and the works sample (issue 17's figures).

    python -m data.demo.shape --db PATH [--networks WrldCo_years.zip] [--works works.jsonl.gz]

Prints the figures as JSON: the correlation of China's partners' year-over-year changes with the
real joint works', the largest one-window swing the real series do not have, how many pairs
have a CS below their joint articles, and China's third-country rate per window.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from data.demo import bri_for_calibration, plan
from data.demo.trends import log_changes
from data.store import Store

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
NETWORKS = SHARED / "openalex-country-coauthorship" / "WrldCo_years.zip"
WORKS = SHARED / "openalex-works-sample" / "works.jsonl.gz"
NATURAL = (
    "('biological_sciences', 'chemistry', 'earth_environmental_sciences', 'physical_sciences')"
)
TOP = 30  # China's largest partners (real joint works in the last window) that the demo has
# A window's change may depart from the real one (net of each series' own trend) by this much
# in log terms, plus two standard errors of the change of a count that size (Poisson).
SWING_ALLOWANCE = 0.10
SMALL = 10.0  # a partner planned below this CS in the last window is "small"
DEMO = "demo"


@dataclass(frozen=True)
class Shape:
    partners: tuple[str, ...]
    correlation: float  # Pearson, pooled over partners × windows, of the yearly changes (%)
    correlation_cs: float  # the same with the demo's CS instead of its joint articles
    worst_swing: tuple[str, int, float, float]  # series, window, gap, allowance (by gap/allowance)
    swings: Mapping[str, tuple[int, float, float]]  # series → its worst window, gap, allowance
    cs_below_joint: float  # share of China's pairs (last window) whose CS < joint articles
    small_below_joint: (
        float  # the same over small partners' windows with two joint articles or more
    )
    third_country: Mapping[int, float]  # window → share of China's international articles
    china_international: tuple[float, ...]
    bri_share: tuple[float, ...]


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    mx, my = sum(x) / len(x), sum(y) / len(y)
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy)


def swing(demo: Sequence[float], real: Sequence[float]) -> tuple[int, float, float]:
    """The window where the demo's change departs most from the real one, both taken net of
    their own average yearly change (the demo is bent to the published growth, so only
    departures from its own trend count): (window index, log-ratio gap, allowance), the
    worst by gap ÷ allowance."""
    d, r = log_changes(demo), log_changes(real)
    md, mr = sum(d) / len(d), sum(r) / len(r)
    gaps = [(a - md) - (b - mr) for a, b in zip(d, r, strict=True)]
    allow = [
        SWING_ALLOWANCE + 2 * math.sqrt(1 / a + 1 / b) for a, b in zip(demo, demo[1:], strict=False)
    ]
    worst = max(range(len(gaps)), key=lambda t: abs(gaps[t]) / allow[t])
    return worst + 1, gaps[worst], allow[worst]


def below(pairs: Sequence[tuple[float, float]]) -> float:
    """Share of (CS, joint articles) with the CS below the joint count."""
    return sum(cs < joint - 1e-9 for cs, joint in pairs) / len(pairs)


def demo_series(store: Store) -> dict[str, dict[str, list[float]]]:
    """{"joint"|"cs": {partner: value per window}} for China's pairs, natural sciences."""
    rows = store.run(
        f"SELECT b, year, cs, joint_articles FROM pair_figures WHERE dataset = '{DEMO}' "
        "AND a = ? AND subject = 'natural_sciences' ORDER BY b, year",
        [plan.FOCAL],
    ).rows
    out: dict[str, dict[str, list[float]]] = {"joint": {}, "cs": {}}
    for b, year, cs, joint in rows:
        out["joint"].setdefault(b, [0.0] * len(plan.YEARS))[plan.YEARS.index(year)] = joint
        out["cs"].setdefault(b, [0.0] * len(plan.YEARS))[plan.YEARS.index(year)] = cs
    return out


def china_counts(store: Store) -> tuple[list[float], list[float]]:
    """China's international and with-BRI natural-sciences articles per window."""
    members = sorted(bri_for_calibration())
    rows = store.run(
        f"""SELECT c.year, COUNT(DISTINCT c.article_id),
                   COUNT(DISTINCT c.article_id) FILTER (WHERE p.iso3 IN ({",".join("?" * len(members))}))
            FROM article_countries c JOIN article_countries p
              ON p.dataset = c.dataset AND p.article_id = c.article_id AND p.iso3 <> c.iso3
            WHERE c.dataset = '{DEMO}' AND c.iso3 = ? AND c.subject IN {NATURAL}
            GROUP BY c.year ORDER BY c.year""",
        [*members, plan.FOCAL],
    ).rows
    return [float(r[1]) for r in rows], [float(r[2]) for r in rows]


def third_country(store: Store) -> dict[int, float]:
    rows = store.run(
        f"SELECT year, AVG(CASE WHEN n_countries >= 3 THEN 1.0 ELSE 0.0 END) FROM article_countries "
        f"WHERE dataset = '{DEMO}' AND iso3 = ? AND n_countries >= 2 AND subject IN {NATURAL} "
        "GROUP BY year ORDER BY year",
        [plan.FOCAL],
    ).rows
    return {int(y): float(v) for y, v in rows}


def measure(store: Store, real: Mapping[tuple[str, str], Sequence[float]]) -> Shape:
    """`real`: (kind, iso3) → works per window, as data.demo.derive.network_series gives."""
    demo = demo_series(store)
    ranked = sorted(
        (c for (kind, c) in real if kind == "joint" and c in demo["joint"]),
        key=lambda c: -real[("joint", c)][-1],
    )
    top = tuple(ranked[:TOP])
    xs: list[float] = []
    xs_cs: list[float] = []
    ys: list[float] = []
    for c in top:
        r = real[("joint", c)]
        ys += [b / a - 1 for a, b in zip(r, r[1:], strict=False)]
        for metric, acc in (("joint", xs), ("cs", xs_cs)):
            d = demo[metric][c]
            acc += [b / a - 1 if a else math.nan for a, b in zip(d, d[1:], strict=False)]
    international, with_bri = china_counts(store)
    bri_real = [
        sum(real[("joint", c)][t] for c in ranked if c in bri_for_calibration())
        for t in range(len(plan.YEARS))
    ]
    series = {
        "China international": (international, real[("international", plan.FOCAL)]),
        "China with BRI": (with_bri, bri_real),
    }
    series.update({f"China–{c}": (demo["joint"][c], real[("joint", c)]) for c in top})
    swings = {name: swing(d, r) for name, (d, r) in series.items()}
    name = max(swings, key=lambda k: abs(swings[k][1]) / swings[k][2])
    window, gap, allowance = swings[name]
    pairs = [(demo["cs"][c][-1], demo["joint"][c][-1]) for c in demo["joint"]]
    pairs = [(cs, joint) for cs, joint in pairs if joint > 0]
    small = [p.iso3 for p in plan.PARTNERS if p.cs_last < SMALL and p.iso3 in demo["joint"]]
    small_windows = [
        (cs, joint)
        for c in small
        for cs, joint in zip(demo["cs"][c], demo["joint"][c], strict=True)
        if joint >= 2
    ]
    return Shape(
        partners=top,
        correlation=pearson(xs, ys),
        correlation_cs=pearson(xs_cs, ys),
        worst_swing=(name, plan.YEARS[window], gap, allowance),
        swings={k: (plan.YEARS[w], g, a) for k, (w, g, a) in swings.items()},
        cs_below_joint=below(pairs),
        small_below_joint=below(small_windows),
        third_country=third_country(store),
        china_international=tuple(international),
        bri_share=tuple(b / i for b, i in zip(with_bri, international, strict=True)),
    )


def main(argv: list[str]) -> int:
    from data.demo.derive import makeup_figures, network_series, sample_works

    parser = argparse.ArgumentParser(prog="python -m data.demo.shape")
    parser.add_argument("--db", required=True)
    parser.add_argument("--networks", default=str(NETWORKS))
    parser.add_argument("--works", default=str(WORKS))
    args = parser.parse_args(argv)
    store = Store(args.db, row_cap=100_000, timeout_s=120)
    real = network_series(Path(args.networks), (p.iso3 for p in plan.PARTNERS))
    shape = asdict(measure(store, real))
    shape["sample"] = makeup_figures(sample_works(Path(args.works)))
    print(json.dumps(shape, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
