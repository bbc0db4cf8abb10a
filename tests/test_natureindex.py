"""The natureindex loader: Nature Index table exports (research leaders, collaboration tables with
bilateral CS) and the generic pair and country tables; bad files refused, the database unchanged."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest
from conftest import SHARED

from bot.pipeline import Answerer
from data.loaders import load
from queries.errors import UserError

LEADERS = (
    "Position,Country/territory,Count 2023,Share 2023,Share 2022,Change in Adjusted Share 2022–2023\n"
    '1,China,"24,999",19373.46,"16,999.50",21.4%\n'
    '2,United States of America,"26,000","17,610.68","18,100.00",-5.7%\n'
    "3,Germany,9500,4500.00,4610.25,-4.5%\n"
)
COLLAB = (
    "Country/territory,Collaborator,Bilateral CS,Count,Year,Subject\n"
    "China,Singapore,636.40,1580,2023,Natural sciences\n"
    'China,Thailand,39.83,"1,021",2023,Natural sciences\n'
    "China,Thailand,3.10,128,2015,Natural sciences\n"
)
ONE_COUNTRY = "Country/territory,Bilateral CS,Count\nSouth Korea,420.5,900\nItaly,300.25,700\n"
INSTITUTIONS = (
    "Position,Institution,Country/territory,Count,Share\n"
    "1,Chinese Academy of Sciences (CAS),China,10958,3143.88\n"
    "2,Harvard University,United States of America (USA),3854,1130.20\n"
    "3,University of Science and Technology of China (USTC),China,3171,989.72\n"
)
GENERIC_PAIRS = "year,subject,country_a,country_b,cs\n2020,chemistry,CN,US,100.5\n"
GENERIC_COUNTRIES = "year,country,count,share\n2020,CN,10,4.5\n"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def ni_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    folder = tmp_path_factory.mktemp("ni")
    files = {
        "research_leaders.csv": LEADERS,
        "collaboration.csv": COLLAB,
        "china_collaboration_2023.csv": ONE_COUNTRY,
        "pairs.csv": GENERIC_PAIRS,
        "countries.csv": GENERIC_COUNTRIES,
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = folder / "store.duckdb"
    report = load("natureindex", [str(folder / n) for n in files], dataset="ni", db=db)
    return db, report


def test_tables_become_figures(ni_db) -> None:
    db, report = ni_db
    assert rows(
        db, "SELECT year, iso3, count, share FROM country_figures WHERE subject='all' ORDER BY 1, 2"
    ) == [
        (2020, "CHN", 10.0, 4.5),
        (2022, "CHN", None, 16999.5),
        (2022, "DEU", None, 4610.25),
        (2022, "USA", None, 18100.0),
        (2023, "CHN", 24999.0, 19373.46),
        (2023, "DEU", 9500.0, 4500.0),
        (2023, "USA", 26000.0, 17610.68),
    ]
    assert rows(
        db,
        "SELECT year, subject, b, cs, joint_articles FROM pair_figures WHERE a='CHN' ORDER BY ALL",
    ) == [
        (2015, "natural_sciences", "THA", 3.1, 128.0),
        (2020, "chemistry", "USA", 100.5, None),
        (2023, "all", "ITA", 300.25, 700.0),
        (2023, "all", "KOR", 420.5, 900.0),
        (2023, "natural_sciences", "SGP", 636.4, 1580.0),
        (2023, "natural_sciences", "THA", 39.83, 1021.0),
    ]
    assert report.years == (2015, 2020, 2022, 2023)
    assert any("ignored column(s) position, change_in_adjusted_share" in w for w in report.warnings)
    assert any("file name says the other country is CHN" in w for w in report.warnings)
    (metrics,) = rows(db, "SELECT metrics FROM datasets WHERE name='ni'")[0]
    assert set(metrics.split(",")) == {"cs", "joint_articles", "count", "share"}


def test_ask_the_loaded_tables(ni_db) -> None:
    answer = Answerer(ni_db[0], default_dataset="ni").answer("CS China–Thailand 2015 vs 2023")
    assert answer.ok, answer.headline
    assert [r.value for r in answer.rows] == [3.10, 39.83]


BAD = {
    "unknown_country": (
        {"c.csv": COLLAB.replace("Thailand,39.83", "Atlantis,39.83")},
        ["c.csv: unknown country code or name in country_b", "line 3 (“Atlantis”)"],
    ),
    "no_focal_country": (
        {"partners.csv": ONE_COUNTRY},
        ["partners.csv: a collaboration table", "needs both countries"],
    ),
    "no_year": (
        {"leaders.csv": "Country/territory,Count,Share\nChina,10,5\n"},
        ["leaders.csv: no year"],
    ),
    "no_figures": (
        {"x_2023.csv": "Country/territory,Position\nChina,1\n"},
        ["x_2023.csv: no figure columns found"],
    ),
    "bad_number": (
        {"l.csv": LEADERS.replace("4500.00", "lots")},
        ["l.csv: the share is not a number", "line 4 (“lots”)"],
    ),
    "truncated": (
        {"l.csv": LEADERS[: LEADERS.index('"17,610')+4]},
        ["l.csv", "truncated"],
    ),
    "bad_subject": (
        {"c.csv": COLLAB.replace("2015,Natural sciences", "2015,Astrology")},
        ["c.csv: unknown subject", "line 4 (“Astrology”)"],
    ),
    # An institution table beside a good country table: the whole load is refused, so its
    # rows can't become countries or be summed into country figures.
    "institution_table": (
        {"leaders.csv": LEADERS, "inst_2023.csv": INSTITUTIONS},
        ["inst_2023.csv: an institution table (column “institution”, 3 rows)"],
    ),
    "abbreviation_disagrees": (
        {"l.csv": LEADERS.replace("Germany", "Germany (USA)")},
        ["l.csv: unknown country code or name", "line 4 (“Germany (USA)”)"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_tables_rejected(case: str, ni_db, tmp_path: Path) -> None:
    db = ni_db[0]
    before = sha256(db)
    files, fragments = BAD[case]
    paths = []
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / name))
    with pytest.raises(UserError) as caught:
        load("natureindex", paths, dataset="ni", db=db)
    assert caught.value.code == "bad_file"
    for fragment in fragments:
        assert fragment in caught.value.message, caught.value.message
    assert sha256(db) == before


def test_the_index_country_spellings(tmp_path: Path) -> None:
    """The index's own names, abbreviations in parentheses included, and Kosovo."""
    text = (
        "Country/territory,Count,Share\n"
        "United States of America (USA),26000,17610.68\n"
        "United Kingdom (UK),9000,4321.5\n"
        "Democratic Republic of the Congo (DRC),12,3.25\n"
        "Kosovo,8,1.5\n"
        "Palestinian territories,40,9.75\n"
    )
    (tmp_path / "leaders_2023.csv").write_text(text, encoding="utf-8")
    db = tmp_path / "store.duckdb"
    load("natureindex", [str(tmp_path / "leaders_2023.csv")], dataset="ni", db=db)
    assert rows(db, "SELECT iso3, count, share FROM country_figures ORDER BY iso3") == [
        ("COD", 12.0, 3.25),
        ("GBR", 9000.0, 4321.5),
        ("PSE", 40.0, 9.75),
        ("USA", 26000.0, 17610.68),
        ("XKX", 8.0, 1.5),
    ]


INSTITUTION_FILE = (
    SHARED / "data" / "nature-index-institutions" / "research-leaders-institutions.csv"
)


@pytest.mark.skipif(not INSTITUTION_FILE.is_file(), reason=f"{INSTITUTION_FILE} is absent")
def test_the_real_institution_table_is_refused_for_what_it_is(ni_db) -> None:
    """20,560 institutions: one reason, not thousands of unknown-country and same-country lines."""
    db = ni_db[0]
    before = sha256(db)
    with pytest.raises(UserError) as caught:
        load("natureindex", [str(INSTITUTION_FILE)], dataset="ni", db=db)
    message = caught.value.message
    assert "1 problem" in message and "an institution table" in message, message
    assert "20,560 rows" in message
    assert "unknown country" not in message and "appears twice" not in message
    assert sha256(db) == before
