"""What a database file holds: datasets, their provenance and windows, row counts."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from data import schema
from data.health import StoreUnusable
from data.store import Store

_COUNTED = tuple(t for t in schema.DATASET_TABLES if t != "windows")


def has_dataset(path: str | os.PathLike[str], name: str) -> bool:
    if not Path(path).is_file():
        return False
    try:
        rows = Store(path).run("SELECT COUNT(*) FROM datasets WHERE name = ?", [name]).rows
    except StoreUnusable:
        return False  # a damaged file: the build sets it aside (store.atomic_write)
    return bool(rows and rows[0][0])


def dataset_rows(store: Store) -> list[dict[str, Any]]:
    """Every column of `datasets`, one dict a dataset, with `left_out` (reason -> works). A file
    written before the provenance columns were added reads them as NULL (no as-of date, the
    default lag), since only a write brings a file's tables up to date."""
    present = {
        row[0]
        for row in store.run(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'datasets'"
        ).rows
    }
    columns = ", ".join(
        f'"{c}"' if c in present else f'NULL AS "{c}"' for c in schema.SCHEMA["datasets"]
    )
    rows = store.run(f"SELECT {columns} FROM datasets ORDER BY name").dicts()
    left: dict[str, dict[str, int]] = {}
    if store.run(
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'left_out'"
    ).rows[0][0]:
        for dataset, reason, works in store.run(
            "SELECT dataset, reason, works FROM left_out ORDER BY dataset, works DESC, reason"
        ).rows:
            left.setdefault(dataset, {})[reason] = works
    for row in rows:
        row["left_out"] = left.get(row["name"], {})
        if row["incomplete_lag_months"] is None:
            row["incomplete_lag_months"] = schema.DEFAULT_LAG_MONTHS
    return rows


def database_info(path: str | os.PathLike[str]) -> dict[str, Any]:
    p = Path(path)
    info: dict[str, Any] = {"path": str(p), "exists": p.is_file(), "datasets": []}
    if not p.is_file():
        return info
    store = Store(p)
    info["size_bytes"] = p.stat().st_size
    for d in dataset_rows(store):
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
            f"  as of:    {_as_of(d)}",
        ]
        if d["filters"]:
            lines.append(f"  kept:     {d['filters']}")
        if d["left_out"]:
            total = sum(d["left_out"].values())
            items = ", ".join(f"{reason} {n:,}" for reason, n in d["left_out"].items())
            lines.append(f"  left out: {total:,} works ({items})")
        for w in windows:
            if w["label"] != str(w["year"]):
                lines.append(f"  {w['label']} = {w['start_date']} to {w['end_date']}")
        lines.append("  rows:     " + ", ".join(f"{t} {n:,}" for t, n in d["rows"].items() if n))
    return "\n".join(lines)


def _as_of(d: dict[str, Any]) -> str:
    if d["as_of"] is None:
        if d["synthetic"]:
            return "none (synthetic data)"
        return "not known (loaded before as-of dates were kept: load it again, or --as-of)"
    lag = d["incomplete_lag_months"]
    return (
        f"{d['as_of']:%d %b %Y} ({d['as_of_basis']}); a year ending less than {lag} months "
        "before may still grow"
    )
