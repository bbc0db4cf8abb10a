"""Pair-figure CSV files for load tests: every pair of 51 countries over nine years."""

from __future__ import annotations

from pathlib import Path

PARTNERS = [
    "THA",
    "SGP",
    "ITA",
    "KOR",
    "USA",
    "GBR",
    "DEU",
    "FRA",
    "JPN",
    "IND",
    "BRA",
    "RUS",
    "ZAF",
    "AUS",
    "CAN",
    "MEX",
    "IDN",
    "MYS",
    "VNM",
    "PHL",
    "PAK",
    "EGY",
    "TUR",
    "IRN",
    "SAU",
    "ARE",
    "NGA",
    "KEN",
    "ETH",
    "ARG",
    "CHL",
    "PER",
    "COL",
    "NZL",
    "NOR",
    "SWE",
    "FIN",
    "DNK",
    "NLD",
    "BEL",
    "CHE",
    "AUT",
    "POL",
    "CZE",
    "HUN",
    "GRC",
    "PRT",
    "ESP",
    "IRL",
    "ISR",
]


def pairs_csv(path: Path, scale: float) -> Path:
    """Pair figures for every pair of 51 countries over nine years; `scale` tells versions apart."""
    codes = ["CHN", *PARTNERS]
    lines = ["year,subject,country_a,country_b,cs,joint_articles"]
    for year in range(2015, 2024):
        for i, a in enumerate(codes):
            for b in codes[i + 1 :]:
                cs = round(scale * (1 + (i * 7 + len(b) + year) % 97) / 4, 2)
                lines.append(f"{year},natural_sciences,{a},{b},{cs},{int(cs * 3) + 1}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
