"""Every metric of DATA.md against hand-computed values on the tiny fixture (tests/fixtures_db.py)."""

from __future__ import annotations

import pytest
from fixtures_db import (
    EXPECTED_2015_NATURAL,
    EXPECTED_2023_ALL,
    EXPECTED_2023_NATURAL,
    TINY,
)

from bot.pipeline import Answerer
from data.store import Store


@pytest.fixture
def store(tiny_db):
    return Store(tiny_db)


def country_figure(store: Store, column: str, iso3: str, subject: str, year: int = 2023) -> float:
    rows = store.run(
        f"SELECT {column} FROM country_figures WHERE dataset = ? AND iso3 = ? AND subject = ? AND year = ?",
        [TINY, iso3, subject, year],
    ).rows
    return rows[0][0]


def pair_figure(store: Store, column: str, a: str, b: str, subject: str, year: int = 2023) -> float:
    rows = store.run(
        f"SELECT {column} FROM pair_figures WHERE dataset = ? AND a = ? AND b = ? AND subject = ? AND year = ?",
        [TINY, a, b, subject, year],
    ).rows
    return rows[0][0]


@pytest.mark.parametrize("iso3,expected", EXPECTED_2023_NATURAL["count"].items())
def test_count_is_one_per_article_per_country(store, iso3, expected):
    assert country_figure(store, "count", iso3, "natural_sciences") == expected


def test_share_splits_each_article_and_dual_affiliations(store):
    assert country_figure(store, "share", "CHN", "natural_sciences") == pytest.approx(
        3.0, abs=1e-12
    )
    assert country_figure(store, "share", "CHN", "all") == pytest.approx(
        EXPECTED_2023_ALL["share"]["CHN"], abs=1e-12
    )
    # Every article's Shares sum to 1, so the world's Share equals the number of articles.
    total = store.run("SELECT SUM(share) FROM authorships WHERE dataset = ?", [TINY]).rows[0][0]
    assert total == pytest.approx(9.0, abs=1e-12)


def test_international_and_domestic(store):
    assert country_figure(store, "international", "CHN", "natural_sciences") == 5
    assert country_figure(store, "domestic", "CHN", "natural_sciences") == 1


@pytest.mark.parametrize("pair,expected", EXPECTED_2023_NATURAL["cs"].items())
def test_bilateral_cs_is_symmetric_sum_of_both_shares(store, pair, expected):
    a, b = pair
    assert pair_figure(store, "cs", a, b, "natural_sciences") == pytest.approx(expected, abs=1e-12)
    assert pair_figure(store, "cs", b, a, "natural_sciences") == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("pair,expected", EXPECTED_2023_NATURAL["joint_articles"].items())
def test_joint_articles(store, pair, expected):
    assert pair_figure(store, "joint_articles", *pair, "natural_sciences") == expected


def test_health_is_outside_natural_sciences_but_inside_all(store):
    assert pair_figure(store, "cs", "CHN", "USA", "all") == pytest.approx(2.75, abs=1e-12)
    assert country_figure(store, "count", "CHN", "all") == EXPECTED_2023_ALL["count"]["CHN"]


@pytest.fixture
def answerer(tiny_db):
    return Answerer(tiny_db, default_dataset=TINY)


def test_cs_through_a_question(answerer):
    ans = answerer.answer("CS China–Thailand 2015 vs 2023")
    assert ans.ok, ans.error
    values = {r.year: r.value for r in ans.rows}
    assert values[2015] == pytest.approx(EXPECTED_2015_NATURAL["cs"][("CHN", "THA")])
    assert values[2023] == pytest.approx(2.25)
    assert ans.change_pct == pytest.approx(125.0)


def test_group_articles_count_each_article_once(answerer):
    ans = answerer.answer("China BRI collaboration 2023")
    assert ans.ok, ans.error
    assert [r.value for r in ans.rows] == [EXPECTED_2023_NATURAL["china_bri_articles"]]


def test_group_share_of_international(answerer):
    ans = answerer.answer("BRI share of China's international collaboration 2023")
    assert ans.ok, ans.error
    assert ans.rows[0].value == pytest.approx(4 / 5 * 100)


def test_international_and_domestic_through_questions(answerer):
    assert answerer.answer("China international collaboration 2023").rows[0].value == 5
    assert answerer.answer("China domestic articles 2023").rows[0].value == 1


def test_a_countrys_own_count_and_share_through_questions(answerer):
    share = answerer.answer("China Share 2023")
    assert share.ok, share.error
    assert (share.question.kind, share.question.aggregate, share.question.metric) == (
        "aggregate",
        None,
        "share",
    )
    assert share.rows[0].value == pytest.approx(EXPECTED_2023_NATURAL["share"]["CHN"])
    count = answerer.answer("China count 2023 including health sciences")
    assert count.rows[0].value == EXPECTED_2023_ALL["count"]["CHN"]
