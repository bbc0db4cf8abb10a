"""What a reply says about what it counted: missing figures in figures-only datasets are
missing (not zero), and a group list names the members who had left."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.pipeline import Answerer
from data.loaders import load


@pytest.fixture(scope="module")
def pairs_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pairs")
    csv = folder / "ni_pairs.csv"
    csv.write_text(
        "year,country_a,country_b,cs,joint_articles\n"
        "2019,CHN,THA,10.5,14\n"
        "2021,CHN,THA,12.25,17\n"
        "2021,CHN,VNM,3.5,5\n",
        encoding="utf-8",
    )
    db = folder / "store.duckdb"
    load("pairs", [str(csv)], dataset=None, db=db)
    return db


def test_a_pair_the_file_does_not_list_is_missing_not_zero(pairs_db: Path) -> None:
    answer = Answerer(pairs_db).answer("CS China–Vietnam 2019 vs 2021")
    assert answer.ok, answer.error
    values = {(r.country, r.year): r.value for r in answer.rows}
    assert values == {("VNM", 2019): None, ("VNM", 2021): 3.5}
    assert answer.changes == ()  # no change from a figure nobody gave
    assert "does not list" in answer.headline and "2019" in answer.headline
    assert any("lists no figure for Vietnam 2019" in n for n in answer.notes)
    assert not any("no joint articles" in n for n in answer.notes)


def test_a_listed_pair_in_the_same_file_still_compares(pairs_db: Path) -> None:
    answer = Answerer(pairs_db).answer("CS China–Thailand 2019 vs 2021")
    assert [r.value for r in answer.rows] == [10.5, 12.25]
    assert answer.changes[0].pct_change == pytest.approx((12.25 - 10.5) / 10.5 * 100)


def test_article_level_data_still_zero_fills(demo_answerer) -> None:
    """In the demo (article rows) a pair with no joint article is a true 0."""
    answer = demo_answerer.answer("joint articles China–Macao 2019")
    assert answer.ok and [r.value for r in answer.rows] == [0.0]


def test_a_group_list_names_members_who_had_left() -> None:
    import datetime as dt

    from queries.figures import left_before

    assert left_before("BRI", dt.date(2024, 12, 31)) == ["Italy"]  # left in December 2023
    assert left_before("BRI", dt.date(2023, 7, 31)) == []  # still a member in 2023*
    assert left_before("EU", dt.date(2021, 12, 31)) == ["United Kingdom"]


def test_the_leavers_note_reaches_the_reply(demo_answerer) -> None:
    """In the demo Italy is still a BRI member at the end of 2023*; the EU lists in 2021 name
    the UK, which had left."""
    answer = demo_answerer.answer("top EU partners of China 2021")
    assert answer.ok
    assert any("had left" in n and "United Kingdom" in n for n in answer.notes), answer.notes
    assert "GBR" not in {r.country for r in answer.rows}
    bri = demo_answerer.answer("top BRI partners of China 2023")
    assert not any("had left" in n for n in bri.notes)
