"""Checks that corpus files follow tests/corpus/README.md (run: python tests/corpus/check_format.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pycountry

FIELDS = {
    "kind": {
        "pair",
        "partners",
        "top",
        "rising",
        "falling",
        "aggregate",
        "share",
        "rank",
        "define",
        "help",
    },
    "group": {"BRI", "EU", "G7", "G20", "OECD", "ASEAN", "BRICS", None},
    "metric": {"cs", "joint_articles", "count", "share"},
    "subject": {
        "natural_sciences",
        "all",
        "biological_sciences",
        "chemistry",
        "earth_environmental_sciences",
        "physical_sciences",
        "health_sciences",
    },
    "aggregate": {"group", "international", "domestic", None},
    "order": {"pct", "abs"},
    "check": {"rise", "fall", "steady", None},
}
TERMS = {
    "cs",
    "share",
    "count",
    "joint_articles",
    "international",
    "domestic",
    "natural_sciences",
    "growth",
    "small_base",
    "window",
    "method",
    "subjects",
    "groups",
    "countries",
    "datasets",
    "metrics",
    "years",
    "BRI",
    "EU",
    "G7",
    "G20",
    "OECD",
    "ASEAN",
    "BRICS",
}
ISO3 = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
DEMO_YEARS = set(range(2015, 2024))


def check_reading(r: dict, where: str) -> list[str]:
    bad = []
    for key, value in r.items():
        if key in FIELDS:
            if value not in FIELDS[key]:
                bad.append(f"{where}: {key}={value!r}")
        elif key == "focal":
            if value not in ISO3:
                bad.append(f"{where}: focal {value!r} is not ISO3")
        elif key == "partners":
            if not isinstance(value, list) or any(v not in ISO3 for v in value):
                bad.append(f"{where}: partners {value!r}")
        elif key == "years":
            if (
                not isinstance(value, list)
                or value != sorted(value)
                or any(y not in DEMO_YEARS for y in value)
            ):
                bad.append(f"{where}: years {value!r} (ascending demo years)")
        elif key == "series":
            if not isinstance(value, bool):
                bad.append(f"{where}: series {value!r}")
        elif key == "limit":
            if not isinstance(value, int) or not 1 <= value <= 100:
                bad.append(f"{where}: limit {value!r}")
        elif key == "term":
            if value not in TERMS:
                bad.append(f"{where}: term {value!r}")
        else:
            bad.append(f"{where}: unknown field {key!r}")
    if "kind" not in r:
        bad.append(f"{where}: reading without kind")
    return bad


def check_entry(e: dict, where: str, turn: bool = False) -> list[str]:
    if not isinstance(e.get("q"), str):
        return [f"{where}: no q"]
    expect = e.get("expect")
    allowed = {"read", "ask_back", "refuse"} | ({"silent", "action"} if turn else set())
    if expect not in allowed:
        return [f"{where}: expect {expect!r}"]
    if expect == "read":
        return check_reading(e.get("reading") or {}, where)
    if expect == "refuse" and not isinstance(e.get("code"), str):
        return [f"{where}: refuse without code"]
    if expect == "action" and e.get("action") not in {"sql", "csv", "by_subject", "table"}:
        return [f"{where}: action {e.get('action')!r}"]
    return []


def main() -> int:
    bad: list[str] = []
    counts: dict[str, int] = {}
    for path in sorted(Path(__file__).parent.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path.name}:{n}"
            try:
                e = json.loads(line)
            except ValueError as exc:
                bad.append(f"{where}: {exc}")
                continue
            if "turns" in e:
                for i, t in enumerate(e["turns"]):
                    bad += check_entry(t, f"{where} turn {i + 1}", turn=True)
            else:
                bad += check_entry(e, where)
            counts[path.name] = counts.get(path.name, 0) + 1
    for name, c in counts.items():
        print(f"{name}: {c} lines")
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
