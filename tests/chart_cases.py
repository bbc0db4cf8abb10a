"""Questions whose charts the chart tests draw: every kind and shape, demo and real data."""

from __future__ import annotations

from dataclasses import dataclass

P20 = ", ".join(
    [
        "Saint Vincent and the Grenadines",
        "British Indian Ocean Territory",
        "South Georgia and South Sandwich Islands",
        "Aruba",
        "Angola",
        "Albania",
        "Andorra",
        "Argentina",
        "Armenia",
        "American Samoa",
        "Antarctica",
        "Antigua and Barbuda",
        "Austria",
        "Azerbaijan",
        "Burundi",
        "Belgium",
        "Benin",
        "Bangladesh",
        "Bulgaria",
        "Bahrain",
    ]
)


@dataclass(frozen=True)
class Case:
    name: str
    question: str
    store: str  # "edge" | "demo" | "real"
    dataset: str | None = None
    chart: bool = True  # False: a single figure, no chart


EDGE = (
    # pair: one figure (no chart), two and three years, a 34-year series
    Case("pair one year", "CS China–Aruba 2023", "edge", "wide", chart=False),
    Case("pair two years", "CS China–Aruba 1990 vs 2023", "edge", "wide"),
    Case("pair three years", "CS China–Aruba 1990, 2005 and 2023", "edge", "wide"),
    Case(
        "pair 34 years",
        "CS China–South Georgia and South Sandwich Islands 1990–2023",
        "edge",
        "wide",
    ),
    Case("pair tiny values", "CS China–Bahrain 1990–2023", "edge", "wide"),
    # partners: 2 and 20 countries, 1, 2, 3 and 34 years
    Case("partners 2 one year", "CS China–Aruba, Angola 2023", "edge", "wide"),
    Case("partners 20 one year", f"CS China–{P20} 2023", "edge", "wide"),
    Case("partners 20 two years", f"CS China–{P20} 1990 vs 2023", "edge", "wide"),
    Case(
        "partners 3 three years",
        "CS China–Aruba, Angola, Albania 1990, 2005 and 2023",
        "edge",
        "wide",
    ),
    Case("partners 3 34 years", "CS China–Aruba, Angola, Albania 1990–2023", "edge", "wide"),
    Case("partners 20 34 years", f"CS China–{P20} 1990–2023", "edge", "wide"),
    # top: 1 to 100 partners, 1, 2 and 34 years
    Case("top 1 one year", "top 1 partners of China 2023", "edge", "wide", chart=False),
    Case("top 1 two years", "top 1 partners of China 1990 vs 2023", "edge", "wide"),
    Case("top 2 one year", "top 2 partners of China 2023", "edge", "wide"),
    Case("top 30 one year", "top 30 partners of China 2023", "edge", "wide"),
    Case("top 31 one year", "top 31 partners of China 2023", "edge", "wide"),
    Case("top 100 one year", "top 100 partners of China 2023", "edge", "wide"),
    Case("top 40 two years", "top 40 partners of China 1990 vs 2023", "edge", "wide"),
    Case("top 100 two years", "top 100 partners of China 1990 vs 2023", "edge", "wide"),
    Case("top 5 34 years", "top 5 partners of China 1990–2023", "edge", "wide"),
    Case("top 100 34 years", "top 100 partners of China 1990–2023", "edge", "wide"),
    # rising: by percentage, by absolute change (with falls)
    Case("rising pct", "fastest rising partners of China 1990 vs 2023", "edge", "wide"),
    Case("rising abs with falls", "biggest CS increase with China since 1990", "edge", "wide"),
    # rank: inside and outside the ten largest
    Case(
        "rank inside",
        "Saint Vincent and the Grenadines rank among China's partners 2023",
        "edge",
        "wide",
    ),
    Case("rank outside", "Belgium's rank among China's partners 2023", "edge", "wide"),
    # aggregates and shares
    Case(
        "aggregate one year",
        "China international collaboration 2023",
        "edge",
        "nations",
        chart=False,
    ),
    Case(
        "aggregate two years", "China international collaboration 1990 vs 2023", "edge", "nations"
    ),
    Case("aggregate 34 years", "China domestic articles 1990–2023", "edge", "nations"),
    Case("aggregate group", "China BRI collaboration 1990 vs 2023", "edge", "arts"),
    Case(
        "share two years",
        "BRI share of China's international collaboration 1990 vs 2023",
        "edge",
        "arts",
    ),
    Case(
        "share 34 years",
        "BRI share of China's international collaboration 1990–2023",
        "edge",
        "arts",
    ),
    # two datasets
    Case(
        "two datasets pair",
        "joint articles China–Aruba 1990 vs 2023 in wide and wide_b",
        "edge",
        "wide",
    ),
    Case("two datasets top 20", "top 20 partners of China 2023 in wide and wide_b", "edge", "wide"),
    Case(
        "two datasets top 40 two years",
        "top 40 partners of China 1990 vs 2023 in wide and wide_b",
        "edge",
        "wide",
    ),
    Case(
        "two datasets top 5 34 years",
        "top 5 partners of China 1990–2023 in wide and wide_b",
        "edge",
        "wide",
    ),
    Case(
        "two datasets rising",
        "biggest increase among partners of China since 1990 in wide and wide_b",
        "edge",
        "wide",
    ),
    Case(
        "two datasets rank",
        "Belgium's rank among China's partners 2023 in wide and wide_b",
        "edge",
        "wide",
    ),
    Case(
        "two datasets aggregate",
        "China BRI collaboration 1990–2023 in arts and arts_b",
        "edge",
        "arts",
    ),
    Case(
        "two datasets share",
        "BRI share of China's international collaboration 1990 vs 2023 in arts and arts_b",
        "edge",
        "arts",
    ),
    Case(
        "two datasets one figure each",
        "CS China–Aruba 2023 in wide and wide_b",
        "edge",
        "wide",
        chart=False,
    ),
)

DEMO = (
    Case("demo pair", "CS China–Thailand 2015 vs 2023", "demo"),
    Case("demo series", "joint papers between China and Singapore 2015–2023", "demo"),
    Case(
        "demo partners",
        "CS China–Singapore, South Korea, Italy, Thailand, Pakistan 2015 vs 2023",
        "demo",
    ),
    Case("demo top BRI", "top 15 BRI partners of China 2023", "demo"),
    Case("demo top 20", "top 20 partners of China 2023", "demo"),
    Case("demo top 40 two years", "top 40 partners of China 2015 vs 2023", "demo"),
    Case("demo rising", "fastest rising BRI partners of China 2015 vs 2023", "demo"),
    Case(
        "demo rank",
        "Singapore's rank among China's partners 2023 including health sciences",
        "demo",
    ),
    Case("demo aggregate", "China BRI collaboration 2015 vs 2023", "demo"),
    Case("demo share", "BRI share of China's international collaboration 2015 vs 2023", "demo"),
    Case("demo chemistry", "CS China–Italy in chemistry 2015 vs 2019", "demo"),
)

REAL = (
    Case("real China–US 34 years", "joint works China–US 1990–2023", "real", "openalex"),
    Case("real top 20", "top 20 partners of China 2023", "real", "openalex"),
    Case("real top 40 two years", "top 40 partners of China 2015 vs 2023", "real", "openalex"),
    Case("real top 100", "top 100 partners of China 2023", "real", "openalex"),
    Case(
        "real and demo", "joint articles China–Thailand 2015 vs 2023 in demo and openalex", "real"
    ),
)

ALL = EDGE + DEMO + REAL
