"""Table-driven parser test: phrasings -> (kind, metric, countries, group, years, subject, series)."""

from __future__ import annotations

import pytest

from queries.errors import UserError
from queries.parse import ParseContext, parse

NS, ALL = "natural_sciences", "all"
Y1523, Y23 = (2015, 2023), (2023,)
ALLY = tuple(range(2015, 2024))


def row(text, kind, metric, countries, group=None, years=Y23, subject=NS, series=False):
    return (text, kind, metric, tuple(countries), group, tuple(years), subject, series)


ACCEPTANCE = [
    row("China BRI collaboration 2015 vs 2023", "aggregate", "count", ["CHN"], "BRI", Y1523),
    row(
        "BRI share of China's international collaboration 2015 vs 2023",
        "share",
        "count",
        ["CHN"],
        "BRI",
        Y1523,
    ),
    row(
        "China international collaboration 2015 vs 2023", "aggregate", "count", ["CHN"], years=Y1523
    ),
    row("CS China–US 2020 vs 2022", "pair", "cs", ["CHN", "USA"], years=(2020, 2022)),
    row("CS China–US 2022 vs 2023", "pair", "cs", ["CHN", "USA"], years=(2022, 2023)),
    row("top 15 BRI partners of China 2023", "top", "cs", ["CHN"], "BRI"),
    row(
        "Singapore's rank among China's partners 2023 including health sciences",
        "rank",
        "cs",
        ["CHN", "SGP"],
        subject=ALL,
    ),
    row(
        "CS China–Singapore 2022 vs 2023 including health sciences",
        "pair",
        "cs",
        ["CHN", "SGP"],
        years=(2022, 2023),
        subject=ALL,
    ),
    row("CS China–Singapore 2015 vs 2023", "pair", "cs", ["CHN", "SGP"], years=Y1523),
    row("CS China–South Korea 2015 vs 2023", "pair", "cs", ["CHN", "KOR"], years=Y1523),
    row("CS China–Italy 2015 vs 2023", "pair", "cs", ["CHN", "ITA"], years=Y1523),
    row(
        "fastest rising of China's top 5 BRI partners 2015 vs 2023",
        "rising",
        "cs",
        ["CHN"],
        "BRI",
        Y1523,
    ),
    row("CS China–Thailand 2015 vs 2023", "pair", "cs", ["CHN", "THA"], years=Y1523),
    row("fastest rising BRI partners of China 2015 vs 2023", "rising", "cs", ["CHN"], "BRI", Y1523),
    row("China domestic articles 2015 vs 2023", "aggregate", "count", ["CHN"], years=Y1523),
    row(
        "China's top 3 partners in biological sciences 2023",
        "top",
        "cs",
        ["CHN"],
        subject="biological_sciences",
    ),
    row(
        "China's top 3 partners in health sciences 2023",
        "top",
        "cs",
        ["CHN"],
        subject="health_sciences",
    ),
    # PRODUCT.md examples
    row("China-Thailand collaboration score in 2023", "pair", "cs", ["CHN", "THA"]),
    row(
        "joint papers between China and Singapore 2015–2023",
        "pair",
        "joint_articles",
        ["CHN", "SGP"],
        years=ALLY,
        series=True,
    ),
    row(
        "CS China/US since 2020", "pair", "cs", ["CHN", "USA"], years=range(2020, 2024), series=True
    ),
    row(
        "CS China–Singapore, South Korea, Italy 2015 vs 2023",
        "partners",
        "cs",
        ["CHN", "SGP", "KOR", "ITA"],
        years=Y1523,
    ),
    row("China's top partners in chemistry 2023", "top", "cs", ["CHN"], subject="chemistry"),
    row(
        "top 5 EU partners of China by joint articles 2022",
        "top",
        "joint_articles",
        ["CHN"],
        "EU",
        (2022,),
    ),
    row("biggest CS increase with China since 2015", "rising", "cs", ["CHN"], years=Y1523),
    row("BRI share of China's international collaboration 2023", "share", "count", ["CHN"], "BRI"),
]

PAIRS = [
    ("China", "Thailand", "THA"),
    ("China", "S. Korea", "KOR"),
    ("china", "UK", "GBR"),
    ("CHN", "USA", "USA"),
    ("China", "Türkiye", "TUR"),
    ("China", "turkey", "TUR"),
    ("China", "Viet Nam", "VNM"),
    ("China", "Czech Republic", "CZE"),
    ("China", "Guinea-Bissau", "GNB"),
    ("China", "Côte d'Ivoire", "CIV"),
]
JOINS = [
    "{a}–{b}",
    "{a}-{b}",
    "{a} - {b}",
    "{a}/{b}",
    "{a} & {b}",
    "{a} and {b}",
    "{a} with {b}",
    "between {a} and {b}",
    "{a} — {b}",
    "{a}, {b}",
]
JOINED = [
    row(f"CS {j.format(a=a, b=b)} 2015 vs 2023", "pair", "cs", ["CHN", iso], years=Y1523)
    for (a, b, iso), j in zip(PAIRS, JOINS, strict=True)
] + [
    row(
        f"collaboration score {j.format(a='China', b='Singapore')} in 2023",
        "pair",
        "cs",
        ["CHN", "SGP"],
    )
    for j in JOINS
]

YEARS = [
    row("CS China–Thailand 2023", "pair", "cs", ["CHN", "THA"]),
    row("CS China–Thailand 2023*", "pair", "cs", ["CHN", "THA"]),
    row("CS China–Thailand in 2023", "pair", "cs", ["CHN", "THA"]),
    row("CS China–Thailand 2015 versus 2023", "pair", "cs", ["CHN", "THA"], years=Y1523),
    row("CS China–Thailand 2015 to 2023", "pair", "cs", ["CHN", "THA"], years=Y1523),
    row("CS China–Thailand from 2015 to 2023", "pair", "cs", ["CHN", "THA"], years=Y1523),
    row("CS China–Thailand 2023 vs 2015", "pair", "cs", ["CHN", "THA"], years=Y1523),
    row("CS China–Thailand 2015–2023", "pair", "cs", ["CHN", "THA"], years=ALLY, series=True),
    row("CS China–Thailand 2015-2023", "pair", "cs", ["CHN", "THA"], years=ALLY, series=True),
    row("CS China–Thailand 2015 - 2023*", "pair", "cs", ["CHN", "THA"], years=ALLY, series=True),
    row(
        "CS China–Thailand 2018–2020",
        "pair",
        "cs",
        ["CHN", "THA"],
        years=(2018, 2019, 2020),
        series=True,
    ),
    row(
        "CS China–Thailand since 2020",
        "pair",
        "cs",
        ["CHN", "THA"],
        years=range(2020, 2024),
        series=True,
    ),
    row("CS China–Thailand latest", "pair", "cs", ["CHN", "THA"]),
    row("CS China–Thailand 2015 vs latest", "pair", "cs", ["CHN", "THA"], years=Y1523),
    row(
        "CS China–Thailand 2015, 2019 and 2023",
        "pair",
        "cs",
        ["CHN", "THA"],
        years=(2015, 2019, 2023),
    ),
    row(
        "CS China–Thailand 2015, 2017, 2019, 2021",
        "pair",
        "cs",
        ["CHN", "THA"],
        years=(2015, 2017, 2019, 2021),
    ),
    row("CS China–Thailand", "pair", "cs", ["CHN", "THA"]),
    row("CS China–Thailand over time", "pair", "cs", ["CHN", "THA"], years=ALLY, series=True),
    row(
        "CS China–Thailand 2015 through 2023", "pair", "cs", ["CHN", "THA"], years=ALLY, series=True
    ),
    row("CS China–Thailand between 2015 and 2023", "pair", "cs", ["CHN", "THA"], years=Y1523),
]

METRICS = [
    row("collaboration score China–Thailand 2023", "pair", "cs", ["CHN", "THA"]),
    row("bilateral CS China–Thailand 2023", "pair", "cs", ["CHN", "THA"]),
    row("bilateral collaboration score China–Thailand 2023", "pair", "cs", ["CHN", "THA"]),
    row("China–Thailand collaboration 2023", "pair", "cs", ["CHN", "THA"]),
    row("joint articles China–Thailand 2023", "pair", "joint_articles", ["CHN", "THA"]),
    row("joint papers China–Thailand 2023", "pair", "joint_articles", ["CHN", "THA"]),
    row("papers China–Thailand 2023", "pair", "joint_articles", ["CHN", "THA"]),
    row("articles China–Thailand 2023", "pair", "joint_articles", ["CHN", "THA"]),
    row("co-authored papers China–Thailand 2023", "pair", "joint_articles", ["CHN", "THA"]),
    row("coauthored papers China–Thailand 2023", "pair", "joint_articles", ["CHN", "THA"]),
    row("co-authored China–Thailand 2023", "pair", "joint_articles", ["CHN", "THA"]),
    row("publications China–Thailand 2023", "pair", "joint_articles", ["CHN", "THA"]),
    row("works China–Thailand 2023", "pair", "joint_articles", ["CHN", "THA"]),
    row("count China–Thailand 2023", "pair", "joint_articles", ["CHN", "THA"]),
    row("China–Thailand 2023", "pair", "cs", ["CHN", "THA"]),
    row("China international collaboration by share 2023", "aggregate", "share", ["CHN"]),
    row("China international articles count 2023", "aggregate", "count", ["CHN"]),
    row("China domestic papers 2023", "aggregate", "count", ["CHN"]),
    row("China domestic articles by fractional count 2023", "aggregate", "share", ["CHN"]),
    row("top 5 partners of China by papers 2023", "top", "joint_articles", ["CHN"]),
]

SUBJECTS = [
    row(f"CS China–Thailand {s} 2023", "pair", "cs", ["CHN", "THA"], subject=code)
    for s, code in [
        ("chemistry", "chemistry"),
        ("in chemistry", "chemistry"),
        ("physical sciences", "physical_sciences"),
        ("physics", "physical_sciences"),
        ("biological sciences", "biological_sciences"),
        ("biology", "biological_sciences"),
        ("life sciences", "biological_sciences"),
        ("earth & environmental sciences", "earth_environmental_sciences"),
        ("earth and environmental sciences", "earth_environmental_sciences"),
        ("earth sciences", "earth_environmental_sciences"),
        ("health sciences", "health_sciences"),
        ("health", "health_sciences"),
        ("medicine", "health_sciences"),
        ("natural sciences", NS),
        ("all subjects", ALL),
        ("all fields", ALL),
        ("including health sciences", ALL),
        ("incl. health sciences", ALL),
        ("natural sciences including health sciences", ALL),
        ("in CHEMISTRY", "chemistry"),
    ]
]

GROUPS = [
    row(f"top 10 {g} partners of China 2023", "top", "cs", ["CHN"], code)
    for g, code in [
        ("BRI", "BRI"),
        ("Belt and Road", "BRI"),
        ("belt & road", "BRI"),
        ("B&R", "BRI"),
        ("EU", "EU"),
        ("European Union", "EU"),
        ("G7", "G7"),
        ("G20", "G20"),
        ("OECD", "OECD"),
        ("ASEAN", "ASEAN"),
        ("BRICS", "BRICS"),
        ("world", None),
    ]
] + [
    row("China EU collaboration 2015 vs 2023", "aggregate", "count", ["CHN"], "EU", Y1523),
    row("China–ASEAN collaboration 2023", "aggregate", "count", ["CHN"], "ASEAN"),
    row(
        "China belt and road collaboration 2015 vs 2023",
        "aggregate",
        "count",
        ["CHN"],
        "BRI",
        Y1523,
    ),
    row("China's collaboration with the world 2023", "aggregate", "count", ["CHN"]),
    row("EU share of China's international collaboration 2023", "share", "count", ["CHN"], "EU"),
    row("China's BRI partners 2023", "top", "cs", ["CHN"], "BRI"),
    row("top BRI partners of China 2023 BRI members as of 2015", "top", "cs", ["CHN"], "BRI"),
    row("top current BRI members partners of China 2023", "top", "cs", ["CHN"], "BRI"),
]

KINDS = [
    row("top partners of China 2023", "top", "cs", ["CHN"]),
    row("China top partners 2023", "top", "cs", ["CHN"]),
    row("top five partners of China 2023", "top", "cs", ["CHN"]),
    row("China's strongest partners 2023", "top", "cs", ["CHN"]),
    row(
        "who are China's top 20 partners in chemistry in 2021",
        "top",
        "cs",
        ["CHN"],
        years=(2021,),
        subject="chemistry",
    ),
    row("China's partners in chemistry 2023", "top", "cs", ["CHN"], subject="chemistry"),
    row("China's biggest partners 2023", "top", "cs", ["CHN"]),
    row("top 15 BRI partners of China 2015 vs 2023", "top", "cs", ["CHN"], "BRI", Y1523),
    row("fastest growing partners of China 2015 vs 2023", "rising", "cs", ["CHN"], years=Y1523),
    row("fastest-growing BRI partners of China since 2015", "rising", "cs", ["CHN"], "BRI", Y1523),
    row("China's fastest rising partners", "rising", "cs", ["CHN"], years=Y1523),
    row(
        "largest increase in joint papers with China 2015 vs 2023",
        "rising",
        "joint_articles",
        ["CHN"],
        years=Y1523,
    ),
    row(
        "biggest absolute increase with China 2019 vs 2023",
        "rising",
        "cs",
        ["CHN"],
        years=(2019, 2023),
    ),
    row(
        "fastest rising ASEAN partners of China 2015-2023", "rising", "cs", ["CHN"], "ASEAN", Y1523
    ),
    row("rank of Singapore among China's partners 2023", "rank", "cs", ["CHN", "SGP"]),
    row("Singapore's rank among China's BRI partners 2023", "rank", "cs", ["CHN", "SGP"], "BRI"),
    row("where does Singapore rank among partners of China in 2023", "rank", "cs", ["CHN", "SGP"]),
    row(
        "rank of Singapore and Thailand among China's partners 2023",
        "rank",
        "cs",
        ["CHN", "SGP", "THA"],
    ),
    row("China's domestic articles 2015 vs 2023", "aggregate", "count", ["CHN"], years=Y1523),
    row("domestic-only articles of China 2015 vs 2023", "aggregate", "count", ["CHN"], years=Y1523),
    row("China internationally collaborative articles 2023", "aggregate", "count", ["CHN"]),
    row(
        "what was China's international collaboration in 2019?",
        "aggregate",
        "count",
        ["CHN"],
        years=(2019,),
    ),
    row(
        "proportion of China's international collaboration with BRI 2023",
        "share",
        "count",
        ["CHN"],
        "BRI",
    ),
    row("CS China–Singapore, Thailand 2023", "partners", "cs", ["CHN", "SGP", "THA"]),
    row(
        "CS China with Singapore, Thailand and Vietnam 2023",
        "partners",
        "cs",
        ["CHN", "SGP", "THA", "VNM"],
    ),
    row(
        "CS China–Singapore + Thailand + Malaysia 2023",
        "partners",
        "cs",
        ["CHN", "SGP", "THA", "MYS"],
    ),
    row("CS China–Singapore, Singapore, Thailand 2023", "partners", "cs", ["CHN", "SGP", "THA"]),
]

STYLE = [
    row("what was the CS between China and Thailand in 2023?", "pair", "cs", ["CHN", "THA"]),
    row("please show me China-Thailand CS 2015 vs 2023", "pair", "cs", ["CHN", "THA"], years=Y1523),
    row(
        "how did China–Thailand collaboration change 2015 vs 2023",
        "pair",
        "cs",
        ["CHN", "THA"],
        years=Y1523,
    ),
    row("compare China and Thailand 2015 vs 2023", "pair", "cs", ["CHN", "THA"], years=Y1523),
    row("China–Thailand growth 2015 vs 2023", "pair", "cs", ["CHN", "THA"], years=Y1523),
    row(
        "  CS   China  –  Thailand    2015   vs  2023  ", "pair", "cs", ["CHN", "THA"], years=Y1523
    ),
    row("cs china–thailand 2015 vs 2023", "pair", "cs", ["CHN", "THA"], years=Y1523),
    row("CS CHINA–THAILAND IN 2023", "pair", "cs", ["CHN", "THA"]),
    row("Cs ChInA–tHaIlAnD 2023", "pair", "cs", ["CHN", "THA"]),
    row("CS China–IN 2023", "pair", "cs", ["CHN", "IND"]),
    row("CS China–India in 2023", "pair", "cs", ["CHN", "IND"]),
    row("CS China−Thailand 2015‒2023", "pair", "cs", ["CHN", "THA"], years=ALLY, series=True),
    row("CS China—Thailand 2023 🚀", "pair", "cs", ["CHN", "THA"]),
    row("CS China\u200f–Thailand\u0000 2023", "pair", "cs", ["CHN", "THA"]),
    row("CS China–Korea 2023", "pair", "cs", ["CHN", "KOR"]),
    row("CS China–ROK 2023", "pair", "cs", ["CHN", "KOR"]),
    row("CS China–DPRK 2023", "pair", "cs", ["CHN", "PRK"]),
    row("CS China–Korea, Rep. 2023", "pair", "cs", ["CHN", "KOR"]),
    row("CS PRC–U.S. 2023", "pair", "cs", ["CHN", "USA"]),
    row("CS China–America 2023", "pair", "cs", ["CHN", "USA"]),
    row("CS China–us 2023", "pair", "cs", ["CHN", "USA"]),
    row("CS China–UAE 2023", "pair", "cs", ["CHN", "ARE"]),
    row("CS China–KSA 2023", "pair", "cs", ["CHN", "SAU"]),
    row("CS China–Burma 2023", "pair", "cs", ["CHN", "MMR"]),
    row("CS China–Holland 2023", "pair", "cs", ["CHN", "NLD"]),
    row("CS China–the Netherlands 2023", "pair", "cs", ["CHN", "NLD"]),
    row("CS China–Hong Kong 2023", "pair", "cs", ["CHN", "HKG"]),
    row("CS China–Taiwan 2023", "pair", "cs", ["CHN", "TWN"]),
    row("CS China–Cote d'Ivoire 2023", "pair", "cs", ["CHN", "CIV"]),
    row("CS China–Trinidad and Tobago 2023", "pair", "cs", ["CHN", "TTO"]),
    row("CS China–Bosnia and Herzegovina 2023", "pair", "cs", ["CHN", "BIH"]),
    row("CS China–Saint Vincent and the Grenadines 2023", "pair", "cs", ["CHN", "VCT"]),
    row("CS China–Guinea 2023", "pair", "cs", ["CHN", "GIN"]),
    row("CS China–Equatorial Guinea 2023", "pair", "cs", ["CHN", "GNQ"]),
    row("CS China–Niger 2023", "pair", "cs", ["CHN", "NER"]),
    row("CS China–Nigeria 2023", "pair", "cs", ["CHN", "NGA"]),
    row("CS China–Dominica 2023", "pair", "cs", ["CHN", "DMA"]),
    row("CS China–Dominican Republic 2023", "pair", "cs", ["CHN", "DOM"]),
    row("CS China–Sudan 2023", "pair", "cs", ["CHN", "SDN"]),
    row("CS China–South Sudan 2023", "pair", "cs", ["CHN", "SSD"]),
    row("CS US–UK 2023", "pair", "cs", ["USA", "GBR"]),
    row("CS Thailand–China 2023", "pair", "cs", ["THA", "CHN"]),
    row("China's CS with Thailand 2023", "pair", "cs", ["CHN", "THA"]),
    row("CS China–Thailand 2023 in demo", "pair", "cs", ["CHN", "THA"]),
    row("CS China–Thailand 2023 as a table", "pair", "cs", ["CHN", "THA"]),
    row("ＣＳ China–Thailand ２０２３", "pair", "cs", ["CHN", "THA"]),
    row("CS China–Lao PDR 2023", "pair", "cs", ["CHN", "LAO"]),
    row("CS China–Russian Federation 2023", "pair", "cs", ["CHN", "RUS"]),
    row("CS China–Great Britain 2023", "pair", "cs", ["CHN", "GBR"]),
    row("CS China–Czechia 2023", "pair", "cs", ["CHN", "CZE"]),
    row("CS China–Ivory Coast 2023", "pair", "cs", ["CHN", "CIV"]),
    row("CS China–Macedonia 2023", "pair", "cs", ["CHN", "MKD"]),
    row("CS China–Swaziland 2023", "pair", "cs", ["CHN", "SWZ"]),
    row("CS Mainland China–Brunei 2023", "pair", "cs", ["CHN", "BRN"]),
    row("CS China–Palestine 2023", "pair", "cs", ["CHN", "PSE"]),
    row("CS China–Timor-Leste 2023", "pair", "cs", ["CHN", "TLS"]),
    row("CS China–IT 2023", "pair", "cs", ["CHN", "ITA"]),
    row("CS China–SGP 2015 vs 2023", "pair", "cs", ["CHN", "SGP"], years=Y1523),
    row("CS cn–th 2023", "pair", "cs", ["CHN", "THA"]),
    row("CS China–Thailand 2023?!", "pair", "cs", ["CHN", "THA"]),
    row("CS (China–Thailand) [2023]", "pair", "cs", ["CHN", "THA"]),
    row("CS China–Thailand, 2015 vs 2023.", "pair", "cs", ["CHN", "THA"], years=Y1523),
]

ALL_ROWS = ACCEPTANCE + JOINED + YEARS + METRICS + SUBJECTS + GROUPS + KINDS + STYLE


@pytest.mark.parametrize(
    ("text", "kind", "metric", "countries", "group", "years", "subject", "series"),
    ALL_ROWS,
    ids=[r[0][:60] for r in ALL_ROWS],
)
def test_phrasing(text, kind, metric, countries, group, years, subject, series) -> None:
    q = parse(text)
    got = (q.kind, q.metric, q.countries, q.group, q.years, q.subject, q.series)
    assert got == (kind, metric, countries, group, years, subject, series)


def test_table_is_big_enough() -> None:
    assert len(ALL_ROWS) >= 200
    assert len(FAILURES) >= 40


def test_details() -> None:
    assert parse("top 15 BRI partners of China 2023").limit == 15
    q = parse("China's top partners in chemistry 2023")
    assert q.limit == 10 and "Assuming the top 10" in q.assumptions
    q = parse("fastest rising BRI partners of China 2015 vs 2023")
    assert (q.order, q.limit) == ("pct", None)
    assert parse("fastest rising of China's top 5 BRI partners 2015 vs 2023").limit == 5
    assert parse("biggest CS increase with China since 2015").order == "abs"
    assert parse("China BRI collaboration 2015 vs 2023").aggregate == "group"
    assert parse("China international collaboration 2023").aggregate == "international"
    assert parse("China domestic articles 2023").aggregate == "domestic"
    q = parse("CS China–Korea 2023")
    assert q.assumptions == ("Assuming Korea = South Korea (for North Korea say DPRK)",)
    assert parse("CS China–Thailand").assumptions == ("Assuming the latest year, 2023*",)
    assert parse("CS China–Thailand 2023").assumptions == ()
    q = parse("top BRI partners of China 2023 BRI members as of 2015")
    assert (q.membership, q.membership_year) == ("as_of", 2015)
    assert parse("top current BRI members partners of China 2023").membership == "current"
    assert parse("CS China–Thailand 2023 as a table").presentation == "table"
    ctx = ParseContext(datasets=("demo", "openalex"))
    assert parse("CS China–Thailand 2023 in openalex", ctx).datasets == ("openalex",)
    assert parse("CS China–Thailand 2023 in demo and openalex", ctx).datasets == (
        "demo",
        "openalex",
    )
    for text in ("help", "examples", "?", "", "   ", "help please"):
        assert parse(text).kind == "help"


FAILURES = [
    ("CS China–Nu Zealand 2023", "unknown_country"),
    ("CS China–Atlantis 2023", "unknown_word"),
    ("CS China–Thailand 2023 blorp", "unknown_word"),
    ("CS 中国–Thailand 2023", "unknown_word"),
    ("CS China–Thailand 15", "unknown_word"),
    ("CS China–Thailand 2023 5", "unknown_word"),
    ("CS China–Thailand 2014", "year_not_available"),
    ("CS China–Thailand 2024", "year_not_available"),
    ("CS China–Thailand 1990 vs 2023", "year_not_available"),
    ("CS China–Thailand since 2010", "year_not_available"),
    ("CS 2015 vs 2023", "missing_countries"),
    ("top 5 partners 2023", "missing_countries"),
    ("in chemistry", "missing_countries"),
    ("BRI collaboration 2023", "missing_countries"),
    ("CS China 2023", "missing_partner"),
    ("joint articles China 2015 vs 2023", "missing_partner"),
    ("Singapore's rank 2023", "missing_partner"),
    ("share China–Thailand 2023", "metric_not_available"),
    ("fractional count China–Thailand 2023", "metric_not_available"),
    ("top partners of China by share 2023", "metric_not_available"),
    ("CS China international collaboration 2023", "metric_not_available"),
    ("China BRI collaboration score 2023", "ambiguous"),
    ("x" * 501, "too_long"),
    ("CS China–Thailand 2023 " + "please " * 80, "too_long"),
    (
        "CS China–"
        + ", ".join(
            [
                "Thailand",
                "Vietnam",
                "Japan",
                "India",
                "Italy",
                "France",
                "Germany",
                "Spain",
                "Brazil",
                "Chile",
                "Peru",
                "Mexico",
                "Canada",
                "Kenya",
                "Egypt",
                "Iran",
                "Iraq",
                "Oman",
                "Qatar",
                "Nepal",
                "Laos",
            ]
        )
        + " 2023",
        "too_many_countries",
    ),
    ("CS China–Thailand 2023 in openalex", "unknown_dataset"),
    ("CS China–Thailand 2023 in scopus", "unknown_dataset"),
    ("CS China–China 2023", "same_country"),
    ("CS China–PRC 2023", "same_country"),
    ("top 0 partners of China 2023", "bad_limit"),
    ("top 500 partners of China 2023", "bad_limit"),
    ("CS China–Thailand in chemistry and physics 2023", "ambiguous"),
    ("CS joint articles China–Thailand 2023", "ambiguous"),
    ("top partners of China and India 2023", "ambiguous"),
    ("CS China–Thailand, Vietnam BRI 2023", "ambiguous"),
    ("China international and domestic articles 2023", "ambiguous"),
    ("top BRI EU partners of China 2023", "ambiguous"),
    ("CS China–Thailand 2015–2019 and 2023", "ambiguous"),
    ("top 5 CS China–Thailand 2023", "ambiguous"),
    ("share of China's international collaboration 2023", "missing_group"),
    ("CS China–Thailand 2023 members as of 2015", "missing_group"),
    ("China's rank among partners 2023", "missing_partner"),
    ("CS China–Thailand 2023 as of", "ambiguous"),
    # A word that changes the meaning is understood or refused, never dropped.
    ("CS China–Thailand excluding 2019 2015 vs 2023", "unsupported_negation"),
    ("top BRI partners of China 2023 except Thailand", "unsupported_negation"),
    ("CS China–Thailand 2023 not", "unsupported_negation"),
    ("top partners of China without the US 2022", "unsupported_negation"),
    # Not a question, or not a topic the data covers.
    ("thanks!", "chatter"),
    ("ok", "chatter"),
    ("👍", "chatter"),
    ("what's the weather in Oslo", "out_of_scope"),
    ("which universities in China work with Thailand", "out_of_scope"),
    ("citations of China–US papers 2020", "out_of_scope"),
]


@pytest.mark.parametrize(("text", "code"), FAILURES, ids=[f[0][:50] for f in FAILURES])
def test_failure(text: str, code: str) -> None:
    with pytest.raises(UserError) as err:
        parse(text)
    assert err.value.code == code, err.value.message
    assert err.value.message


@pytest.mark.parametrize(
    ("text", "typed", "read_as"),
    [
        ("CS Thiland–China 2023", "Thiland", "Thailand"),
        ("CS China–Singapur 2023", "Singapur", "Singapore"),
        ("CS China–Germny 2023", "Germny", "Germany"),
    ],
)
def test_a_clear_slip_of_a_country_is_read_and_stated(text, typed, read_as) -> None:
    q = parse(text)
    assert f"Assuming “{typed}” = {read_as}" in q.assumptions


def test_a_slip_close_to_two_countries_is_asked_back() -> None:
    with pytest.raises(UserError) as err:
        parse("CS Nigera–China 2023")
    assert err.value.code == "ambiguous"
    assert set(err.value.choices) == {
        "CS · Niger–China · natural sciences · 2023*",
        "CS · Nigeria–China · natural sciences · 2023*",
    }


def test_english_words_are_never_read_as_countries() -> None:
    for text, word in [("CS China–chin 2023", "chin"), ("CS stain–China 2023", "stain")]:
        with pytest.raises(UserError) as err:
            parse(text)
        assert err.value.code == "unknown_word", (text, err.value.message)
        assert word in err.value.message


def test_unknown_words_point_and_suggest() -> None:
    with pytest.raises(UserError) as err:
        parse("CS Wakanda–China 2023")
    e = err.value
    assert e.code == "unknown_country" and e.span == (3, 10) and len(e.examples) == 3
    q = parse("CS China–Thailand in chemestry 2023")
    assert q.subject == "chemistry" and "Assuming “chemestry” = “chemistry”" in q.assumptions
    with pytest.raises(UserError) as err:
        parse("CS China–Thailand in zoology 2023")
    assert err.value.code == "unknown_word" and err.value.span == (21, 28)
