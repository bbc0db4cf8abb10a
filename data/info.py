"""What a database file holds: datasets, their provenance and windows, row counts."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from data.health import StoreUnusable
from data.store import Store

_COUNTED = ("articles", "authorships", "article_countries", "pair_figures", "country_figures")


def has_dataset(path: str | os.PathLike[str], name: str) -> bool:
    if not Path(path).is_file():
        return False
    try:
        rows = Store(path).run("SELECT COUNT(*) FROM datasets WHERE name = ?", [name]).rows
    except StoreUnusable:
        return False  # a damaged file: the build sets it aside (store.atomic_write)
    return bool(rows and rows[0][0])


def database_info(path: str | os.PathLike[str]) -> dict[str, Any]:
    p = Path(path)
    info: dict[str, Any] = {"path": str(p), "exists": p.is_file(), "datasets": []}
    if not p.is_file():
        return info
    store = Store(p)
    info["size_bytes"] = p.stat().st_size
    for d in store.run(
        "SELECT name, source, description, synthetic, version, loaded_at, metrics, level "
        "FROM datasets ORDER BY name"
    ).dicts():
        name = d["name"]
        d["windows"] = store.run(
            "SELECT year, label, start_date, end_date FROM windows WHERE dataset = ? ORDER BY year",
            [name],
        ).dicts()
        d["rows"] = {
            table: store.run(f"SELECT COUNT(*) FROM {table} WHERE dataset = ?", [name]).rows[0][0]
            for table in _COUNTED
        }
        info["datasets"].append(d)
    return info


def format_info(info: dict[str, Any]) -> str:
    if not info["exists"]:
        return (
            f"No database at {info['path']} yet. Build the demo with "
            "`python -m bot data build-demo` or load data with `python -m bot data load`."
        )
    lines = [f"Database: {info['path']} ({info['size_bytes'] / 1e6:.1f} MB)"]
    if not info["datasets"]:
        lines.append("  no datasets loaded")
    for d in info["datasets"]:
        kind = "SYNTHETIC demo data — not real figures" if d["synthetic"] else "real data"
        windows = d["windows"]
        span = f"{windows[0]['label']}–{windows[-1]['label']}" if windows else "no windows"
        lines += [
            "",
            f"{d['name']}  v{d['version']}  ({kind})",
            f"  source:   {d['source']}",
            f"  about:    {d['description']}",
            f"  windows:  {span}",
            f"  metrics:  {d['metrics']}",
            f"  loaded:   {d['loaded_at']:%Y-%m-%d %H:%M} UTC",
        ]
        for w in windows:
            if w["label"] != str(w["year"]):
                lines.append(f"  {w['label']} = {w['start_date']} to {w['end_date']}")
        lines.append("  rows:     " + ", ".join(f"{t} {n:,}" for t, n in d["rows"].items() if n))
    return "\n".join(lines)
