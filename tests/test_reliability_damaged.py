"""Damaged stores: a zero-byte, truncated or header-zeroed database, a dropped table, a file
held by a writer. `ask`, `data info`, chat, a question through the pipeline, the Slack app's
start and `/health` each say what is wrong and what to do — never a traceback — and a load
refuses to write onto the damage while `build-demo` keeps the damaged file aside.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import duckdb
import pytest
from pairs_files import pairs_csv
from reliability_figures import tally_when_done
from slack_fakes import BotServer, FakeSlack, test_settings
from test_cli import bot, no_traceback

from bot.pipeline import Answerer
from data.health import check
from data.loaders import load

pytestmark = pytest.mark.timeout(300)

QUESTION = "CS China–Thailand 2015 vs 2023"
REBUILD = "rebuild it with `python -m bot data build-demo`"
HOLD_OPEN = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])  # read-write: DuckDB's write lock on the file
print("open", flush=True)
sys.stdin.read()
"""

# kind of damage -> what the message must say is wrong
DAMAGE = {
    "zero_bytes": "is damaged — it is empty (0 bytes)",
    "truncated_half": "is damaged — it is cut short",
    "truncated_tail": "is damaged — it is cut short",
    "header_zeroed": "is damaged — it is not a DuckDB database file",
    "table_dropped": "is damaged — the table pair_figures is missing",
    "locked_by_writer": "is open for writing in another program",
}


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("damage")
    db = folder / "good.duckdb"
    load("pairs", [str(pairs_csv(folder / "pairs.csv", 1.0))], dataset="base", db=db)
    return db


def damage(good: Path, kind: str, folder: Path) -> Path:
    db = folder / f"{kind}.duckdb"
    shutil.copy(good, db)
    data = db.read_bytes()
    if kind == "zero_bytes":
        db.write_bytes(b"")
    elif kind == "truncated_half":
        db.write_bytes(data[: len(data) // 2])
    elif kind == "truncated_tail":
        db.write_bytes(data[:-100_000])
    elif kind == "header_zeroed":
        db.write_bytes(b"\0" * 4096 + data[4096:])
    elif kind == "table_dropped":
        con = duckdb.connect(str(db))
        con.execute("DROP TABLE pair_figures")
        con.close()
    return db


@pytest.fixture(params=list(DAMAGE))
def damaged(request, good, tmp_path):
    """(kind, path) of a damaged copy of a good database; a writer holds the locked one."""
    kind = request.param
    db = damage(good, kind, tmp_path)
    holder = None
    if kind == "locked_by_writer":
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLD_OPEN, str(db)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
    yield kind, db
    if holder is not None:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(30)


OBSERVED: list[tuple[str, str, bool, bool]] = []  # (surface, kind, told what to do, traceback)


tally = tally_when_done(
    "damaged_stores",
    lambda: {
        "kinds_of_damage": sorted({k for _, k, _, _ in OBSERVED}),
        "surfaces": sorted({s for s, _, _, _ in OBSERVED}),
        "checks": len(OBSERVED),
        "said_what_is_wrong_and_what_to_do": sum(told for _, _, told, _ in OBSERVED),
        "tracebacks": sum(tb for _, _, _, tb in OBSERVED),
    },
)


def says_what_and_what_to_do(kind: str, db: Path, text: str, surface: str = "check") -> None:
    what = f"The database at {db} {DAMAGE[kind]}" in text
    if kind == "locked_by_writer":
        to_do = "close that program and try again" in text and "PID" in text
    else:
        to_do = REBUILD in text and f"restore {db} from a backup" in text
    OBSERVED.append((surface, kind, what and to_do, "Traceback" in text))
    assert what and to_do, text


def test_the_check_names_each_kind_of_damage(damaged, good):
    kind, db = damaged
    health = check(db)
    assert not health.ok
    assert health.code == ("db_locked" if kind == "locked_by_writer" else "damaged_db")
    says_what_and_what_to_do(kind, db, health.message)
    assert check(good).ok


def test_ask_and_info_say_what_is_wrong_without_a_traceback(damaged):
    kind, db = damaged
    for args in (("ask", QUESTION), ("data", "info"), ("data", "info", "--json")):
        proc = bot(*args, db=db)
        no_traceback(proc)
        assert proc.returncode == 2, (args, proc.stderr)
        says_what_and_what_to_do(
            kind, db, proc.stderr, " ".join(args[:2]) if args[0] == "data" else "ask"
        )


def test_chat_refuses_to_start_on_a_damaged_store(damaged):
    kind, db = damaged
    proc = bot("chat", stdin=QUESTION + "\n", db=db)
    no_traceback(proc)
    assert proc.returncode == 2
    says_what_and_what_to_do(kind, db, proc.stderr, "chat")


def test_a_question_answers_with_the_damage_not_internal_error(damaged):
    kind, db = damaged
    answer = Answerer(db).answer(QUESTION)
    assert not answer.ok
    assert answer.error.code == ("db_locked" if kind == "locked_by_writer" else "damaged_db")
    says_what_and_what_to_do(kind, db, answer.error.message, "question")


def test_the_slack_app_does_not_start_on_a_damaged_store(damaged):
    kind, db = damaged
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COLLABBOT_", "SLACK_"))}
    env |= {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "secret"}
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "serve", "--http", "--port", "0", "--db", str(db)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 2, proc.stderr
    no_traceback(proc)
    says_what_and_what_to_do(kind, db, proc.stderr, "serve")


def health_of(port: int) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def test_health_turns_503_when_the_store_is_damaged_while_serving(good, tmp_path):
    db = tmp_path / "serving.duckdb"
    shutil.copy(good, db)
    seen = {}
    # The suite's Slack settings: a store of its own, secrets no other text contains.
    with FakeSlack() as fake, BotServer(test_settings(fake.url), db=db) as bot:
        _serve_while_damaging(bot.port, good, db, tmp_path, seen)
    assert seen.pop("good") == (200, "ok")
    assert seen.pop("missing") == (
        503,
        f"There is no database at {db}: build the demo with "
        "`python -m bot data build-demo` or load data with "
        "`python -m bot data load`.",
    )
    for kind, (status, text) in seen.items():
        assert status == 503, (kind, text)
        says_what_and_what_to_do(kind, db, text, "/health")


def _serve_while_damaging(port: int, good: Path, db: Path, folder: Path, seen: dict) -> None:
    seen["good"] = health_of(port)
    for kind in ("zero_bytes", "truncated_tail", "header_zeroed", "table_dropped"):
        damage(good, kind, folder).replace(db)
        seen[kind] = health_of(port)
    db.unlink()
    seen["missing"] = health_of(port)


def test_a_load_refuses_a_damaged_store_and_leaves_it_as_it_was(damaged, tmp_path):
    kind, db = damaged
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    pairs = pairs_csv(tmp_path / "more.csv", 2.0)
    proc = bot("data", "load", "pairs", str(pairs), "--dataset", "more", "--wait", "0.5", db=db)
    no_traceback(proc)
    assert proc.returncode == 2, proc.stderr
    if kind == "locked_by_writer":
        assert "Gave up after waiting 0.5 s: The database at" in proc.stderr
    else:
        says_what_and_what_to_do(kind, db, proc.stderr, "data load")
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert not list(tmp_path.glob("*.damaged-*"))


def test_a_rebuild_keeps_the_damaged_file_aside(good, tmp_path, capsys):
    """`data build-demo` (write_article_dataset with set_aside_damaged) writes a new database
    and keeps the damaged bytes beside it."""
    from fixtures_db import TINY_META, frames

    from data.writer import WindowRow, write_article_dataset

    db = damage(good, "header_zeroed", tmp_path)
    damaged_bytes = db.read_bytes()
    articles, authorships = frames()
    windows = [WindowRow(2023, "2023", dt.date(2023, 1, 1), dt.date(2023, 12, 31))]
    write_article_dataset(db, TINY_META, windows, articles, authorships, set_aside_damaged=True)
    assert check(db).ok
    [aside] = tmp_path.glob(f"{db.name}.damaged-*")
    assert aside.read_bytes() == damaged_bytes
    assert f"kept it as {aside}" in capsys.readouterr().err
    assert TINY_META.name in {
        r[0]
        for r in duckdb.connect(str(db), read_only=True)
        .execute("SELECT name FROM datasets")
        .fetchall()
    }
