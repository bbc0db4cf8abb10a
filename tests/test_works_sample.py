"""The 777 genuine OpenAlex works in ../shared: they load, every left-out work is counted by
reason, and every pair and country figure equals an independent computation over the JSON (the
Nature Index affiliation rule), for all of them and for the older-schema records alone."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
from pathlib import Path

import pytest
import works_reference as ref
from conftest import SHARED
from test_openalex_works import assert_matches, rows

from data.loaders import WorkFilters, load, read_journal_list
from data.store import Store
from queries.datasets import load_contexts

SAMPLE = SHARED / "data" / "openalex-works-sample" / "works.jsonl.gz"
JOURNALS = SHARED / "data" / "nature-index-journals" / "journals.csv"
pytestmark = pytest.mark.skipif(
    not SAMPLE.is_file(), reason=f"the real works sample is not at {SAMPLE} (../shared is absent)"
)


@pytest.fixture(scope="module")
def sample() -> list[dict]:
    return ref.read(SAMPLE)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("sample") / "store.duckdb"
    report = load("openalex-works", [str(SAMPLE)], dataset="sample", db=db)
    return db, report


def test_the_sample_loads_and_the_reasons_add_up(loaded, sample) -> None:
    db, report = loaded
    with gzip.open(SAMPLE, "rt", encoding="utf-8") as f:
        lines = sum(1 for line in f if line.strip())
    assert report.rows["works read"] == lines == len(sample)
    assert report.rows["works loaded"] + sum(report.left_out.values()) == lines
    expected = ref.figures(sample)
    assert dict(report.left_out) == expected["left_out"]
    assert report.rows["works loaded"] == expected["kept"] > 0
    # What the issue found in real data, each left out (not refused) and counted:
    assert {"year", "type", "no_authors", "social_sciences"} <= set(report.left_out)
    assert min(w["publication_year"] for w in sample) < 1900


def test_every_figure_of_the_sample_matches_the_reference(loaded, sample) -> None:
    assert_matches(loaded[0], "sample", ref.figures(sample))


def test_all_types_in_nature_index_journals(sample, tmp_path: Path) -> None:
    """--types all --journals nature-index, against the reference reading the journal list
    from ../shared (not the project's copy)."""
    db = tmp_path / "store.duckdb"
    filters = WorkFilters(types=None, journals=read_journal_list("nature-index"))
    report = load("openalex-works", [str(SAMPLE)], dataset="ni", db=db, filters=filters)
    with open(JOURNALS, encoding="utf-8") as f:
        issns = {v.upper() for r in csv.DictReader(f) for v in (r["issn"], r["eissn"]) if "-" in v}
    expected = ref.figures(sample, types=None, issns=issns)
    assert_matches(db, "ni", expected)
    assert expected["kept"] > 0 and expected["left_out"]["journal"] > 0
    assert report.left_out == expected["left_out"]
    (filters_text,) = rows(db, "SELECT filters FROM datasets WHERE name = 'ni'")[0]
    assert filters_text.startswith("types: all; journals: the Nature Index's 145 journals")


def test_older_schema_records_alone(sample, tmp_path: Path) -> None:
    older = [w for w in sample if "host_venue" in w or not w.get("primary_topic")]
    assert any("host_venue" in w for w in older)
    path = tmp_path / "older.jsonl"
    path.write_text("".join(json.dumps(w) + "\n" for w in older), encoding="utf-8")
    db = tmp_path / "store.duckdb"
    report = load("openalex-works", [str(path)], dataset="older", db=db)
    expected = ref.figures(older)
    assert_matches(db, "older", expected)
    assert report.rows["works loaded"] == expected["kept"] > 0
    # Their subjects came from the level-0 concepts: none of them has a topic.
    assert all(not w.get("primary_topic") for w in older if "host_venue" in w)


def test_the_affiliation_rule_is_what_the_store_holds(loaded, sample) -> None:
    """The sample has pairs where splitting among institutions and splitting among distinct
    countries differ; the store follows institutions."""
    by_institution = ref.figures(sample)["pair"]
    by_country = ref.figures(sample, rule="countries")["pair"]
    differ = [
        k
        for k in by_institution
        if k not in by_country or abs(by_institution[k][0] - by_country[k][0]) > 1e-9
    ]
    assert differ
    stored = {
        (y, s, a, b): cs
        for y, s, a, b, cs in rows(
            loaded[0], "SELECT year, subject, a, b, cs FROM pair_figures WHERE dataset='sample'"
        )
    }
    for key in differ:
        assert stored[key] == pytest.approx(by_institution[key][0], abs=1e-9)
        assert key not in by_country or stored[key] != pytest.approx(by_country[key][0])


def test_the_as_of_date_is_the_newest_updated_date(loaded, sample) -> None:
    db, report = loaded
    newest = max(dt.date.fromisoformat(w["updated_date"][:10]) for w in sample)
    assert report.as_of == newest
    context = load_contexts(Store(db))["sample"]
    assert context.as_of == newest and context.incomplete_lag_months == 12
    year_before = newest.replace(year=newest.year - 1)  # 12 months (the date is not 29 Feb)
    for year in context.years:
        assert context.possibly_incomplete(year) == (dt.date(year, 12, 31) > year_before), year
    assert any(context.possibly_incomplete(y) for y in context.years)
    assert not context.possibly_incomplete(context.years[0])
