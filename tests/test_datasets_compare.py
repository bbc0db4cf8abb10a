"""Questions that name a dataset: the real OpenAlex networks through `ask --json --dataset openalex`,
the fallback from CS to joint articles, and one question comparing the demo with openalex."""

from __future__ import annotations

import io
import json
import shutil
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from conftest import SHARED

from bot.cli import main as cli_main
from data.loaders import load

ZIP = SHARED / "data" / "openalex-country-coauthorship" / "WrldCo_years.zip"
pytestmark = pytest.mark.skipif(
    not ZIP.is_file(), reason=f"the real OpenAlex networks are not at {ZIP} (../shared is absent)"
)


@pytest.fixture(scope="module")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("compare") / "store.duckdb"
    load("openalex-networks", [str(ZIP)], dataset=None, db=db)
    return db


@pytest.fixture(scope="module")
def both_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("both") / "store.duckdb"
    shutil.copy2(demo_db, db)
    load("openalex-networks", [str(ZIP)], dataset=None, db=db)
    return db


def ask(db: Path, question: str, *options: str) -> dict:
    out = io.StringIO()
    with redirect_stdout(out):
        cli_main(["ask", "--json", "--db", str(db), *options, question])
    return json.loads(out.getvalue())


@pytest.mark.parametrize(
    ("partner", "values"),
    [("United States", [46_931, 72_794]), ("Thailand", [693, 2_381])],
)
def test_real_values_through_ask(real_db: Path, partner: str, values: list[int]) -> None:
    answer = ask(real_db, f"joint articles China–{partner} 2015 vs 2023", "--dataset", "openalex")
    assert answer["ok"] and answer["dataset"] == "openalex", answer
    assert [(r["year"], r["value"]) for r in answer["rows"]] == list(
        zip((2015, 2023), values, strict=True)
    )
    assert answer["synthetic"] is False and answer["dataset_version"] == "27aug24"


def test_missing_metric_falls_back_with_a_note(real_db: Path) -> None:
    answer = ask(real_db, "CS China–Thailand 2015 vs 2023 in openalex")
    assert answer["ok"] and answer["metric"] == "joint_articles", answer
    assert (
        "The openalex dataset has no bilateral CS; showing joint works (all types) instead."
        in answer["notes"]
    )
    assert [r["value"] for r in answer["rows"]] == [693, 2_381]
    assert "2,381" in answer["headline"]


def test_default_dataset_from_the_environment(
    real_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLLABBOT_DATASET", "openalex")
    answer = ask(real_db, "joint articles China–Thailand 2023")
    assert answer["dataset"] == "openalex" and [r["value"] for r in answer["rows"]] == [2_381]


def test_one_question_two_datasets(both_db: Path) -> None:
    answer = ask(both_db, "joint articles China–Thailand 2015 vs 2023 in demo and openalex")
    assert answer["ok"] and answer["dataset"] == ["demo", "openalex"], answer
    by_dataset = {(r["dataset"], r["year"]): r["value"] for r in answer["rows"]}
    assert by_dataset[("openalex", 2015)] == 693 and by_dataset[("openalex", 2023)] == 2_381
    assert {("demo", 2015), ("demo", 2023)} <= set(by_dataset)
    assert "demo:" in answer["headline"] and "openalex:" in answer["headline"]
    assert answer["synthetic"] is True  # the demo's part is synthetic, and the reply says so
