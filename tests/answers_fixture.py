"""Hand-built sample Answers, one per kind of reply, for the render and chart tests."""

from __future__ import annotations

from queries.model import (
    Answer,
    Change,
    ChartSpec,
    DatasetInfo,
    ErrorInfo,
    Question,
    Row,
)

DEMO = DatasetInfo(
    name="demo",
    version="2024.1",
    source="collabbot synthetic generator",
    synthetic=True,
    year_labels=((2023, "2023*"),),
    window_notes=("2023* = August 2022 – July 2023",),
)
NOTE = "Dataset: demo 2024.1 · 2023* = August 2022 – July 2023 · synthetic demo data"

NAMES = (
    ("CHN", "China"),
    ("THA", "Thailand"),
    ("USA", "United States"),
    ("SGP", "Singapore"),
    ("KOR", "South Korea"),
    ("ITA", "Italy"),
    ("SAU", "Saudi Arabia"),
    ("PAK", "Pakistan"),
    ("RUS", "Russia"),
    ("AUT", "Austria"),
    ("POL", "Poland"),
    ("PRT", "Portugal"),
    ("NZL", "New Zealand"),
    ("MYS", "Malaysia"),
    ("EGY", "Egypt"),
    ("GRC", "Greece"),
    ("CHL", "Chile"),
    ("GBR", "United Kingdom"),
    ("DEU", "Germany"),
    ("AUS", "Australia"),
    ("JPN", "Japan"),
    ("CAN", "Canada"),
    ("FRA", "France"),
)

# (ISO3, CS 2015, CS 2023*) of China's top 15 BRI partners, largest 2023* first (synthetic).
TOP15 = (
    ("SGP", 249.57, 636.40),
    ("KOR", 178.50, 546.21),
    ("ITA", 95.20, 273.22),
    ("SAU", 120.14, 231.45),
    ("PAK", 40.12, 142.80),
    ("RUS", 88.31, 128.66),
    ("AUT", 52.77, 96.12),
    ("POL", 30.05, 84.30),
    ("PRT", 28.40, 76.95),
    ("NZL", 41.66, 72.18),
    ("MYS", 14.02, 61.04),
    ("EGY", 9.88, 55.37),
    ("GRC", 21.30, 48.90),
    ("THA", 3.10, 39.83),
    ("CHL", 17.45, 35.12),
)


def _pct(start: float, end: float) -> float:
    return (end - start) / start * 100


def _change(iso3: str, start: float, end: float, small_base: bool = False) -> Change:
    return Change(iso3, start, end, end - start, _pct(start, end), small_base=small_base)


def _answer(text: str, question: Question, **fields) -> Answer:
    return Answer(
        text=text,
        ok=True,
        question=question,
        datasets=(DEMO,),
        names=NAMES,
        sql_text="SELECT 1 -- fixture",
        **fields,
    )


def pair_two_years() -> Answer:
    q = Question(kind="pair", focal="CHN", partners=("THA",), years=(2015, 2023))
    return _answer(
        "CS China–Thailand 2015 vs 2023",
        q,
        receipt="CS · China–Thailand · natural sciences · 2015 vs 2023*",
        headline="China–Thailand bilateral CS rose from 3.10 (2015) to 39.83 (2023*), +1,185%.",
        rows=(Row(2015, "THA", 3.10), Row(2023, "THA", 39.83)),
        changes=(_change("THA", 3.10, 39.83, small_base=True),),
        notes=("Natural sciences: all subjects but health sciences.",),
        chart=ChartSpec(
            kind="bars",
            title="China–Thailand bilateral CS, 2015 vs 2023*",
            value_label="Bilateral CS (sum of Shares)",
            categories=("2015", "2023*"),
            series=(("China–Thailand", (3.10, 39.83)),),
            note=NOTE,
            flagged=("China–Thailand",),
        ),
    )


US_SERIES = (
    (2015, 3502.11),
    (2016, 3811.42),
    (2017, 4090.87),
    (2018, 4402.35),
    (2019, 4615.90),
    (2020, 4580.20),
    (2021, 4301.55),
    (2022, 3893.17),
    (2023, 3871.05),
)


def pair_series() -> Answer:
    q = Question(kind="pair", focal="CHN", partners=("USA",), years=(2015, 2023), series=True)
    return _answer(
        "CS China–US 2015–2023",
        q,
        receipt="CS · China–United States · natural sciences · 2015–2023*",
        headline=(
            "China–United States bilateral CS went from 3,502.11 (2015) to 3,871.05 (2023*), "
            "+11%; it peaked at 4,615.90 in 2019."
        ),
        rows=tuple(Row(y, "USA", v) for y, v in US_SERIES),
        changes=(Change("USA", 3502.11, 3871.05, 368.94, _pct(3502.11, 3871.05), cagr_pct=1.26),),
        chart=ChartSpec(
            kind="line",
            title="China–United States bilateral CS, 2015–2023*",
            value_label="Bilateral CS (sum of Shares)",
            categories=tuple("2023*" if y == 2023 else str(y) for y, _ in US_SERIES),
            series=(("China–United States", tuple(v for _, v in US_SERIES)),),
            note=NOTE,
        ),
    )


def partners_two_years() -> Answer:
    data = TOP15[:3]
    q = Question(
        kind="partners", focal="CHN", partners=tuple(c for c, _, _ in data), years=(2015, 2023)
    )
    return _answer(
        "CS China–Singapore, South Korea, Italy 2015 vs 2023",
        q,
        receipt="CS · China–Singapore, South Korea, Italy · natural sciences · 2015 vs 2023*",
        headline=(
            "China's bilateral CS with Singapore rose 155% to 636.40, with South Korea 206% to "
            "546.21 and with Italy 187% to 273.22 (2015 to 2023*)."
        ),
        rows=tuple(Row(y, c, v) for c, a, b in data for y, v in ((2015, a), (2023, b))),
        changes=tuple(_change(c, a, b) for c, a, b in data),
        chart=ChartSpec(
            kind="dumbbell",
            title="China's bilateral CS with three partners, 2015 vs 2023*",
            value_label="Bilateral CS (sum of Shares)",
            categories=("Singapore", "South Korea", "Italy"),
            series=(("2015", tuple(a for _, a, _ in data)), ("2023*", tuple(b for *_, b in data))),
            note=NOTE,
        ),
    )


def top_bri() -> Answer:
    q = Question(kind="top", focal="CHN", group="BRI", years=(2023,), limit=15)
    names = dict(NAMES)
    return _answer(
        "top 15 BRI partners of China 2023",
        q,
        receipt="CS · China's top 15 BRI partners · natural sciences · 2023*",
        headline=(
            "Singapore is China's strongest BRI partner by bilateral CS in 2023* (636.40), "
            "ahead of South Korea (546.21)."
        ),
        rows=tuple(Row(2023, c, b, rank=i + 1) for i, (c, _, b) in enumerate(TOP15)),
        notes=("BRI membership as at the end of 2023* (the default rule).",),
        chart=ChartSpec(
            kind="bubble",
            title="China's top 15 BRI partners by bilateral CS, 2023*",
            value_label="Bilateral CS (sum of Shares)",
            categories=tuple(names[c] for c, _, _ in TOP15),
            series=(("2023*", tuple(b for *_, b in TOP15)),),
            note=NOTE,
        ),
    )


def rising() -> Answer:
    q = Question(kind="rising", focal="CHN", group="BRI", years=(2015, 2023), limit=10)
    ordered = sorted(TOP15, key=lambda t: -_pct(t[1], t[2]))[:10]
    names = dict(NAMES)
    return _answer(
        "fastest rising BRI partners of China 2015 vs 2023",
        q,
        receipt="CS · China's fastest rising BRI partners · natural sciences · 2015 vs 2023*",
        headline=(
            "Thailand rose fastest among China's BRI partners, +1,185% from 3.10 (2015) to "
            "39.83 (2023*), from a very small base."
        ),
        rows=tuple(
            Row(y, c, v, rank=i + 1)
            for i, (c, a, b) in enumerate(ordered)
            for y, v in ((2015, a), (2023, b))
        ),
        changes=tuple(_change(c, a, b, small_base=a < 5) for c, a, b in ordered),
        notes=("Ranked by percentage change among China's top 15 BRI partners of 2023*.",),
        chart=ChartSpec(
            kind="hbar",
            title="Fastest-rising BRI partners of China, 2015 to 2023*",
            value_label="Change in bilateral CS (%)",
            categories=tuple(names[c] for c, _, _ in ordered),
            series=(("Change", tuple(_pct(a, b) for _, a, b in ordered)),),
            note=NOTE,
            flagged=tuple(names[c] for c, a, _ in ordered if a < 5),
        ),
    )


RANK10 = (
    ("USA", 4512.66),
    ("GBR", 1310.33),
    ("DEU", 1015.10),
    ("AUS", 980.47),
    ("SGP", 905.12),
    ("JPN", 850.09),
    ("CAN", 760.58),
    ("KOR", 741.20),
    ("FRA", 566.34),
    ("ITA", 402.71),
)


def rank() -> Answer:
    q = Question(
        kind="rank", focal="CHN", partners=("SGP",), subject="all", years=(2023,), limit=10
    )
    names = dict(NAMES)
    return _answer(
        "Singapore's rank among China's partners 2023 including health sciences",
        q,
        receipt="CS rank · China–Singapore · all subjects · 2023*",
        headline="Singapore is China's 5th largest partner by bilateral CS in 2023* (905.12).",
        rows=tuple(Row(2023, c, v, rank=i + 1) for i, (c, v) in enumerate(RANK10)),
        chart=ChartSpec(
            kind="hbar",
            title="China's top 10 partners by bilateral CS, 2023*, all subjects",
            value_label="Bilateral CS (sum of Shares)",
            categories=tuple(names[c] for c, _ in RANK10),
            series=(("2023*", tuple(v for _, v in RANK10)),),
            note=NOTE,
        ),
    )


def aggregate() -> Answer:
    q = Question(kind="aggregate", metric="count", focal="CHN", group="BRI", years=(2015, 2023))
    return Answer(
        text="China BRI collaboration 2015 vs 2023",
        ok=True,
        question=q,
        receipt="articles · China with ≥1 BRI country · natural sciences · 2015 vs 2023*",
        headline=(
            "Articles involving China and at least one BRI country rose from 4,512 (2015) "
            "to 10,468 (2023*), +132%."
        ),
        rows=(Row(2015, "CHN", 4512.0), Row(2023, "CHN", 10468.0)),
        changes=(_change("CHN", 4512.0, 10468.0),),
        precision=0,
        datasets=(DEMO,),
        names=NAMES,
        sql_text="SELECT 1 -- fixture",
        chart=ChartSpec(
            kind="bars",
            title="Articles involving China and ≥1 BRI country, 2015 vs 2023*",
            value_label="Articles (count)",
            categories=("2015", "2023*"),
            series=(("China with BRI countries", (4512.0, 10468.0)),),
            note=NOTE,
        ),
    )


def share() -> Answer:
    q = Question(kind="share", metric="share", focal="CHN", group="BRI", years=(2015, 2023))
    return Answer(
        text="BRI share of China's international collaboration 2015 vs 2023",
        ok=True,
        question=q,
        receipt="BRI share · China's international articles · natural sciences · 2015 vs 2023*",
        headline=(
            "Articles with BRI countries were 22% of China's international collaboration in "
            "2015 and 28% in 2023*."
        ),
        rows=(Row(2015, "CHN", 22.0), Row(2023, "CHN", 28.0)),
        changes=(Change("CHN", 22.0, 28.0, 6.0, _pct(22.0, 28.0)),),
        precision=0,
        datasets=(DEMO,),
        names=NAMES,
        sql_text="SELECT 1 -- fixture",
        chart=ChartSpec(
            kind="bars",
            title="BRI share of China's international articles, 2015 vs 2023*",
            value_label="Share of international articles (%)",
            categories=("2015", "2023*"),
            series=(("BRI share", (22.0, 28.0)),),
            note=NOTE,
        ),
    )


def help_answer() -> Answer:
    return Answer(
        text="help",
        ok=True,
        question=Question(kind="help"),
        help_text=(
            "Ask about collaboration between countries, for example:\n"
            "• `CS China–Thailand 2015 vs 2023`\n"
            "• `top 15 BRI partners of China 2023`\n"
            "• `China BRI collaboration 2015 vs 2023`\n\n"
            "Metrics: CS, joint articles, share. Subjects: chemistry, physical sciences, "
            "biological sciences, earth & environmental sciences, health sciences."
        ),
        datasets=(DEMO,),
    )


def error_answer() -> Answer:
    text = "CS China–Thailnd 2015 vs 2023"
    return Answer(
        text=text,
        ok=False,
        error=ErrorInfo(
            code="unknown_country",
            message="I don't know the country “Thailnd”.",
            suggestions=("Thailand", "Taiwan"),
            examples=(
                "CS China–Thailand 2015 vs 2023",
                "CS China–Taiwan 2015 vs 2023",
                "top 15 BRI partners of China 2023",
            ),
            span=(9, 16),
        ),
        datasets=(DEMO,),
    )


def top100() -> Answer:
    q = Question(kind="top", focal="CHN", years=(2023,), limit=100)
    codes = [f"C{i:03d}" for i in range(1, 101)]
    values = [round(5000 / (i**0.9), 2) for i in range(1, 101)]
    names = tuple((c, f"Country {c[1:]}") for c in codes)
    return Answer(
        text="top 100 partners of China 2023",
        ok=True,
        question=q,
        receipt="CS · China's top 100 partners · natural sciences · 2023*",
        headline="Country 001 is China's strongest partner by bilateral CS in 2023* (5,000.00).",
        rows=tuple(
            Row(2023, c, v, rank=i + 1) for i, (c, v) in enumerate(zip(codes, values, strict=True))
        ),
        datasets=(DEMO,),
        names=names,
        sql_text="SELECT 1 -- fixture",
        chart=ChartSpec(
            kind="hbar",
            title="China's top 100 partners by bilateral CS, 2023*",
            value_label="Bilateral CS (sum of Shares)",
            categories=tuple(n for _, n in names),
            series=(("2023*", tuple(values)),),
            note=NOTE,
        ),
    )


# Every sample answer by name; the chart tests use those with a chart.
ALL = {
    "pair_two_years": pair_two_years,
    "pair_series": pair_series,
    "partners_two_years": partners_two_years,
    "top_bri": top_bri,
    "rising": rising,
    "rank": rank,
    "aggregate": aggregate,
    "share": share,
    "help": help_answer,
    "error": error_answer,
    "top100": top100,
}


# --- answers whose charts show what the chart rework added (used by the chart tests only) ---

OPENALEX = DatasetInfo(
    name="openalex",
    version="27aug24",
    source="OpenAlex country co-authorship networks (bavla/OpenAlex)",
    synthetic=False,
)
REAL_NOTE = (
    "openalex dataset v27aug24 · real data: OpenAlex country co-authorship networks "
    "(bavla/OpenAlex), as of 27 Aug 2024 · † 2023: may still grow — data as of 27 Aug 2024"
)
# China–United States joint works, 2015–2023 (the real networks' figures).
US_WORKS = (
    (2015, 46931.0),
    (2016, 50372.0),
    (2017, 56450.0),
    (2018, 65503.0),
    (2019, 73484.0),
    (2020, 84025.0),
    (2021, 78615.0),
    (2022, 77280.0),
    (2023, 72794.0),
)


def real_series_incomplete() -> Answer:
    q = Question(
        kind="pair",
        metric="joint_articles",
        subject="all",
        focal="CHN",
        partners=("USA",),
        years=tuple(y for y, _ in US_WORKS),
        series=True,
    )
    return Answer(
        text="joint works China–US 2015–2023",
        ok=True,
        question=q,
        receipt="joint articles · China–United States · all subjects · 2015–2023",
        headline="China–United States joint articles rose from 46,931 (2015) to 72,794 (2023).",
        rows=tuple(Row(y, "USA", v) for y, v in US_WORKS),
        changes=(Change("USA", 46931.0, 72794.0, 25863.0, _pct(46931.0, 72794.0)),),
        precision=0,
        datasets=(OPENALEX,),
        names=NAMES,
        sql_text="SELECT 2 -- fixture",
        chart=ChartSpec(
            kind="line",
            title="China–United States joint articles, 2015–2023",
            value_label="Joint articles (whole count)",
            categories=tuple(str(y) for y, _ in US_WORKS),
            series=(("China–United States", tuple(v for _, v in US_WORKS)),),
            note=REAL_NOTE,
            incomplete=("2023",),
            decimals=0,
        ),
    )


def compare_datasets() -> Answer:
    q = Question(
        kind="pair",
        metric="joint_articles",
        focal="CHN",
        partners=("THA",),
        years=(2015, 2023),
        datasets=("demo", "openalex"),
    )
    demo = ChartSpec(
        kind="bars",
        title="demo (synthetic demo data): joint articles, natural sciences",
        value_label="Joint articles (whole count)",
        categories=("2015", "2023*"),
        series=(("China–Thailand", (4.0, 47.0)),),
        note=NOTE,
        flagged=("China–Thailand",),
        decimals=0,
    )
    real = ChartSpec(
        kind="bars",
        title="openalex (real data): joint articles, all subjects",
        value_label="Joint articles (whole count)",
        categories=("2015", "2023"),
        series=(("China–Thailand", (693.0, 2381.0)),),
        note=REAL_NOTE,
        incomplete=("2023",),
        decimals=0,
    )
    return Answer(
        text="joint articles China–Thailand 2015 vs 2023 in demo and openalex",
        ok=True,
        question=q,
        receipt="joint articles · China–Thailand · natural sciences · 2015 vs 2023* · in demo and openalex",
        headline="demo: … rose from 4 (2015) to 47 (2023*). openalex: … rose from 693 (2015) to 2,381 (2023).",
        rows=(
            Row(2015, "THA", 4.0, dataset="demo"),
            Row(2023, "THA", 47.0, dataset="demo"),
            Row(2015, "THA", 693.0, dataset="openalex"),
            Row(2023, "THA", 2381.0, dataset="openalex"),
        ),
        changes=(
            Change("THA", 4.0, 47.0, 43.0, _pct(4.0, 47.0), small_base=True, dataset="demo"),
            Change("THA", 693.0, 2381.0, 1688.0, _pct(693.0, 2381.0), dataset="openalex"),
        ),
        precision=0,
        datasets=(DEMO, OPENALEX),
        names=NAMES,
        sql_text="SELECT 3 -- fixture",
        chart=ChartSpec(
            kind="panels",
            title="China–Thailand joint articles, 2015 vs 2023*",
            value_label="Joint articles (whole count)",
            categories=(),
            series=(),
            note=f"{NOTE} · {REAL_NOTE}",
            panels=(demo, real),
        ),
    )


# CS of China's top 12 partners, 2015–2023* (synthetic), largest 2023* first.
HEAT = (
    ("USA", 1799.56, 2818.71),
    ("GBR", 449.23, 999.10),
    ("DEU", 449.86, 899.77),
    ("AUS", 300.67, 750.80),
    ("SGP", 249.57, 636.40),
    ("JPN", 300.95, 501.07),
    ("KOR", 156.86, 480.00),
    ("CAN", 250.00, 449.93),
    ("FRA", 245.89, 416.97),
    ("ITA", 80.14, 230.00),
    ("SAU", 40.29, 109.82),
    ("THA", 3.10, 39.83),
)


def _path(a: float, b: float, y: int) -> float:
    """A figure on the way from a (2015) to b (2023*), rounded as the store holds it."""
    return round(a + (b - a) * ((y - 2015) / 8) ** 1.3, 2)


def top_series_heatmap() -> Answer:
    years = tuple(range(2015, 2024))
    q = Question(kind="top", focal="CHN", years=years, series=True, limit=12)
    names = dict(NAMES)
    labels = tuple("2023*" if y == 2023 else str(y) for y in years)
    return _answer(
        "top 12 partners of China 2015–2023",
        q,
        receipt="top 12 partners of China · CS · natural sciences · 2015–2023*",
        headline="China's top 12 partners by bilateral CS in 2023*: United States (2,818.71), …",
        rows=tuple(
            Row(y, c, _path(a, b, y), rank=i + 1) for i, (c, a, b) in enumerate(HEAT) for y in years
        ),
        chart=ChartSpec(
            kind="heatmap",
            title="China's top partners by bilateral CS, 2015–2023*",
            value_label="Bilateral collaboration score (CS, fractional count)",
            categories=tuple(names.get(c, c) for c, _, _ in HEAT),
            series=tuple(
                (label, tuple(_path(a, b, y) for _, a, b in HEAT))
                for label, y in zip(labels, years, strict=True)
            ),
            note=NOTE,
            decimals=2,
        ),
    )


def partners_fall() -> Answer:
    """Two years, one partner falling, one from a very small base."""
    data = (("SGP", 249.57, 636.40), ("ITA", 273.22, 243.10), ("THA", 3.10, 39.83))
    q = Question(
        kind="partners", focal="CHN", partners=tuple(c for c, _, _ in data), years=(2015, 2023)
    )
    names = dict(NAMES)
    return _answer(
        "CS China–Singapore, Italy, Thailand 2015 vs 2023",
        q,
        receipt="CS · China–Singapore, Italy, Thailand · natural sciences · 2015 vs 2023*",
        headline="Of the 3 partners, Thailand moved most: bilateral CS 3.10 → 39.83 (+1,185%).",
        rows=tuple(Row(y, c, v) for c, a, b in data for y, v in ((2015, a), (2023, b))),
        changes=tuple(_change(c, a, b, small_base=a < 5) for c, a, b in data),
        chart=ChartSpec(
            kind="dumbbell",
            title="China's bilateral CS with selected partners, 2015 vs 2023*",
            value_label="Bilateral collaboration score (CS, fractional count)",
            categories=tuple(names[c] for c, _, _ in data),
            series=(("2015", tuple(a for _, a, _ in data)), ("2023*", tuple(b for *_, b in data))),
            note=NOTE,
            flagged=("Thailand",),
            decimals=2,
        ),
    )


CHARTS_ONLY = {
    "real_series_incomplete": real_series_incomplete,
    "compare_datasets": compare_datasets,
    "top_series_heatmap": top_series_heatmap,
    "partners_fall": partners_fall,
}
