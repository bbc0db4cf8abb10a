"""The demo's calibration plan: China's partner CS paths and the article-count targets.

Everything here is invented for a synthetic dataset, except the published ratios of DATA.md
(P1–P11) that the plan is built to reproduce and the real courses it follows between them.
Partner sizes follow the proportions of the real OpenAlex co-authorship networks (China's
partners 2015 → 2023), scaled to Nature Index size; between a partner's pinned values its path
moves as the real pair's joint works moved year by year (trends.csv, see data/demo/README.md).
None of these numbers is a real Nature Index figure.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from functools import cached_property

from data.demo import makeup, trends

YEARS = tuple(range(2015, 2024))
FIRST, LAST = YEARS[0], YEARS[-1]
NATURAL = (
    "biological_sciences",
    "chemistry",
    "earth_environmental_sciences",
    "physical_sciences",
)
HEALTH = "health_sciences"
SUBJECTS = NATURAL + (HEALTH,)
FOCAL = "CHN"

# How a partner's natural-sciences CS divides among the four natural subjects.
DEFAULT_PROFILE = {
    "biological_sciences": 0.22,
    "chemistry": 0.34,
    "earth_environmental_sciences": 0.14,
    "physical_sciences": 0.30,
}
CHEMISTRY_HEAVY = {
    "biological_sciences": 0.16,
    "chemistry": 0.46,
    "earth_environmental_sciences": 0.08,
    "physical_sciences": 0.30,
}


@dataclass(frozen=True)
class Partner:
    """China's partner X: natural-sciences CS in 2015 and 2023*, health CS as a ratio of it."""

    iso3: str
    cs_first: float
    cs_last: float
    health_ratio: float = 0.20
    profile: tuple[tuple[str, float], ...] = tuple(DEFAULT_PROFILE.items())
    # Year → natural-sciences CS pinned between the ends (a published figure depends on it).
    overrides: tuple[tuple[int, float], ...] = ()
    # Year → health CS, exact, where a published figure depends on it.
    health_overrides: tuple[tuple[int, float], ...] = ()
    anchor: bool = False  # calibrate to the second decimal (published figures depend on it)

    @cached_property
    def natural_path(self) -> tuple[float, ...]:
        """Natural-sciences CS a year: through the pins, moving like the real pair between."""
        pins = {0: self.cs_first, len(YEARS) - 1: self.cs_last}
        pins.update((YEARS.index(y), v) for y, v in self.overrides)
        return tuple(trends.follow(real_joint(self.iso3), pins))

    def natural_cs(self, year: int) -> float:
        return self.natural_path[YEARS.index(year)]

    def health_cs(self, year: int) -> float:
        fixed = dict(self.health_overrides)
        if year in fixed:
            return fixed[year]
        return self.natural_cs(year) * self.health_ratio

    def subject_cs(self, year: int, subject: str) -> float:
        if subject == HEALTH:
            return self.health_cs(year)
        return self.natural_cs(year) * dict(self.profile)[subject]


_P = Partner


def real_joint(iso3: str) -> tuple[float, ...]:
    """China–iso3 joint works a year in the real networks (trends.csv); ones where it has no row."""
    return trends.load().get(("joint", iso3), (1.0,) * len(YEARS))


# P4: China–US fell 15 % from 2020 to 2022 (3,300 → 2,805) and stagnated (+0.5 % to 2023*).
# P5/P7: Singapore 249.57 → 636.40 (+155 %), first among BRI partners; South Korea second.
# P6: Singapore including health 725.46 (2022) → 786.40 (2023*) = +8.4 %, fifth overall.
# P8: South Korea +206 %, Italy +187 %, the fastest two of the top five BRI partners.
# P9: Thailand 3.10 → 39.83 (+1,185 %), 15th BRI partner, from a very small base.
# P11: US, UK, Germany lead in biological and in health sciences (Australia fourth).
# The other sizes are invented (2023* in proportion to the real networks). The 2015 sizes of
# the partners that are not anchored were raised 4.6 % at once so that China's partner CS grows
# 1.93× while its international articles grow 1.83× (P3): CS per article then rises 5.6 %,
# what the real networks' 1.28 → 1.42 partners per work give at China's Share of about 0.45
# (a steeper rise put the third-country rate above the works sample's range).
PARTNERS: tuple[Partner, ...] = (
    _P(
        "USA",
        1883,
        2819,
        0.25,
        overrides=((2020, 3300), (2022, 2805)),
    ),
    _P("GBR", 471, 1000, 0.32),
    _P("DEU", 471, 900, 0.31),
    _P("AUS", 314, 750, 0.32),
    _P(
        "SGP",
        249.57,
        636.40,
        0.236,
        tuple(CHEMISTRY_HEAVY.items()),
        overrides=((2022, 585.46),),
        health_overrides=((2022, 140.00), (2023, 150.00)),
        anchor=True,
    ),
    _P("JPN", 314, 500, 0.24),
    _P("KOR", 156.86, 480.00, 0.20, anchor=True),
    _P("CAN", 262, 450, 0.35),
    _P("FRA", 188, 330),
    _P("ITA", 80.14, 230.00, anchor=True),
    _P("NLD", 105, 200),
    _P("CHE", 105, 190),
    _P("SWE", 94, 180),
    _P("ESP", 73, 160),
    _P("RUS", 73, 150),
    _P("NZL", 58, 120),
    _P("SAU", 42, 110),
    _P("IND", 42, 110),
    _P("DNK", 52, 100),
    _P("PAK", 16, 95),
    _P("BEL", 47, 95),
    _P("POL", 47, 90),
    _P("TWN", 63, 90),
    _P("MYS", 21, 80),
    _P("CZE", 42, 70),
    _P("FIN", 31, 70),
    _P("NOR", 31, 70),
    _P("AUT", 37, 65),
    _P("TUR", 21, 55),
    _P("IRN", 16, 50),
    _P("BRA", 26, 50),
    _P("EGY", 8.4, 45),
    _P("ISR", 26, 45),
    _P("IRL", 21, 45),
    _P("THA", 3.10, 39.83, anchor=True),
    _P("PRT", 16, 33),
    _P("ZAF", 13, 30),
    _P("GRC", 10, 27),
    _P("HUN", 9.4, 25),
    _P("ARE", 3.1, 25),
    _P("VNM", 3.1, 22),
    _P("CHL", 6.3, 20),
    _P("MEX", 10, 20),
    _P("UKR", 10, 18),
    _P("ROU", 6.3, 15),
    _P("QAT", 4.2, 15),
    _P("BGD", 2.1, 15),
    _P("SRB", 4.2, 12),
    _P("ARG", 5.2, 12),
    _P("COL", 3.1, 9),
    _P("KAZ", 2.1, 8),
    _P("NGA", 1, 6),
    _P("LKA", 1, 5),
    _P("ETH", 1, 5),
    _P("KEN", 1, 5),
    _P("IDN", 2.1, 9),
    _P("PHL", 1, 5),
    _P("NPL", 1, 4),
    _P("SVN", 3.1, 7),
    _P("SVK", 3.1, 7),
    _P("BGR", 2.1, 5),
    _P("HRV", 2.1, 5),
    _P("EST", 2.1, 5),
    _P("LTU", 1, 4),
    _P("LVA", 1, 3),
    _P("CYP", 2.1, 4),
    _P("LUX", 3.1, 6),
    _P("PER", 1, 3),
    _P("MAR", 1, 4),
    _P("TUN", 1, 4),
    _P("DZA", 1, 3),
    _P("IRQ", 0.5, 3),
    _P("JOR", 1, 3),
    _P("GHA", 0.5, 2),
    _P("MNG", 1, 3),
    _P("UZB", 0.5, 2),
    _P("GEO", 0.5, 2),
    _P("ARM", 0.5, 2),
    _P("BLR", 1, 3),
    _P("KWT", 1, 2),
    _P("OMN", 0.5, 2),
    _P("CMR", 0.5, 2),
    _P("TZA", 0.5, 2),
)

# Countries used only to carry the fractional remainder of a calibration article (its
# third-country authors). None is a BRI participant or a named partner above.
REMAINDER_CARRIERS = ("ISL", "LIE", "MCO", "AND", "SMR")

# Article-count targets (natural sciences, China), DATA.md P1, P2, P3, P10.
BRI_SHARE_FIRST = 0.22  # P2: 22 % of China's international articles in 2015
BRI_GROWTH = 2.32  # P1: +132 %
INTERNATIONAL_GROWTH = 1.83  # P3: +83 %
DOMESTIC_GROWTH = 2.94  # P10: +194 %
DOMESTIC_FIRST = 4500  # China-only natural-sciences articles in 2015
DOMESTIC_HEALTH_FIRST, DOMESTIC_HEALTH_LAST = 1500, 4000


def international_index() -> tuple[float, ...]:
    """China's international articles relative to the first window: the real course of China's
    internationally co-authored works, bent to end at the published growth (P3)."""
    real = trends.load()[("international", FOCAL)]
    return tuple(trends.follow(real, {0: 1.0, len(YEARS) - 1: INTERNATIONAL_GROWTH}))


def bri_share_path(bri: frozenset[str]) -> tuple[float, ...]:
    """BRI articles as a share of China's international articles: the real course of the BRI
    members' part of China's joint works (the plan's partners), bent to the published 22 % and
    28 % (P2; the end follows from P1 and P3)."""
    joint = [trends.load()[("joint", p.iso3)] for p in PARTNERS]
    members = [trends.load()[("joint", p.iso3)] for p in PARTNERS if p.iso3 in bri]
    real = [sum(v[t] for v in members) / sum(v[t] for v in joint) for t in range(len(YEARS))]
    last = BRI_SHARE_FIRST * BRI_GROWTH / INTERNATIONAL_GROWTH
    return tuple(trends.follow(real, {0: BRI_SHARE_FIRST, len(YEARS) - 1: last}))


@functools.cache
def multi_partner_p() -> tuple[float, ...]:
    """Chance that a China article has more than one partner, a year: the sample's rate
    (makeup.PARTNERS_P) moved with the real networks' partners per international work
    (joint works over the plan's partners ÷ China's international works; 1.28 → 1.42)."""
    data = trends.load()
    joint = [data[("joint", p.iso3)] for p in PARTNERS]
    international = data[("international", FOCAL)]
    extra = [sum(v[t] for v in joint) / international[t] - 1 for t in range(len(YEARS))]
    mean = sum(extra) / len(extra)
    return tuple((1 - makeup.PARTNERS_P[0]) * e / mean for e in extra)


def domestic_target(year: int, subject: str) -> int:
    """China-only articles per window and subject (natural subjects share the total evenly)."""
    t = (year - FIRST) / (LAST - FIRST)
    if subject == HEALTH:
        return round(DOMESTIC_HEALTH_FIRST * (DOMESTIC_HEALTH_LAST / DOMESTIC_HEALTH_FIRST) ** t)
    total = round(DOMESTIC_FIRST * DOMESTIC_GROWTH**t)
    base, extra = divmod(total, len(NATURAL))
    return base + (1 if NATURAL.index(subject) < extra else 0)


# The rest of the world (articles without China): relative research weight by country.
WORLD_WEIGHTS: dict[str, float] = {
    "USA": 55,
    "DEU": 8,
    "GBR": 8,
    "JPN": 6,
    "FRA": 5,
    "CAN": 4,
    "ITA": 3.5,
    "AUS": 3,
    "ESP": 3,
    "KOR": 3,
    "CHE": 3,
    "NLD": 2.5,
    "IND": 2.5,
    "SWE": 1.6,
    "ISR": 1.2,
    "BEL": 1.2,
    "DNK": 1.1,
    "AUT": 1.0,
    "SGP": 1.0,
    "POL": 1.0,
    "TWN": 1.0,
    "BRA": 1.0,
    "RUS": 1.0,
    "FIN": 0.6,
    "NOR": 0.6,
    "IRL": 0.5,
    "PRT": 0.6,
    "CZE": 0.5,
    "NZL": 0.4,
    "GRC": 0.4,
    "ZAF": 0.4,
    "MEX": 0.4,
    "TUR": 0.4,
    "IRN": 0.4,
    "SAU": 0.4,
    "HUN": 0.3,
    "CHL": 0.3,
    "ARG": 0.3,
    "EGY": 0.2,
    "THA": 0.15,
    "MYS": 0.15,
    "PAK": 0.15,
    "UKR": 0.15,
    "ROU": 0.15,
    "SVN": 0.1,
    "SVK": 0.1,
    "HRV": 0.1,
    "EST": 0.1,
    "COL": 0.1,
    "VNM": 0.1,
    "IDN": 0.1,
    "ARE": 0.1,
    "QAT": 0.1,
    "LUX": 0.08,
    "ISL": 0.05,
    "CYP": 0.05,
    "BGR": 0.05,
    "SRB": 0.05,
    "NGA": 0.05,
    "KEN": 0.05,
}
WORLD_ARTICLES_FIRST = 55_000  # articles without China in 2015 …
WORLD_ARTICLES_STEP = -1_000  # … fewer each year as China's share of the journals grows
WORLD_SUBJECT_WEIGHTS = {
    "biological_sciences": 0.24,
    "chemistry": 0.20,
    "earth_environmental_sciences": 0.10,
    "physical_sciences": 0.26,
    "health_sciences": 0.20,
}

JOURNALS = {
    "biological_sciences": ("Nature", "Science", "Cell", "Nature Genetics", "eLife", "PNAS"),
    "chemistry": (
        "JACS",
        "Angewandte Chemie",
        "Nature Chemistry",
        "Chemical Science",
        "ACS Catalysis",
    ),
    "earth_environmental_sciences": (
        "Nature Geoscience",
        "Geophysical Research Letters",
        "Earth and Planetary Science Letters",
        "Nature Climate Change",
    ),
    "physical_sciences": (
        "Physical Review Letters",
        "Nature Physics",
        "Nano Letters",
        "Advanced Materials",
        "Physical Review X",
    ),
    "health_sciences": ("The Lancet", "NEJM", "JAMA", "BMJ", "Nature Medicine"),
}
