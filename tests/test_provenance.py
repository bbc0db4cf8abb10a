"""The date each dataset was taken (as of) and its lag: read from the files or the data, given with
--as-of, stored, shown by `data info`, and turned into "possibly incomplete" years."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import duckdb
import pytest
from conftest import SHARED
from openalex_works_fixture import write
from test_cli import bot, no_traceback

from data.asof import months_before, possibly_incomplete
from data.info import database_info
from data.loaders import load
from data.schema import SCHEMA, create_table_sql
from data.store import Store
from queries.datasets import load_contexts
from queries.errors import UserError

ZIP = SHARED / "data" / "openalex-country-coauthorship" / "WrldCo_years.zip"
NET = '% mat2Pajek Tue Aug 27 19:57:54 2024\n*vertices 2\n1 "CN"\n2 "TH"\n*arcs\n1 2 5\n2 1 5\n'
PAIRS = "year,country_a,country_b,joint_articles\n2022,CN,TH,10\n2023,CN,TH,12\n"


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2024, 8, 27), 12, dt.date(2023, 8, 27)),
        (dt.date(2024, 3, 31), 1, dt.date(2024, 2, 29)),  # no 31 Feb: the month's last day
        (dt.date(2023, 3, 31), 1, dt.date(2023, 2, 28)),
        (dt.date(2024, 1, 15), 13, dt.date(2022, 12, 15)),
        (dt.date(2024, 1, 15), 0, dt.date(2024, 1, 15)),
    ],
)
def test_months_before(day: dt.date, months: int, expected: dt.date) -> None:
    assert months_before(day, months) == expected


def test_possibly_incomplete_is_a_year_ending_within_the_lag() -> None:
    as_of = dt.date(2024, 8, 27)
    assert possibly_incomplete(dt.date(2023, 12, 31), as_of, 12)  # 8 months before
    assert not possibly_incomplete(dt.date(2022, 12, 31), as_of, 12)  # 20 months before
    assert not possibly_incomplete(dt.date(2023, 8, 27), as_of, 12)  # exactly the lag
    assert possibly_incomplete(dt.date(2023, 8, 28), as_of, 12)
    assert possibly_incomplete(dt.date(2024, 12, 31), as_of, 0)  # not over when taken
    assert not possibly_incomplete(dt.date(2023, 12, 31), as_of, 0)
    assert not possibly_incomplete(dt.date(2023, 12, 31), None, 12)  # no date: never marked


def _dataset(db: Path, name: str) -> dict:
    return next(d for d in database_info(db)["datasets"] if d["name"] == name)


def test_networks_take_the_date_in_their_headers(tmp_path: Path) -> None:
    (tmp_path / "Net2023.net").write_text(NET, encoding="utf-8")
    db = tmp_path / "store.duckdb"
    report = load("openalex-networks", [str(tmp_path / "Net2023.net")], dataset="n", db=db)
    assert report.as_of == dt.date(2024, 8, 27)
    d = _dataset(db, "n")
    assert d["as_of"] == dt.date(2024, 8, 27) and "Pajek" in d["as_of_basis"]
    context = load_contexts(Store(db))["n"]
    assert context.possibly_incomplete(2023)


def test_files_without_a_date_take_the_end_of_their_newest_year(tmp_path: Path) -> None:
    (tmp_path / "Net2023.net").write_text(NET.split("\n", 1)[1], encoding="utf-8")
    (tmp_path / "pairs.csv").write_text(PAIRS, encoding="utf-8")
    db = tmp_path / "store.duckdb"
    load("openalex-networks", [str(tmp_path / "Net2023.net")], dataset="n", db=db)
    report = load("pairs", [str(tmp_path / "pairs.csv")], dataset="p", db=db)
    for name in ("n", "p"):
        d = _dataset(db, name)
        assert d["as_of"] == dt.date(2023, 12, 31), name
        assert "newest year" in d["as_of_basis"] and "--as-of" in d["as_of_basis"]
    assert report.as_of == dt.date(2023, 12, 31)
    contexts = load_contexts(Store(db))
    assert contexts["p"].possibly_incomplete(2023) and not contexts["p"].possibly_incomplete(2022)


def test_as_of_and_lag_given_win(tmp_path: Path) -> None:
    works = write(tmp_path / "w.jsonl.gz", 300)
    (tmp_path / "pairs.csv").write_text(PAIRS, encoding="utf-8")
    db = tmp_path / "store.duckdb"
    day = dt.date(2025, 3, 1)
    load("openalex-works", [str(works)], dataset="w", db=db, as_of=day, lag_months=3)
    load("pairs", [str(tmp_path / "pairs.csv")], dataset="p", db=db, as_of=day, lag_months=0)
    for name, lag in (("w", 3), ("p", 0)):
        d = _dataset(db, name)
        assert (d["as_of"], d["as_of_basis"], d["incomplete_lag_months"]) == (
            day,
            "given with --as-of",
            lag,
        )
    context = load_contexts(Store(db))["w"]
    assert (context.as_of, context.incomplete_lag_months) == (day, 3)
    assert not context.possibly_incomplete(2023)
    with pytest.raises(UserError) as caught:
        load("pairs", [str(tmp_path / "pairs.csv")], dataset="p", db=db, lag_months=-1)
    assert "--lag-months -1" in caught.value.message


def test_works_take_the_newest_updated_date(tmp_path: Path) -> None:
    path = write(tmp_path / "w.jsonl.gz", 300)
    db = tmp_path / "store.duckdb"
    report = load("openalex-works", [str(path)], dataset="w", db=db)
    import works_reference as ref

    newest = max(dt.date.fromisoformat(w["updated_date"][:10]) for w in ref.read(path))
    assert report.as_of == newest == _dataset(db, "w")["as_of"]
    assert _dataset(db, "w")["as_of_basis"] == "the newest updated_date in the works"


@pytest.mark.skipif(not ZIP.is_file(), reason=f"{ZIP} is absent (../shared)")
def test_the_real_networks_are_as_of_27_august_2024(tmp_path: Path) -> None:
    """The bavla/OpenAlex files were built on 27 August 2024 (their README and headers)."""
    db = tmp_path / "store.duckdb"
    report = load("openalex-networks", [str(ZIP)], dataset=None, db=db)
    with zipfile.ZipFile(ZIP) as z:
        first = z.read("WrldCo2023.net")[:80].decode("utf-8-sig")
    assert "Aug 27" in first and "2024" in first
    assert report.as_of == dt.date(2024, 8, 27)
    context = load_contexts(Store(db))["openalex"]
    assert context.possibly_incomplete(2023) and not context.possibly_incomplete(2022)


def _old_database(path: Path) -> None:
    """A store as written before the provenance columns and the left_out table existed."""
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE datasets (name VARCHAR, source VARCHAR, description VARCHAR, "
        "synthetic BOOLEAN, version VARCHAR, loaded_at TIMESTAMP, metrics VARCHAR, "
        "small_base_cs DOUBLE, small_base_count DOUBLE, level VARCHAR)"
    )
    con.execute(
        "INSERT INTO datasets VALUES ('old', 'files', 'x', false, 'v1', TIMESTAMP '2024-01-01', "
        "'joint_articles', 10, 10, 'tables')"
    )
    con.execute(
        "CREATE TABLE windows (dataset VARCHAR, year INTEGER, label VARCHAR, start_date DATE, "
        "end_date DATE)"
    )
    con.execute("INSERT INTO windows VALUES ('old', 2023, '2023', '2023-01-01', '2023-12-31')")
    for table in SCHEMA:
        if table not in ("datasets", "windows", "left_out"):  # left_out came with as-of
            con.execute(create_table_sql(table))
    con.close()


def test_a_store_written_before_as_of_dates_reads_and_is_brought_up_to_date(
    tmp_path: Path,
) -> None:
    db = tmp_path / "old.duckdb"
    _old_database(db)
    context = load_contexts(Store(db))["old"]
    assert (context.as_of, context.incomplete_lag_months) == (None, 12)
    assert not context.possibly_incomplete(2023)
    proc = bot("data", "info", db=db)
    assert proc.returncode == 0, proc.stderr
    assert "as of:    not known (loaded before as-of dates were kept" in proc.stdout
    (tmp_path / "pairs.csv").write_text(PAIRS, encoding="utf-8")
    load("pairs", [str(tmp_path / "pairs.csv")], dataset="p", db=db)  # a write adds the columns
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT name, as_of FROM datasets ORDER BY name").fetchall()
    finally:
        con.close()
    assert rows == [("old", None), ("p", dt.date(2023, 12, 31))]


def test_data_info_shows_provenance_filters_and_left_out(tmp_path: Path) -> None:
    works = write(tmp_path / "w.jsonl.gz", 300)
    db = tmp_path / "store.duckdb"
    proc = bot(
        "data", "load", "openalex-works", str(works), "--dataset", "w", "--types", "all",
        "--journals", "nature-index", "--as-of", "2024-09-01", "--lag-months", "6", db=db,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    no_traceback(proc)
    assert "kept: types: all; journals: the Nature Index's 145 journals" in proc.stdout
    assert "as of: 01 Sep 2024 (given with --as-of)" in proc.stdout
    info = bot("data", "info", db=db)
    assert "as of:    01 Sep 2024 (given with --as-of); a year ending less than 6 months" in (
        info.stdout
    )
    assert "left out: " in info.stdout and "journal " in info.stdout
    data = json.loads(bot("data", "info", "--json", db=db).stdout)["datasets"][0]
    assert data["as_of"] == "2024-09-01" and data["incomplete_lag_months"] == 6
    assert data["left_out"]["journal"] > 0
    assert sum(data["left_out"].values()) + data["rows"]["articles"] == 300


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--types", "all"), "--types and --journals apply to openalex-works only"),
        (("--as-of", "27/08/2024"), "--as-of “27/08/2024” is not a date"),
        (("--lag-months", "999"), "--lag-months 999"),
    ],
)
def test_bad_options_are_a_clear_exit_2(tmp_path: Path, args: tuple[str, ...], fragment: str):
    (tmp_path / "pairs.csv").write_text(PAIRS, encoding="utf-8")
    db = tmp_path / "store.duckdb"
    proc = bot("data", "load", "pairs", str(tmp_path / "pairs.csv"), *args, db=db)
    assert proc.returncode == 2 and fragment in proc.stderr, proc.stderr
    no_traceback(proc)
    assert not db.exists()


def test_bad_types_and_journal_lists_are_clear(tmp_path: Path) -> None:
    works = write(tmp_path / "w.jsonl.gz", 20)
    bad_list = tmp_path / "j.csv"
    bad_list.write_text("journal,issn\nNature,0028-0836\nOdd,12-34\n", encoding="utf-8")
    db = tmp_path / "store.duckdb"
    for args, fragment in (
        (("--types", "article,artcle"), "--types: “artcle” is not a work type"),
        (("--journals", str(bad_list)), "j.csv: not an ISSN (1234-567X) in issn at line 3"),
        (("--journals", str(tmp_path / "none.csv")), "no such file"),
    ):
        proc = bot("data", "load", "openalex-works", str(works), *args, db=db)
        assert proc.returncode == 2 and fragment in proc.stderr, (args, proc.stderr)
        no_traceback(proc)
    assert not db.exists()
