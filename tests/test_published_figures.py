"""DATA.md P1–P11: the demo reproduces every published figure, by SQL and by asking the bot."""

from __future__ import annotations

import pytest

from data.store import Store

NATURAL = ("biological_sciences", "chemistry", "earth_environmental_sciences", "physical_sciences")


def pct(start: float, end: float) -> float:
    return (end - start) / start * 100


# ---------------------------------------------------------------------------------------------
# By SQL, straight from the tables (independent of the question language)


@pytest.fixture(scope="module")
def store(demo_db):
    return Store(demo_db)


def cs(store: Store, partner: str, year: int, subject: str = "natural_sciences") -> float:
    return store.run(
        "SELECT cs FROM pair_figures WHERE dataset = 'demo' AND a = 'CHN' AND b = ? AND year = ? AND subject = ?",
        [partner, year, subject],
    ).rows[0][0]


def bri_on(store: Store, day: str) -> list[str]:
    return [
        r[0]
        for r in store.run(
            "SELECT iso3 FROM memberships WHERE group_code = 'BRI' AND from_date <= CAST(? AS DATE) "
            "AND (to_date IS NULL OR to_date > CAST(? AS DATE))",
            [day, day],
        ).rows
    ]


def china_bri_articles(store: Store, year: int) -> int:
    members = bri_on(store, "2023-07-31")
    return store.run(
        f"""SELECT COUNT(DISTINCT c.article_id) FROM article_countries c
            JOIN article_countries p ON p.article_id = c.article_id AND p.dataset = c.dataset
            WHERE c.dataset = 'demo' AND c.iso3 = 'CHN' AND c.year = ? AND c.subject IN {NATURAL}
              AND p.iso3 IN ({",".join("?" * len(members))})""",
        [year, *members],
    ).rows[0][0]


def china_figure(store: Store, column: str, year: int) -> float:
    return store.run(
        f"SELECT {column} FROM country_figures WHERE dataset = 'demo' AND iso3 = 'CHN' "
        "AND subject = 'natural_sciences' AND year = ?",
        [year],
    ).rows[0][0]


def test_p1_bri_articles_rose_132_pct(store):
    assert round(pct(china_bri_articles(store, 2015), china_bri_articles(store, 2023))) == 132


def test_p2_bri_share_of_international_22_and_28_pct(store):
    for year, published in ((2015, 22), (2023, 28)):
        share = china_bri_articles(store, year) / china_figure(store, "international", year) * 100
        assert round(share) == published


def test_p3_international_rose_83_pct(store):
    assert (
        round(
            pct(
                china_figure(store, "international", 2015),
                china_figure(store, "international", 2023),
            )
        )
        == 83
    )


def test_p4_us_fell_15_pct_then_stagnated(store):
    assert round(pct(cs(store, "USA", 2020), cs(store, "USA", 2022))) == -15
    assert abs(pct(cs(store, "USA", 2022), cs(store, "USA", 2023))) <= 2


def test_p5_singapore_then_south_korea_top_bri_partners(store):
    members = set(bri_on(store, "2023-07-31"))
    ranked = store.run(
        "SELECT b FROM pair_figures WHERE dataset = 'demo' AND a = 'CHN' AND year = 2023 "
        "AND subject = 'natural_sciences' ORDER BY cs DESC"
    ).rows
    bri_ranked = [r[0] for r in ranked if r[0] in members]
    assert bri_ranked[:2] == ["SGP", "KOR"]


def test_p6_singapore_fifth_overall_including_health_and_up_8_4_pct(store):
    ranked = [
        r[0]
        for r in store.run(
            "SELECT b FROM pair_figures WHERE dataset = 'demo' AND a = 'CHN' AND year = 2023 "
            "AND subject = 'all' ORDER BY cs DESC"
        ).rows
    ]
    assert ranked.index("SGP") + 1 == 5
    assert round(pct(cs(store, "SGP", 2022, "all"), cs(store, "SGP", 2023, "all")), 1) == 8.4


def test_p7_singapore_636_40_up_155_pct(store):
    assert round(cs(store, "SGP", 2023), 2) == 636.40
    assert round(pct(cs(store, "SGP", 2015), cs(store, "SGP", 2023))) == 155


def test_p8_south_korea_206_italy_187_fastest_of_top_five(store):
    assert round(pct(cs(store, "KOR", 2015), cs(store, "KOR", 2023))) == 206
    assert round(pct(cs(store, "ITA", 2015), cs(store, "ITA", 2023))) == 187
    top5 = ["SGP", "KOR", "ITA", "RUS", "NZL"]
    growth = sorted(top5, key=lambda c: -pct(cs(store, c, 2015), cs(store, c, 2023)))
    assert growth[:2] == ["KOR", "ITA"]


def test_p9_thailand_1185_pct_steepest_of_top_15(store):
    assert round(pct(cs(store, "THA", 2015), cs(store, "THA", 2023))) == 1185


def test_p10_domestic_rose_194_pct(store):
    assert (
        round(pct(china_figure(store, "domestic", 2015), china_figure(store, "domestic", 2023)))
        == 194
    )


@pytest.mark.parametrize("subject", ["biological_sciences", "health_sciences"])
def test_p11_us_uk_germany_lead(store, subject):
    top3 = {
        r[0]
        for r in store.run(
            "SELECT b FROM pair_figures WHERE dataset = 'demo' AND a = 'CHN' AND year = 2023 "
            "AND subject = ? ORDER BY cs DESC LIMIT 3",
            [subject],
        ).rows
    }
    assert top3 == {"USA", "GBR", "DEU"}


# ---------------------------------------------------------------------------------------------
# The same figures asked as questions (DATA.md's right-hand column)


def ask(demo_answerer, text):
    ans = demo_answerer.answer(text)
    assert ans.ok, (text, ans.error)
    return ans


QUESTIONS_CHANGE = [
    ("P1", "China BRI collaboration 2015 vs 2023", 0, 132),
    ("P3", "China international collaboration 2015 vs 2023", 0, 83),
    ("P4", "CS China–US 2020 vs 2022", 0, -15),
    ("P6", "CS China–Singapore 2022 vs 2023 including health sciences", 1, 8.4),
    ("P7", "CS China–Singapore 2015 vs 2023", 0, 155),
    ("P8", "CS China–South Korea 2015 vs 2023", 0, 206),
    ("P8", "CS China–Italy 2015 vs 2023", 0, 187),
    ("P9", "CS China–Thailand 2015 vs 2023", 0, 1185),
    ("P10", "China domestic articles 2015 vs 2023", 0, 194),
]


@pytest.mark.parametrize("label,text,decimals,published", QUESTIONS_CHANGE)
def test_published_change_through_questions(demo_answerer, label, text, decimals, published):
    ans = ask(demo_answerer, text)
    assert round(ans.change_pct, decimals) == published, label


def test_p4_stagnation_through_question(demo_answerer):
    assert abs(ask(demo_answerer, "CS China–US 2022 vs 2023").change_pct) <= 2


def test_p2_through_question(demo_answerer):
    ans = ask(demo_answerer, "BRI share of China's international collaboration 2015 vs 2023")
    assert [round(r.value) for r in ans.rows] == [22, 28]


def test_p5_through_question(demo_answerer):
    ans = ask(demo_answerer, "top 15 BRI partners of China 2023")
    ranked = [r.country for r in sorted(ans.rows, key=lambda r: r.rank)]
    assert len(ranked) == 15 and ranked[:2] == ["SGP", "KOR"]
    assert "THA" in ranked


def test_p6_rank_through_question(demo_answerer):
    ans = ask(
        demo_answerer, "Singapore's rank among China's partners 2023 including health sciences"
    )
    assert next(r.rank for r in ans.rows if r.country == "SGP") == 5
    assert "5th" in ans.headline


def test_p7_value_through_question(demo_answerer):
    ans = ask(demo_answerer, "CS China–Singapore 2015 vs 2023")
    assert f"{[r.value for r in ans.rows if r.year == 2023][0]:.2f}" == "636.40"
    assert "636.40" in ans.headline


def test_p8_fastest_of_top_five_through_question(demo_answerer):
    ans = ask(demo_answerer, "fastest rising of China's top 5 BRI partners 2015 vs 2023")
    order = [r.country for r in sorted(ans.rows, key=lambda r: (r.rank or 99, r.year))][::2]
    assert order[:2] == ["KOR", "ITA"]
    assert {c.country for c in ans.changes} == {"SGP", "KOR", "ITA", "RUS", "NZL"}


def test_p9_steepest_from_small_base_through_question(demo_answerer):
    ans = ask(demo_answerer, "fastest rising BRI partners of China 2015 vs 2023")
    first = min((r for r in ans.rows if r.rank is not None), key=lambda r: r.rank)
    assert first.country == "THA"
    thailand = next(c for c in ans.changes if c.country == "THA")
    assert round(thailand.pct_change) == 1185 and thailand.small_base
    assert "from a very small base" in ans.headline


@pytest.mark.parametrize("subject", ["biological sciences", "health sciences"])
def test_p11_through_question(demo_answerer, subject):
    ans = ask(demo_answerer, f"China's top 3 partners in {subject} 2023")
    assert {r.country for r in ans.rows} == {"USA", "GBR", "DEU"}
