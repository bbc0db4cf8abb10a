"""Imports run one way: bot → queries → data. Nothing in data/ imports queries/ or bot/."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


def test_data_imports_nothing_from_queries_or_bot():
    offenders = {
        str(p.relative_to(ROOT)): sorted(imported_packages(p) & {"queries", "bot"})
        for p in (ROOT / "data").rglob("*.py")
        if imported_packages(p) & {"queries", "bot"}
    }
    assert not offenders, offenders


def test_queries_imports_nothing_from_bot():
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "queries").rglob("*.py")
        if "bot" in imported_packages(p)
    ]
    assert not offenders


def test_parse_and_followup_do_not_import_each_other_in_a_cycle():
    """followup builds on parse; parse must not import followup back."""
    assert "queries.followup" not in (ROOT / "queries" / "parse.py").read_text(encoding="utf-8")
