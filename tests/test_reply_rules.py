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


# --- real data: what was counted, and years that may still grow --------------------------

from conftest import SHARED  # noqa: E402

NETWORKS = SHARED / "data" / "openalex-country-coauthorship" / "WrldCo_years.zip"
needs_networks = pytest.mark.skipif(
    not NETWORKS.is_file(), reason=f"the real OpenAlex networks are not at {NETWORKS}"
)


@pytest.fixture(scope="module")
def both_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    db = tmp_path_factory.mktemp("both") / "store.duckdb"
    shutil.copy2(demo_db, db)
    load("openalex-networks", [str(NETWORKS)], dataset=None, db=db)
    return db


@needs_networks
def test_the_receipt_names_what_was_answered(both_db: Path) -> None:
    from queries.serialize import answer_json

    answer = Answerer(both_db).answer("CS China–Thailand 2015 vs 2023 in openalex")
    got = answer_json(answer)
    assert got["interpretation"].startswith(
        "joint works (all types) · China–Thailand · all subjects"
    )
    assert "CS" not in got["interpretation"].split(" · ")[0]
    assert "joint works (all types) rose from 693" in got["headline"]
    assert any("showing joint works (all types) instead" in n for n in got["notes"])
    # The receipt asks the same question again (buttons and follow-ups re-read it).
    again = Answerer(both_db).answer(answer.receipt)
    assert [r.value for r in again.rows] == [r.value for r in answer.rows]


@needs_networks
def test_a_year_that_may_still_grow_is_marked_everywhere(both_db: Path) -> None:
    from bot.render import terminal_text
    from bot.render.message import messages

    answer = Answerer(both_db).answer("joint articles China–US 2021 vs 2023 in openalex")
    assert answer.ok
    assert "(2023†)" in answer.headline
    note = next(n for n in answer.notes if "may still grow" in n)
    assert "27 Aug 2024" in note and note.startswith("† 2023")
    assert "2023†" in terminal_text(answer)
    assert "2023†" in str(messages(answer))
    # A year well before the as-of date is not marked.
    early = Answerer(both_db).answer("joint articles China–US 2015 vs 2020 in openalex")
    assert not any("may still grow" in n for n in early.notes)
    assert "†" not in early.headline


@needs_networks
def test_comparing_datasets_shows_each_ones_measure_and_decimals(both_db: Path) -> None:
    from bot.render.table import table_rows

    answer = Answerer(both_db).answer("CS China–Thailand 2015 vs 2023 in demo and openalex")
    grid = table_rows(answer)
    header, demo_row, real_row = grid[0], grid[1], grid[2]
    assert header[2] == "Measure" and "2023*/2023†" in header
    assert demo_row[1:3] == ["demo", "bilateral CS"] and demo_row[3] == "3.10"
    assert real_row[1:3] == ["openalex", "joint works (all types)"] and real_row[3] == "693"


def test_the_demo_marks_no_year(demo_answerer) -> None:
    answer = demo_answerer.answer("CS China–Thailand 2015 vs 2023")
    assert "†" not in answer.headline and not any("may still grow" in n for n in answer.notes)
