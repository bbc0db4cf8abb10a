"""Derives the demo's real inputs from ../shared: trends.csv from the OpenAlex networks, make-up figures from the works sample.

    python -m data.demo.derive networks ../shared/data/openalex-country-coauthorship/WrldCo_years.zip
    python -m data.demo.derive works ../shared/data/openalex-works-sample/works.jsonl.gz

The first rewrites data/demo/trends.csv; the second prints the article make-up figures that
data/demo/makeup.py quotes. Neither source file is copied into the project.
"""

from __future__ import annotations

import gzip
import json
import math
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from data.catalogue import iso3_from_iso2
from data.demo import plan
from data.demo.trends import HEADER, TRENDS_CSV
from data.loaders import openalex, pajek
from data.loaders.report import Problems
from data.loaders.validate import country_code

# -- the networks ---------------------------------------------------------------------------


def network_series(
    path: Path, countries: Iterable[str], years: Sequence[int] = plan.YEARS
) -> dict[tuple[str, str], list[float]]:
    """(kind, iso3) → one value a year: ("international", focal) and ("joint", partner)."""
    problems = Problems()
    files = openalex.collect([path], problems)
    problems.raise_if_any(str(path))
    wanted = list(countries)
    out: dict[tuple[str, str], list[float]] = {("international", plan.FOCAL): []}
    out.update({("joint", c): [] for c in wanted})
    for year in years:
        slot = files.get(year)
        if slot is None or slot.net is None:
            raise ValueError(f"{path}: no network for {year}")
        net = pajek.parse_net(slot.net.display, slot.net.read(), problems)
        problems.raise_if_any(str(path))
        assert net is not None
        codes = [country_code(label) or "" for label in net.labels]
        focal = codes.index(plan.FOCAL)
        joint = {c: 0.0 for c in wanted}
        for a, b, w in zip(net.a.tolist(), net.b.tolist(), net.weight.tolist(), strict=True):
            other = codes[b] if a == focal else codes[a] if b == focal else ""
            if other in joint:
                joint[other] = w
        out[("international", plan.FOCAL)].append(float(net.diagonal[focal]))
        for c in wanted:
            out[("joint", c)].append(joint[c])
    return out


def write_trends(series: dict[tuple[str, str], list[float]], path: Path = TRENDS_CSV) -> None:
    lines = list(HEADER)
    lines.append("series,country," + ",".join(str(y) for y in plan.YEARS))
    for (kind, iso3), values in series.items():
        lines.append(f"{kind},{iso3}," + ",".join(f"{v:.0f}" for v in values))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- the works sample -----------------------------------------------------------------------

RESEARCH_TYPES = ("article", "journal-article", "review")


@dataclass(frozen=True)
class SampleWork:
    authors: int
    countries: int  # distinct known countries over the authors
    multi_country_authors: int  # authors with institutions in two or more countries
    authors_with_country: int


def _author_countries(authorship: dict) -> set[str]:
    codes = authorship.get("countries")
    if codes is None:
        codes = [i.get("country_code") for i in authorship.get("institutions") or []]
    found = (iso3_from_iso2(c) for c in codes or () if isinstance(c, str))
    return {c for c in found if c}


def sample_works(path: Path) -> list[SampleWork]:
    """Research works (articles, reviews) with at least one author whose country is known."""
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            work = json.loads(line)
            authors = work.get("authorships") or []
            if work.get("type") not in RESEARCH_TYPES or not authors:
                continue
            per_author = [_author_countries(a) for a in authors]
            known = set().union(*per_author)
            if known:
                out.append(
                    SampleWork(
                        authors=len(authors),
                        countries=len(known),
                        multi_country_authors=sum(len(c) >= 2 for c in per_author),
                        authors_with_country=sum(bool(c) for c in per_author),
                    )
                )
    return out


def wilson(hits: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95 % Wilson interval of a proportion: the sample's range for a rate."""
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def makeup_figures(works: list[SampleWork]) -> dict[str, object]:
    """The figures makeup.py takes from the sample (international = two or more countries)."""
    international = [w for w in works if w.countries >= 2]
    single = [w for w in works if w.countries == 1]
    third = sum(w.countries >= 3 for w in international)

    def log_fit(group: list[SampleWork]) -> tuple[float, float]:
        logs = [math.log(w.authors) for w in group]
        mean = sum(logs) / len(logs)
        return mean, math.sqrt(sum((x - mean) ** 2 for x in logs) / len(logs))

    partners = [min(w.countries - 1, 5) for w in international]
    return {
        "works": len(works),
        "international": len(international),
        "authors_log_international": log_fit(international),
        "authors_log_single": log_fit(single),
        "third_country_rate": third / len(international),
        "third_country_range": wilson(third, len(international)),
        "partners_per_article": [partners.count(k) / len(partners) for k in range(1, 6)],
        "multi_country_author_rate": sum(w.multi_country_authors for w in international)
        / sum(w.authors_with_country for w in international),
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("networks", "works"):
        print(__doc__)
        return 2
    path = Path(argv[1])
    if argv[0] == "networks":
        write_trends(network_series(path, (p.iso3 for p in plan.PARTNERS)))
        print(f"wrote {TRENDS_CSV}")
    else:
        print(json.dumps(makeup_figures(sample_works(path)), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
