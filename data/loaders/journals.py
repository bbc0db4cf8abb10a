"""Journal lists for `--journals`: a CSV with ISSN columns, or `nature-index` (the project's copy of the index's 145)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from data.loaders.csvfiles import read_table
from data.loaders.report import Problems, quiet

NATURE_INDEX = "nature-index"
NATURE_INDEX_FILE = (
    Path(__file__).resolve().parent.parent / "catalogue" / "nature_index_journals.csv"
)
_ISSN = re.compile(r"^(\d{4})-?(\d{3}[\dX])$")
# Columns that hold ISSNs (names after csvfiles.normalize_header), and cells that mean none.
ISSN_COLUMNS = frozenset(
    {"issn", "eissn", "e_issn", "issn_l", "issnl", "issn_print", "print_issn", "p_issn",
     "pissn", "issn_electronic", "electronic_issn", "online_issn", "issn_online"}
)  # fmt: skip
NO_ISSN = frozenset({"", "n/a", "na", "-", "–", "—", "none"})


@dataclass(frozen=True)
class JournalList:
    issns: frozenset[str]  # normalised: 1234-567X
    journals: int  # rows in the list
    description: str  # for the provenance: what the list is and where it lives


def normal_issn(text: str) -> str | None:
    match = _ISSN.match(text.strip().upper())
    return f"{match[1]}-{match[2]}" if match else None


def read_journals(spec: str, problems: Problems) -> JournalList | None:
    """`nature-index` or a CSV/Parquet file with one journal a row and its ISSNs in the ISSN
    columns (issn, eissn, issn_l, …; an empty cell or N/A is none); a work is kept when its
    venue's ISSN or ISSN-L is one of them."""
    builtin = spec.strip().lower() == NATURE_INDEX
    path = NATURE_INDEX_FILE if builtin else Path(spec).expanduser()
    if not path.is_file():
        problems.add(
            f"--journals {spec}: no such file (give a CSV with ISSN columns, or “{NATURE_INDEX}”)"
        )
        return None
    table = read_table(path, problems, quiet, (0.0, 0.0))
    if table is None:
        return None
    columns = [c for c in table.columns if c in ISSN_COLUMNS]
    if not columns:
        problems.add(
            f"{table.name}: no ISSN column (expected {', '.join(sorted(ISSN_COLUMNS))}); "
            f"found {', '.join(table.columns)}"
        )
        return None
    issns: set[str] = set()
    for column in columns:
        raw = table.frame[column]
        blank = raw.astype(str).str.strip().str.lower().isin(NO_ISSN).to_numpy()
        present = raw.notna().to_numpy() & ~blank
        normal = [normal_issn(str(v)) if ok else None for v, ok in zip(raw, present, strict=True)]
        bad = np.flatnonzero(present & np.array([n is None for n in normal], dtype=bool))
        if len(bad):
            problems.add(
                f"{table.name}: not an ISSN (1234-567X) in {column} at {table.where(bad, raw)}"
            )
        issns.update(n for n in normal if n)
    if not issns and not problems:
        problems.add(f"{table.name}: the journal list holds no ISSNs")
    if problems:
        return None
    if builtin:
        description = (
            f"the Nature Index's {len(table.frame)} journals (data/catalogue/{path.name}), "
            "matched on ISSN and ISSN-L"
        )
    else:
        description = (
            f"the {len(table.frame):,} journals in {path.name}, matched on ISSN and ISSN-L"
        )
    return JournalList(frozenset(issns), len(table.frame), description)
