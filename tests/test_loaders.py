"""File loaders: exact figures from a hand-checked article set, round trips, and bad files rejected untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from data.loaders import LoadReport, load
from queries.errors import UserError

ARTICLES = """article_id,year,date,subject,journal
1,2015,2015-03-01,chemistry,J1
2,2015,2015-05-01,Chemistry,J2
3,2015,2015-07-01,Health sciences,J3
4,2023,2023-02-01,physical_sciences,J1
"""
AUTHORSHIPS = """article_id,country,share
1,CN,0.5
1,USA,0.25
1,Thailand,0.25
2,CHN,1.0
3,CHN,0.6
3,US,0.4
4,China,0.75
4,SG,0.25
"""
PAIRS = """year,subject,country_a,country_b,cs,joint_articles
2015,natural_sciences,CHN,USA,100.5,300
2015,natural_sciences,CHN,SGP,10.25,20
2023,all,China,Thailand,1.5,
"""
COUNTRIES = """year,subject,country,count,share,international,domestic
2015,all,CN,1000,800.5,300,700
2023,all,US,900,700.25,,
"""


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, LoadReport]:
    folder = tmp_path_factory.mktemp("small")
    db = folder / "store.duckdb"
    files = [write(folder, "articles.csv", ARTICLES), write(folder, "authorships.csv", AUTHORSHIPS)]
    stages: list[tuple[str, float]] = []
    report = load(
        "articles",
        [str(p) for p in files],
        dataset=None,
        db=db,
        progress=lambda s, f: stages.append((s, f)),
    )
    assert stages and stages[-1] == ("done", 1.0)
    return db, report


def test_article_load_report(small: tuple[Path, LoadReport]) -> None:
    _, report = small
    assert report.dataset == "articles"
    assert report.rows == {"articles": 4, "authorships": 8}
    assert report.years == (2015, 2023)
    assert "articles 4" in report.summary()


@pytest.mark.parametrize(
    ("year", "subject", "a", "b", "cs", "joint"),
    [
        # Article 1 only: China 0.5 + US 0.25; article 3 is health sciences.
        (2015, "natural_sciences", "CHN", "USA", 0.75, 1),
        (2015, "chemistry", "CHN", "USA", 0.75, 1),
        (2015, "all", "CHN", "USA", 1.75, 2),
        (2015, "health_sciences", "USA", "CHN", 1.0, 1),
        (2015, "natural_sciences", "USA", "THA", 0.5, 1),
        (2023, "physical_sciences", "CHN", "SGP", 1.0, 1),
    ],
)
def test_article_pair_figures(small, year, subject, a, b, cs, joint) -> None:
    db, _ = small
    rows = query(
        db,
        "SELECT cs, joint_articles FROM pair_figures WHERE dataset='articles' AND year=? AND subject=? AND a=? AND b=?",
        [year, subject, a, b],
    )
    assert rows == [(pytest.approx(cs), joint)]


@pytest.mark.parametrize(
    ("year", "subject", "iso3", "count", "share", "international", "domestic"),
    [
        (2015, "natural_sciences", "CHN", 2, 1.5, 1, 1),
        (2015, "all", "CHN", 3, 2.1, 2, 1),
        (2015, "all", "USA", 2, 0.65, 2, 0),
        (2015, "chemistry", "THA", 1, 0.25, 1, 0),
        (2023, "all", "SGP", 1, 0.25, 1, 0),
    ],
)
def test_article_country_figures(
    small, year, subject, iso3, count, share, international, domestic
) -> None:
    db, _ = small
    rows = query(
        db,
        "SELECT count, share, international, domestic FROM country_figures "
        "WHERE dataset='articles' AND year=? AND subject=? AND iso3=?",
        [year, subject, iso3],
    )
    assert rows == [(count, pytest.approx(share), international, domestic)]


def test_author_rows_give_shares(tmp_path: Path) -> None:
    """Without a share column each row is an author's affiliation: 1/authors split among them."""
    db = tmp_path / "s.duckdb"
    arts = write(tmp_path, "a.csv", "article_id,year,subject\n7,2020,chemistry\n")
    auth = write(tmp_path, "b.csv", "article_id,author,country\n7,x,CN\n7,y,CN\n7,y,US\n")
    load("articles", [str(arts), str(auth)], dataset="authors", db=db)
    rows = query(db, "SELECT iso3, share FROM authorships WHERE dataset='authors' ORDER BY iso3")
    assert rows == [("CHN", pytest.approx(0.75)), ("USA", pytest.approx(0.25))]


def test_windows_file_places_articles_by_date(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    arts = write(
        tmp_path,
        "arts.csv",
        "article_id,date,subject\n1,2022-09-15,chemistry\n2,2022-03-01,chemistry\n",
    )
    auth = write(tmp_path, "auth.csv", "article_id,country,share\n1,CN,1\n2,US,1\n")
    wins = write(
        tmp_path,
        "windows.csv",
        "year,label,start_date,end_date\n2022,2022,2022-01-01,2022-07-31\n2023,2023*,2022-08-01,2023-07-31\n",
    )
    report = load("articles", [str(arts), str(auth), str(wins)], dataset="win", db=db)
    assert report.years == (2022, 2023)
    assert query(db, "SELECT article_id, year FROM articles WHERE dataset='win' ORDER BY 1") == [
        (1, 2023),
        (2, 2022),
    ]
    assert query(db, "SELECT label FROM windows WHERE dataset='win' AND year=2023") == [("2023*",)]


def test_pairs_round_trip(tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    report = load("pairs", [str(write(tmp_path, "ni_pairs.csv", PAIRS))], dataset=None, db=db)
    assert report.dataset == "ni_pairs"
    rows = query(
        db, "SELECT year, subject, a, b, cs, joint_articles FROM pair_figures ORDER BY ALL"
    )
    assert rows == [
        (2015, "natural_sciences", "CHN", "SGP", 10.25, 20.0),
        (2015, "natural_sciences", "CHN", "USA", 100.5, 300.0),
        (2015, "natural_sciences", "SGP", "CHN", 10.25, 20.0),
        (2015, "natural_sciences", "USA", "CHN", 100.5, 300.0),
        (2023, "all", "CHN", "THA", 1.5, None),
        (2023, "all", "THA", "CHN", 1.5, None),
    ]
    assert query(db, "SELECT metrics, level, synthetic FROM datasets") == [
        ("cs,joint_articles", "tables", False)
    ]


def test_countries_round_trip_parquet(tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    csv_path = write(tmp_path, "countries.csv", COUNTRIES)
    parquet = tmp_path / "countries.parquet"
    pd.read_csv(csv_path).to_parquet(parquet)
    for path in (csv_path, parquet):
        load("countries", [str(path)], dataset="ctry", db=db)
        rows = query(
            db,
            "SELECT year, subject, iso3, count, share, international, domestic FROM country_figures ORDER BY ALL",
        )
        assert rows == [
            (2015, "all", "CHN", 1000.0, 800.5, 300.0, 700.0),
            (2023, "all", "USA", 900.0, 700.25, None, None),
        ]


def test_loading_again_replaces_the_dataset(small: tuple[Path, LoadReport], tmp_path: Path) -> None:
    db = tmp_path / "again.duckdb"
    path = write(tmp_path, "pairs.csv", PAIRS)
    load("pairs", [str(path)], dataset="x", db=db)
    load("pairs", [str(path)], dataset="x", db=db)
    assert query(db, "SELECT COUNT(*) FROM pair_figures WHERE dataset='x'") == [(6,)]


# ---------------------------------------------------------------------------------------------
# Malformed files: (kind, files {name: content}, fragments every one of which the message holds)

VALID_AUTH = AUTHORSHIPS
BAD_FILES = {
    "unknown_country": (
        "articles",
        {
            "a.csv": ARTICLES,
            "b.csv": "article_id,country,share\n1,CN,0.5\n1,XX,0.25\n2,Atlantis,1\n",
        },
        ["b.csv", "unknown country", "line 3 (“XX”)", "line 4 (“Atlantis”)"],
    ),
    "share_above_one": (
        "articles",
        {"a.csv": ARTICLES, "b.csv": "article_id,country,share\n1,CN,1.5\n"},
        ["b.csv", "above 1", "line 2 (“1.5”)"],
    ),
    "shares_sum_above_one": (
        "articles",
        {"a.csv": ARTICLES, "b.csv": "article_id,country,share\n1,CN,0.7\n1,US,0.4\n2,CN,1\n"},
        ["Shares sum above 1", "article 1 (from line 2): 1.1"],
    ),
    "duplicate_article": (
        "articles",
        {"a.csv": ARTICLES + "2,2016,2016-01-01,chemistry,J\n", "b.csv": VALID_AUTH},
        ["a.csv", "the same article_id appears twice", "line 6 repeats line 3"],
    ),
    "duplicate_article_country": (
        "articles",
        {"a.csv": ARTICLES, "b.csv": "article_id,country,share\n1,CN,0.5\n1,CHN,0.25\n"},
        ["the same article and country appears twice", "line 3 repeats line 2"],
    ),
    "duplicate_pair_reversed": (
        "pairs",
        {"p.csv": PAIRS + "2015,natural_sciences,US,CN,1,1\n"},
        ["the same pair, year and subject appears twice", "line 5 repeats line 2"],
    ),
    "bad_year": (
        "countries",
        {"c.csv": "year,country,count\n2015,CN,1\n1850,US,2\n20x5,DE,3\n"},
        ["outside 1900–2100", "line 3 (“1850”)", "not a whole number", "line 4 (“20x5”)"],
    ),
    "unknown_subject": (
        "articles",
        {"a.csv": ARTICLES.replace("physical_sciences", "astrology"), "b.csv": VALID_AUTH},
        ["unknown subject", "line 5 (“astrology”)", "biological_sciences, chemistry"],
    ),
    "missing_columns": (
        "pairs",
        {"p.csv": "year,country_a,cs\n2015,CN,1\n"},
        ["p.csv", "missing column country_b", "expected year, country_a, country_b"],
    ),
    "not_utf8": (
        "countries",
        {"c.csv": "year,country,count\n2015,CN,1\n2015,Réunion,2\n".encode("latin-1")},
        ["c.csv", "line 3 is not valid UTF-8", "0xE9"],
    ),
    "empty_file": ("countries", {"c.csv": b""}, ["c.csv", "empty"]),
    "header_only": (
        "countries",
        {"c.csv": "year,country,count\n"},
        ["c.csv", "header but no rows"],
    ),
    "truncated_csv": (
        "pairs",
        {"p.csv": PAIRS + "2016,all,CN,U"},
        ["p.csv", "wrong number of fields", "line 5 has 4 fields", "truncated"],
    ),
    "unclosed_quote": (
        "countries",
        {"c.csv": 'year,country,count\n2015,CN,1\n2016,"US,2\n'},
        ["c.csv", "line 3", "malformed CSV", "truncated"],
    ),
    "truncated_parquet": (
        "countries",
        {"c.parquet": None},
        ["c.parquet", "cannot be read as Parquet"],
    ),
    "orphan_authorship": (
        "articles",
        {"a.csv": ARTICLES, "b.csv": VALID_AUTH + "99,CN,1\n"},
        ["b.csv", "article_id not in the articles file", "line 10 (“99”)"],
    ),
    "negative_count": (
        "countries",
        {"c.csv": "year,country,count,international\n2015,CN,-1,3\n2015,US,2,-0.5\n"},
        ["the count is negative at line 2", "the international is negative at line 3"],
    ),
    "unknown_window_year": (
        "articles",
        {
            "a.csv": ARTICLES,
            "b.csv": VALID_AUTH,
            "w.csv": "year,label,start_date,end_date\n2015,2015,2015-01-01,2015-12-31\n",
        },
        ["year not in the windows file", "line 5 (“2023”)"],
    ),
    "unrecognised_file": (
        "articles",
        {"a.csv": ARTICLES, "b.csv": "id,nation\n1,CN\n"},
        ["b.csv", "can't tell what the file holds"],
    ),
}


def _parquet_bytes(tmp_path: Path) -> bytes:
    full = tmp_path / "full.parquet"
    pd.read_csv(pd.io.common.StringIO(COUNTRIES)).to_parquet(full)
    return full.read_bytes()[:-40]  # the footer is cut off


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_rejected_and_database_untouched(case: str, small, tmp_path: Path) -> None:
    db, _ = small
    before = sha256(db)
    kind, files, fragments = BAD_FILES[case]
    paths = []
    for name, content in files.items():
        paths.append(
            str(write(tmp_path, name, _parquet_bytes(tmp_path) if content is None else content))
        )
    with pytest.raises(UserError) as caught:
        load(kind, paths, dataset="articles", db=db)
    assert caught.value.code == "bad_file"
    for fragment in fragments:
        assert fragment in caught.value.message, caught.value.message
    assert sha256(db) == before
    assert not list(db.parent.glob(".*.tmp")), "no temporary copy is left behind"


def test_every_problem_is_reported_at_once(small, tmp_path: Path) -> None:
    db, _ = small
    bad = write(
        tmp_path, "c.csv", "year,subject,country,count\n1800,chemistry,CN,1\n2015,poetry,ZZ,-3\n"
    )
    with pytest.raises(UserError) as caught:
        load("countries", [str(bad)], dataset="c", db=db)
    message = caught.value.message
    assert "4 problems in c.csv" in message
    assert all(
        w in message
        for w in ("outside 1900–2100", "unknown subject", "unknown country", "negative")
    )


@pytest.mark.parametrize(
    ("name", "code"), [("demo", "bad_dataset_name"), ("no spaces", "bad_dataset_name")]
)
def test_bad_dataset_names(tmp_path: Path, name: str, code: str) -> None:
    with pytest.raises(UserError) as caught:
        load(
            "pairs", [str(write(tmp_path, "p.csv", PAIRS))], dataset=name, db=tmp_path / "x.duckdb"
        )
    assert caught.value.code == code
    assert not (tmp_path / "x.duckdb").exists()
