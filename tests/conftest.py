"""Shared pytest options and fixtures (owned by the lead; helpers add fixtures in their own files)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

# The Spark tests' one session per run (tests/spark_session.py).
pytest_plugins = ("spark_session",)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden files (SQL snapshots, chart images) instead of comparing",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built once per test session by the same code as `data build-demo`."""
    from data.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(path)
    return path


@pytest.fixture(scope="session")
def demo_answerer(demo_db: Path):
    from bot.pipeline import Answerer

    return Answerer(demo_db)


@pytest.fixture
def tiny_db(tmp_path: Path) -> Path:
    """A handful of hand-made articles whose metrics are computed by hand in fixtures_db."""
    from fixtures_db import build_tiny

    path = tmp_path / "tiny.duckdb"
    build_tiny(path)
    return path
