"""`data load-shared` (part of `make run`): the real networks and works sample are loaded when the
shared folder has them, skipped with a word when it doesn't, and `data info` shows them."""

from __future__ import annotations

import io
import zipfile
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from conftest import SHARED
from openalex_works_fixture import write
from test_cli import bot, no_traceback

from data.info import database_info
from data.shared import ENV, load_shared

NET = '% mat2Pajek Tue Aug 27 19:57:54 2024\n*vertices 2\n1 "CN"\n2 "TH"\n*arcs\n1 2 5\n2 1 5\n'


def shared_folder(root: Path) -> Path:
    """A folder laid out like ../shared/data, with small files."""
    nets = root / "openalex-country-coauthorship"
    nets.mkdir(parents=True)
    with zipfile.ZipFile(nets / "WrldCo_years.zip", "w") as z:
        z.writestr("WrldCo2022.net", NET)
        z.writestr("WrldCo2023.net", NET.replace("5\n", "7\n"))
    works = root / "openalex-works-sample"
    works.mkdir()
    write(works / "works.jsonl.gz", 200)
    return root


def test_both_real_datasets_load_then_stay(tmp_path: Path) -> None:
    folder = shared_folder(tmp_path / "shared")
    db = tmp_path / "store.duckdb"
    proc = bot("data", "load-shared", str(folder), "--if-missing", db=db)
    assert proc.returncode == 0, proc.stderr
    no_traceback(proc)
    assert "Loaded dataset “openalex” (openalex-networks)" in proc.stdout
    assert "Loaded dataset “openalex-works” (openalex-works)" in proc.stdout
    names = {d["name"]: d for d in database_info(db)["datasets"]}
    assert set(names) == {"openalex", "openalex-works"}
    assert not any(d["synthetic"] for d in names.values())
    before = db.stat().st_mtime_ns
    again = bot("data", "load-shared", str(folder), "--if-missing", db=db)
    assert again.returncode == 0 and again.stdout.count("already in") == 2, again.stdout
    assert db.stat().st_mtime_ns == before
    info = bot("data", "info", db=db)
    assert "openalex  v27aug24  (real data)" in info.stdout
    assert "openalex-works  v" in info.stdout


def test_the_folder_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = shared_folder(tmp_path / "elsewhere")
    (folder / "openalex-works-sample" / "works.jsonl.gz").unlink()
    monkeypatch.setenv(ENV, str(folder))
    db = tmp_path / "store.duckdb"
    out = io.StringIO()
    with redirect_stdout(out):
        assert load_shared(None, db, if_missing=False) == 0
    assert "openalex-works: " in out.getvalue() and "not found; skipped" in out.getvalue()
    assert [d["name"] for d in database_info(db)["datasets"]] == ["openalex"]


def test_no_shared_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV, raising=False)
    monkeypatch.chdir(tmp_path)  # no ../shared/data from here
    db = tmp_path / "store.duckdb"
    out = io.StringIO()
    with redirect_stdout(out):
        assert load_shared(None, db, if_missing=True) == 0
    assert "no shared data at" in out.getvalue() and not db.exists()
    proc = bot("data", "load-shared", str(tmp_path / "missing"), db=db)
    assert proc.returncode == 2 and "No shared data folder at" in proc.stderr
    no_traceback(proc)


@pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="../shared/data is absent")
def test_the_real_shared_folder(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    proc = bot("data", "load-shared", str(SHARED / "data"), db=db, timeout=300)
    assert proc.returncode == 0, proc.stderr
    info = {d["name"]: d for d in database_info(db)["datasets"]}
    assert info["openalex"]["windows"][-1]["year"] == 2023
    assert info["openalex-works"]["rows"]["articles"] > 0
    assert info["openalex-works"]["left_out"]
    answer = bot(
        "ask", "--json", "joint articles China–United States 2015 vs 2023 in openalex", db=db
    )
    assert answer.returncode == 0, answer.stdout
