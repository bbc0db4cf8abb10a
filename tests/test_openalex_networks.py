"""The openalex-networks loader: the real 1990–2023 files give the published spot values; broken Pajek is refused."""

from __future__ import annotations

import hashlib
import io
import resource
import time
import zipfile
from pathlib import Path

import duckdb
import pytest
from conftest import SHARED

from data.loaders import load
from queries.errors import UserError

ZIP = SHARED / "data" / "openalex-country-coauthorship" / "WrldCo_years.zip"
needs_shared = pytest.mark.skipif(
    not ZIP.is_file(), reason=f"the real OpenAlex networks are not at {ZIP} (../shared is absent)"
)

BOM = "\ufeff"
# Four vertices: China, United States, ZZ (a code no catalogue knows), Thailand.
SMALL_NET = (
    BOM + '% test network\r\n*vertices 4\r\n1 "CN"\r\n2 "US"\r\n3 "ZZ"\r\n4 "TH"\r\n*arcs\r\n'
    "1 1 12\r\n1 2 10\r\n1 3 2\r\n1 4 3\r\n2 1 10\r\n2 2 10\r\n3 1 2\r\n3 3 2\r\n4 1 3\r\n4 4 3\r\n"
)
SMALL_VEC = BOM + "% vec\r\n*vertices 4\r\n12\r\n10\r\n2\r\n3\r\n"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def write_pair(folder: Path, year: int, net: str | bytes, vec: str | None = SMALL_VEC) -> list[str]:
    net_path = folder / f"WrldCo{year}.net"
    net_path.write_bytes(net.encode("utf-8") if isinstance(net, str) else net)
    paths = [str(net_path)]
    if vec is not None:
        (folder / f"WrldCo{year}T.vec").write_text(vec, encoding="utf-8")
        paths.append(str(folder / f"WrldCo{year}T.vec"))
    return paths


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("nets")
    db = folder / "store.duckdb"
    report = load("openalex-networks", write_pair(folder, 2015, SMALL_NET), dataset=None, db=db)
    assert report.dataset == "openalex"
    assert any("ZZ (1 year, 2 international works)" in w for w in report.warnings)
    return db


def test_small_network_tables(small_db: Path) -> None:
    assert query(
        small_db,
        "SELECT a, b, cs, joint_articles FROM pair_figures WHERE year=2015 AND subject='all' ORDER BY ALL",
    ) == [
        ("CHN", "THA", None, 3.0),
        ("CHN", "USA", None, 10.0),
        ("THA", "CHN", None, 3.0),
        ("USA", "CHN", None, 10.0),
    ]
    assert query(
        small_db, "SELECT iso3, count, international, domestic FROM country_figures ORDER BY iso3"
    ) == [
        ("CHN", None, 12.0, None),
        ("THA", None, 3.0, None),
        ("USA", None, 10.0, None),
    ]
    (meta,) = query(
        small_db, "SELECT name, source, synthetic, metrics, level, version FROM datasets"
    )
    assert meta[0] == "openalex" and meta[1].startswith("OpenAlex country co-authorship networks")
    assert meta[2:] == (False, "joint_articles,international", "tables", "27aug24")
    assert query(
        small_db, "SELECT year, label, start_date::VARCHAR, end_date::VARCHAR FROM windows"
    ) == [(2015, "2015", "2015-01-01", "2015-12-31")]


def test_edges_section_without_vec(tmp_path: Path) -> None:
    db = tmp_path / "e.duckdb"
    net = '*Vertices 2\n1 "CN"\n2 "SG"\n*Edges\n1 2 5\n1 1 7\n'
    load("openalex-networks", write_pair(tmp_path, 2020, net, vec=None), dataset="edges", db=db)
    assert query(db, "SELECT a, b, joint_articles FROM pair_figures WHERE a='CHN'") == [
        ("CHN", "SGP", 5.0)
    ]
    assert query(db, "SELECT iso3, international FROM country_figures ORDER BY 1") == [
        ("CHN", 7.0),
        ("SGP", 0.0),
    ]


def _corrupt_member_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("WrldCo2015.net", SMALL_NET * 20)
    data = bytearray(buffer.getvalue())
    data[60:70] = b"\x00" * 10  # inside the compressed bytes: the CRC check must fail
    return bytes(data)


STRUCTURAL = {
    "vertex_count": (
        {"WrldCo2015.net": SMALL_NET.replace("*vertices 4", "*vertices 5")},
        ["header says 5 vertices (line 2) but the file lists 4"],
    ),
    "arc_not_ijw": (
        {"WrldCo2015.net": SMALL_NET.replace("1 4 3\r\n", "1 4\r\n")},
        ["lines that are not “i j w”", "line 11 (“1 4”)"],
    ),
    "arc_count": (
        {"WrldCo2015.net": SMALL_NET.replace("*arcs", "*arcs 11")},
        ["declares 11 links but the file has 10", "truncated"],
    ),
    "cut_mid_line": (
        {"WrldCo2015.net": SMALL_NET[: SMALL_NET.index("4 4 3") + 3]},
        ["line 17 (“4 4”)", "the last line is cut off", "truncated"],
    ),
    "cut_at_line_break": (
        {"WrldCo2015.net": SMALL_NET[: SMALL_NET.index("4 1 3")]},
        ["not symmetric", "line 11 (1 4 3)", "truncated"],
    ),
    "vertex_out_of_range": (
        {"WrldCo2015.net": SMALL_NET.replace("4 4 3", "9 9 3")},
        ["a vertex number is outside 1–4 at line 17"],
    ),
    "not_a_number": (
        {"WrldCo2015.net": SMALL_NET.replace("2 2 10", "2 2 ten")},
        ["line 13: “2 2 ten” is not three numbers"],
    ),
    "vec_disagrees": (
        {
            "WrldCo2015.net": SMALL_NET,
            "WrldCo2015T.vec": SMALL_VEC.replace("\r\n10\r\n", "\r\n11\r\n"),
        },
        ["disagree with the diagonal", "US: 11 vs 10"],
    ),
    "vec_short": (
        {"WrldCo2015.net": SMALL_NET, "WrldCo2015T.vec": SMALL_VEC.rsplit("3\r\n", 1)[0]},
        ["WrldCo2015T.vec", "header says 4 vertices", "3 values", "truncated"],
    ),
    "labels_not_codes": (
        {
            "WrldCo2015.net": SMALL_NET.replace('"CN"', '"v1"')
            .replace('"US"', '"v2"')
            .replace('"TH"', '"v4"')
        },
        ["4 of 4 vertex labels are not country codes", "“v1”"],
    ),
    "no_vertices_line": (
        {"WrldCo2015.net": "% only a comment\n1 2 3\n"},
        ["line 2 should be “*vertices N”"],
    ),
    "not_utf8": (
        {"WrldCo2015.net": SMALL_NET[1:].replace("test", "tést").encode("latin-1")},
        ["line 1 is not valid UTF-8"],
    ),
    "vec_without_net": (
        {"WrldCo2016T.vec": SMALL_VEC},
        ["WrldCo2016T.vec: no .net network for 2016"],
    ),
    "nothing_yearly": ({"readme.txt": "hello"}, ["no yearly Pajek networks found"]),
    "corrupt_zip": (
        {"nets.zip": b"PK\x03\x04 this is not really a zip"},
        ["nets.zip", "not a readable zip archive"],
    ),
    "corrupt_zip_member": (
        {"nets.zip": _corrupt_member_zip()},
        ["nets.zip:WrldCo2015.net", "corrupt"],
    ),
}


@pytest.mark.parametrize("case", sorted(STRUCTURAL))
def test_structural_errors_rejected(case: str, small_db: Path, tmp_path: Path) -> None:
    before = sha256(small_db)
    files, fragments = STRUCTURAL[case]
    paths = []
    for name, content in files.items():
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        paths.append(str(path))
    with pytest.raises(UserError) as caught:
        load("openalex-networks", paths, dataset=None, db=small_db)
    assert caught.value.code == "bad_file"
    for fragment in fragments:
        assert fragment in caught.value.message, caught.value.message
    assert sha256(small_db) == before


# ---------------------------------------------------------------------------------------------
# The real files


@pytest.fixture(scope="module")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object, float, float]:
    db = tmp_path_factory.mktemp("real") / "openalex.duckdb"
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    report = load("openalex-networks", [str(ZIP)], dataset=None, db=db)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\nOpenAlex 1990–2023: {seconds:.2f} s, peak RSS {peak_mb:.0f} MB (before {rss_before / 1024:.0f} MB)"
    )
    return db, report, seconds, peak_mb


@needs_shared
@pytest.mark.parametrize(
    ("year", "partner", "joint"),
    [(2015, "USA", 46_931), (2023, "USA", 72_794), (2015, "THA", 693), (2023, "THA", 2_381)],
)
def test_real_pair_values(real_db, year: int, partner: str, joint: int) -> None:
    db = real_db[0]
    sql = "SELECT joint_articles FROM pair_figures WHERE dataset='openalex' AND subject='all' AND year=? AND a=? AND b=?"
    assert query(db, sql, [year, "CHN", partner]) == [(joint,)]
    assert query(db, sql, [year, partner, "CHN"]) == [(joint,)]


@needs_shared
def test_real_international_and_report(real_db) -> None:
    db, report, seconds, _ = real_db
    assert query(
        db,
        "SELECT international FROM country_figures WHERE dataset='openalex' AND year=2015 AND iso3='CHN'",
    ) == [(109_783,)]
    assert report.years == tuple(range(1990, 2024))
    assert query(db, "SELECT COUNT(DISTINCT year), MIN(year), MAX(year) FROM pair_figures") == [
        (34, 1990, 2023)
    ]
    # Kosovo (XK) and the Netherlands Antilles (AN) are not ISO 3166-1 countries today, but
    # catalogue entries: their works are kept, with no warning.
    assert not any("skipped vertices" in w for w in report.warnings), report.warnings
    kosovo = query(
        db,
        "SELECT joint_articles FROM pair_figures WHERE dataset='openalex' AND year=2023 "
        "AND a='XKX' AND b='ALB'",
    )
    with zipfile.ZipFile(ZIP) as z:
        net = z.read("WrldCo2023.net").decode("utf-8-sig").splitlines()
    vertex = {line.split()[1].strip('"'): line.split()[0] for line in net if '"' in line}
    arcs = {
        tuple(line.split()[:2]): float(line.split()[2])
        for line in net
        if line[:1].isdigit() and '"' not in line
    }
    assert kosovo == [(arcs[(vertex["XK"], vertex["AL"])],)]
    assert any("WrldCo2004.net: 3 pair(s) have different weights" in w for w in report.warnings)
    assert seconds < 30


@needs_shared
def test_real_truncated_net_rejected(real_db, tmp_path: Path) -> None:
    db = real_db[0]
    before = sha256(db)
    with zipfile.ZipFile(ZIP) as z:
        data = z.read("WrldCo2015.net")
        vec = z.read("WrldCo2015T.vec")
    (tmp_path / "WrldCo2015.net").write_bytes(data[: len(data) // 2])
    (tmp_path / "WrldCo2015T.vec").write_bytes(vec)
    with pytest.raises(UserError) as caught:
        load("openalex-networks", [str(tmp_path)], dataset=None, db=db)
    assert "WrldCo2015.net" in caught.value.message and "truncated" in caught.value.message
    assert sha256(db) == before


@needs_shared
def test_real_zip_cut_short_rejected(real_db, tmp_path: Path) -> None:
    db = real_db[0]
    before = sha256(db)
    cut = tmp_path / "WrldCo_years.zip"
    cut.write_bytes(ZIP.read_bytes()[:1_000_000])
    with pytest.raises(UserError) as caught:
        load("openalex-networks", [str(cut)], dataset=None, db=db)
    assert "not a readable zip archive" in caught.value.message
    assert sha256(db) == before
