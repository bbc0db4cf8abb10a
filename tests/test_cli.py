"""`python -m bot` as a person or a script runs it: the command-line contract of PRODUCT.md."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlglot
from contract import CONTRACT_FIELDS
from sqlglot import exp

ROOT = Path(__file__).resolve().parent.parent


def bot(
    *args: str, stdin: str | bytes | None = None, db: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COLLABBOT_", "SLACK_"))}
    env["PYTHONIOENCODING"] = "utf-8"  # strict, as on a desktop: no encoding error may hide
    argv = [sys.executable, "-m", "bot", *args]
    if db is not None:
        argv += ["--db", str(db)]
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    proc = subprocess.run(argv, input=data, capture_output=True, cwd=ROOT, env=env, timeout=timeout)
    return subprocess.CompletedProcess(
        proc.args,
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )


def no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stdout, proc.stdout


def test_ask_prints_the_headline_figures(demo_db):
    proc = bot("ask", "CS China–Thailand 2015 vs 2023", db=demo_db)
    assert proc.returncode == 0, proc.stderr
    no_traceback(proc)
    assert "CS · China–Thailand · natural sciences · 2015 vs 2023*" in proc.stdout
    assert "39.83" in proc.stdout
    assert "+1,185%" in proc.stdout


def test_ask_json_is_one_object_of_the_contract(demo_db):
    text = "CS China–Thailand 2015 vs 2023"
    proc = bot("ask", "--json", text, db=demo_db)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1
    obj = json.loads(lines[0])
    assert set(obj) >= CONTRACT_FIELDS
    assert obj["question"] == text
    assert obj["ok"] is True
    assert obj["kind"] == "pair"
    assert obj["interpretation"] == "CS · China–Thailand · natural sciences · 2015 vs 2023*"
    assert obj["metric"] == "cs"
    assert obj["subject"] == "natural_sciences"
    assert obj["countries"] == ["CHN", "THA"]
    assert obj["group"] is None
    assert obj["years"] == [2015, 2023]
    assert obj["dataset"] == "demo"
    assert [(r["year"], r["country"], round(r["value"], 2)) for r in obj["rows"]] == [
        (2015, "THA", 3.10),
        (2023, "THA", 39.83),
    ]
    assert all(set(r) == {"year", "country", "value"} for r in obj["rows"])
    assert round(obj["change_pct"]) == 1185
    assert isinstance(obj["sql"], str) and "pair_figures" in obj["sql"]
    assert obj["notes"] and all(isinstance(n, str) for n in obj["notes"])
    assert obj["error"] is None


def test_ask_json_rows_of_a_ranking_and_an_aggregate(demo_db):
    top = json.loads(bot("ask", "--json", "top 5 BRI partners of China 2023", db=demo_db).stdout)
    assert top["ok"] and top["kind"] == "top" and top["group"] == "BRI"
    assert [r["rank"] for r in top["rows"]] == [1, 2, 3, 4, 5]
    assert top["change_pct"] is None  # one year: nothing compared
    agg = json.loads(
        bot("ask", "--json", "China domestic articles 2015 vs 2023", db=demo_db).stdout
    )
    assert agg["ok"] and agg["kind"] == "aggregate" and agg["countries"] == ["CHN"]
    assert {r["country"] for r in agg["rows"]} == {"CHN"}  # aggregates name the country itself
    assert agg["change_pct"] is not None


def test_ask_batch_from_stdin(demo_db):
    questions = [
        "CS China–Thailand 2015 vs 2023",
        "CS Wakanda–Thailand 2015 vs 2023",
        "top 5 BRI partners of China 2023",
        "colour of the sky 1850",
        "China domestic articles 2015 vs 2023",
    ]
    proc = bot("ask", "--batch", "-", "--json", stdin="\n".join(questions) + "\n", db=demo_db)
    assert proc.returncode == 0, proc.stderr
    no_traceback(proc)
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 5
    objs = [json.loads(line) for line in lines]
    assert [o["question"] for o in objs] == questions
    assert [o["ok"] for o in objs] == [True, False, True, False, True]
    for o in objs:
        assert set(o) >= CONTRACT_FIELDS
        if not o["ok"]:
            assert o["error"]["code"] and o["error"]["message"]
            assert isinstance(o["error"]["suggestions"], list)


def test_ask_batch_survives_bytes_that_are_not_utf8(demo_db):
    stdin = "CS China–Thailand 2023\n".encode() + b"CS China\xff\xfe 2023\n"
    proc = bot("ask", "--batch", "-", "--json", stdin=stdin, db=demo_db)
    assert proc.returncode == 0, proc.stderr
    no_traceback(proc)
    objs = [json.loads(line) for line in proc.stdout.strip().splitlines()]
    assert [o["ok"] for o in objs] == [True, False]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX argv bytes")
def test_ask_survives_an_argument_that_is_not_utf8(demo_db):
    env = {k: v for k, v in os.environ.items() if not k.startswith("COLLABBOT_")}
    env["PYTHONIOENCODING"] = "utf-8"
    argv = [
        os.fsencode(sys.executable),
        b"-m",
        b"bot",
        b"ask",
        b"--json",
        b"CS China\xff 2023",
        b"--db",
        os.fsencode(demo_db),
    ]
    proc = subprocess.run(argv, capture_output=True, cwd=ROOT, env=env, timeout=60)
    assert b"Traceback" not in proc.stderr, proc.stderr
    assert json.loads(proc.stdout)["ok"] is False


@pytest.mark.parametrize("dialect", ["postgres", "spark"])
def test_ask_sql_in_another_dialect_parses(demo_db, dialect):
    proc = bot("ask", "--sql", "--dialect", dialect, "top 5 BRI partners of China 2023", db=demo_db)
    assert proc.returncode == 0, proc.stderr
    tree = sqlglot.parse_one(proc.stdout, read=dialect)
    assert isinstance(tree, exp.Select)
    assert {t.name for t in tree.find_all(exp.Table)} >= {"pair_figures", "memberships"}


def test_data_info_json_shows_the_synthetic_demo(demo_db):
    proc = bot("data", "info", "--json", db=demo_db)
    assert proc.returncode == 0, proc.stderr
    info = json.loads(proc.stdout)
    assert info["exists"] is True
    demo = next(d for d in info["datasets"] if d["name"] == "demo")
    assert demo["synthetic"] is True
    windows = demo["windows"]
    assert [w["year"] for w in windows] == list(range(2015, 2024))
    assert {w["year"]: w["label"] for w in windows}[2023] == "2023*"
    assert all(w["start_date"] and w["end_date"] for w in windows)
    for table in ("articles", "article_countries", "pair_figures", "country_figures"):
        assert demo["rows"][table] > 0, table


def test_a_bad_question_exits_1_without_a_traceback(demo_db):
    proc = bot("ask", "CS Wakanda–Thailand 2015 vs 2023", db=demo_db)
    assert proc.returncode == 1
    no_traceback(proc)
    assert "Wakanda" in proc.stdout  # points at the word it could not place
    proc = bot("ask", "--json", "\x01\u202e🚀 Atlantis–Thailand 2023", db=demo_db)
    assert proc.returncode == 1
    no_traceback(proc)
    assert json.loads(proc.stdout)["ok"] is False


@pytest.mark.parametrize(
    "args",
    [
        ("ask", "CS China–Thailand 2023"),
        ("ask", "--json", "CS China–Thailand 2023"),
        ("ask", "--batch", "-", "--json"),
        ("chat",),
    ],
    ids=["ask", "ask-json", "batch", "chat"],
)
def test_a_missing_database_is_a_clear_exit_2(tmp_path, args):
    missing = tmp_path / "nowhere" / "collab.duckdb"
    proc = bot(*args, stdin="CS China–Thailand 2023\n", db=missing)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    no_traceback(proc)
    assert str(missing) in proc.stderr
    assert "build-demo" in proc.stderr
    assert proc.stdout == ""


def test_build_demo_if_missing_leaves_an_existing_demo(demo_db):
    before = demo_db.stat().st_mtime_ns
    proc = bot("data", "build-demo", "--if-missing", db=demo_db)
    assert proc.returncode == 0, proc.stderr
    assert "already" in proc.stdout
    assert demo_db.stat().st_mtime_ns == before


def test_a_missing_batch_file_is_a_clear_exit_2(demo_db, tmp_path):
    proc = bot("ask", "--batch", str(tmp_path / "none.txt"), "--json", db=demo_db)
    assert proc.returncode == 2
    no_traceback(proc)
    assert "none.txt" in proc.stderr
