"""The demo dataset: deterministic, at Nature Index scale, labelled synthetic everywhere."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from conftest import SHARED

from data.demo import bri_for_calibration, makeup, plan, trends
from data.demo.derive import makeup_figures, network_series, sample_works
from data.demo.generate import DemoGenerator
from data.store import Store

NETWORKS = SHARED / "data" / "openalex-country-coauthorship" / "WrldCo_years.zip"
WORKS = SHARED / "data" / "openalex-works-sample" / "works.jsonl.gz"


@pytest.fixture(scope="module")
def store(demo_db):
    return Store(demo_db)


def test_same_seed_gives_identical_tables(store):
    articles, authorships = DemoGenerator(bri_for_calibration()).run()
    # The query connection's default row cap would cut a million rows: lift it for this test.
    big = Store(store.path, row_cap=2_000_000, timeout_s=120)
    stored = pd.DataFrame(
        big.run(
            "SELECT article_id, iso3, share FROM authorships WHERE dataset = 'demo' "
            "ORDER BY article_id, iso3"
        ).rows,
        columns=["article_id", "iso3", "share"],
    )
    again = authorships.sort_values(["article_id", "iso3"]).reset_index(drop=True)
    assert len(stored) == len(again)
    assert (stored["article_id"].to_numpy() == again["article_id"].to_numpy()).all()
    assert (stored["iso3"].to_numpy() == again["iso3"].to_numpy()).all()
    assert (stored["share"].to_numpy() == again["share"].to_numpy()).all()
    stored_articles = pd.DataFrame(
        big.run(
            "SELECT article_id, year, date, subject, journal FROM articles WHERE dataset = 'demo' "
            "ORDER BY article_id"
        ).rows,
        columns=["article_id", "year", "date", "subject", "journal"],
    )
    assert len(stored_articles) == len(articles)
    for column in stored_articles.columns:
        assert stored_articles[column].tolist() == articles[column].tolist(), column


def test_nature_index_scale(store):
    per_window = dict(
        store.run("SELECT year, COUNT(*) FROM articles WHERE dataset = 'demo' GROUP BY year").rows
    )
    assert sorted(per_window) == list(range(2015, 2024))
    assert all(60_000 <= n <= 80_000 for n in per_window.values()), per_window
    assert store.run("SELECT COUNT(*) FROM authorships").rows[0][0] >= 1_000_000


def test_shares_are_fractional_and_sum_to_one(store):
    worst, fractional = store.run(
        "SELECT MAX(ABS(total - 1)), AVG(CASE WHEN n > 1 THEN 1 ELSE 0 END) FROM ("
        " SELECT article_id, SUM(share) AS total, COUNT(*) AS n FROM authorships"
        " WHERE dataset = 'demo' GROUP BY article_id)"
    ).rows[0]
    assert worst < 1e-9
    assert fractional > 0.3  # a good part of the articles have more than one country
    distinct = store.run("SELECT COUNT(DISTINCT share) FROM authorships").rows[0][0]
    assert distinct > 500  # long-tailed author lists give many different fractions


def test_windows_and_the_starred_year(store):
    rows = store.run(
        "SELECT label, start_date, end_date FROM windows WHERE dataset = 'demo' AND year = 2023"
    ).rows
    assert list(rows) == [("2023*", dt.date(2022, 8, 1), dt.date(2023, 7, 31))]
    outside = store.run(
        "SELECT COUNT(*) FROM articles a JOIN windows w ON w.dataset = a.dataset AND w.year = a.year "
        "WHERE a.date < w.start_date OR a.date > w.end_date"
    ).rows[0][0]
    assert outside == 0


def test_demo_is_labelled_synthetic(store, demo_answerer):
    assert store.run("SELECT synthetic FROM datasets WHERE name = 'demo'").rows == ((True,),)
    ans = demo_answerer.answer("CS China–Thailand 2015 vs 2023")
    assert ans.datasets[0].synthetic
    assert any("Synthetic" in n for n in ans.notes)
    from bot.render import message, terminal_text

    assert "ynthetic" in terminal_text(ans)
    assert "ynthetic" in str(message(ans))


# ---------------------------------------------------------------------------------------------
# The real courses the demo follows (trends.csv) and the make-up it takes from the works sample


@pytest.mark.skipif(
    not NETWORKS.is_file(), reason=f"the real OpenAlex networks are not at {NETWORKS}"
)
def test_trends_file_is_what_the_real_networks_give():
    real = network_series(NETWORKS, (p.iso3 for p in plan.PARTNERS))
    assert dict(trends.load()) == {key: tuple(values) for key, values in real.items()}
    assert trends.load()[("joint", "USA")][0] == 46931  # DATA.md's spot value, 2015
    assert trends.load()[("joint", "THA")][-1] == 2381  # and China–Thailand 2023


def test_trends_cover_the_plan():
    assert trends.years() == plan.YEARS
    assert {c for kind, c in trends.load() if kind == "joint"} == {p.iso3 for p in plan.PARTNERS}
    assert ("international", plan.FOCAL) in trends.load()


def test_follow_keeps_the_real_course_between_pins():
    index = [100.0, 110.0, 99.0, 120.0, 150.0]
    path = trends.follow(index, {0: 10.0, 2: 8.0, 4: 30.0})
    assert [path[0], path[2], path[4]] == pytest.approx([10.0, 8.0, 30.0])
    # Between two pins the path changes as the index does, times one constant yearly rate.
    first = math.sqrt((8.0 / 10.0) / (99.0 / 100.0))
    second = math.sqrt((30.0 / 8.0) / (150.0 / 99.0))
    assert path[1] / path[0] == pytest.approx(1.10 * first)
    assert path[2] / path[1] == pytest.approx(0.9 * first)
    assert path[3] / path[2] == pytest.approx(120.0 / 99.0 * second)
    assert trends.follow([0.0, 5.0, 9.0], {0: 1.0, 2: 4.0}) == pytest.approx([1.0, 2.0, 4.0])


def test_partner_paths_move_like_the_real_pair():
    gbr = next(p for p in plan.PARTNERS if p.iso3 == "GBR")
    real = trends.load()[("joint", "GBR")]
    rates = [
        (b / a) / (y / x)
        for a, b, x, y in zip(gbr.natural_path, gbr.natural_path[1:], real, real[1:], strict=False)
    ]
    assert rates == pytest.approx([rates[0]] * len(rates))
    usa = next(p for p in plan.PARTNERS if p.iso3 == "USA")
    assert [usa.natural_cs(y) for y in (2020, 2022)] == pytest.approx([3300, 2805])  # P4


def test_count_paths_end_on_the_published_ratios():
    index = plan.international_index()
    assert index[0] == 1.0 and index[-1] == pytest.approx(plan.INTERNATIONAL_GROWTH)
    share = plan.bri_share_path(bri_for_calibration())
    assert share[0] == pytest.approx(0.22)
    assert share[-1] == pytest.approx(0.22 * plan.BRI_GROWTH / plan.INTERNATIONAL_GROWTH)
    assert all(0.27 < p < 0.45 for p in plan.multi_partner_p())


@pytest.mark.skipif(not WORKS.is_file(), reason=f"the real OpenAlex works sample is not at {WORKS}")
def test_makeup_quotes_the_works_sample():
    figures = makeup_figures(sample_works(WORKS))
    assert figures["works"] == 350 and figures["international"] == 114
    assert tuple(round(v, 3) for v in figures["authors_log_international"]) == (
        makeup.AUTHORS_LOG_INTERNATIONAL
    )
    assert tuple(round(v, 3) for v in figures["authors_log_single"]) == makeup.AUTHORS_LOG_SINGLE
    assert tuple(round(v, 3) for v in figures["partners_per_article"]) == makeup.PARTNERS_P
    assert round(figures["third_country_rate"], 3) == makeup.THIRD_COUNTRY_RATE
    assert tuple(round(v, 3) for v in figures["third_country_range"]) == (
        makeup.THIRD_COUNTRY_RANGE
    )
    assert round(figures["multi_country_author_rate"], 3) == makeup.MULTI_COUNTRY_AUTHOR_P


def test_every_partner_lands_on_its_plan(store):
    """Natural-sciences CS per partner and window: anchored partners to the second decimal,
    the others within one CS (the plan's path, so the real course shows through)."""
    rows = store.run(
        "SELECT b, year, cs FROM pair_figures WHERE dataset = 'demo' AND a = 'CHN' "
        "AND subject = 'natural_sciences'"
    ).rows
    demo = {(b, y): cs for b, y, cs in rows}
    for partner in plan.PARTNERS:
        for year in plan.YEARS:
            planned = partner.natural_cs(year)
            got = demo.get((partner.iso3, year), 0.0)
            limit = 0.005 if partner.anchor else 1.0
            assert abs(got - planned) <= limit, (partner.iso3, year, planned, got)
