"""Hostile files for the generic loaders (articles, pairs, countries, Pajek): a disk that fills
at each step of a load, values Python cannot read, control characters, huge headers, files of
zeros, big files, absurd figures. Each ends as a line of the problem report — never a
traceback — with the store byte for byte as it was.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from reliability_figures import record, tally_when_done
from test_cli import ROOT

from benchmarks.loader_memory import measure, write_pairs, write_zeros
from data.loaders import load, pajek
from data.loaders.report import MAX_MESSAGE, READ_ERRORS, Problems, unreadable
from queries.errors import UserError

pytestmark = pytest.mark.timeout(300)

PAIRS = "year,subject,country_a,country_b,cs,joint_articles\n2015,natural_sciences,CN,US,10.5,20\n"
ARTICLES = "article_id,year,date,subject,journal\n1,2015,2015-03-01,chemistry,J\n"
AUTHORSHIPS = "article_id,country,share\n1,CN,0.5\n1,US,0.5\n"
OBSERVED: dict[str, list] = {"problem_lines": [], "tracebacks": [], "store_changed": []}


tally = tally_when_done(
    "hostile_files",
    lambda: {
        "refused_with_a_problem_line": len(OBSERVED["problem_lines"]),
        "tracebacks": len(OBSERVED["tracebacks"]),
        "store_changed": len(OBSERVED["store_changed"]),
        "longest_message_chars": max((len(m) for m in OBSERVED["problem_lines"]), default=0),
    },
)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("files") / "base.duckdb"
    folder = db.parent
    (folder / "p.csv").write_text(PAIRS)
    load("pairs", [str(folder / "p.csv")], dataset="base", db=db)
    return db


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused(kind: str, files: list[Path], db: Path) -> str:
    """Load and expect a refusal: the problem report, with the store unchanged."""
    before = sha256(db)
    try:
        load(kind, [str(p) for p in files], dataset="hostile", db=db)
    except UserError as err:
        code, message = err.code, err.message
    except Exception as exc:  # what the person would have seen as a traceback
        OBSERVED["tracebacks"].append(repr(exc))
        raise
    else:
        raise AssertionError("the hostile file was loaded")
    if sha256(db) != before:
        OBSERVED["store_changed"].append(files)
    assert sha256(db) == before
    assert code == "bad_file", message
    assert message.startswith("Nothing was loaded:")
    for line in message.splitlines():
        assert len(line) <= MAX_MESSAGE + 60, len(line)
    OBSERVED["problem_lines"].extend(message.splitlines()[1:])
    return message


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


# --------------------------------------------------------------------------- a full disk


def _unshare_works() -> bool:
    try:
        return subprocess.run(["unshare", "-Urm", "true"], capture_output=True).returncode == 0
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not _unshare_works(), reason="no user namespaces here to mount a tmpfs")
@pytest.mark.parametrize(
    ("phase", "doing"),
    [
        ("staging", "staging the rows"),
        ("copying", "copying the database"),
        ("writing", "writing the new data"),
    ],
)
def test_a_disk_that_fills_is_a_problem_line_and_the_store_is_unchanged(
    base, tmp_path, phase, doing
):
    """A real ENOSPC: a 16 MB tmpfs in a private mount namespace, filled just before the
    step (tests/disk_full_driver.py)."""
    folder = tmp_path / "small-disk"
    folder.mkdir()
    pairs = write(tmp_path, "more.csv", PAIRS.replace("CN,US", "CN,TH"))
    proc = subprocess.run(
        [
            "unshare",
            "-Urm",
            sys.executable,
            str(ROOT / "tests" / "disk_full_driver.py"),
            str(folder),
            phase,
            str(pairs),
            str(base),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout)
    if "Traceback" in result["stderr"]:
        OBSERVED["tracebacks"].append(result["stderr"])
    assert "Traceback" not in result["stderr"], result["stderr"]
    assert result["exit"] == 2
    assert "Nothing was loaded: 1 problem in more.csv:" in result["stderr"]
    line = f"- no space left on the disk holding {folder} while {doing} (No space left on device)"
    assert line in result["stderr"]
    OBSERVED["problem_lines"].append(line)
    assert result["unchanged"], "the database changed"
    assert result["left_behind"] == []
    assert result["then"] == 0  # with room again, the same load goes through


def test_no_space_while_copying_reported_without_a_tmpfs(base, tmp_path, monkeypatch):
    """Where no tmpfs can be mounted: the copy's write fails with ENOSPC (injected)."""
    from data import store

    db = tmp_path / "x.duckdb"
    shutil.copy(base, db)

    def no_space(src, dst, **kw):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store.shutil, "copy2", no_space)
    message = refused("pairs", [write(tmp_path, "more.csv", PAIRS)], db)
    assert f"no space left on the disk holding {tmp_path} while copying the database" in message
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# --------------------------------------------------------------------------- unreadable values


def test_values_python_cannot_read_become_problem_lines():
    """The helper for the JSON loaders: RecursionError, ValueError, OverflowError → a line."""
    import datetime as dt

    caught = []
    for attempt in (
        lambda: json.loads("[" * 10_000 + "]" * 10_000),
        lambda: dt.date.fromisoformat("2020-02-30"),
        lambda: np.int64(int("9" * 400)),
    ):
        try:
            attempt()
        except READ_ERRORS as exc:
            caught.append(unreadable("works.jsonl line 7", exc))
    assert caught[0] == "works.jsonl line 7: nested too deeply to read"
    assert caught[1] == "works.jsonl line 7: day is out of range for month"
    assert caught[2].startswith("works.jsonl line 7: a number is too large to read (")
    problem = unreadable("w\x1b[2J.jsonl line 1", ValueError("bad \x1b[31mred\x07"))
    assert "\x1b" not in problem.split(":", 1)[1] and "\\x1b[31mred\\x07" in problem


@pytest.mark.parametrize(
    ("kind", "files", "fragment"),
    [
        (
            "articles",
            {"a.csv": ARTICLES.replace("\n1,", "\n" + "9" * 400 + ","), "b.csv": AUTHORSHIPS},
            "a.csv: the article_id is too large (a whole number here has at most 18 digits) at line 2",
        ),
        (
            "articles",
            {"a.csv": ARTICLES.replace(",2015,", "," + "9" * 400 + ","), "b.csv": AUTHORSHIPS},
            "a.csv: the year is too large (a whole number here has at most 18 digits) at line 2",
        ),
        (
            "articles",
            {"a.csv": ARTICLES.replace("2015-03-01", "2020-02-30"), "b.csv": AUTHORSHIPS},
            "a.csv: not a date (use YYYY-MM-DD) at line 2 (“2020-02-30”)",
        ),
        (
            "articles",
            {"a.csv": ARTICLES.replace("2015-03-01", "-4"), "b.csv": AUTHORSHIPS},
            "a.csv: the date is outside 1900–2100 at line 2 (“-4”)",
        ),
        (
            "pairs",
            {"p.csv": PAIRS.replace(",20\n", "," + "9" * 400 + "\n")},
            "p.csv: the joint_articles is above 50,000,000",
        ),
    ],
    ids=["400-digit id", "400-digit year", "2020-02-30", "year -4", "400-digit count"],
)
def test_unreadable_values_in_csv_files(base, tmp_path, kind, files, fragment):
    paths = [write(tmp_path, name, text) for name, text in files.items()]
    assert fragment in refused(kind, paths, base)


def test_control_characters_are_escaped_in_messages(base, tmp_path):
    cell = write(tmp_path, "cell.csv", PAIRS.replace("CN,US", "CN,\x1b[31mEVIL\x07"))
    message = refused("pairs", [cell], base)
    assert "(“\\x1b[31mEVIL\\x07”)" in message
    column = write(tmp_path, "column.csv", "year,country_a,\x1b]0;pwned\x07\n2015,CN,US\n")
    message = refused("pairs", [column], base)
    assert "found year, country_a and \\x1b]0;pwned\\x07" in message
    named = write(tmp_path, "evil\u202e\x1b[2J.csv", "year,country,count\n")
    message = refused("countries", [named], base)
    assert "1 problem in evil\\u202e\\x1b[2J.csv:" in message
    assert "- evil\\u202e\\x1b[2J.csv: the file has a header but no rows" in message
    assert "\x1b" not in message and "\u202e" not in message and "\x07" not in message


# --------------------------------------------------------------------------- huge headers


@pytest.mark.timeout(60)  # the quadratic check took 158 s on 100,000 columns
def test_a_header_of_100000_columns_is_checked_in_linear_time(base, tmp_path):
    columns = [f"c{k}" for k in range(100_000)]
    wide = write(
        tmp_path,
        "wide.csv",
        ",".join(["year", "country", "count", *columns])
        + "\n"
        + ",".join(["2015", "CN", "5", *["x"] * len(columns)])
        + "\n",
    )
    db = tmp_path / "wide.duckdb"
    shutil.copy(base, db)
    report = load("countries", [str(wide)], dataset="wide", db=db)
    assert report.warnings == ("wide.csv: ignored column(s) c0, c1, c2, c3, c4 and 99,995 more",)
    twice = write(tmp_path, "twice.csv", ",".join(["year", "country", *columns, *columns]) + "\n")
    message = refused("countries", [twice], base)
    assert (
        "twice.csv: column(s) c0, c1, c10, c100, c1000 and 99,995 more appear more than once"
        in message
    )
    missing = write(tmp_path, "missing.csv", ",".join(columns) + "\n1\n")
    message = refused("pairs", [missing], base)
    assert "found c0, c1, c2, c3, c4 and 99,995 more" in message


def test_a_header_longer_than_any_csv_of_figures_is_refused_unread(base, tmp_path):
    huge = write(tmp_path, "huge.csv", ",".join(f"column{k}" for k in range(1_000_000)) + "\n")
    message = refused("countries", [huge], base)
    assert "huge.csv: line 1 is longer than 4,194,304 characters" in message


# --------------------------------------------------------------------------- memory


def test_a_gigabyte_of_zeros_is_refused_in_bounded_memory(base, tmp_path, request):
    zeros = write_zeros(tmp_path / "zeros.csv", 1_000_000_000)  # sparse: no disk used
    db = tmp_path / "z.duckdb"
    shutil.copy(base, db)
    run = measure(
        [sys.executable, "-m", "bot", "data", "load", "countries", str(zeros), "--db", str(db)]
    )
    if "Traceback" in run.stderr:
        OBSERVED["tracebacks"].append(run.stderr)
    assert run.code == 2, run.stderr
    assert "zeros.csv: the file holds NUL bytes, so it is binary, not a CSV file" in run.stderr
    # The process's whole peak (Python, pandas, DuckDB loaded) is far below the input's size.
    assert run.peak_mb < 400, run.peak_mb
    record(request, "zeros_1gb", {"peak_rss_mb": round(run.peak_mb), "exit": run.code})


def test_memory_does_not_grow_with_a_valid_file(tmp_path, request):
    """Streaming: a ten times bigger valid file costs more only in DuckDB's buffers, which
    are capped (stage.MEMORY_LIMIT); read whole, 18 MB more of CSV cost about 400 MB more
    (23 times the file, as the issue measured)."""
    from data.loaders.stage import MEMORY_LIMIT

    peaks = {}
    for size in (2_000_000, 20_000_000):
        folder = tmp_path / str(size)
        folder.mkdir()
        pairs = write_pairs(folder / "pairs.csv", size)
        run = measure(
            [
                sys.executable,
                "-m",
                "bot",
                "data",
                "load",
                "pairs",
                str(pairs),
                "--db",
                str(folder / "db.duckdb"),
            ]
        )
        assert run.code == 0, run.stderr
        peaks[size] = run.peak_mb
    record(
        request,
        "pairs_memory",
        {"peak_rss_mb_2mb": round(peaks[2_000_000]), "peak_rss_mb_20mb": round(peaks[20_000_000])},
    )
    assert MEMORY_LIMIT.endswith("MB")
    assert peaks[20_000_000] - peaks[2_000_000] < int(MEMORY_LIMIT[:-2]), peaks


def test_a_file_of_garbage_rows_is_read_no_further_than_needed(base, tmp_path):
    """Every row a problem: past MAX_FLAGGED rows the rest is not read (a gigabyte of
    garbage would otherwise be checked to the end)."""
    from data.loaders.report import MAX_FLAGGED

    rows = "".join(f"20{k % 100:02d},poetry,XX,YY,-1,2.5\n" for k in range(120_000))
    junk = write(tmp_path, "junk.csv", PAIRS.splitlines()[0] + "\n" + rows)
    message = refused("pairs", [junk], base)
    assert (
        f"junk.csv: stopped reading after line 50,001: more than {MAX_FLAGGED:,} rows already "
        "have problems, so the rest of the file was not checked"
    ) in message
    assert "unknown subject" in message and "and 49,995 more" in message


# --------------------------------------------------------------------------- absurd figures


@pytest.mark.parametrize(
    ("kind", "text", "fragment"),
    [
        (
            "pairs",
            PAIRS.replace("10.5,20", "1.7e308,20"),
            "the cs is above 50,000,000 (more than the world publishes in a year) at line 2 (“1.7e308”)",
        ),
        (
            "pairs",
            PAIRS.replace("10.5,20", "10.5,1e20"),
            "the joint_articles is above 50,000,000 (more than the world publishes in a year) "
            "at line 2 (“1e20”)",
        ),
        (
            "pairs",
            PAIRS.replace("10.5,20", "1,2.5"),
            "the joint_articles is not a whole number of articles at line 2 (“2.5”)",
        ),
        (
            "pairs",
            PAIRS.replace("10.5,20", "30.5,20"),
            "the cs is above the joint_articles (a pair's CS is at most its number of joint "
            "articles) at line 2 (“30.5 > 20”)",
        ),
        (
            "countries",
            "year,country,count,share\n2015,CN,2.5,1\n",
            "the count is not a whole number of articles at line 2 (“2.5”)",
        ),
        (
            "countries",
            "year,country,count,share\n2015,CN,10,12\n",
            "the share is above the count (a country's share is part of its count of articles) "
            "at line 2 (“12 > 10”)",
        ),
        (
            "countries",
            "year,country,count,international,domestic\n2015,CN,10,8,7\n",
            "international + domestic is above the count (each article is one or the other) "
            "at line 2 (“15 > 10”)",
        ),
    ],
    ids=[
        "cs 1.7e308",
        "joint 1e20",
        "joint 2.5",
        "cs above joint",
        "count 2.5",
        "share above count",
        "parts above count",
    ],
)
def test_absurd_figures_are_refused_with_line_and_value(base, tmp_path, kind, text, fragment):
    assert fragment in refused(kind, [write(tmp_path, "f.csv", text)], base)


NET = '*vertices 2\n1 "CN"\n2 "US"\n*edges\n1 2 {w}\n'


@pytest.mark.parametrize(
    ("weight", "fragment"),
    [
        ("1e20", "the weight is above 50,000,000 (more joint works than a year has) at line 5"),
        ("2.5", "the weight is not a whole number of works at line 5"),
        ("1e400", "the weight is not a finite number at line 5"),
    ],
)
def test_absurd_pajek_weights_are_refused(weight, fragment):
    problems = Problems()
    assert pajek.parse_net("x.net", NET.format(w=weight).encode(), problems) is None
    assert problems.items == [f"x.net: {fragment}"]


def test_pajek_files_are_read_line_by_line_with_a_vertex_cap(tmp_path):
    problems = Problems()
    path = tmp_path / "many.net"
    path.write_text("*vertices 5000\n")
    with open(path, "rb") as f:
        assert pajek.parse_net("many.net", f, problems) is None
    assert problems.items == [
        "many.net: line 1: 5,000 vertices; a country network has at most 1,000"
    ]
    problems = Problems()
    zeros = write_zeros(tmp_path / "zeros.net", 100_000_000)
    with open(zeros, "rb") as f:
        assert pajek.parse_net("zeros.net", f, problems) is None
    assert problems.items == ["zeros.net: line 1 is longer than 65,536 bytes"]
    problems = Problems()
    junk = '*vertices 2\n1 "CN"\n2 "US"\n*edges\n' + "lorem ipsum\n" * 30_000
    assert pajek.parse_net("junk.net", junk.encode(), problems) is None
    assert problems.items[-1] == (
        "junk.net: stopped reading after line 10,005: more than 10,000 lines already have "
        "problems, so the rest of the file was not checked"
    )


# --------------------------------------------------------------------------- leftovers


def test_a_killed_loads_stage_and_spill_folder_are_removed_by_the_next_load(base, tmp_path):
    db = tmp_path / "x.duckdb"
    shutil.copy(base, db)
    dead = 2**22 + 12345  # beyond pid_max's default, so no process has it
    stale_stage = tmp_path / f".x.duckdb.{dead}.abcd1234.stage.tmp"
    stale_stage.write_bytes(b"\0" * 100)
    spill = tmp_path / f".x.duckdb.{dead}.abcd1234.stage.tmp.tmp"
    spill.mkdir()
    (spill / "duckdb_temp_block-1.block").write_bytes(b"\0" * 100)
    load("pairs", [str(write(tmp_path, "p.csv", PAIRS))], dataset="after", db=db)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    assert not os.path.exists(spill)
