"""The demo dataset: deterministic, at Nature Index scale, labelled synthetic everywhere."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data.demo import bri_for_calibration
from data.demo.generate import DemoGenerator
from data.store import Store


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
    assert store.run("SELECT COUNT(*) FROM articles WHERE dataset = 'demo'").rows[0][0] == len(
        articles
    )


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
