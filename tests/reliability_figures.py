"""Figures the reliability tests observed: kept in pytest's cache for RELIABILITY.md, and shown.

`python tests/reliability_figures.py` prints every figure of the last run (the source of the
tables in RELIABILITY.md).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

PREFIX = "reliability/"


def record(request: pytest.FixtureRequest | pytest.Config, name: str, figures: dict) -> None:
    """Keep a test's figures under `reliability/NAME` (when the cache is on) and print them."""
    config = request if isinstance(request, pytest.Config) else request.config
    cache = getattr(config, "cache", None)
    if cache is not None:
        cache.set(PREFIX + name, figures)
    print(f"\nreliability {name} {json.dumps(figures, ensure_ascii=False, default=str)}")


def tally_when_done(name: str, summary: Callable[[], dict | None]):
    """A module fixture (assign it to a name in the test module) that records `summary()` as
    NAME once the module's tests are done: figures from what the tests observed, whichever
    of them ran and in whatever order. A None summary records nothing."""

    @pytest.fixture(scope="module", autouse=True)
    def tally(request: pytest.FixtureRequest):
        yield
        figures = summary()
        if figures is not None:
            record(request, name, figures)

    return tally


def main(root: Path) -> int:
    folder = root / ".pytest_cache" / "v" / "reliability"
    if not folder.is_dir():
        print(
            f"no figures recorded under {folder}: run the reliability tests first", file=sys.stderr
        )
        return 1
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            name = path.relative_to(folder).as_posix()
            print(f"{name}: {json.dumps(json.loads(path.read_text()), ensure_ascii=False)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent.parent))
