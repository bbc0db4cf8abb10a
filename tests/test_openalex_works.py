"""The openalex-works loader: 1,200 generated works with every quirk of real records, Shares and
CS checked against an independent computation (tests/works_reference.py) to 1e-9; works the
dataset can't use left out and counted; bad and truncated files refused whole."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import duckdb
import pytest
import works_reference as ref
from openalex_works_fixture import works, write

from bot.cli import main as cli_main
from data.loaders import load
from queries.errors import UserError

N_WORKS = 1_200


def assert_matches(db: Path, dataset: str, expected: dict) -> None:
    """Every pair and country figure of the dataset equals the reference (1e-9), and the
    dataset holds no figure the reference lacks."""
    stored_pairs = {
        (y, s, a, b): (cs, ja)
        for y, s, a, b, cs, ja in rows(
            db,
            "SELECT year, subject, a, b, cs, joint_articles FROM pair_figures WHERE dataset = ?",
            [dataset],
        )
    }
    assert set(stored_pairs) == set(expected["pair"])
    for key, (cs, joint) in expected["pair"].items():
        assert stored_pairs[key][0] == pytest.approx(cs, abs=1e-9), key
        assert stored_pairs[key][1] == joint, key
    stored_countries = {
        (y, s, c): (n, share, intl, dom)
        for y, s, c, n, share, intl, dom in rows(
            db,
            "SELECT year, subject, iso3, count, share, international, domestic "
            "FROM country_figures WHERE dataset = ?",
            [dataset],
        )
    }
    assert set(stored_countries) == set(expected["country"])
    for key, (n, share, intl, dom) in expected["country"].items():
        got = stored_countries[key]
        assert got[0] == n and got[2] == intl and got[3] == dom, key
        assert got[1] == pytest.approx(share, abs=1e-9), key
    stored_left = dict(rows(db, "SELECT reason, works FROM left_out WHERE dataset = ?", [dataset]))
    assert stored_left == expected["left_out"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("works")
    path = write(folder / "works.jsonl.gz", N_WORKS)
    db = folder / "store.duckdb"
    report = load("openalex-works", [str(path)], dataset="works", db=db)
    return path, db, report


def rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_fixture_has_every_case(loaded) -> None:
    path = loaded[0]
    with gzip.open(path, "rt", encoding="utf-8") as f:
        ws = [json.loads(line) for line in f]
    assert len(ws) >= 1_000
    authors = [a for w in ws for a in w["authorships"]]
    assert any(len(a.get("countries", [])) > 1 for a in authors)  # several-country authors
    assert any(not a["institutions"] for a in authors)  # authors without a country
    assert any("countries" not in a for a in authors)  # institutions only
    assert any(w["is_authors_truncated"] for w in ws)
    fields = {(w.get("primary_topic") or {}).get("field", {}).get("display_name") for w in ws}
    assert {"Medicine", "Psychology", None} <= fields
    institutions = [i for a in authors for i in a["institutions"]]
    assert any(i["country_code"] is None for i in institutions)  # an institution, no country
    assert any(i["country_code"] == "XK" for i in institutions)  # not in ISO 3166-1
    assert any(not a["institutions"] and a.get("countries") for a in authors)
    assert any(  # two institutions in one country and one abroad: the affiliation rule
        len({i["country_code"] for i in a["institutions"]}) < len(a["institutions"]) > 2
        for a in authors
    )
    assert any("host_venue" in w and "primary_topic" not in w for w in ws)  # older schema
    assert {w["type"] for w in ws} >= {"article", "journal-article", "review"}
    assert any(w["publication_year"] < 1900 for w in ws)
    assert any(not w["authorships"] for w in ws)


def test_shares_and_cs_match_reference(loaded) -> None:
    path, db, report = loaded
    expected = ref.figures(ref.read(path))
    assert_matches(db, "works", expected)
    # Every stored work's Shares sum to at most 1 (less where an author has no country).
    assert rows(db, "SELECT MAX(s) <= 1 + 1e-12 FROM (SELECT SUM(share) s FROM authorships "
                    "WHERE dataset='works' GROUP BY article_id)") == [(True,)]  # fmt: skip
    assert report.rows["works read"] == N_WORKS
    assert report.rows["works loaded"] == expected["kept"]
    assert dict(report.left_out) == expected["left_out"]
    assert report.rows["works loaded"] + sum(report.left_out.values()) == N_WORKS
    # The generated quirks reach every reason but the journal filter (not asked for here).
    assert set(report.left_out) == set(ref_reasons()) - {"journal"}


def ref_reasons() -> tuple[str, ...]:
    return ("year", "type", "journal", "no_authors", "truncated", "no_subject",
            "social_sciences", "no_country")  # fmt: skip


def test_ask_reads_the_works_dataset(loaded) -> None:
    path, db, _ = loaded
    hand = ref.figures(ref.read(path))["pair"]
    out = io.StringIO()
    with redirect_stdout(out):
        code = cli_main(
            [
                "ask",
                "--json",
                "--dataset",
                "works",
                "--db",
                str(db),
                "CS China–United States 2015 vs 2023",
            ]
        )
    answer = json.loads(out.getvalue())
    assert code == 0 and answer["dataset"] == "works", answer
    values = {r["year"]: r["value"] for r in answer["rows"]}
    for year in (2015, 2023):
        expected = hand[(year, "natural_sciences", "CHN", "USA")][0]
        assert values[year] == pytest.approx(expected, abs=1e-9)
    assert answer["synthetic"] is False


def test_plain_jsonl_loads_the_same(loaded, tmp_path: Path) -> None:
    path, db, _ = loaded
    plain = tmp_path / "works.jsonl"
    plain.write_bytes(gzip.decompress(path.read_bytes()))
    other = tmp_path / "plain.duckdb"
    report = load("openalex-works", [str(plain)], dataset=None, db=other)
    assert report.dataset == "works"
    sql = "SELECT year, subject, a, b, ROUND(cs, 9) FROM pair_figures ORDER BY ALL"
    assert rows(other, sql) == rows(db, sql)


def _lines(n: int = 6) -> list[str]:
    return [json.dumps(w) for w in works(n, seed=7)]


def _jsonl(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def _with(line: str, **changes) -> str:
    record = json.loads(line)
    for key, value in changes.items():
        if value is ...:
            del record[key]
        else:
            record[key] = value
    return json.dumps(record)


def _cases() -> dict[str, tuple[str, bytes, list[str]]]:
    lines = _lines()
    good = _jsonl(lines)
    gz = gzip.compress(good)
    social = json.dumps({"field": {"display_name": "Psychology"},
                         "domain": {"display_name": "Social Sciences"}})  # fmt: skip
    return {
        "bad_json": (
            "w.jsonl",
            _jsonl(lines[:4] + ["{not json"] + lines[4:]),
            ["w.jsonl: not valid JSON at line 5"],
        ),
        "gzip_cut": ("w.jsonl.gz", gz[: len(gz) // 2], ["gzip stream ends early", "truncated"]),
        "gzip_corrupt": (
            "w.jsonl.gz",
            gz[:20] + bytes(b ^ 0x55 for b in gz[20:60]) + gz[60:],
            ["w.jsonl.gz", "corrupt"],
        ),
        "last_line_cut": (
            "w.jsonl",
            good[: len(good) - 40],
            ["the last line (6) is cut off mid-record", "truncated"],
        ),
        "year_not_number": (
            "w.jsonl",
            _jsonl(lines[:2] + [_with(lines[2], publication_year="2020")]),
            ["publication_year is not a whole number at line 3"],
        ),
        "impossible_date": (
            "w.jsonl",
            _jsonl([_with(lines[0], publication_date="2020-02-30")] + lines[1:]),
            ["publication_date is not a real date at line 1 (“2020-02-30”)"],
        ),
        "deep_json": (
            "w.jsonl",
            _jsonl(lines[:1] + ['{"id": ' + "[" * 10_000 + "]" * 10_000 + "}"] + lines[1:]),
            ["JSON nested too deeply to be a work at line 2"],
        ),
        "id_400_digits": (
            "w.jsonl",
            _jsonl([_with(lines[0], id="https://openalex.org/W" + "9" * 400)] + lines[1:]),
            ["the work id is missing or not an OpenAlex W-id", "at line 1"],
        ),
        "id_number_400_digits": (
            "w.jsonl",
            _jsonl(lines[:3] + [_with(lines[3], id=10**400)]),
            ["the work id is missing or not an OpenAlex W-id", "at line 4"],
        ),
        "number_too_long_for_python": (
            "w.jsonl",
            _jsonl(lines[:1] + ['{"id": ' + "9" * 5_000 + "}"]),
            ["not valid JSON at line 2"],
        ),
        "bad_date": (
            "w.jsonl",
            _jsonl([_with(lines[0], publication_date="27/08/2024")] + lines[1:]),
            ["publication_date is not YYYY-MM-DD at line 1 (“27/08/2024”)"],
        ),
        "countries_not_list": (
            "w.jsonl",
            _jsonl([_with(lines[0], authorships=[{"countries": "CN", "institutions": []}])]),
            ["authorships[].countries is not a list of country codes at line 1"],
        ),
        "no_authorships": (
            "w.jsonl",
            _jsonl([_with(lines[1], authorships=...)]),
            ["authorships is missing or not a list at line 1"],
        ),
        "bad_id": (
            "w.jsonl",
            _jsonl([_with(lines[0], id="doi:10.1/x")]),
            ["not an OpenAlex W-id (W and at most 19 digits) at line 1"],
        ),
        "not_object": ("w.jsonl", _jsonl(lines[:1] + ["[1, 2]"]), ["not a JSON object", "line 2"]),
        "duplicate": (
            "w.jsonl",
            _jsonl(lines + [lines[3]]),
            [
                "the same work appears more than once: W1000000003 (2 times: w.jsonl line 4, "
                "w.jsonl line 7)"
            ],  # fmt: skip
        ),
        "empty": ("w.jsonl", b"", ["w.jsonl: the file is empty"]),
        "nothing_loadable": (
            "w.jsonl",
            _jsonl([_with(x, primary_topic=json.loads(social)) for x in lines]),
            ["none of the 6 works could be loaded", "(social_sciences)"],
        ),
    }


@pytest.mark.parametrize("case", sorted(_cases()))
def test_bad_files_rejected_database_unchanged(case: str, loaded, tmp_path: Path) -> None:
    db = loaded[1]
    before = sha256(db)
    name, content, fragments = _cases()[case]
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UserError) as caught:
        load("openalex-works", [str(path)], dataset="works", db=db)
    assert caught.value.code == "bad_file"
    for fragment in fragments:
        assert fragment in caught.value.message, caught.value.message
    assert sha256(db) == before


def test_control_characters_are_escaped_in_messages(loaded, tmp_path: Path) -> None:
    db = loaded[1]
    before = sha256(db)
    path = tmp_path / "w.jsonl"
    path.write_bytes(_jsonl([_with(_lines()[0], publication_date="\x1b[2J\x00\u2028")]))
    with pytest.raises(UserError) as caught:
        load("openalex-works", [str(path)], dataset="works", db=db)
    message = caught.value.message
    assert "publication_date is not YYYY-MM-DD at line 1" in message
    assert not any(ch in message for ch in "\x1b\x00\u2028"), repr(message)
    assert "\\x1b[2J\\x00\\u2028" in message
    assert sha256(db) == before


def test_a_line_longer_than_the_limit_is_refused(
    loaded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of one endless line (a JSON array, a file of zeros) is refused at the limit
    instead of being read whole into memory."""
    from data.loaders import works as reader

    monkeypatch.setattr(reader, "MAX_LINE", 20_000)
    db = loaded[1]
    before = sha256(db)
    path = tmp_path / "w.jsonl"
    path.write_bytes(_jsonl(_lines(2)) + b"0" * 50_000)
    with pytest.raises(UserError) as caught:
        load("openalex-works", [str(path)], dataset="works", db=db)
    assert "line 3 is longer than 20,000 bytes" in caught.value.message
    assert sha256(db) == before
