"""Country groups (BRI, EU, G7, G20, OECD, ASEAN, BRICS, WORLD) and dated memberships."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from data.catalogue.countries import countries
from data.catalogue.text import fold
from data.errors import UserError

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Membership:
    group: str
    iso3: str
    from_date: dt.date  # first day of membership
    to_date: dt.date | None  # first day no longer a member (exclusive); None: still a member
    source: str

    def active(self, on: dt.date) -> bool:
        return self.from_date <= on and (self.to_date is None or on < self.to_date)


def _read_groups() -> dict[str, str]:
    with open(HERE / "groups.csv", newline="", encoding="utf-8") as f:
        return {r["code"]: r["name"] for r in csv.DictReader(f)}


GROUPS: dict[str, str] = _read_groups()

# How people write the groups; folded (case- and diacritic-free) as the parser folds words.
group_aliases: dict[str, str] = {
    fold(alias): code
    for alias, code in [
        ("BRI", "BRI"),
        ("Belt and Road", "BRI"),
        ("Belt & Road", "BRI"),
        ("Belt and Road Initiative", "BRI"),
        ("Belt & Road Initiative", "BRI"),
        ("B&R", "BRI"),
        ("One Belt One Road", "BRI"),
        ("OBOR", "BRI"),
        ("EU", "EU"),
        ("European Union", "EU"),
        ("EU27", "EU"),
        ("G7", "G7"),
        ("G-7", "G7"),
        ("Group of Seven", "G7"),
        ("G20", "G20"),
        ("G-20", "G20"),
        ("Group of Twenty", "G20"),
        ("OECD", "OECD"),
        ("ASEAN", "ASEAN"),
        ("BRICS", "BRICS"),
        ("BRICS+", "BRICS"),
        ("world", "WORLD"),
        ("the world", "WORLD"),
        ("global", "WORLD"),
        ("all countries", "WORLD"),
    ]
}


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@cache
def memberships() -> tuple[Membership, ...]:
    """Every dated membership in memberships.csv (WORLD is implicit: every country, always)."""
    with open(HERE / "memberships.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = []
    for r in rows:
        start = _date(r["from_date"])
        assert start is not None, r  # the file is ours: a missing date is a bug
        out.append(Membership(r["group"], r["iso3"], start, _date(r["to_date"]), r["source"]))
    return tuple(out)


def members(group: str, on: dt.date) -> frozenset[str]:
    """ISO3 codes of the group's members on a date (WORLD: every country)."""
    code = group.upper()
    if code not in GROUPS:
        raise UserError(
            "unknown_group", f"I don't know the group “{group}”.", tuple(sorted(GROUPS))
        )
    if code == "WORLD":
        return frozenset(c.iso3 for c in countries())
    return frozenset(m.iso3 for m in memberships() if m.group == code and m.active(on))
