"""Real year-to-year courses (trends.csv) and the rule that bends a demo path to follow one."""

from __future__ import annotations

import csv
import functools
import math
from collections.abc import Mapping, Sequence
from pathlib import Path

TRENDS_CSV = Path(__file__).with_name("trends.csv")
HEADER = (
    "# Real works per year that the demo's paths follow between its pinned figures (data/demo/README.md).",
    "# Source: OpenAlex country co-authorship networks 1990-2023, V. Batagelj, github.com/bavla/OpenAlex",
    "# Countries/27aug24 (WrldCo_years.zip, built 27 August 2024 from the OpenAlex API; CC0). Whole counts,",
    "# all work types. international = China's internationally co-authored works (WrldCoYYYYT.vec);",
    "# joint = works with authors from China and the country (WrldCoYYYY.net).",
    "# Rebuild: python -m data.demo.derive networks ../shared/data/openalex-country-coauthorship/WrldCo_years.zip",
)


@functools.cache
def load(path: Path = TRENDS_CSV) -> Mapping[tuple[str, str], tuple[float, ...]]:
    """(kind, iso3) → works per year, in the order of `years()`."""
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.reader(line for line in handle if not line.startswith("#")))
    header, body = rows[0], rows[1:]
    if header[:2] != ["series", "country"]:
        raise ValueError(f"{path}: expected the header 'series,country,YEAR,…'")
    return {(r[0], r[1]): tuple(float(v) for v in r[2:]) for r in body}


def years(path: Path = TRENDS_CSV) -> tuple[int, ...]:
    with open(path, encoding="utf-8") as handle:
        header = next(line for line in handle if not line.startswith("#"))
    return tuple(int(y) for y in header.strip().split(",")[2:])


def follow(index: Sequence[float], pins: Mapping[int, float]) -> list[float]:
    """A path through `pins` (position → value; the first and last position included) that
    moves like `index` in between: between two pins the index's own course is kept and a
    constant yearly rate is added so the path lands on the next pin. Where the index is
    missing or zero the path is geometric."""
    points = sorted(pins)
    if points[0] != 0 or points[-1] != len(index) - 1:
        raise ValueError("pins must include the first and the last position")
    usable = all(v > 0 for v in index)
    out = [0.0] * len(index)
    for a, b in zip(points, points[1:], strict=False):
        ratio = pins[b] / pins[a]
        real = index[b] / index[a] if usable else 1.0
        drift = (ratio / real) ** (1 / (b - a))
        for t in range(a, b + 1):
            course = index[t] / index[a] if usable else 1.0
            out[t] = pins[a] * course * drift ** (t - a)
    return out


def log_changes(values: Sequence[float]) -> list[float]:
    """Year-over-year changes as log ratios (symmetric, so a dip and its recovery cancel)."""
    return [math.log(b / a) for a, b in zip(values, values[1:], strict=False)]
