"""The openalex-works loader: 1,200 generated works in OpenAlex's schema, Shares and CS checked
against an independent hand computation to 1e-9; bad and truncated files refused."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from collections import defaultdict
from contextlib import redirect_stdout
from itertools import combinations
from pathlib import Path

import duckdb
import pytest
from openalex_works_fixture import works, write

from bot.cli import main as cli_main
from data.loaders import load
from queries.errors import UserError

N_WORKS = 1_200

# Written out again here, on purpose, rather than imported from the loader.
HAND_ISO3 = {"CN": "CHN", "US": "USA", "TH": "THA", "GB": "GBR", "DE": "DEU", "SG": "SGP",
             "KR": "KOR", "IT": "ITA", "JP": "JPN", "FR": "FRA"}  # fmt: skip
HAND_FIELD = {
    "Chemistry": "chemistry",
    "Physics and Astronomy": "physical_sciences",
    "Materials Science": "physical_sciences",
    "Environmental Science": "earth_environmental_sciences",
    "Earth and Planetary Sciences": "earth_environmental_sciences",
    "Biochemistry, Genetics and Molecular Biology": "biological_sciences",
    "Neuroscience": "biological_sciences",
    "Pharmacology, Toxicology and Pharmaceutics": "health_sciences",
    "Medicine": "health_sciences",
    "Nursing": "health_sciences",
}
HAND_DOMAIN = {"Life Sciences": "biological_sciences", "Health Sciences": "health_sciences"}
NATURAL = ("biological_sciences", "chemistry", "earth_environmental_sciences", "physical_sciences")


def hand_computation(path: Path) -> dict:
    """Plain dict arithmetic over the JSON lines: per work each country's Share, then Count,
    Share, international, domestic, CS and joint articles per year and subject."""
    kept: list[tuple[int, str, dict[str, float]]] = []
    truncated = social = 0
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            w = json.loads(line)
            if w["is_authors_truncated"]:
                truncated += 1
                continue
            topic = w["primary_topic"]
            if topic is None:
                continue
            field = topic.get("field", {}).get("display_name")
            domain = topic["domain"]["display_name"]
            if domain == "Social Sciences":
                social += 1
                continue
            subject = HAND_FIELD[field] if field else HAND_DOMAIN[domain]
            n = len(w["authorships"])
            share: dict[str, float] = defaultdict(float)
            for a in w["authorships"]:
                if "countries" in a:
                    mine = set(a["countries"])
                else:
                    mine = {i["country_code"] for i in a["institutions"]}
                for c in mine:
                    if c in HAND_ISO3:
                        share[HAND_ISO3[c]] += 1 / n / len(mine)
            if share:
                kept.append((w["publication_year"], subject, dict(share)))
    country: dict[tuple, list[float]] = defaultdict(lambda: [0, 0.0, 0, 0])
    pair: dict[tuple, list[float]] = defaultdict(lambda: [0.0, 0])
    for year, subject, share in kept:
        for s in (subject, "all") + (("natural_sciences",) if subject in NATURAL else ()):
            for c, v in share.items():
                row = country[(year, s, c)]
                row[0] += 1
                row[1] += v
                row[2 if len(share) > 1 else 3] += 1
            for a, b in combinations(sorted(share), 2):
                for x, y in ((a, b), (b, a)):
                    pair[(year, s, x, y)][0] += share[x] + share[y]
                    pair[(year, s, x, y)][1] += 1
    return {"country": country, "pair": pair, "kept": len(kept), "truncated": truncated,
            "social": social}  # fmt: skip


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
    fields = {(w["primary_topic"] or {}).get("field", {}).get("display_name") for w in ws}
    assert {"Medicine", "Psychology", None} <= fields


def test_shares_and_cs_match_hand_computation(loaded) -> None:
    path, db, report = loaded
    hand = hand_computation(path)
    stored_pairs = {
        (y, s, a, b): (cs, ja)
        for y, s, a, b, cs, ja in rows(
            db,
            "SELECT year, subject, a, b, cs, joint_articles FROM pair_figures WHERE dataset='works'",
        )
    }
    assert set(stored_pairs) == set(hand["pair"])
    for key, (cs, joint) in hand["pair"].items():
        assert stored_pairs[key][0] == pytest.approx(cs, abs=1e-9), key
        assert stored_pairs[key][1] == joint, key
    stored_countries = {
        (y, s, c): (n, share, intl, dom)
        for y, s, c, n, share, intl, dom in rows(
            db,
            "SELECT year, subject, iso3, count, share, international, domestic "
            "FROM country_figures WHERE dataset='works'",
        )
    }
    assert set(stored_countries) == set(hand["country"])
    for key, (n, share, intl, dom) in hand["country"].items():
        got = stored_countries[key]
        assert got[0] == n and got[2] == intl and got[3] == dom, key
        assert got[1] == pytest.approx(share, abs=1e-9), key
    # Every stored work's Shares sum to at most 1 (less where an author has no country).
    assert rows(db, "SELECT MAX(s) <= 1 + 1e-12 FROM (SELECT SUM(share) s FROM authorships "
                    "WHERE dataset='works' GROUP BY article_id)") == [(True,)]  # fmt: skip
    assert report.rows["works read"] == N_WORKS
    assert report.rows["works loaded"] == hand["kept"]
    assert report.rows["left out, truncated author lists"] == hand["truncated"] > 0
    assert report.rows["left out, social sciences"] == hand["social"] > 0
    assert any("truncated author list" in w for w in report.warnings)


def test_ask_reads_the_works_dataset(loaded) -> None:
    path, db, _ = loaded
    hand = hand_computation(path)["pair"]
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
        "no_year": (
            "w.jsonl",
            _jsonl(lines[:2] + [_with(lines[2], publication_year=..., publication_date=None)]),
            ["publication_year is missing or not a year in 1900–2100 at line 3"],
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
            ["not an OpenAlex W-id at line 1"],
        ),
        "not_object": ("w.jsonl", _jsonl(lines[:1] + ["[1, 2]"]), ["not a JSON object", "line 2"]),
        "duplicate": (
            "w.jsonl",
            _jsonl(lines + [lines[3]]),
            ["the same work appears more than once: W1000000003 (2 times)"],
        ),
        "empty": ("w.jsonl", b"", ["w.jsonl: the file is empty"]),
        "nothing_loadable": (
            "w.jsonl",
            _jsonl([_with(x, primary_topic=json.loads(social)) for x in lines]),
            ["none of the 6 works could be loaded", "Social Sciences"],
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
